package risk

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/risk/anchor"
	"github.com/qingfeng-court/qingfeng/store"
)

// The benchmarks of the engine and of its anchors, in one run (`go test ./risk -run '^$'
// -bench Risk -benchtime 3x`), all over the same generated province:
//
//	Risk/backfill        the engine, default pack, the whole log in one step, on every core
//	Risk/backfill-1core  the same on one core (Options.Workers 1): what the second core adds
//	Risk/stream          the engine, default pack, the log in steps of 1,000 changes
//	Risk/anchor-rules    the engine restricted to anchor.Rules, the whole log in one step
//	Risk/anchor-loop     anchor.Loop: the same rules as a hand-written Go loop
//	Risk/anchor-sqlite   anchor.Queries: the same rules as NOT EXISTS SQL on SQLite
//	Risk/latency         commit of one event → its warning saved (p50, p99), SQLite store
//	Risk/memory          heap the engine holds per log record after loading the province
//
// Events per CPU-second is reported next to events per second: other jobs share the machine.
// "cores" is CPU time over wall time: how many cores a benchmark kept busy.
// The DuckDB anchor is a separate program (bench/risk), since DuckDB needs cgo.

// changesOf returns the decoded log of a province (ingested once per test binary).
func changesOf(b testing.TB, p *province) []feed.Change {
	_, cs := shared(b, p)
	return cs
}

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// report adds the events per second and per CPU-second of a benchmark that started with cpu0.
func report(b *testing.B, events int, cpu0 time.Duration) {
	b.ReportMetric(float64(events*b.N)/b.Elapsed().Seconds(), "events/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(events*b.N)/cpu.Seconds(), "events/cpu-s")
		b.ReportMetric(cpu.Seconds()/b.Elapsed().Seconds(), "cores")
	}
}

func countEvents(cs []feed.Change) int {
	n := 0
	for _, c := range cs {
		if c.Key.Kind == qingfeng.KindEvent {
			n++
		}
	}
	return n
}

// benchProvince is the province every benchmark runs on.
func benchProvince(b testing.TB) *province { return generated(b, "raised", raisedConfig(4000)) }

func BenchmarkRisk(b *testing.B) {
	b.Run("backfill", func(b *testing.B) { benchEngine(b, nil, 0, 0) })
	b.Run("backfill-1core", func(b *testing.B) { benchEngine(b, nil, 0, 1) })
	b.Run("stream", func(b *testing.B) { benchEngine(b, nil, 1000, 0) })
	b.Run("anchor-rules", func(b *testing.B) { benchEngine(b, anchor.Rules, 0, 0) })
	b.Run("anchor-loop", benchAnchorLoop)
	b.Run("anchor-sqlite", benchAnchorSQLite)
	b.Run("latency", benchLatency)
	b.Run("memory", benchMemory)
}

// The hand-written loop and the engine, restricted to the same rules, agree on what holds: the
// anchor of the benchmarks computes what the engine computes.
func TestAnchorAgreesWithEngine(t *testing.T) {
	p := benchProvince(t)
	changes := changesOf(t, p)
	pack, cal, lim := tables(t)
	mem := anchor.NewMemory()
	e := NewEngine(pack, mem, cal, lim, Options{Now: func() qingfeng.Date { return p.asOf }, Rules: anchor.Rules})
	e.loaded = true
	if err := e.Apply(context.Background(), changes); err != nil {
		t.Fatal(err)
	}
	engine := map[[2]string]bool{}
	for _, w := range mem.Raised() {
		engine[[2]string{w.Rule, w.Subject}] = true
	}
	hand := anchor.Loop(changes, p.asOf, cal, lim)
	for k := range engine {
		if !hand[k] {
			t.Errorf("%v: the engine finds it, the hand-written loop does not", k)
		}
	}
	for k := range hand {
		if !engine[k] {
			t.Errorf("%v: the hand-written loop finds it, the engine does not", k)
		}
	}
	if len(engine) == 0 {
		t.Fatal("nothing found")
	}
	t.Logf("%d (rule, case) pairs found by both", len(engine))
}

// The SQL anchor runs on SQLite, finds something, and finds only proceedings the
// hand-written loop finds too: its periods in calendar days are never stricter than the
// working days of the law, so a finding the loop lacks is a broken query.
func TestAnchorQueriesRun(t *testing.T) {
	p := benchProvince(t)
	changes := changesOf(t, p)
	_, cal, lim := tables(t)
	db := sqlAnchor(t, changes)
	loop := map[string]bool{}
	for k := range anchor.Loop(changes, p.asOf, cal, lim) {
		loop[k[1]] = true
	}
	found, missed := 0, []string{}
	for i, q := range anchor.Queries {
		rows, err := db.Query(anchor.Bind(q, p.asOf))
		if err != nil {
			t.Fatalf("query %d: %v", i, err)
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			found++
			if !loop[n] {
				missed = append(missed, fmt.Sprintf("query %d: %s", i, n))
			}
		}
		rows.Close()
	}
	if found == 0 {
		t.Fatal("the queries find nothing")
	}
	if len(missed) > 0 {
		t.Errorf("%d of %d findings of the SQL are not the loop's: %v", len(missed), found, missed[:min(10, len(missed))])
	}
}

func benchAnchorLoop(b *testing.B) {
	p := benchProvince(b)
	changes := changesOf(b, p)
	_, cal, lim := tables(b)
	events := countEvents(changes)
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		anchor.Loop(changes, p.asOf, cal, lim)
	}
	report(b, events, cpu0)
}

func benchEngine(b *testing.B, ruleIDs []string, chunk, workers int) {
	p := benchProvince(b)
	changes := changesOf(b, p)
	pack, cal, lim := tables(b)
	events := countEvents(changes)
	if chunk == 0 {
		chunk = len(changes)
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		e := NewEngine(pack, anchor.NewMemory(), cal, lim, Options{Now: func() qingfeng.Date { return p.asOf }, Rules: ruleIDs, Workers: workers})
		e.loaded = true
		for i := 0; i < len(changes); i += chunk {
			if err := e.Apply(context.Background(), changes[i:min(i+chunk, len(changes))]); err != nil {
				b.Fatal(err)
			}
		}
	}
	report(b, events, cpu0)
}

// sqlAnchor loads the anchor's tables with changes into a plain SQLite database, as a BI
// user's copy of the event table with the indexes the queries need.
func sqlAnchor(b testing.TB, changes []feed.Change) *sql.DB {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "bi.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	for _, q := range anchor.Schema {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	evs, cases := anchor.Rows(changes)
	for _, r := range evs {
		if _, err := tx.Exec(anchor.InsertEvent, r.Args()...); err != nil {
			b.Fatal(err)
		}
	}
	for _, r := range cases {
		if _, err := tx.Exec(anchor.InsertCase, r.Args()...); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	for _, q := range anchor.Indexes {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// benchAnchorSQLite runs anchor.Queries on SQLite over the same events (the table already
// loaded and indexed; loading is not timed).
func benchAnchorSQLite(b *testing.B) {
	p := benchProvince(b)
	changes := changesOf(b, p)
	db := sqlAnchor(b, changes)
	events := countEvents(changes)
	found := 0
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		found = 0
		for _, q := range anchor.Queries {
			rows, err := db.Query(anchor.Bind(q, p.asOf))
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				found++
			}
			rows.Close()
		}
	}
	report(b, events, cpu0)
	b.ReportMetric(float64(found), "findings")
}

// latencySamples is how many events each iteration of the latency benchmark commits.
const latencySamples = 100

// benchLatency measures the time from committing one event to its warning being saved, on an
// engine holding a whole province: the event (a judge changed without approval, R-07) is
// committed to the SQLite store, the engine reads it from the log and saves the warning. It
// reports the median and the 99th percentile.
func benchLatency(b *testing.B) {
	p := benchProvince(b)
	st := ingested(b, p, b.TempDir())
	pack, cal, lim := tables(b)
	ctx := context.Background()
	e := NewEngine(pack, st, cal, lim, Options{Now: func() qingfeng.Date { return p.asOf }})
	if err := e.Load(ctx, st); err != nil {
		b.Fatal(err)
	}
	var numbers []string
	for n, cs := range e.st.cases {
		if cs.c != nil && cs.c.Stage == qingfeng.StageFirstInstance {
			numbers = append(numbers, n)
		}
	}
	slices.Sort(numbers)
	f := feed.New(st)
	lat := make([]time.Duration, 0, b.N*latencySamples)
	b.ResetTimer()
	for i := range b.N * latencySamples {
		ev := &qingfeng.Event{CaseNumber: numbers[i%len(numbers)], Type: "judge_changed", At: p.asOf.Time().Add(time.Duration(i) * time.Second),
			Attrs: map[string]any{"from": "P000001", "to": "P000002"}}
		rec, err := qingfeng.NewRecord("bench", fmt.Sprint("latency-", i), ev, qingfeng.Origin{})
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if _, err := st.Commit(ctx, &store.Batch{Records: []qingfeng.Record{rec}}); err != nil {
			b.Fatal(err)
		}
		seq, _ := e.Position()
		if _, err := f.CatchUp(ctx, seq, 0, func(cs []feed.Change) error { return e.Apply(ctx, cs) }); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	ws, _, err := st.Warnings(ctx, store.WarningFilter{Rules: []string{"R-07"}, Limit: 1})
	if err != nil || len(ws) == 0 || ws[0].Evidence[0].Src != "bench" {
		b.Fatalf("the last event raised no warning: %v %v", ws, err)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// benchMemory measures the heap an engine holds per log record once it has loaded a province
// from its store: everything it keeps to evaluate later changes (the decoded records
// included, which the engine holds itself).
func benchMemory(b *testing.B) {
	p := benchProvince(b)
	st, changes := shared(b, p)
	pack, cal, lim := tables(b)
	ctx := context.Background()
	var per float64
	for range b.N {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		e := NewEngine(pack, anchor.NewMemory(), cal, lim, Options{Now: func() qingfeng.Date { return p.asOf }})
		if err := e.Load(ctx, st); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		per = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(len(changes))
		runtime.KeepAlive(e)
	}
	b.ReportMetric(per, "B/record")
	b.ReportMetric(float64(len(changes)), "records")
}
