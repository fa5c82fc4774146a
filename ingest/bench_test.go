package ingest

import (
	"bufio"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// benchMatters sizes the generated province the ingest benchmarks read.
const benchMatters = 5000

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// benchData generates the benchmark province once per test binary.
func benchData(b *testing.B) string {
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "qingfeng-bench-")
		if benchErr != nil {
			return
		}
		cfg := gen.DefaultConfig()
		cfg.Matters, cfg.Seed, cfg.Out = benchMatters, 1, benchDir
		_, benchErr = gen.Run(context.Background(), cfg, nil)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

// BenchmarkIngest measures `qingfeng ingest` of a generated province into a fresh SQLite
// store: decoding, validation, hashing and the store's log and projections.
func BenchmarkIngest(b *testing.B) {
	dir := benchData(b)
	h, _ := NewHasher([]byte("0123456789abcdef0123456789abcdef"))
	var records int
	var cpu cpuClock
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := sqlite.Open(filepath.Join(b.TempDir(), "q.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu.start()
		s, err := New(st, casenum.Default(), codetable.Default(), h, Options{}).Run(context.Background(), []string{dir})
		cpu.stop()
		if err != nil {
			b.Fatal(err)
		}
		if s.Rejected != 0 {
			b.Fatalf("%d rejected", s.Rejected)
		}
		records += s.Read
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
	cpu.report(b, records, "record")
}

// BenchmarkPlainInsertAnchor is the anchor for BenchmarkIngest: the same lines written by a
// plain prepared INSERT loop into one (line number, body) table of the same kind of SQLite
// database, in transactions of the same size, with no decoding or checks.
func BenchmarkPlainInsertAnchor(b *testing.B) {
	dir := benchData(b)
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	var records int
	var cpu cpuClock
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "plain.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
		if err != nil {
			b.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		if _, err := db.Exec(`CREATE TABLE records (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu.start()
		records += plainInsert(b, db, files)
		cpu.stop()
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
	cpu.report(b, records, "record")
}

func plainInsert(b *testing.B, db *sql.DB, files []string) int {
	n := 0
	tx, _ := db.Begin()
	stmt, _ := tx.Prepare(`INSERT INTO records (body) VALUES (?)`)
	for _, f := range files {
		if filepath.Base(f) == "truth.jsonl" {
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			if _, err := stmt.Exec(sc.Text()); err != nil {
				b.Fatal(err)
			}
			n++
			if n%5000 == 0 {
				tx.Commit()
				tx, _ = db.Begin()
				stmt, _ = tx.Prepare(`INSERT INTO records (body) VALUES (?)`)
			}
		}
		fh.Close()
	}
	tx.Commit()
	return n
}
