package risk

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// commitChanges writes changes (decoded from another store's log) into st as records.
func commitChanges(t testing.TB, st store.Store, cs []feed.Change) {
	t.Helper()
	for i := 0; i < len(cs); i += 5000 {
		var b store.Batch
		for _, c := range cs[i:min(i+5000, len(cs))] {
			r, err := qingfeng.NewRecord(c.Key.Src, c.Key.SrcID, c.Value, qingfeng.Origin{})
			if err != nil {
				t.Fatal(err)
			}
			b.Records = append(b.Records, r)
		}
		if _, err := st.Commit(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
	}
}

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "qingfeng.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

type warningState struct {
	state    qingfeng.WarningState
	severity qingfeng.Severity
	hits     int
	fires    int
	on       qingfeng.Date
}

func snapshot(t testing.TB, ws store.Warnings) (map[string]warningState, []store.Timer) {
	t.Helper()
	out := map[string]warningState{}
	for _, w := range allWarnings(t, ws) {
		if _, dup := out[w.Key]; dup {
			t.Fatalf("warning %s stored twice", w.Key)
		}
		out[w.Key] = warningState{w.State, w.Severity, w.Hits, w.Fires, w.On}
	}
	ts, err := ws.Timers(context.Background(), "risk")
	if err != nil {
		t.Fatal(err)
	}
	return out, ts
}

// A restart in the middle of a stream loses no timer and raises no warning twice: the same
// stream, with and without a restart, ends with the same warnings (each fired as often) and
// the same timers, and the timers set before the restart fire after it.
func TestRestartKeepsTimersAndWarnings(t *testing.T) {
	p := generated(t, "raised", raisedConfig(4000))
	changes := changesOf(t, p)
	half := len(changes) / 2
	pack, cal, lim := tables(t)
	ctx := context.Background()
	d1, d2 := qingfeng.MustDate("2024-06-30"), qingfeng.MustDate("2025-06-30")

	// The schedule: the first half of the log as of d1, the clock to d2, the second half, the
	// clock to the as-of day.
	var atD2 []map[string]warningState
	run := func(st *sqlite.Store, restart bool) (map[string]warningState, []store.Timer, int) {
		now := d1
		opts := Options{Now: func() qingfeng.Date { return now }}
		commitChanges(t, st, changes[:half])
		e := NewEngine(pack, st, cal, lim, opts)
		if err := e.Load(ctx, st); err != nil {
			t.Fatal(err)
		}
		timersBefore := e.timers.len()
		if restart {
			e = NewEngine(pack, st, cal, lim, opts) // the old one is gone, memory and all
			if err := e.Load(ctx, st); err != nil {
				t.Fatal(err)
			}
			if got := e.timers.len(); got != timersBefore {
				t.Fatalf("%d timers after the restart, %d before", got, timersBefore)
			}
		}
		now = d2
		if err := e.Tick(ctx, d2); err != nil {
			t.Fatal(err)
		}
		mid, _ := snapshot(t, st)
		atD2 = append(atD2, mid)
		commitChanges(t, st, changes[half:])
		seq, _ := e.Position()
		if _, err := feed.New(st).CatchUp(ctx, seq, 2000, func(cs []feed.Change) error { return e.Apply(ctx, cs) }); err != nil {
			t.Fatal(err)
		}
		now = p.asOf
		if err := e.Tick(ctx, p.asOf); err != nil {
			t.Fatal(err)
		}
		ws, ts := snapshot(t, st)
		return ws, ts, timersBefore
	}
	want, wantTimers, timers := run(openStore(t), false)
	got, gotTimers, _ := run(openStore(t), true)
	if len(atD2[0]) != len(atD2[1]) {
		t.Errorf("at %s, before the rest of the stream: %d warnings after the restart, %d without", d2, len(atD2[1]), len(atD2[0]))
	}
	for k, w := range atD2[0] {
		if atD2[1][k] != w {
			t.Errorf("at %s: %s is %+v after the restart, %+v without", d2, k, atD2[1][k], w)
		}
	}
	if timers == 0 || len(want) == 0 {
		t.Fatalf("the scenario is empty: %d timers, %d warnings", timers, len(want))
	}
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("%s missing after the restart", k)
		} else if g != w {
			t.Errorf("%s: %+v after the restart, %+v without", k, g, w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s only after the restart", k)
		}
	}
	if len(gotTimers) != len(wantTimers) {
		t.Fatalf("%d timers after the restart, %d without", len(gotTimers), len(wantTimers))
	}
	for i := range wantTimers {
		if gotTimers[i] != wantTimers[i] {
			t.Fatalf("timer %v after the restart, %v without", gotTimers[i], wantTimers[i])
		}
	}
	t.Logf("%d warnings, %d timers at the restart, %d at the end", len(want), timers, len(wantTimers))
}
