package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// RunWarnings runs the conformance checks of store.Warnings, the risk engine's storage: the
// semantics of SaveRisk's changes (fire, re-fire, update, withdraw) and of its atomicity, the
// handling workflow with its history, scope and concurrent handlers, timers, filters, paging
// and statistics.
func RunWarnings(t *testing.T, open func(t *testing.T) store.Warnings) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Warnings)
	}{
		{"EmptyStore", testWarningsEmpty},
		{"FireIsIdempotentByKey", testFireIdempotent},
		{"RefireReopensSettled", testRefireReopens},
		{"WithdrawOnlyActive", testWithdraw},
		{"Workflow", testWorkflow},
		{"WorkflowScope", testWorkflowScope},
		{"ConcurrentHandlers", testConcurrentHandlers},
		{"Timers", testTimers},
		{"AtomicSave", testAtomicSave},
		{"FiltersAndPaging", testWarningFilters},
		{"Stats", testWarningStats},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var t0 = time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)

func sampleWarning(rule, subject, court string, sev qingfeng.Severity) qingfeng.Warning {
	return qingfeng.Warning{
		Key: rule + "|" + subject, Rule: rule, RuleVersion: 1, RuleName: "规则" + rule, RuleNameEn: "rule " + rule,
		Statutory: true, Subject: subject, CaseNumber: subject, CourtID: court, JudgeID: "P1", People: []string{"P1"},
		Severity: sev, Family: qingfeng.FamCare, On: qingfeng.MustDate("2024-05-20"), Hits: 1,
		Message: "收到材料后 12 日才立案", MessageEn: "filed 12 days after the material arrived", Basis: "民诉法 Art. 126",
		Evidence: []qingfeng.Evidence{{Seq: 7, Src: "cms", SrcID: "e1", CaseNumber: subject, Type: "filed",
			At: t0, Date: qingfeng.MustDate("2024-05-20"), ActorID: "P1", Attrs: map[string]any{"method": "random"}}},
	}
}

func save(t *testing.T, s store.Warnings, seq int64, at time.Time, changes ...store.WarningChange) []int64 {
	t.Helper()
	ids, err := s.SaveRisk(context.Background(), &store.RiskBatch{Engine: "risk", State: store.RiskState{Seq: seq, Now: qingfeng.MustDate("2024-06-01"), Pack: "p1"},
		At: at, Changes: changes})
	if err != nil {
		t.Fatalf("save risk: %v", err)
	}
	if len(ids) != len(changes) {
		t.Fatalf("%d ids for %d changes", len(ids), len(changes))
	}
	return ids
}

func getWarning(t *testing.T, s store.Warnings, id int64) *qingfeng.Warning {
	t.Helper()
	w, err := s.Warning(context.Background(), id)
	if err != nil {
		t.Fatalf("warning %d: %v", id, err)
	}
	return w
}

func history(t *testing.T, s store.Warnings, id int64) []qingfeng.WarningAction {
	t.Helper()
	h, err := s.WarningHistory(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func actions(h []qingfeng.WarningAction) []qingfeng.Action {
	out := make([]qingfeng.Action, len(h))
	for i, a := range h {
		out[i] = a.Action
	}
	return out
}

func sameActions(got []qingfeng.WarningAction, want ...qingfeng.Action) bool {
	a := actions(got)
	if len(a) != len(want) {
		return false
	}
	for i := range a {
		if a[i] != want[i] {
			return false
		}
	}
	return true
}

func handle(s store.Warnings, id int64, a qingfeng.Action, actor, assignee, note string) (*qingfeng.Warning, error) {
	return s.HandleWarning(context.Background(), id, qingfeng.WarningAction{Action: a, Actor: actor, Assignee: assignee, Note: note,
		At: t0.Add(time.Hour)}, nil)
}

func testWarningsEmpty(t *testing.T, s store.Warnings) {
	ctx := context.Background()
	st, err := s.RiskState(ctx, "risk")
	if err != nil || st != (store.RiskState{}) {
		t.Fatalf("fresh state %+v %v", st, err)
	}
	if ts, err := s.Timers(ctx, "risk"); err != nil || len(ts) != 0 {
		t.Fatalf("fresh timers %v %v", ts, err)
	}
	if ws, n, err := s.Warnings(ctx, store.WarningFilter{}); err != nil || len(ws) != 0 || n != 0 {
		t.Fatalf("fresh warnings %v %d %v", ws, n, err)
	}
	if _, err := s.Warning(ctx, 1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing warning: %v", err)
	}
}

func testFireIdempotent(t *testing.T, s store.Warnings) {
	w := sampleWarning("R-01", "（2024）闽0102民初1号", "C1", qingfeng.SevWarning)
	id := save(t, s, 10, t0, store.WarningChange{Kind: store.Fire, Warning: w})[0]
	if id == 0 {
		t.Fatal("no id")
	}
	got := getWarning(t, s, id)
	if got.State != qingfeng.StateOpen || got.Fires != 1 || !got.FiredAt.Equal(t0) || got.Key != w.Key ||
		got.Message != w.Message || len(got.Evidence) != 1 || got.Evidence[0].Attrs["method"] != "random" {
		t.Fatalf("stored %+v", got)
	}
	// The same key fired again (an engine that lost its memory) changes nothing but the snapshot.
	w.Message = "更新"
	id2 := save(t, s, 11, t0.Add(time.Minute), store.WarningChange{Kind: store.Fire, Warning: w})[0]
	if id2 != id {
		t.Fatalf("second fire made warning %d, want %d", id2, id)
	}
	got = getWarning(t, s, id)
	if got.Fires != 1 || got.Message != "更新" || !got.FiredAt.Equal(t0) {
		t.Fatalf("after re-send %+v", got)
	}
	if h := history(t, s, id); !sameActions(h, qingfeng.ActFire) || h[0].Actor != qingfeng.SystemActor || h[0].To != qingfeng.StateOpen {
		t.Fatalf("history %+v", h)
	}
	if _, n, _ := s.Warnings(context.Background(), store.WarningFilter{}); n != 1 {
		t.Fatalf("%d warnings, want 1", n)
	}
	if st, _ := s.RiskState(context.Background(), "risk"); st.Seq != 11 || st.Now != qingfeng.MustDate("2024-06-01") || st.Pack != "p1" {
		t.Fatalf("state %+v", st)
	}
	marks, err := s.WarningMarks(context.Background())
	if err != nil || len(marks) != 1 || marks[0].ID != id || !marks[0].Raised || marks[0].Severity != qingfeng.SevWarning {
		t.Fatalf("marks %+v %v", marks, err)
	}
}

func testRefireReopens(t *testing.T, s store.Warnings) {
	w := sampleWarning("R-14", "（2024）闽0102民初2号", "C1", qingfeng.SevWarning)
	id := save(t, s, 1, t0, store.WarningChange{Kind: store.Fire, Warning: w})[0]
	// A re-fire of an open warning keeps it open and counts the fire.
	w.Severity = qingfeng.SevRed
	save(t, s, 2, t0.Add(time.Hour), store.WarningChange{Kind: store.Refire, Warning: w, Note: "worse"})
	got := getWarning(t, s, id)
	if got.State != qingfeng.StateOpen || got.Fires != 2 || got.Severity != qingfeng.SevRed {
		t.Fatalf("after refire %+v", got)
	}
	if _, err := handle(s, id, qingfeng.ActDismiss, "P9", "", "合理延期"); err != nil {
		t.Fatal(err)
	}
	// Worse again: the dismissed warning is reopened, its verdict kept until decided again.
	save(t, s, 3, t0.Add(2*time.Hour), store.WarningChange{Kind: store.Refire, Warning: w, Note: "worse again"})
	got = getWarning(t, s, id)
	if got.State != qingfeng.StateOpen || got.Fires != 3 || got.Verdict != qingfeng.ActDismiss {
		t.Fatalf("after refire of a dismissed warning %+v", got)
	}
	// A confirmed warning keeps its state when re-fired.
	if _, err := handle(s, id, qingfeng.ActConfirm, "P9", "", ""); err == nil {
		t.Fatal("confirmed straight from open")
	}
	handle(s, id, qingfeng.ActAssign, "P9", "P8", "")
	if _, err := handle(s, id, qingfeng.ActConfirm, "P8", "", ""); err != nil {
		t.Fatal(err)
	}
	save(t, s, 4, t0.Add(3*time.Hour), store.WarningChange{Kind: store.Refire, Warning: w})
	if got = getWarning(t, s, id); got.State != qingfeng.StateConfirmed || got.Fires != 4 {
		t.Fatalf("refire of a confirmed warning %+v", got)
	}
	h := history(t, s, id)
	if !sameActions(h, qingfeng.ActFire, qingfeng.ActRefire, qingfeng.ActDismiss, qingfeng.ActRefire, qingfeng.ActAssign,
		qingfeng.ActConfirm, qingfeng.ActRefire) {
		t.Fatalf("history %v", actions(h))
	}
	if h[3].From != qingfeng.StateDismissed || h[3].To != qingfeng.StateOpen || h[3].Note != "worse again" {
		t.Fatalf("reopening recorded as %+v", h[3])
	}
}

func testWithdraw(t *testing.T, s store.Warnings) {
	a := sampleWarning("R-51", "（2024）闽0102执1号", "C1", qingfeng.SevWarning)
	b := sampleWarning("R-51", "（2024）闽0102执2号", "C1", qingfeng.SevWarning)
	ids := save(t, s, 1, t0, store.WarningChange{Kind: store.Fire, Warning: a}, store.WarningChange{Kind: store.Fire, Warning: b})
	handle(s, ids[1], qingfeng.ActAssign, "P9", "P8", "")
	handle(s, ids[1], qingfeng.ActConfirm, "P8", "", "")
	got := save(t, s, 2, t0.Add(time.Hour),
		store.WarningChange{Kind: store.Withdraw, Warning: qingfeng.Warning{Key: a.Key}, Note: "late event"},
		store.WarningChange{Kind: store.Withdraw, Warning: qingfeng.Warning{Key: b.Key}},
		store.WarningChange{Kind: store.Withdraw, Warning: qingfeng.Warning{Key: "R-51|none"}})
	if got[0] != ids[0] || got[1] != ids[1] || got[2] != 0 {
		t.Fatalf("withdraw ids %v", got)
	}
	if w := getWarning(t, s, ids[0]); w.State != qingfeng.StateWithdrawn {
		t.Fatalf("open warning withdrawn to %s", w.State)
	}
	if w := getWarning(t, s, ids[1]); w.State != qingfeng.StateConfirmed {
		t.Fatalf("confirmed warning withdrawn to %s", w.State)
	}
	marks, _ := s.WarningMarks(context.Background())
	for _, m := range marks {
		if m.Raised {
			t.Fatalf("mark %+v still raised", m)
		}
	}
	// Withdrawing twice records nothing more; the rule coming back raises the warning again.
	save(t, s, 3, t0.Add(2*time.Hour), store.WarningChange{Kind: store.Withdraw, Warning: qingfeng.Warning{Key: a.Key}})
	if h := history(t, s, ids[0]); !sameActions(h, qingfeng.ActFire, qingfeng.ActWithdraw) || h[1].Note != "late event" {
		t.Fatalf("history %+v", h)
	}
	save(t, s, 4, t0.Add(3*time.Hour), store.WarningChange{Kind: store.Update, Warning: a})
	if w := getWarning(t, s, ids[0]); w.State != qingfeng.StateOpen || w.Fires != 2 {
		t.Fatalf("warning back after withdrawal %+v", w)
	}
}

func testWorkflow(t *testing.T, s store.Warnings) {
	id := save(t, s, 1, t0, store.WarningChange{Kind: store.Fire, Warning: sampleWarning("R-07", "（2024）闽0102民初3号", "C1", qingfeng.SevNotice)})[0]
	bad := []struct {
		a                     qingfeng.Action
		actor, assignee, note string
	}{
		{qingfeng.ActAssign, "P9", "", ""},                   // no assignee
		{qingfeng.ActVerify, "P9", "", ""},                   // not assigned yet
		{qingfeng.ActClose, "P9", "", ""},                    // nothing decided
		{qingfeng.ActDismiss, "P9", "", " "},                 // no reason
		{qingfeng.ActFire, "P9", "", ""},                     // the engine's action
		{qingfeng.ActAssign, "", "P8", ""},                   // nobody
		{qingfeng.ActAssign, qingfeng.SystemActor, "P8", ""}, // a person must act
	}
	for _, b := range bad {
		if _, err := handle(s, id, b.a, b.actor, b.assignee, b.note); !errors.Is(err, store.ErrBadAction) {
			t.Errorf("%s by %q: err %v, want ErrBadAction", b.a, b.actor, err)
		}
	}
	steps := []struct {
		a                     qingfeng.Action
		actor, assignee, note string
		want                  qingfeng.WarningState
	}{
		{qingfeng.ActAssign, "P9", "P8", "", qingfeng.StateAssigned},
		{qingfeng.ActVerify, "P8", "", "", qingfeng.StateVerifying},
		{qingfeng.ActConfirm, "P8", "", "确有违规", qingfeng.StateConfirmed},
		{qingfeng.ActRectify, "P7", "", "已补办审批手续", qingfeng.StateRectified},
		{qingfeng.ActClose, "P9", "", "", qingfeng.StateClosed},
	}
	for _, st := range steps {
		w, err := handle(s, id, st.a, st.actor, st.assignee, st.note)
		if err != nil {
			t.Fatalf("%s: %v", st.a, err)
		}
		if w.State != st.want {
			t.Fatalf("%s: state %s, want %s", st.a, w.State, st.want)
		}
	}
	w := getWarning(t, s, id)
	if w.Assignee != "P8" || w.Verdict != qingfeng.ActConfirm {
		t.Fatalf("after workflow %+v", w)
	}
	h := history(t, s, id)
	if !sameActions(h, qingfeng.ActFire, qingfeng.ActAssign, qingfeng.ActVerify, qingfeng.ActConfirm, qingfeng.ActRectify, qingfeng.ActClose) {
		t.Fatalf("history %v", actions(h))
	}
	if h[1].Actor != "P9" || h[1].Assignee != "P8" || h[1].From != qingfeng.StateOpen || h[4].Note != "已补办审批手续" ||
		!h[4].At.Equal(t0.Add(time.Hour)) {
		t.Fatalf("history entries %+v", h)
	}
}

func testWorkflowScope(t *testing.T, s store.Warnings) {
	id := save(t, s, 1, t0, store.WarningChange{Kind: store.Fire, Warning: sampleWarning("R-07", "（2024）闽0102民初4号", "C2", qingfeng.SevNotice)})[0]
	ctx := context.Background()
	act := qingfeng.WarningAction{Action: qingfeng.ActAssign, Actor: "P9", Assignee: "P8"}
	if _, err := s.HandleWarning(ctx, id, act, []string{"C1"}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("out of scope: %v", err)
	}
	if _, err := s.HandleWarning(ctx, id, act, []string{}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("empty scope: %v", err)
	}
	if w, err := s.HandleWarning(ctx, id, act, []string{"C1", "C2"}); err != nil || w.State != qingfeng.StateAssigned {
		t.Fatalf("in scope: %v", err)
	}
	if _, err := s.HandleWarning(ctx, id+100, act, nil); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing warning: %v", err)
	}
}

// Two people deciding the same warning at once: one wins, the other is refused.
func testConcurrentHandlers(t *testing.T, s store.Warnings) {
	id := save(t, s, 1, t0, store.WarningChange{Kind: store.Fire, Warning: sampleWarning("R-09", "（2024）闽0102民初5号", "C1", qingfeng.SevRed)})[0]
	handle(s, id, qingfeng.ActAssign, "P9", "P8", "")
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := qingfeng.ActConfirm
			if i%2 == 1 {
				a = qingfeng.ActDismiss
			}
			_, errs[i] = handle(s, id, a, "P8", "", "理由")
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !errors.Is(err, store.ErrBadAction) {
			t.Errorf("unexpected error %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d concurrent decisions succeeded, want 1", ok)
	}
	if h := history(t, s, id); len(h) != 3 {
		t.Fatalf("history %v", actions(h))
	}
}

func testTimers(t *testing.T, s store.Warnings) {
	ctx := context.Background()
	d := qingfeng.MustDate("2024-07-01")
	b := &store.RiskBatch{Engine: "risk", State: store.RiskState{Seq: 5}, SetTimers: []store.Timer{{Target: "A", Due: d + 3}, {Target: "B", Due: d}, {Target: "C", Due: d + 1}}}
	if _, err := s.SaveRisk(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveRisk(ctx, &store.RiskBatch{Engine: "other", SetTimers: []store.Timer{{Target: "A", Due: d}}}); err != nil {
		t.Fatal(err)
	}
	b = &store.RiskBatch{Engine: "risk", State: store.RiskState{Seq: 6}, SetTimers: []store.Timer{{Target: "A", Due: d - 1}}, DropTimers: []string{"C", "Z"}}
	if _, err := s.SaveRisk(ctx, b); err != nil {
		t.Fatal(err)
	}
	ts, err := s.Timers(ctx, "risk")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0] != (store.Timer{Target: "A", Due: d - 1}) || ts[1] != (store.Timer{Target: "B", Due: d}) {
		t.Fatalf("timers %v", ts)
	}
	if other, _ := s.Timers(ctx, "other"); len(other) != 1 {
		t.Fatalf("other engine's timers %v", other)
	}
}

// A batch that fails half way leaves nothing behind: no warning, no timer, no new position.
func testAtomicSave(t *testing.T, s store.Warnings) {
	ctx := context.Background()
	save(t, s, 1, t0)
	bad := sampleWarning("R-01", "（2024）闽0102民初9号", "C1", qingfeng.SevNotice)
	bad.Evidence[0].Attrs = map[string]any{"x": make(chan int)} // cannot be written
	_, err := s.SaveRisk(ctx, &store.RiskBatch{Engine: "risk", State: store.RiskState{Seq: 2}, Changes: []store.WarningChange{
		{Kind: store.Fire, Warning: sampleWarning("R-01", "（2024）闽0102民初8号", "C1", qingfeng.SevNotice)},
		{Kind: store.Fire, Warning: bad}}, SetTimers: []store.Timer{{Target: "X", Due: 1}}})
	if err == nil {
		t.Fatal("a warning that cannot be stored was accepted")
	}
	if ws, _, _ := s.Warnings(ctx, store.WarningFilter{}); len(ws) != 0 {
		t.Fatalf("%d warnings left by a failed batch", len(ws))
	}
	if ts, _ := s.Timers(ctx, "risk"); len(ts) != 0 {
		t.Fatalf("timers left by a failed batch %v", ts)
	}
	if st, _ := s.RiskState(ctx, "risk"); st.Seq != 1 {
		t.Fatalf("position %d after a failed batch", st.Seq)
	}
}

func testWarningFilters(t *testing.T, s store.Warnings) {
	ctx := context.Background()
	var changes []store.WarningChange
	for i, spec := range []struct {
		rule, court string
		sev         qingfeng.Severity
		on          string
	}{
		{"R-01", "C1", qingfeng.SevNotice, "2024-01-10"}, {"R-01", "C2", qingfeng.SevWarning, "2024-02-10"},
		{"R-14", "C1", qingfeng.SevRed, "2024-03-10"}, {"R-14", "C3", qingfeng.SevRed, "2024-04-10"},
		{"R-51", "C2", qingfeng.SevWarning, "2024-05-10"},
	} {
		w := sampleWarning(spec.rule, "（2024）闽0102民初"+string(rune('1'+i))+"号", spec.court, spec.sev)
		w.On = qingfeng.MustDate(spec.on)
		w.JudgeID = "P" + spec.court
		changes = append(changes, store.WarningChange{Kind: store.Fire, Warning: w})
	}
	var ids []int64
	for i, c := range changes { // one batch each, so that fired_at orders them
		ids = append(ids, save(t, s, int64(i+1), t0.Add(time.Duration(i)*time.Hour), c)[0])
	}
	handle(s, ids[1], qingfeng.ActAssign, "P9", "P8", "")
	count := func(f store.WarningFilter) int {
		ws, n, err := s.Warnings(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if f.Limit == 0 && len(ws) != n {
			t.Fatalf("%d listed, total %d", len(ws), n)
		}
		return n
	}
	cases := []struct {
		name string
		f    store.WarningFilter
		want int
	}{
		{"all", store.WarningFilter{}, 5},
		{"courts", store.WarningFilter{Courts: []string{"C1", "C3"}}, 3},
		{"empty scope", store.WarningFilter{Courts: []string{}}, 0},
		{"rule", store.WarningFilter{Rules: []string{"R-14"}}, 2},
		{"severity", store.WarningFilter{Severities: []qingfeng.Severity{qingfeng.SevWarning}}, 2},
		{"state", store.WarningFilter{States: []qingfeng.WarningState{qingfeng.StateAssigned}}, 1},
		{"assignee", store.WarningFilter{Assignee: "P8"}, 1},
		{"judge", store.WarningFilter{JudgeID: "PC2"}, 2},
		{"case", store.WarningFilter{CaseNumber: "（2024）闽0102民初3号"}, 1},
		{"dates", store.WarningFilter{From: qingfeng.MustDate("2024-02-01"), To: qingfeng.MustDate("2024-04-10")}, 3},
		{"combined", store.WarningFilter{Courts: []string{"C1"}, Rules: []string{"R-14"}}, 1},
	}
	for _, c := range cases {
		if got := count(c.f); got != c.want {
			t.Errorf("%s: %d warnings, want %d", c.name, got, c.want)
		}
	}
	page, total, err := s.Warnings(ctx, store.WarningFilter{Limit: 2, Offset: 1})
	if err != nil || total != 5 || len(page) != 2 || page[0].ID != ids[3] || page[1].ID != ids[2] {
		t.Fatalf("page %v total %d err %v (ids %v)", page, total, err, ids)
	}
}

func testWarningStats(t *testing.T, s store.Warnings) {
	ctx := context.Background()
	var ids []int64
	for i := range 4 {
		w := sampleWarning("R-20", "（2024）闽0102民初"+string(rune('1'+i))+"号", "C1", qingfeng.SevWarning)
		ids = append(ids, save(t, s, int64(i+1), t0, store.WarningChange{Kind: store.Fire, Warning: w})[0])
	}
	save(t, s, 9, t0, store.WarningChange{Kind: store.Fire, Warning: sampleWarning("R-01", "x", "C2", qingfeng.SevNotice)})
	handle(s, ids[0], qingfeng.ActDismiss, "P9", "", "正当理由")
	handle(s, ids[1], qingfeng.ActDismiss, "P9", "", "正当理由")
	handle(s, ids[2], qingfeng.ActAssign, "P9", "P8", "")
	handle(s, ids[2], qingfeng.ActConfirm, "P8", "", "")
	handle(s, ids[2], qingfeng.ActRectify, "P8", "", "已整改")
	stats, err := s.WarningStats(ctx, store.WarningFilter{}, store.ByRule)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 2 || stats[1].Key != "R-20" {
		t.Fatalf("stats %+v", stats)
	}
	r := stats[1]
	if r.Total != 4 || r.Dismissed != 2 || r.Confirmed != 1 || r.Decided != 3 || r.ByState[qingfeng.StateRectified] != 1 ||
		r.ByState[qingfeng.StateOpen] != 1 || r.DismissalRate < 0.66 || r.DismissalRate > 0.67 {
		t.Fatalf("R-20 stats %+v", r)
	}
	byCourt, err := s.WarningStats(ctx, store.WarningFilter{Courts: []string{"C2"}}, store.ByCourt)
	if err != nil || len(byCourt) != 1 || byCourt[0].Key != "C2" || byCourt[0].Total != 1 {
		t.Fatalf("by court %+v %v", byCourt, err)
	}
	if _, err := s.WarningStats(ctx, store.WarningFilter{}, "nonsense"); err == nil {
		t.Fatal("unknown grouping accepted")
	}
}
