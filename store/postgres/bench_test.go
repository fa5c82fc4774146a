package postgres_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/postgres"
)

// benchMatters is the size of the generated province the benchmarks ingest: about 59,000
// records (8,000 of them reference data), in the generator's realistic mix and order.
const benchMatters = 3000

// recorder is a store that keeps a copy of every batch committed through it.
type recorder struct {
	store.Store
	batches []*store.Batch
}

func (r *recorder) Commit(ctx context.Context, b *store.Batch) (store.Result, error) {
	r.batches = append(r.batches, &store.Batch{Records: append([]qingfeng.Record(nil), b.Records...),
		Rejections: append([]qingfeng.Rejection(nil), b.Rejections...)})
	return r.Store.Commit(ctx, b)
}

// benchProvince generates the province once, and ingests it once into a SQLite store through a
// recorder: the batches are exactly what ingest commits, for the commit benchmarks to replay.
var benchProvince = sync.OnceValues(func() (*provinceData, error) {
	dir, err := os.MkdirTemp("", "qingfeng-pg-bench-")
	if err != nil {
		return nil, err
	}
	pgtest.AtExit(func() { os.RemoveAll(dir) })
	cfg := gen.DefaultConfig()
	cfg.Matters, cfg.Out = benchMatters, filepath.Join(dir, "province")
	if _, err := gen.Run(context.Background(), cfg, nil); err != nil {
		return nil, err
	}
	d, err := datadir.Open(filepath.Join(dir, "data"), datadir.WithDatabase(""))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	rec := &recorder{Store: d.Store}
	if _, err := ingest.New(rec, d.Types, d.Codes, d.Hasher, ingest.Options{}).Run(context.Background(), []string{cfg.Out}); err != nil {
		return nil, err
	}
	p := &provinceData{dir: cfg.Out, batches: rec.batches}
	for _, b := range rec.batches {
		p.records += len(b.Records)
	}
	return p, nil
})

type provinceData struct {
	dir     string
	batches []*store.Batch
	records int
}

func province(b *testing.B) *provinceData {
	p, err := benchProvince()
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// cpuTime is the CPU time this process has used; the server's is not in it.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportRates(b *testing.B, records int, cpu time.Duration) {
	b.ReportMetric(float64(records*b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(records*b.N), "client-cpu-ns/record")
}

// BenchmarkCommit commits the province's batches, as ingest made them, into an empty store:
// the store's whole cost per record (log, heads, projections, quarantine) over the network
// protocol. Compare with BenchmarkCopyAnchor.
func BenchmarkCommit(b *testing.B) {
	p := province(b)
	ctx := context.Background()
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		s, err := postgres.Open(ctx, pgtest.DB(b))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := cpuTime()
		for _, batch := range p.batches {
			if _, err := s.Commit(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
		cpu += cpuTime() - t0
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	reportRates(b, p.records, cpu)
}

// BenchmarkCopyAnchor is the anchor of BenchmarkCommit and BenchmarkIngestProvince: the same
// records, batch by batch, each batch one transaction with one COPY of (seq, key, hash, body)
// into a table with a primary key — the least any durable log of these records writes.
func BenchmarkCopyAnchor(b *testing.B) {
	p := province(b)
	ctx := context.Background()
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		conn, err := pgx.Connect(ctx, pgtest.DB(b))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `CREATE TABLE plain (seq bigint PRIMARY KEY, k bytea NOT NULL, hash text NOT NULL, body bytea NOT NULL)`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := cpuTime()
		var seq int64
		for _, batch := range p.batches {
			tx, err := conn.Begin(ctx)
			if err != nil {
				b.Fatal(err)
			}
			rows := make([][]any, len(batch.Records))
			for i, r := range batch.Records {
				seq++
				rows[i] = []any{seq, []byte(string(r.Kind) + "\x1f" + r.Src + "\x1f" + r.SrcID), r.Hash, r.Body}
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"plain"}, []string{"seq", "k", "hash", "body"}, pgx.CopyFromRows(rows)); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(ctx); err != nil {
				b.Fatal(err)
			}
		}
		cpu += cpuTime() - t0
		b.StopTimer()
		conn.Close(ctx)
		b.StartTimer()
	}
	reportRates(b, p.records, cpu)
}

// BenchmarkIngestProvince is the whole ingest of the generated province's files into an empty
// PostgreSQL store: reading, validating, hashing identity numbers and committing. It also
// reports what the store takes on disk (tables, indexes and TOAST) per log entry and per
// proceeding.
func BenchmarkIngestProvince(b *testing.B) {
	p := province(b)
	ctx := context.Background()
	var cpu time.Duration
	var bytes, cases int64
	for range b.N {
		b.StopTimer()
		url := pgtest.DB(b)
		d, err := datadir.Open(b.TempDir(), datadir.WithDatabase(url))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := cpuTime()
		sum, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, ingest.Options{}).Run(ctx, []string{p.dir})
		if err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - t0
		b.StopTimer()
		if sum.Read != p.records {
			b.Fatalf("read %d records, the recorded batches hold %d", sum.Read, p.records)
		}
		c, err := d.Store.Counts(ctx)
		if err != nil {
			b.Fatal(err)
		}
		bytes, cases = tableBytes(b, url), c.Kinds[qingfeng.KindCase]
		d.Close()
		b.StartTimer()
	}
	reportRates(b, p.records, cpu)
	b.ReportMetric(float64(bytes)/float64(p.records), "disk-bytes/record")
	b.ReportMetric(float64(bytes)/float64(cases), "disk-bytes/proceeding")
}

// BenchmarkIngestProvinceSQLite is BenchmarkIngestProvince into the embedded store, for
// comparison in the same run.
func BenchmarkIngestProvinceSQLite(b *testing.B) {
	p := province(b)
	ctx := context.Background()
	var cpu time.Duration
	var size int64
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		d, err := datadir.Open(dir, datadir.WithDatabase(""))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := cpuTime()
		if _, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, ingest.Options{}).Run(ctx, []string{p.dir}); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - t0
		b.StopTimer()
		d.Close()
		if fi, err := os.Stat(filepath.Join(dir, "qingfeng.db")); err == nil {
			size = fi.Size()
		}
		b.StartTimer()
	}
	reportRates(b, p.records, cpu)
	b.ReportMetric(float64(size)/float64(p.records), "disk-bytes/record")
}

// tableBytes is what the tables of the database's schema take, indexes and TOAST included,
// after a VACUUM has settled the visibility maps.
func tableBytes(b *testing.B, url string) int64 {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `VACUUM`); err != nil {
		b.Fatal(err)
	}
	var n int64
	err = conn.QueryRow(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c
		JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = current_schema() AND c.relkind = 'r'`).Scan(&n)
	if err != nil {
		b.Fatal(err)
	}
	return n
}
