package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
	"github.com/qingfeng-court/qingfeng/store/storetest"
)

func TestWarningsConformance(t *testing.T) {
	t.Parallel()
	storetest.RunWarnings(t, func(t *testing.T) store.Warnings { return openTemp(t) })
}

var riskT0 = time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)

func riskWarning(r *rand.Rand, key int) qingfeng.Warning {
	rule, subject := fmt.Sprintf("R-%02d", key%4), fmt.Sprintf("（2024）闽0102民初%d号", key)
	return qingfeng.Warning{Key: rule + "|" + subject, Rule: rule, Subject: subject, CaseNumber: subject,
		CourtID: fmt.Sprint("C", key%3), JudgeID: fmt.Sprint("P", key%5), Severity: qingfeng.Severities[r.IntN(3)],
		Hits: 1 + r.IntN(4), On: qingfeng.MustDate("2024-05-01") + qingfeng.Date(r.IntN(30)), Message: fmt.Sprint("第", r.IntN(100), "次"),
		Evidence: []qingfeng.Evidence{{Seq: int64(r.IntN(1000)), CaseNumber: subject, Type: "filed", Attrs: map[string]any{"n": float64(r.IntN(9))}}}}
}

// riskSteps drives a store through random steps (several changes of one key in a step
// included) and people's actions between them, and returns what each call answered.
func riskSteps(t *testing.T, s store.Warnings, seed uint64) []string {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, 1))
	kinds := []store.ChangeKind{store.Fire, store.Refire, store.Update, store.Withdraw}
	acts := []qingfeng.Action{qingfeng.ActAssign, qingfeng.ActVerify, qingfeng.ActConfirm, qingfeng.ActDismiss,
		qingfeng.ActRectify, qingfeng.ActClose}
	var answers []string
	for step := range 40 {
		b := &store.RiskBatch{Engine: "risk", At: riskT0.Add(time.Duration(step) * time.Minute),
			State: store.RiskState{Seq: int64(step), Now: qingfeng.Date(step), Pack: fmt.Sprint("p", step%3)}}
		for range r.IntN(12) {
			b.Changes = append(b.Changes, store.WarningChange{Kind: kinds[r.IntN(4)], Warning: riskWarning(r, r.IntN(14)), Note: fmt.Sprint("n", step)})
		}
		for range r.IntN(4) {
			b.SetTimers = append(b.SetTimers, store.Timer{Target: fmt.Sprint("T", r.IntN(8)), Due: qingfeng.Date(r.IntN(50))})
		}
		for range r.IntN(3) {
			b.DropTimers = append(b.DropTimers, fmt.Sprint("T", r.IntN(8)))
		}
		ids, err := s.SaveRisk(ctx, b)
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		answers = append(answers, fmt.Sprint("save ", ids))
		for range r.IntN(4) {
			a := qingfeng.WarningAction{Action: acts[r.IntN(len(acts))], Actor: "P9", Assignee: "P8", Note: "理由",
				At: riskT0.Add(time.Duration(step)*time.Minute + time.Second)}
			w, err := s.HandleWarning(ctx, int64(1+r.IntN(16)), a, []string{"C0", "C1"})
			switch {
			case err == nil:
				answers = append(answers, fmt.Sprint("handled ", w.ID, " to ", w.State))
			case errors.Is(err, store.ErrBadAction), errors.Is(err, store.ErrNotFound):
				answers = append(answers, fmt.Sprint("refused ", errors.Is(err, store.ErrNotFound)))
			default:
				t.Fatalf("step %d: %v", step, err)
			}
		}
	}
	return answers
}

// riskView is everything the store shows.
type riskView struct {
	Answers   []string
	Warnings  []qingfeng.Warning
	Histories [][]qingfeng.WarningAction
	Marks     []store.WarningMark
	Timers    []store.Timer
	State     store.RiskState
	Stats     [][]store.WarningStat
}

func viewRisk(t *testing.T, s store.Warnings, answers []string) riskView {
	ctx := context.Background()
	v := riskView{Answers: answers}
	var err error
	if v.Warnings, _, err = s.Warnings(ctx, store.WarningFilter{}); err != nil {
		t.Fatal(err)
	}
	for _, w := range v.Warnings {
		h, err := s.WarningHistory(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		v.Histories = append(v.Histories, h)
	}
	if v.Marks, err = s.WarningMarks(ctx); err != nil {
		t.Fatal(err)
	}
	if v.Timers, err = s.Timers(ctx, "risk"); err != nil {
		t.Fatal(err)
	}
	if v.State, err = s.RiskState(ctx, "risk"); err != nil {
		t.Fatal(err)
	}
	for _, by := range []store.StatsBy{store.ByRule, store.ByCourt, store.ByJudge} {
		st, err := s.WarningStats(ctx, store.WarningFilter{Courts: []string{"C0", "C2"}}, by)
		if err != nil {
			t.Fatal(err)
		}
		v.Stats = append(v.Stats, st)
	}
	return v
}

// TestWarningsSameAsSQLite runs the same random steps and actions on the embedded store and on
// PostgreSQL, which works a step out in memory and writes it in bulk where the embedded store
// goes row by row: both must answer the same and end up showing the same, ids included.
func TestWarningsSameAsSQLite(t *testing.T) {
	t.Parallel()
	for seed := range uint64(3) {
		lite, err := sqlite.Open(filepath.Join(t.TempDir(), "qingfeng.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { lite.Close() })
		pg := openTemp(t)
		want := viewRisk(t, lite, riskSteps(t, lite, seed))
		got := viewRisk(t, pg, riskSteps(t, pg, seed))
		if len(want.Warnings) == 0 || len(want.Timers) == 0 {
			t.Fatalf("seed %d: the steps left no warnings or timers to compare", seed)
		}
		if !reflect.DeepEqual(got, want) {
			for i, part := range []string{"answers", "warnings", "histories", "marks", "timers", "state", "stats"} {
				g, w := reflect.ValueOf(got).Field(i).Interface(), reflect.ValueOf(want).Field(i).Interface()
				if !reflect.DeepEqual(g, w) {
					t.Errorf("seed %d: %s differ\npostgres %+v\n  sqlite %+v", seed, part, g, w)
				}
			}
		}
	}
}

// TestStepsAndPeopleAtOnce re-fires a warning from engine steps while people keep dismissing
// it: each side must see what the other committed, so the history is one unbroken chain of
// states and every re-fire counts.
func TestStepsAndPeopleAtOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTemp(t)
	w := riskWarning(rand.New(rand.NewPCG(1, 1)), 1)
	ids, err := s.SaveRisk(ctx, &store.RiskBatch{Engine: "risk", At: riskT0, Changes: []store.WarningChange{{Kind: store.Fire, Warning: w}}})
	if err != nil {
		t.Fatal(err)
	}
	const refires = 30
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range refires {
			b := &store.RiskBatch{Engine: "risk", At: riskT0.Add(time.Duration(i+1) * time.Second),
				Changes: []store.WarningChange{{Kind: store.Refire, Warning: w}}}
			if _, err := s.SaveRisk(ctx, b); err != nil {
				errs <- err
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for range refires {
			_, err := s.HandleWarning(ctx, ids[0], qingfeng.WarningAction{Action: qingfeng.ActDismiss, Actor: "P9", Note: "正当理由"}, nil)
			if err != nil && !errors.Is(err, store.ErrBadAction) {
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := s.Warning(ctx, ids[0])
	if err != nil || got.Fires != refires+1 {
		t.Fatalf("fires %d (%v), want %d", got.Fires, err, refires+1)
	}
	h, err := s.WarningHistory(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	dismissed := 0
	for i := 1; i < len(h); i++ {
		if h[i].From != h[i-1].To {
			t.Fatalf("history breaks at %d: %s went from %s, but the step before left %s", i, h[i].Action, h[i].From, h[i-1].To)
		}
		if h[i].Action == qingfeng.ActDismiss {
			dismissed++
		}
	}
	if len(h) != 1+refires+dismissed || dismissed == 0 {
		t.Fatalf("%d history entries with %d dismissals, want %d", len(h), dismissed, 1+refires+dismissed)
	}
}
