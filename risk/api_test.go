package risk

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
)

// The engine's API over a loaded province: scoped queries, a warning's detail with its
// reasoning, handling within scope, statistics, a case's panorama and the backtest of a
// changed rule.
func TestEngineAPI(t *testing.T) {
	p := generated(t, "raised", raisedConfig(4000))
	st, _ := shared(t, p)
	pack, cal, lim := tables(t)
	ctx := context.Background()
	e := NewEngine(pack, warningsStore(t), cal, lim, Options{Now: func() qingfeng.Date { return p.asOf }})
	if err := e.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	courts, err := st.Courts(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// A warning of R-14 in some court, and that court's subtree.
	list, total, err := e.Warnings(ctx, store.WarningFilter{Rules: []string{"R-14"}, Limit: 1})
	if err != nil || len(list) != 1 || total < 10 {
		t.Fatalf("R-14 warnings: %d of %d, %v", len(list), total, err)
	}
	w := list[0]
	var parent string
	for _, c := range courts {
		if c.ID == w.CourtID {
			parent = c.ParentID
		}
	}
	scope := Subtree(courts, parent)
	if !slices.Contains(scope, w.CourtID) || slices.Contains(scope, parent+"-nope") || Subtree(courts, "nope") != nil {
		t.Fatalf("subtree of %s: %v", parent, scope)
	}
	scoped, n, err := e.Warnings(ctx, store.WarningFilter{Courts: scope})
	if err != nil || n == 0 {
		t.Fatal(err)
	}
	for _, x := range scoped {
		if !slices.Contains(scope, x.CourtID) {
			t.Fatalf("warning of court %s outside the scope", x.CourtID)
		}
	}

	d, err := e.Warning(ctx, w.ID, scope)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Reasoning.ZH, "R-14") || !strings.Contains(d.Reasoning.ZH, d.Warning.Basis) || !d.Rule.InPack ||
		!d.Rule.Statutory || len(d.History) != 1 || d.History[0].Action != qingfeng.ActFire {
		t.Fatalf("detail %+v", d)
	}
	if _, err := e.Warning(ctx, w.ID, []string{"elsewhere"}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a warning outside the scope: %v", err)
	}
	if _, err := e.Handle(ctx, w.ID, qingfeng.WarningAction{Action: qingfeng.ActAssign, Actor: "P1", Assignee: "P2"}, []string{"elsewhere"}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("handling outside the scope: %v", err)
	}
	if _, err := e.Handle(ctx, w.ID, qingfeng.WarningAction{Action: qingfeng.ActDismiss, Actor: "P1", Note: "审限计算有误"}, scope); err != nil {
		t.Fatal(err)
	}
	stats, err := e.Stats(ctx, store.WarningFilter{Rules: []string{"R-14"}}, store.ByRule)
	if err != nil || len(stats) != 1 || stats[0].Dismissed != 1 || stats[0].DismissalRate != 1 {
		t.Fatalf("stats %+v %v", stats, err)
	}

	// The panorama of the case: its proceedings, events in time order, its deadline and warning.
	tl, err := e.Timeline(ctx, w.CaseNumber, scope)
	if err != nil {
		t.Fatal(err)
	}
	var kinds = map[string]int{}
	for i, en := range tl.Entries {
		kinds[en.Kind]++
		if i > 0 && en.Date < tl.Entries[i-1].Date {
			t.Fatalf("entries out of order at %d", i)
		}
	}
	if kinds["event"] == 0 || kinds["deadline"] == 0 || kinds["warning"] == 0 || len(tl.Proceedings) == 0 || !tl.Proceedings[0].HasLimit {
		t.Fatalf("timeline of %s: %v", w.CaseNumber, kinds)
	}
	if _, err := e.Timeline(ctx, w.CaseNumber, []string{"elsewhere"}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a case outside the scope: %v", err)
	}

	// Backtest R-19 (long suspensions) as written and with 30 days instead of 183: the changed
	// rule finds more, and the unchanged one finds what is raised.
	same, err := e.Backtest(ctx, pack.Rule("R-19"), 0, p.asOf)
	if err != nil {
		t.Fatal(err)
	}
	if same.New != 0 || len(same.Vanished) != 0 {
		t.Fatalf("the pack's own rule: %d new, %v vanished", same.New, same.Vanished)
	}
	changed := changedRule(t, "R-19", "days: {value: 183", "days: {value: 30")
	more, err := e.Backtest(ctx, changed, 0, p.asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(more.Hits) <= len(same.Hits) || more.New == 0 {
		t.Fatalf("30 days: %d hits (%d new); 183 days: %d", len(more.Hits), more.New, len(same.Hits))
	}
	recent, err := e.Backtest(ctx, changed, p.asOf.AddDays(-365), p.asOf)
	if err != nil || len(recent.Hits) >= len(more.Hits) {
		t.Fatalf("the last year only: %d hits of %d, %v", len(recent.Hits), len(more.Hits), err)
	}
	t.Logf("R-19: %d hits; at 30 days %d (%d new), %d in the last year", len(same.Hits), len(more.Hits), more.New, len(recent.Hits))
}

// changedRule loads the default pack's file of rule id with old replaced by new in its text.
func changedRule(t *testing.T, id, old, new string) *rules.Rule {
	t.Helper()
	pack, _, lim := tables(t)
	file := pack.Rule(id).File
	b, err := defs.Default().(interface{ ReadFile(string) ([]byte, error) }).ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if !strings.Contains(text, old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	p, err := rules.LoadFile(defs.Default(), file, []byte(strings.Replace(text, old, new, 1)), lim)
	if err != nil {
		t.Fatal(err)
	}
	return p.Rule(id)
}

// A changed pack is evaluated again over everything at the next Load, with no new data: a
// rule given a lower threshold raises more warnings, a rule switched off has its warnings
// withdrawn.
func TestPackChangeReevaluates(t *testing.T) {
	p := generated(t, "raised", raisedConfig(4000))
	st, _ := shared(t, p)
	ws := warningsStore(t)
	_, cal, lim := tables(t)
	ctx := context.Background()
	load := func(params string) map[string]int {
		fsys := defs.Default()
		if params != "" {
			fsys = overlayFS{files: map[string]string{"rules/params.yaml": params}}
		}
		pack, err := rules.Load(fsys, rules.DefaultPack, lim)
		if err != nil {
			t.Fatal(err)
		}
		e := NewEngine(pack, ws, cal, lim, Options{Now: func() qingfeng.Date { return p.asOf }})
		if err := e.Load(ctx, st); err != nil {
			t.Fatal(err)
		}
		raised := map[string]int{}
		for _, w := range allWarnings(t, ws) {
			if w.State != qingfeng.StateWithdrawn {
				raised[w.Rule]++
			}
		}
		return raised
	}
	before := load("")
	after := load("overrides:\n  - rule: R-19\n    params: {days: 30}\n  - rule: R-07\n    enabled: false\n")
	if after["R-19"] <= before["R-19"] {
		t.Errorf("R-19 at 30 days: %d warnings, at 183: %d", after["R-19"], before["R-19"])
	}
	if before["R-07"] == 0 || after["R-07"] != 0 {
		t.Errorf("R-07 switched off: %d warnings raised, %d before", after["R-07"], before["R-07"])
	}
	if after["R-14"] != before["R-14"] {
		t.Errorf("R-14 is unchanged: %d warnings, %d before", after["R-14"], before["R-14"])
	}
}

// overlayFS is the embedded definitions with some files replaced.
type overlayFS struct{ files map[string]string }

func (o overlayFS) Open(name string) (fs.File, error) {
	if text, ok := o.files[name]; ok {
		return fstest.MapFS{name: {Data: []byte(text)}}.Open(name)
	}
	return defs.Default().Open(name)
}

// Run follows the log: a record committed through the feed's store raises its warning while
// the engine runs, and Run returns when its context ends.
func TestRunFollowsTheFeed(t *testing.T) {
	st := openStore(t)
	pack, cal, lim := tables(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := feed.New(st)
	f.Poll = time.Hour // only the commit's nudge may wake it
	w := f.Wrap()
	rec := func(src string, v any) qingfeng.Record {
		r, err := qingfeng.NewRecord("test", src, v, qingfeng.Origin{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if _, err := w.Commit(ctx, &store.Batch{Records: []qingfeng.Record{
		rec("c", &qingfeng.Court{ID: "C1", Code: "闽0102", Name: "鼓楼", Level: qingfeng.LevelBasic})}}); err != nil {
		t.Fatal(err)
	}
	e := NewEngine(pack, st, cal, lim, Options{Now: func() qingfeng.Date { return qingfeng.MustDate("2024-06-30") }, Rules: []string{"R-01"}})
	if err := e.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx, f) }()
	late := &qingfeng.Case{Number: "（2024）闽0102民初1号", CourtID: "C1", Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance,
		ReceivedOn: qingfeng.MustDate("2024-03-01"), FiledOn: qingfeng.MustDate("2024-03-20")}
	if _, err := w.Commit(ctx, &store.Batch{Records: []qingfeng.Record{rec("k1", late)}}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		ws, _, err := st.Warnings(ctx, store.WarningFilter{Rules: []string{"R-01"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(ws) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the running engine did not raise the warning")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
}
