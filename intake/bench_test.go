package intake

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
	"github.com/qingfeng-court/qingfeng/store"
)

// benchMatters sizes the benchmarks' province: about 59,000 records.
const benchMatters = 3000

// benchStores are the stores the intake benchmark writes to: a data directory's SQLite file,
// or a fresh PostgreSQL database (skipped where there is no PostgreSQL); db is "" for SQLite.
var benchStores = []struct {
	name string
	db   func(b *testing.B) string
}{
	{"sqlite", func(*testing.B) string { return "" }},
	{"postgres", func(b *testing.B) string { return pgtest.DB(b) }},
}

func dbOptions(url string) []datadir.Option {
	if url == "" {
		return nil
	}
	return []datadir.Option{datadir.WithDatabase(url)}
}

// BenchmarkIntake measures end-to-end intake — messages already in JetStream, fetched,
// validated, committed to a fresh store and acknowledged — with one and with two workers,
// without and with the risk engine following the store as `qingfeng work` runs it (+rules: the
// time runs until the engine has saved its warnings and timers up to the end of the log),
// against the anchor of ingesting the same files directly in the same run (files; files+rules
// with the engine following that ingest), on each store. Each iteration ingests the whole
// province (3,000 matters, about 59,000 records); records/s is the figure to read,
// records/s/worker what each worker does. The NATS server runs in the benchmark's process, on
// the same two cores as the workers and the engine.
//
//	go test ./intake -run '^$' -bench Intake -benchtime 3x
func BenchmarkIntake(b *testing.B) {
	p := getProvince(b, benchMatters)
	for _, st := range benchStores {
		for _, withRules := range []bool{false, true} {
			suffix := ""
			if withRules {
				suffix = "+rules"
			}
			b.Run(st.name+"/files"+suffix, func(b *testing.B) {
				var total time.Duration
				for range b.N {
					b.StopTimer()
					d, in, eng := openIntake(b, p, st.db(b), withRules)
					b.StartTimer()
					start := time.Now()
					if _, err := in.Run(context.Background(), []string{p.dir}); err != nil {
						b.Fatal(err)
					}
					eng.wait(b)
					total += time.Since(start)
					b.StopTimer()
					eng.stop(b)
					d.Close()
					b.StartTimer()
				}
				report(b, p.records, total, 1)
			})
			for _, workers := range []int{1, 2} {
				b.Run(fmt.Sprintf("%s/nats-%d%s", st.name, workers, suffix), func(b *testing.B) {
					var total time.Duration
					for range b.N {
						b.StopTimer()
						url := startNATS(b)
						_, js := connect(b, url)
						if _, _, err := EnsureStream(context.Background(), js, StreamConfig{}); err != nil {
							b.Fatal(err)
						}
						publishMessages(b, js, collectMessages(b, p.dir))
						d, in, eng := openIntake(b, p, st.db(b), withRules)
						s, err := in.Stream(context.Background())
						if err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
						start := time.Now()
						var rs []*running
						for i := range workers {
							rs = append(rs, startWorker(b, url, s, Options{ID: fmt.Sprintf("bench-%d", i)}))
						}
						waitDrained(b, js, DefaultStream, 5*time.Minute)
						eng.wait(b)
						total += time.Since(start)
						b.StopTimer()
						for _, r := range rs {
							r.stop()
						}
						eng.stop(b)
						d.Close()
						b.StartTimer()
					}
					report(b, p.records, total, workers)
				})
			}
		}
	}
}

// openIntake opens a fresh store for the province and an ingest over it that writes through a
// feed; with rules, a risk engine follows that feed from the start (Load, then Run), as in
// `qingfeng work`.
func openIntake(b *testing.B, p *province, db string, withRules bool) (*datadir.Dir, *ingest.Ingester, *follower) {
	d, err := datadir.Open(p.dataDir(b), dbOptions(db)...)
	if err != nil {
		b.Fatal(err)
	}
	f := feed.New(d.Store)
	in := ingest.New(f.Wrap(), d.Types, d.Codes, d.Hasher, ingest.Options{})
	if !withRules {
		return d, in, nil
	}
	e := newRiskEngine(b, d, p.asOf)
	if e == nil {
		b.Skipf("the store keeps no warnings")
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := e.Load(ctx, d.Store); err != nil {
		b.Fatal(err)
	}
	fl := &follower{st: d.Store, cancel: cancel, done: make(chan error, 1)}
	go func() { fl.done <- e.Run(ctx, f) }()
	return d, in, fl
}

// follower is a risk engine following a store.
type follower struct {
	st     store.Store
	cancel context.CancelFunc
	done   chan error
}

// wait returns when the engine has saved its work up to the end of the log.
func (fl *follower) wait(b *testing.B) {
	if fl == nil {
		return
	}
	deadline := time.Now().Add(5 * time.Minute)
	for {
		seq, done, err := riskCaughtUp(context.Background(), fl.st)
		if err != nil {
			b.Fatal(err)
		}
		if done {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("the risk engine is still at %d, behind the log", seq)
		}
		select {
		case err := <-fl.done:
			b.Fatalf("the risk engine stopped: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func (fl *follower) stop(b *testing.B) {
	if fl == nil {
		return
	}
	fl.cancel()
	if err := <-fl.done; err != nil {
		b.Fatal(err)
	}
}

func report(b *testing.B, records int, total time.Duration, workers int) {
	rps := float64(records) * float64(b.N) / total.Seconds()
	b.ReportMetric(rps, "records/s")
	b.ReportMetric(rps/float64(workers), "records/s/worker")
}

// BenchmarkFetchOnly measures the JetStream side alone: fetching and acknowledging every
// message of the province, partition by partition, with nothing committed. With one partition
// the server reads the stream straight through; with 16 it must pick each partition's messages
// out from among the others'.
func BenchmarkFetchOnly(b *testing.B) {
	p := getProvince(b, benchMatters)
	for _, parts := range []int{1, 16} {
		b.Run(fmt.Sprintf("partitions-%d", parts), func(b *testing.B) {
			var total time.Duration
			for range b.N {
				b.StopTimer()
				url := startNATS(b)
				_, js := connect(b, url)
				if _, _, err := EnsureStream(context.Background(), js, StreamConfig{Partitions: parts}); err != nil {
					b.Fatal(err)
				}
				msgs := collectMessages(b, p.dir)
				publishMessages(b, js, msgs)
				b.StartTimer()
				start := time.Now()
				got := 0
				for i := 0; i <= parts; i++ {
					got += drainPartition(b, js, i, parts)
				}
				total += time.Since(start)
				if got != len(msgs) {
					b.Fatalf("fetched %d of %d", got, len(msgs))
				}
			}
			report(b, p.records, total, 1)
		})
	}
}

// drainPartition fetches every message of a partition, acknowledging each batch, and returns
// how many it got.
func drainPartition(b *testing.B, js jetstream.JetStream, i, parts int) int {
	c, err := takeConsumer(context.Background(), js, DefaultStream, i, parts, DefaultBatch, time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	got := 0
	for {
		mb, err := c.FetchNoWait(DefaultBatch)
		if err != nil {
			b.Fatal(err)
		}
		var last jetstream.Msg
		for m := range mb.Messages() {
			last = m
			got++
		}
		if last == nil {
			return got
		}
		if err := last.Ack(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWorkerProcesses runs the intake as separate `qingfeng work` processes held to one
// core each (GOMAXPROCS=1), one and then two of them, on each store: what a second worker adds
// when it brings its own core. The risk engine runs in one of them (whichever takes its lease)
// and the time runs until it has saved its work up to the end of the log: JetStream → store →
// rules. The NATS server (in the benchmark's process) and the store's server share the
// machine's two cores with them.
func BenchmarkWorkerProcesses(b *testing.B) {
	p := getProvince(b, benchMatters)
	bin := buildBinary(b)
	for _, st := range benchStores {
		for _, procs := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/procs-%d", st.name, procs), func(b *testing.B) {
				var total time.Duration
				for range b.N {
					b.StopTimer()
					url := startNATS(b)
					_, js := connect(b, url)
					if _, _, err := EnsureStream(context.Background(), js, StreamConfig{}); err != nil {
						b.Fatal(err)
					}
					publishMessages(b, js, collectMessages(b, p.dir))
					dir, db := p.dataDir(b), st.db(b)
					flags := []string{"--data", dir}
					if db != "" {
						flags = append(flags, "--db", db)
					}
					flags = append(flags, "--as-of", p.asOf.String())
					// The store is made before the workers start, so that they do not race to
					// create its schema; the handle watches the engine's position.
					d, err := datadir.Open(dir, dbOptions(db)...)
					if err != nil {
						b.Fatal(err)
					}
					if _, ok := d.Store.(store.Warnings); !ok {
						b.Skip("the store keeps no warnings")
					}
					b.StartTimer()
					start := time.Now()
					var ps []*proc
					for i := range procs {
						args := append(append([]string{"work"}, flags...), "--nats", url, "--id", fmt.Sprintf("proc-%d", i))
						ps = append(ps, startProcEnv(b, bin, []string{"GOMAXPROCS=1"}, args...))
					}
					waitDrained(b, js, DefaultStream, 5*time.Minute)
					(&follower{st: d.Store}).wait(b)
					total += time.Since(start)
					b.StopTimer()
					for _, pr := range ps {
						if err := pr.stop(); err != nil {
							b.Fatalf("worker: %v\n%s", err, pr.tail())
						}
					}
					d.Close()
					b.StartTimer()
				}
				report(b, p.records, total, procs)
			})
		}
	}
}

// riskMemMatters sizes the memory benchmark's province: 20,000 matters (about 340,000
// records) unless QINGFENG_BENCH_MATTERS says otherwise.
func riskMemMatters() int {
	if n, err := strconv.Atoi(os.Getenv("QINGFENG_BENCH_MATTERS")); err == nil && n > 0 {
		return n
	}
	return 20000
}

// BenchmarkRiskMemory measures the heap the risk engine holds once loaded over a province —
// every proceeding with its events and matter, the reference data, the warnings' marks, the
// timers and the aggregate groups — per log record and per proceeding, against the anchor of
// holding the same log decoded (the feed's changes, the least an engine that keeps the
// records in memory holds), measured in the same run. Generating and ingesting the province
// is not measured.
//
//	go test ./intake -run '^$' -bench RiskMemory -benchtime 1x
func BenchmarkRiskMemory(b *testing.B) {
	ctx := context.Background()
	matters := riskMemMatters()
	dir := b.TempDir()
	cfg := gen.DefaultConfig()
	cfg.Matters, cfg.Seed, cfg.Out = matters, 11, filepath.Join(dir, "gen")
	if _, err := gen.Run(ctx, cfg, nil); err != nil {
		b.Fatal(err)
	}
	d, err := datadir.Open(filepath.Join(dir, "data"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if _, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, ingest.Options{}).Run(ctx, []string{cfg.Out}); err != nil {
		b.Fatal(err)
	}
	counts, err := d.Store.Counts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	if err := d.Store.ScanCases(ctx, func(*qingfeng.Case) error { n++; return nil }); err != nil {
		b.Fatal(err)
	}
	records, proceedings := float64(counts.Revisions), float64(n)
	var logBytes, engineBytes, loadSeconds float64
	b.ResetTimer()
	for range b.N {
		before := heapInUse()
		var changes []feed.Change
		if _, err := feed.New(d.Store).CatchUp(ctx, 0, 0, func(cs []feed.Change) error {
			changes = append(changes, cs...)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		logBytes = float64(heapInUse() - before)
		if len(changes) != int(records) {
			b.Fatalf("the log has %d changes, the store counts %d", len(changes), int(records))
		}
		changes = nil
		// The first iteration evaluates everything and saves it; later ones replay up to the
		// saved position, as after a restart: the memory held afterwards is the same.
		before = heapInUse()
		start := time.Now()
		e := newRiskEngine(b, d, cfg.AsOf)
		if err := e.Load(ctx, d.Store); err != nil {
			b.Fatal(err)
		}
		loadSeconds = time.Since(start).Seconds()
		engineBytes = float64(heapInUse() - before)
		runtime.KeepAlive(e)
	}
	b.ReportMetric(engineBytes/records, "engine-B/record")
	b.ReportMetric(engineBytes/proceedings, "engine-B/proceeding")
	b.ReportMetric(logBytes/records, "anchor-log-B/record")
	b.ReportMetric(engineBytes/logBytes, "engine/anchor")
	b.Logf("%d matters: %.0f records, %.0f proceedings; engine %.1f MB, decoded log %.1f MB; last load %.1f s",
		matters, records, proceedings, engineBytes/1e6, logBytes/1e6, loadSeconds)
}

// heapInUse returns the bytes of live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
