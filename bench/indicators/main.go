// Command indicators measures the indicator engine against DuckDB on the same synthetic
// province, in one run: the engine's full computation of spc-2024-09 (every aggregate from the
// columns, then every court, division and judge for the 29 periods of 2024 and of 2023),
// its incremental update per event, its memory per proceeding and its start-up from the
// province's files (streamed: the records are never all held); DuckDB running the equivalent
// SQL over the same per-proceeding facts; and SQLite (modernc, the product's own database, a
// file on disk) running the same SQL in its dialect. It cross-checks the province's numbers of
// each against the engine's. With -store it also commits the province to a real SQLite store
// and times start-up from it (open + Load), as serving starts.
//
// This module is separate from the product so that DuckDB (cgo) is never linked into it:
//
//	cd bench && CGO_ENABLED=1 go run ./indicators -matters 150000
//	qingfeng gen --matters 750000 --out /tmp/p && cd bench && CGO_ENABLED=1 go run ./indicators -dir /tmp/p -store
//
// A 10M-proceeding run is the same command over a province of about 7.2M matters (about 29 GB
// of files; the engine streams them, DuckDB and SQLite load the facts the engine exports once).
// -snapshot FILE also writes the engine's snapshot and times a start-up from it; later runs can
// start from that file with -from-snapshot FILE (about ten seconds at 10M instead of 13 minutes).
package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"golang.org/x/sys/unix"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/indicator"
)

func main() {
	matters := flag.Int("matters", 150000, "matters to generate")
	dir := flag.String("dir", "", "an existing generated province (default: generate one)")
	runs := flag.Int("runs", 3, "timed runs of each full computation (the best is reported)")
	sqliteRuns := flag.Int("sqlite-runs", 1, "timed runs of the SQLite anchor (0 skips it)")
	anchors := flag.Bool("anchors", true, "run the DuckDB and SQLite anchors (false: the engine's figures only)")
	fromStore := flag.Bool("store", false, "also commit the province to a SQLite store and time start-up from it (Load)")
	memProfile := flag.String("memprofile", "", "write a heap profile of the loaded engine to this file")
	snapshot := flag.String("snapshot", "", "write the loaded engine's snapshot to this file and time a start-up from it")
	fromSnapshot := flag.String("from-snapshot", "", "start the engine from this snapshot instead of the province's files (quick runs at 10M)")
	restoreProfile := flag.String("restoreprofile", "", "write a CPU profile of the start-up from the snapshot to this file")
	traceFile := flag.String("trace", "", "write an execution trace of the incremental-update loop to this file")
	flag.Parse()
	ctx := context.Background()
	if *dir == "" && *fromSnapshot == "" {
		d, err := os.MkdirTemp("", "bench-prov-")
		check(err)
		defer os.RemoveAll(d)
		cfg := gen.DefaultConfig()
		cfg.Matters, cfg.Out = *matters, d
		t0 := time.Now()
		_, err = gen.Run(ctx, cfg, nil)
		check(err)
		log.Printf("generated %d matters in %v", *matters, time.Since(t0))
		*dir = d
	}

	// Engine: start-up from records, memory, full computation, incremental updates.
	// The engine computes the pack measured, as the SQL does.
	pack, err := indicator.LoadPack(defs.Default(), "indicators/spc-2024-09.yaml")
	check(err)
	lim, err := calendar.LoadLimits(defs.Default())
	check(err)
	cal, err := calendar.LoadCalendar(defs.Default())
	check(err)
	newEngine := func() *indicator.Engine {
		e, err := indicator.NewEngine(indicator.Config{Packs: []*indicator.Pack{pack}, Limits: lim, Calendar: cal})
		check(err)
		return e
	}
	e := newEngine()
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	t0 := time.Now()
	var pending []pendingCase
	records := -1
	if *fromSnapshot != "" {
		profiled(*restoreProfile, func() { check(e.Restore(ctx, *fromSnapshot, nil)) })
		pending = pendingFromFacts(e)
	} else {
		pending, records = build(e, *dir)
	}
	startup := time.Since(t0)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	n := e.Proceedings()
	fmt.Printf("province: %d proceedings, %d records\n", n, records)
	if *fromSnapshot != "" {
		fmt.Printf("engine start-up from the snapshot %s (read and checked; the aggregates are in it): %v (%.1f µs/proceeding)\n", *fromSnapshot, startup, float64(startup.Microseconds())/float64(n))
	} else {
		fmt.Printf("engine start-up from the province's files (JSON decoding included): %v (%.1f µs/proceeding)\n", startup, float64(startup.Microseconds())/float64(n))
	}
	fmt.Printf("engine heap: %.0f bytes/proceeding (live heap growth after build, the latency test's sample of %d pending cases included; estimate of its own structures %.0f)\n",
		float64(m1.HeapAlloc-m0.HeapAlloc)/float64(n), len(pending), float64(e.MemoryBytes())/float64(n))
	if *memProfile != "" {
		writeHeapProfile(*memProfile)
	}
	if *snapshot != "" {
		snapshotStartup(ctx, e, *snapshot, *restoreProfile, newEngine, startup)
	}

	engineTime, engineCPU := bestCPU(*runs, func() {
		e.Recompute()
		_, err := e.ComputeAll("spc-2024-09", 2024)
		check(err)
	})
	recompute, recomputeCPU := bestCPU(*runs, e.Recompute)
	fmt.Printf("engine full compute (aggregates + all units × 58 periods): %v, CPU %v (of which the aggregation pass %v, CPU %v)\n",
		engineTime, engineCPU, recompute, recomputeCPU)
	p50, p99, slowest := applyLatency(e, pending, "bench", *traceFile, false)
	fmt.Printf("engine incremental Apply of one event: p50 %v, p99 %v (%s)\n", p50, p99, slowest)
	p50, p99, slowest = applyLatency(e, pending, "bench-gc", "", true)
	fmt.Printf("engine incremental Apply of one event while the collector marks (a GC cycle always running): p50 %v, p99 %v (%s)\n", p50, p99, slowest)

	if !*anchors {
		return
	}
	// DuckDB: the same facts, the equivalent SQL.
	conn, db := duckOpen(ctx)
	defer db.Close()
	loadT := time.Now()
	load(ctx, conn, e)
	fmt.Printf("duckdb load of the facts: %v\n", time.Since(loadT))
	var rows int
	duckTime, duckCPU := bestCPU(*runs, func() {
		check(db.QueryRowContext(ctx, `SELECT count(*) FROM (`+query(duckSQL)+`)`).Scan(&rows))
	})
	fmt.Printf("duckdb equivalent SQL (%d result rows): %v, CPU %v\n", rows, duckTime, duckCPU)
	fmt.Printf("ratio duckdb / engine: %.1f× (CPU time: %.1f×)\n", float64(duckTime)/float64(engineTime), float64(duckCPU)/float64(engineCPU))
	crossCheck(ctx, "duckdb", db, duckSQL, e)

	// SQLite (modernc, pure Go, a file on disk): the same facts, the same SQL in its dialect.
	if *sqliteRuns > 0 {
		dir, err := os.MkdirTemp("", "bench-sqlite-")
		check(err)
		defer os.RemoveAll(dir)
		loadT := time.Now()
		sdb := sqliteOpen(ctx, dir, e)
		defer sdb.Close()
		fmt.Printf("sqlite load of the facts (with indexes): %v\n", time.Since(loadT))
		sqliteTime := best(*sqliteRuns, func() {
			check(sdb.QueryRowContext(ctx, `SELECT count(*) FROM (`+query(sqliteSQL)+`)`).Scan(&rows))
		})
		fmt.Printf("sqlite equivalent SQL (%d result rows): %v\n", rows, sqliteTime)
		fmt.Printf("ratio sqlite / engine: %.1f×\n", float64(sqliteTime)/float64(engineTime))
		crossCheck(ctx, "sqlite", sdb, sqliteSQL, e)
	}
	if *fromStore {
		storeStartup(ctx, *dir, newEngine)
	}
}

// build streams the province's files into e and returns the latency test's pending cases: a
// uniform sample (reservoir), so that the heap measured is the engine's and not a list as long
// as the province; and how many records there were.
func build(e *indicator.Engine, dir string) ([]pendingCase, int) {
	b := e.Build()
	var pending []pendingCase
	seen, rng := 0, rand.New(rand.NewPCG(1, 2))
	records := stream(dir, func(ch feed.Change) {
		b.Add(ch)
		if c, ok := ch.Value.(*qingfeng.Case); ok && c.ClosedOn == 0 {
			seen++
			pc := pendingCase{strings.Clone(c.Number), c.FiledOn}
			if len(pending) < latencyEvents {
				pending = append(pending, pc)
			} else if j := rng.IntN(seen); j < latencyEvents {
				pending[j] = pc
			}
		}
	})
	b.Finish()
	return pending, records
}

// pendingFromFacts samples the latency test's pending cases from a restored engine.
func pendingFromFacts(e *indicator.Engine) []pendingCase {
	var rows []int32
	var filed []qingfeng.Date
	seen, rng := 0, rand.New(rand.NewPCG(1, 2))
	e.Facts(func(r *indicator.FactRow) {
		if r.Closed != 0 {
			return
		}
		seen++
		if len(rows) < latencyEvents {
			rows, filed = append(rows, r.Row), append(filed, r.Filed)
		} else if j := rng.IntN(seen); j < latencyEvents {
			rows[j], filed[j] = r.Row, r.Filed
		}
	})
	out := make([]pendingCase, len(rows))
	for i, r := range rows {
		out[i] = pendingCase{e.CaseNumber(r), filed[i]}
	}
	return out
}

// snapshotStartup writes the engine's snapshot and times a fresh engine's start-up from it
// (read and checked), against the start-up from the files.
func snapshotStartup(ctx context.Context, e *indicator.Engine, path, profile string, newEngine func() *indicator.Engine, fromFiles time.Duration) {
	t0 := time.Now()
	check(e.WriteSnapshot(path))
	fi, err := os.Stat(path)
	check(err)
	fmt.Printf("engine snapshot written: %d MiB in %v\n", fi.Size()>>20, time.Since(t0))
	r := newEngine()
	t1 := time.Now()
	profiled(profile, func() { check(r.Restore(ctx, path, nil)) })
	d := time.Since(t1)
	if r.Proceedings() != e.Proceedings() || r.Seq() != e.Seq() {
		log.Fatalf("the restored engine holds %d proceedings at seq %d, the loaded one %d at %d", r.Proceedings(), r.Seq(), e.Proceedings(), e.Seq())
	}
	fmt.Printf("engine start-up from a snapshot (read and checked; the aggregates are in it): %v (%.1f µs/proceeding; %.0f× faster than from the files)\n",
		d, float64(d.Microseconds())/float64(r.Proceedings()), float64(fromFiles)/float64(d))
	runtime.GC()
}

// profiled runs fn under a CPU profile written to path ("": none).
func profiled(path string, fn func()) {
	if path == "" {
		fn()
		return
	}
	f, err := os.Create(path)
	check(err)
	defer f.Close()
	check(pprof.StartCPUProfile(f))
	defer pprof.StopCPUProfile()
	fn()
}

// writeHeapProfile writes the live heap (go tool pprof -sample_index=inuse_space).
func writeHeapProfile(path string) {
	f, err := os.Create(path)
	check(err)
	defer f.Close()
	check(pprof.WriteHeapProfile(f))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func best(n int, fn func()) time.Duration {
	var out time.Duration
	for i := 0; i < n; i++ {
		t := time.Now()
		fn()
		if d := time.Since(t); i == 0 || d < out {
			out = d
		}
	}
	return out
}

// bestCPU is best's wall time, and the least CPU time the process spent in one run (every
// thread: the engine's goroutines, DuckDB's workers): on a machine shared with other work the
// CPU time is the steadier figure.
func bestCPU(n int, fn func()) (time.Duration, time.Duration) {
	var wall, cpu time.Duration
	for i := 0; i < n; i++ {
		c, t := cpuTime(), time.Now()
		fn()
		d, dc := time.Since(t), cpuTime()-c
		if i == 0 || d < wall {
			wall = d
		}
		if i == 0 || dc < cpu {
			cpu = dc
		}
	}
	return wall, cpu
}

// cpuTime is the user and system time the process has used.
func cpuTime() time.Duration {
	var r syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_SELF, &r))
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

// stream decodes a province's files, reference data first, as a log would hold them, and
// hands each record to fn without keeping it; it returns how many there were.
func stream(dir string, fn func(feed.Change)) int {
	seq := int64(0)
	for _, name := range []string{"hr.jsonl", "cms.jsonl", "exec.jsonl", "funds.jsonl", "petition.jsonl", "commute.jsonl", "review.jsonl", "mediation.jsonl"} {
		f, err := os.Open(filepath.Join(dir, name))
		check(err)
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			k, v, err := qingfeng.DecodeBody(sc.Bytes())
			check(err)
			if k.Kind == qingfeng.KindRelative || k.Kind == qingfeng.KindLawyer {
				continue
			}
			seq++
			fn(feed.Change{Seq: seq, Key: k, Value: v})
		}
		check(sc.Err())
		f.Close()
	}
	return int(seq)
}

// pendingCase is a proceeding still pending in the data, for new events to land on.
type pendingCase struct {
	number string
	filed  qingfeng.Date
}

// latencyEvents is how many new events the latency test applies.
const latencyEvents = 2000

// applyLatency applies latencyEvents new events, one per call, to pending proceedings, and
// returns the median and 99th percentile of the calls' wall time. With gc, a goroutine keeps a
// collector cycle running throughout, so that every call pays what Apply pays during marking.
// It also says what the slowest 1% of calls were: how many spent less than half their wall
// time on the CPU (the thread was descheduled: another process had the core) and how many saw
// a GC cycle end.
func applyLatency(e *indicator.Engine, pending []pendingCase, label, traceFile string, gc bool) (p50, p99 time.Duration, slowest string) {
	if gc {
		done, stopped := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(stopped)
			for {
				select {
				case <-done:
					return
				default:
					runtime.GC()
				}
			}
		}()
		defer func() { close(done); <-stopped }()
	}
	if traceFile != "" {
		f, err := os.Create(traceFile)
		check(err)
		defer f.Close()
		check(trace.Start(f))
		defer trace.Stop()
	}
	runtime.LockOSThread() // the thread's CPU time is the call's
	defer runtime.UnlockOSThread()
	seq := e.Seq()
	calls := make([]timedCall, 0, latencyEvents)
	gcs := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	for i := 0; i < latencyEvents; i++ {
		c := pending[i%len(pending)]
		seq++
		ev := &qingfeng.Event{CaseNumber: c.number, Type: "deduction_started", At: c.filed.Time().Add(48 * time.Hour),
			Attrs: map[string]any{"reason": "appraisal"}}
		metrics.Read(gcs)
		cycles := gcs[0].Value.Uint64()
		cpu0, t := threadCPU(), time.Now()
		check(e.Apply([]feed.Change{{Seq: seq, Key: qingfeng.Key{Kind: qingfeng.KindEvent, Src: label, SrcID: strconv.Itoa(i)}, Value: ev}}))
		d, cpu := time.Since(t), threadCPU()-cpu0
		metrics.Read(gcs)
		calls = append(calls, timedCall{wall: d, cpu: cpu, gcs: gcs[0].Value.Uint64() - cycles})
	}
	slices.SortFunc(calls, func(a, b timedCall) int { return int(a.wall - b.wall) })
	slow := calls[len(calls)*99/100:]
	off, withGC := 0, 0
	for _, c := range slow {
		if c.cpu < c.wall/2 {
			off++
		}
		if c.gcs > 0 {
			withGC++
		}
	}
	cpus := make([]time.Duration, len(calls))
	for i, c := range calls {
		cpus[i] = c.cpu
	}
	slices.Sort(cpus)
	slowest = fmt.Sprintf("the thread's CPU time per call p50 %v, p99 %v; the slowest 1%%, %v to %v: %d of %d spent under half their time on the CPU, %d saw a GC cycle end",
		cpus[len(cpus)/2], cpus[len(cpus)*99/100], slow[0].wall, slow[len(slow)-1].wall, off, len(slow), withGC)
	return calls[len(calls)/2].wall, calls[len(calls)*99/100].wall, slowest
}

// timedCall is one Apply: wall time, the thread's CPU time, GC cycles that ended meanwhile.
type timedCall struct {
	wall, cpu time.Duration
	gcs       uint64
}

// threadCPU is the calling thread's CPU time, to the nanosecond (getrusage counts in ticks).
func threadCPU() time.Duration {
	var ts unix.Timespec
	check(unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts))
	return time.Duration(ts.Nano())
}

func duckOpen(ctx context.Context) (*duckdb.Connector, *sql.DB) {
	c, err := duckdb.NewConnector("", nil)
	check(err)
	db := sql.OpenDB(c)
	for _, ddl := range []string{
		`CREATE TABLE p (row INTEGER, court INTEGER, div INTEGER, judge INTEGER, cat UTINYINT, stage UTINYINT,
			closing UTINYINT, outcome UTINYINT, filed DATE, closed DATE, origin INTEGER, top INTEGER, is_root BOOLEAN,
			in_matter BOOLEAN, appealable BOOLEAN, hearing BOOLEAN, within BOOLEAN, has_limit BOOLEAN,
			applied BIGINT, recovered BIGINT, age_close INTEGER, over365 DATE, received DATE, transmit INTEGER)`,
		`CREATE TABLE anc (row INTEGER, anc INTEGER)`, // every proceeding and each of its ancestors
		`CREATE TABLE med (court INTEGER, concluded DATE, success BOOLEAN)`,
		`CREATE TABLE court_anc (court INTEGER, anc INTEGER)`, // every court and each court above it, itself included
		`CREATE TABLE periods (pid INTEGER, first INTEGER, last INTEGER)`,
	} {
		_, err := db.ExecContext(ctx, ddl)
		check(err)
	}
	return c, db
}
