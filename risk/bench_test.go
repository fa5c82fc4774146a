package risk

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/store"
)

// changesOf returns the decoded log of a province (ingested once per test binary).
func changesOf(b testing.TB, p *province) []feed.Change {
	_, cs := shared(b, p)
	return cs
}

// cpuTime is the CPU time the process has used: on a machine other jobs share, events per
// CPU-second is steadier than events per second.
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

// BenchmarkEngineStream streams a province's log through the engine with the default pack in
// batches of 1,000 changes, evaluating after each batch as a server following the log does.
func BenchmarkEngineStream(b *testing.B) {
	benchEngine(b, nil, 1000)
}

// The hand-written loop and the engine, restricted to the same rules, agree on what holds: the
// anchor of the benchmarks computes what the engine computes.
func TestAnchorAgreesWithEngine(t *testing.T) {
	p := generated(t, "raised", raisedConfig(4000))
	changes := changesOf(t, p)
	pack, cal, lim := tables(t)
	mem := newMemWarnings()
	e := NewEngine(pack, mem, cal, lim, Options{Now: func() qingfeng.Date { return p.asOf }, Rules: anchorRules})
	e.loaded = true
	if err := e.Apply(context.Background(), changes); err != nil {
		t.Fatal(err)
	}
	engine := map[[2]string]bool{}
	for _, w := range mem.raised() {
		engine[[2]string{w.Rule, w.Subject}] = true
	}
	hand := handLoop(changes, p.asOf, cal, lim)
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

// BenchmarkAnchorGoLoop is the anchor: the sequence and absence rules of anchorRules as a
// hand-written Go loop, over the same events, from decoded changes to findings.
func BenchmarkAnchorGoLoop(b *testing.B) {
	p := generated(b, "raised", raisedConfig(4000))
	changes := changesOf(b, p)
	_, cal, lim := tables(b)
	events := countEvents(changes)
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		handLoop(changes, p.asOf, cal, lim)
	}
	report(b, events, cpu0)
}

// BenchmarkEngineAnchorRules is the engine on the same rules as the anchor, over the whole log
// at once (a backfill).
func BenchmarkEngineAnchorRules(b *testing.B) {
	benchEngine(b, anchorRules, 0)
}

// BenchmarkEngineBatch is the engine with the whole default pack over the whole log at once.
func BenchmarkEngineBatch(b *testing.B) {
	benchEngine(b, nil, 0)
}

func benchEngine(b *testing.B, ruleIDs []string, chunk int) {
	p := generated(b, "raised", raisedConfig(4000))
	changes := changesOf(b, p)
	pack, cal, lim := tables(b)
	events := countEvents(changes)
	if chunk == 0 {
		chunk = len(changes)
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		e := NewEngine(pack, newMemWarnings(), cal, lim, Options{Now: func() qingfeng.Date { return p.asOf }, Rules: ruleIDs})
		e.loaded = true
		for i := 0; i < len(changes); i += chunk {
			if err := e.Apply(context.Background(), changes[i:min(i+chunk, len(changes))]); err != nil {
				b.Fatal(err)
			}
		}
	}
	report(b, events, cpu0)
}

// sqlAnchorQueries are the absence and sequence rules of the anchor as the scheduled SQL a BI
// user would write over an event table: NOT EXISTS of the answering event within the period.
// Periods are in calendar days (a BI table has no legal calendar): 7 for filing, 3 for the
// file to the division, 183 for a suspension and for six months, 5 for a review and an appeal
// copy, 30 for money and for a seizure's 30-day reminder.
var sqlAnchorQueries = []string{
	// filed too long after the material arrived.
	`SELECT number FROM cases WHERE received_on > 0 AND (
	   (stage = 'first_instance' AND category <> 'criminal' AND filed_on - received_on > 7) OR
	   (stage = 'enforcement_first' AND filed_on - received_on > 7) OR
	   (stage = 'second_instance' AND filed_on - received_on > 5) OR
	   (stage = 'enforcement_objection' AND filed_on - received_on > 3))`,
	// not assigned within three days of filing.
	`SELECT c.number FROM cases c WHERE c.filed_on + 3 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev a WHERE a.case_number = c.number AND a.type = 'assigned' AND a.day BETWEEN c.filed_on AND c.filed_on + 3)`,
	// an event not followed by its answer within the period.
	`SELECT s.case_number FROM ev s WHERE s.type = 'suspension_started' AND s.day + 183 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type = 'suspension_ended' AND e.day BETWEEN s.day AND s.day + 183)`,
	`SELECT s.case_number FROM ev s WHERE s.type = 'review_submitted' AND s.day + 5 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type IN ('review_agreed', 'review_disagreed') AND e.day BETWEEN s.day AND s.day + 5)`,
	`SELECT s.case_number FROM ev s WHERE s.type = 'appeal_filed' AND s.day + 5 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type = 'appeal_copy_sent' AND e.day BETWEEN s.day AND s.day + 5)`,
	`SELECT s.case_number FROM ev s WHERE s.type = 'asset_found' AND s.day + 183 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type IN ('seized', 'auction_noticed', 'funds_received') AND e.day BETWEEN s.day AND s.day + 183)`,
	`SELECT s.case_number FROM ev s WHERE s.type = 'funds_received' AND s.day + 30 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type = 'funds_disbursed' AND e.day BETWEEN s.day AND s.day + 30)`,
	// no asset check within six months of 终本 (the first period only: chains need recursion).
	`SELECT s.case_number FROM ev s WHERE s.type = 'terminated_this_round' AND s.day + 183 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type IN ('asset_check', 'resumed') AND e.day BETWEEN s.day AND s.day + 183)`,
	// a seizure neither renewed nor lifted before it ends, from 30 days before.
	`SELECT s.case_number FROM ev s WHERE s.type = 'seized' AND s.until > 0 AND s.until - 31 <= :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.asset_kind = s.asset_kind AND e.seq <> s.seq
	     AND (e.type = 'seizure_lifted' OR e.type = 'seized' AND e.renewed = 1) AND e.day BETWEEN s.day AND s.until - 1)`,
}

// sqlAnchor loads the events and proceedings of changes into a plain SQLite database, as a BI
// user's copy of the event table with the indexes the queries need.
func sqlAnchor(b testing.TB, changes []feed.Change) *sql.DB {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "bi.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE TABLE ev (seq INTEGER, case_number TEXT, type TEXT, day INTEGER, asset_kind TEXT, until INTEGER, renewed INTEGER)`,
		`CREATE TABLE cases (number TEXT PRIMARY KEY, stage TEXT, category TEXT, received_on INTEGER, filed_on INTEGER)`,
	} {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	insEv, _ := tx.Prepare(`INSERT INTO ev VALUES (?, ?, ?, ?, ?, ?, ?)`)
	insCase, _ := tx.Prepare(`INSERT OR REPLACE INTO cases VALUES (?, ?, ?, ?, ?)`)
	for _, c := range changes {
		switch v := c.Value.(type) {
		case *qingfeng.Event:
			until, _ := v.DateAttr("until")
			if _, err := insEv.Exec(c.Seq, v.CaseNumber, v.Type, int(v.Date()), v.Str("asset_kind"), int(until), v.Bool("renewed")); err != nil {
				b.Fatal(err)
			}
		case *qingfeng.Case:
			if _, err := insCase.Exec(v.Number, string(v.Stage), string(v.Category), int(v.ReceivedOn), int(v.FiledOn)); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(`CREATE INDEX ev_case ON ev (case_number, type, day); CREATE INDEX ev_type ON ev (type, day)`); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkAnchorSQLite runs the anchor's absence and sequence rules as NOT EXISTS queries on
// SQLite over the same events (the table already loaded and indexed; loading is not timed).
func BenchmarkAnchorSQLite(b *testing.B) {
	p := generated(b, "raised", raisedConfig(4000))
	changes := changesOf(b, p)
	db := sqlAnchor(b, changes)
	events := countEvents(changes)
	found := 0
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		found = 0
		for _, q := range sqlAnchorQueries {
			rows, err := db.Query(q, sql.Named("now", int(p.asOf)))
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

// BenchmarkLatency measures the time from committing one event to its warning being saved, on
// an engine holding a whole province: the event (a judge changed without approval, R-07) is
// committed to the store, the engine reads it from the log and saves the warning. It reports
// the median and the 99th percentile.
func BenchmarkLatency(b *testing.B) {
	p := generated(b, "raised", raisedConfig(4000))
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
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
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
