package ingest

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// exportBenchProfile maps the generated export below: a court's case list with filing and
// disposition dates, a type (in the case number), a closing method through a code map and a
// cause code.
const exportBenchProfile = `
name: 基准测试导出
kind: case
src: bench_export
src_id: "{案件标识}"
maps:
  courts: {鼓楼法院: gl}
fields:
  case_number: {column: 案号, required: true}
  court_id: {column: 承办法院, map_name: courts}
  filed_on: {column: 立案日期, format: ["2006/1/2"]}
  closed_on: {column: 结案日期, format: ["2006/1/2"]}
  closing_method: {column: 结案方式, map: {判决: judgment, 调解: mediation, 撤诉: withdrawal, 驳回起诉: dismissal}}
  cause_code: {column: 案由}
`

// exportBenchRows is the size of the generated export: 1,000,000 rows unless
// QINGFENG_BENCH_ROWS says otherwise (a smaller file for a quick look).
func exportBenchRows() int {
	if n, err := strconv.Atoi(os.Getenv("QINGFENG_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

var (
	exportOnce sync.Once
	exportDir  string
	exportErr  error
)

// TestMain removes the generated export (some 80 MB at a million rows) when the benchmarks
// are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if exportDir != "" {
		os.RemoveAll(exportDir)
	}
	os.Exit(code)
}

// exportBenchData writes, once per test binary, a court (JSONL), the profile and an export of
// exportBenchRows() rows, every one valid, so that the import stores them all.
func exportBenchData(b *testing.B) (dir string, rows int) {
	rows = exportBenchRows()
	exportOnce.Do(func() {
		exportDir, exportErr = os.MkdirTemp("", "qingfeng-export-bench-")
		if exportErr != nil {
			return
		}
		court := `{"kind":"court","src":"bench","src_id":"gl","id":"gl","code":"闽0102","name":"鼓楼法院","level":"basic"}` + "\n"
		if exportErr = os.WriteFile(filepath.Join(exportDir, "court.jsonl"), []byte(court), 0o644); exportErr != nil {
			return
		}
		if exportErr = os.WriteFile(filepath.Join(exportDir, "profile.yaml"), []byte(exportBenchProfile), 0o644); exportErr != nil {
			return
		}
		exportErr = writeBenchExport(filepath.Join(exportDir, "export.csv"), rows)
	})
	if exportErr != nil {
		b.Fatal(exportErr)
	}
	return exportDir, rows
}

func writeBenchExport(path string, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "案件标识,案号,承办法院,立案日期,结案日期,结案方式,案由")
	types := []string{"民初", "民终", "执", "刑初", "行初", "民申", "执恢"}
	methods := []string{"判决", "调解", "撤诉", "驳回起诉"}
	causes := []string{"9181", "9015", "9178", "9722"}
	r := rand.New(rand.NewPCG(1, 2))
	start := qingfeng.MustDate("2019-01-01")
	for i := range rows {
		filed := start.AddDays(r.IntN(365 * 5))
		y, m, d := filed.YMD()
		typ := types[i%len(types)]
		fmt.Fprintf(w, "R%d,（%d）闽0102%s%d号,鼓楼法院,%d/%d/%d,", i, y, typ, i+1, y, int(m), d)
		if i%4 != 0 { // three in four disposed
			closed := filed.AddDays(1 + r.IntN(300))
			cy, cm, cd := closed.YMD()
			fmt.Fprintf(w, "%d/%d/%d,%s,", cy, int(cm), cd, methods[i%len(methods)])
		} else {
			fmt.Fprint(w, ",,")
		}
		cause := ""
		if typ[:3] == "民" {
			cause = causes[i%len(causes)]
		}
		fmt.Fprintln(w, cause)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// BenchmarkExportImport measures `qingfeng ingest --profile` of the generated export into a
// fresh SQLite store: reading, mapping, validation and the store's log and projections. Its
// anchor is BenchmarkExportSQLiteImportAnchor, SQLite's own `.import` of the same file.
func BenchmarkExportImport(b *testing.B) {
	dir, rows := exportBenchData(b)
	prof, err := LoadProfile(filepath.Join(dir, "profile.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	h, _ := NewHasher([]byte("0123456789abcdef0123456789abcdef"))
	now := func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
	var cpu cpuClock
	var commits commitClock
	defer BulkGC()() // as `qingfeng ingest` runs
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		st, err := sqlite.Open(filepath.Join(b.TempDir(), "q.db"))
		if err != nil {
			b.Fatal(err)
		}
		commits.Store = st
		court := commits.total // the court's commit is not part of the import measured
		in := New(&commits, casenum.Default(), codetable.Default(), h, Options{Profile: prof, Now: now})
		if _, err := in.Run(context.Background(), []string{filepath.Join(dir, "court.jsonl")}); err != nil {
			b.Fatal(err)
		}
		commits.total = court
		b.StartTimer()
		cpu.start()
		s, err := in.Run(context.Background(), []string{filepath.Join(dir, "export.csv")})
		if err != nil {
			b.Fatal(err)
		}
		cpu.stop()
		b.StopTimer()
		if s.Stored != rows || s.Rejected != 0 {
			b.Fatalf("stored %d of %d rows, %d rejected: %v", s.Stored, rows, s.Rejected, s.Reasons)
		}
		st.Close()
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	cpu.report(b, rows*b.N, "row")
	commits.report(b, rows*b.N, "row")
}

// BenchmarkExportSQLiteImportAnchor is the anchor of BenchmarkExportImport: the sqlite3
// command-line shell's `.import` of the same CSV file into a fresh database, with the same
// WAL journal, run as a child process. It needs the sqlite3 shell on PATH.
func BenchmarkExportSQLiteImportAnchor(b *testing.B) {
	dir, rows := exportBenchData(b)
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("the sqlite3 shell is not installed (apt-get install sqlite3)")
	}
	var cpu time.Duration // the shell's, user and system
	b.ResetTimer()
	for range b.N {
		db := filepath.Join(b.TempDir(), "anchor.db")
		cmd := exec.Command(shell, db)
		cmd.Stdin = strings.NewReader("PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n.mode csv\n.import " +
			filepath.Join(dir, "export.csv") + " export\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("sqlite3 .import: %v: %s", err, out)
		}
		b.StopTimer()
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		out, err := exec.Command(shell, db, "SELECT count(*) FROM export").Output()
		if err != nil {
			b.Fatal(err)
		}
		if n, _ := strconv.Atoi(string(out[:len(out)-1])); n != rows {
			b.Fatalf("sqlite3 imported %d rows, want %d", n, rows)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(rows*b.N), "cpu-ns/row")
	}
}
