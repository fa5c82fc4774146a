package intake

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
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
// against the anchor of ingesting the same files directly in the same run, on each store. Each
// iteration ingests the whole province (3,000 matters, about 59,000 records); records/s is the
// figure to read, records/s/worker what each worker does. The NATS server runs in the benchmark's
// process, on the same two cores as the workers.
//
//	go test ./intake -run '^$' -bench Intake -benchtime 3x
func BenchmarkIntake(b *testing.B) {
	p := getProvince(b, benchMatters)
	for _, st := range benchStores {
		b.Run(st.name+"/files", func(b *testing.B) {
			var total time.Duration
			for range b.N {
				b.StopTimer()
				d, err := datadir.Open(p.dataDir(b), dbOptions(st.db(b))...)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				if _, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, ingest.Options{}).Run(context.Background(), []string{p.dir}); err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
				b.StopTimer()
				d.Close()
				b.StartTimer()
			}
			report(b, p.records, total, 1)
		})
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/nats-%d", st.name, workers), func(b *testing.B) {
				var total time.Duration
				for range b.N {
					b.StopTimer()
					url := startNATS(b)
					_, js := connect(b, url)
					if _, _, err := EnsureStream(context.Background(), js, StreamConfig{}); err != nil {
						b.Fatal(err)
					}
					publishMessages(b, js, collectMessages(b, p.dir))
					_, s := openStream(b, p.dataDir(b), nil, dbOptions(st.db(b))...)
					b.StartTimer()
					start := time.Now()
					var rs []*running
					for i := range workers {
						rs = append(rs, startWorker(b, url, s, Options{ID: fmt.Sprintf("bench-%d", i)}))
					}
					waitDrained(b, js, DefaultStream, 5*time.Minute)
					total += time.Since(start)
					b.StopTimer()
					for _, r := range rs {
						r.stop()
					}
					b.StartTimer()
				}
				report(b, p.records, total, workers)
			})
		}
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
// when it brings its own core. The NATS server (in the benchmark's process) and the store's
// server share the machine's two cores with them.
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
					// The store is made before the workers start, so that they do not race to
					// create its schema.
					d, err := datadir.Open(dir, dbOptions(db)...)
					if err != nil {
						b.Fatal(err)
					}
					d.Close()
					b.StartTimer()
					start := time.Now()
					var ps []*proc
					for i := range procs {
						args := append(append([]string{"work"}, flags...), "--nats", url, "--id", fmt.Sprintf("proc-%d", i))
						ps = append(ps, startProcEnv(b, bin, []string{"GOMAXPROCS=1"}, args...))
					}
					waitDrained(b, js, DefaultStream, 5*time.Minute)
					total += time.Since(start)
					b.StopTimer()
					for _, pr := range ps {
						if err := pr.stop(); err != nil {
							b.Fatalf("worker: %v\n%s", err, pr.tail())
						}
					}
					b.StartTimer()
				}
				report(b, p.records, total, procs)
			})
		}
	}
}
