package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// RunReviews is the conformance suite of store.Reviews: optimistic concurrency on decisions and
// flags, an append-only register, the trail in write order with ids, filters and court scoping,
// derived rows replaced per case without touching rows written through the API, the cursor.
func RunReviews(t *testing.T, open func(t *testing.T) store.Reviews) {
	tests := []struct {
		name string
		fn   func(t *testing.T, rv store.Reviews)
	}{
		{"DecisionRevisions", testDecisionRevisions},
		{"ConcurrentWriters", testReviewConcurrentWriters},
		{"FlagsAndFilters", testReviewFlags},
		{"RegisterAppendOnly", testRegisterAppendOnly},
		{"TrailOrderAndFilters", testTrail},
		{"AtomicChange", testReviewAtomic},
		{"ReplaceDerived", testReplaceDerived},
		{"Cursor", testReviewCursor},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var reviewT0 = time.Date(2024, 3, 5, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

func decisionFixture(id, court string) *qingfeng.Decision {
	return &qingfeng.Decision{ID: id, CaseNumber: "（2024）闽0102民初" + id + "号", CourtID: court, Panel: []string{"P1"},
		Kind: "judgment", Source: "api", State: qingfeng.ReviewDrafted, Version: 1, OperativeVersion: 1,
		Operative: "驳回原告诉讼请求", ReviewerID: "P9", CreatedAt: reviewT0, UpdatedAt: reviewT0}
}

func row(subject, id, caseNumber, court, action string, refused bool) qingfeng.Transition {
	return qingfeng.Transition{Subject: subject, SubjectID: id, CaseNumber: caseNumber, CourtID: court, Action: action,
		ActorID: "P1", At: reviewT0, Refused: refused, Source: "api"}
}

func testDecisionRevisions(t *testing.T, rv store.Reviews) {
	ctx := context.Background()
	d := decisionFixture("1", "C1")
	if err := rv.ApplyReview(ctx, &store.ReviewChange{Decision: d}); err != nil {
		t.Fatal(err)
	}
	if d.Rev != 1 {
		t.Fatalf("new decision stored at rev %d, want 1", d.Rev)
	}
	again := decisionFixture("1", "C1")
	if err := rv.ApplyReview(ctx, &store.ReviewChange{Decision: again}); !errors.Is(err, store.ErrReviewConflict) {
		t.Fatalf("second create of the same id: %v, want ErrReviewConflict", err)
	}
	d.State = qingfeng.ReviewPending
	if err := rv.ApplyReview(ctx, &store.ReviewChange{Decision: d}); err != nil {
		t.Fatal(err)
	}
	stale := *d
	stale.Rev = 1
	stale.State = qingfeng.ReviewIssued
	if err := rv.ApplyReview(ctx, &store.ReviewChange{Decision: &stale}); !errors.Is(err, store.ErrReviewConflict) {
		t.Fatalf("write on a stale revision: %v, want ErrReviewConflict", err)
	}
	got, err := rv.Decision(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != qingfeng.ReviewPending || got.Rev != 2 || !reflect.DeepEqual(got.Panel, d.Panel) || !got.CreatedAt.Equal(reviewT0) {
		t.Fatalf("read back %+v", got)
	}
	if _, err := rv.Decision(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing decision: %v", err)
	}
}

// testReviewConcurrentWriters: of several writers acting on the same revision, exactly one wins.
func testReviewConcurrentWriters(t *testing.T, rv store.Reviews) {
	ctx := context.Background()
	d := decisionFixture("c", "C1")
	if err := rv.ApplyReview(ctx, &store.ReviewChange{Decision: d}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]error, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := *d
			x.ReviewerID = fmt.Sprint("R", i)
			results[i] = rv.ApplyReview(ctx, &store.ReviewChange{Decision: &x, Trail: []qingfeng.Transition{row("decision", "c", d.CaseNumber, "C1", "agree", false)}})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range results {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, store.ErrReviewConflict):
			t.Fatal(err)
		}
	}
	trail, err := rv.Trail(ctx, store.ReviewTrailFilter{SubjectID: "c"})
	if err != nil {
		t.Fatal(err)
	}
	if won != 1 || len(trail) != 1 {
		t.Fatalf("%d writers won and %d trail rows written, want 1 and 1 (a losing write writes nothing)", won, len(trail))
	}
}

func testReviewFlags(t *testing.T, rv store.Reviews) {
	ctx := context.Background()
	for i, court := range []string{"C1", "C2", "C1"} {
		f := &qingfeng.FourTypeFlag{ID: fmt.Sprint("f", i), CaseNumber: fmt.Sprint("N", i%2), CourtID: court, Type: 2, SubType: "2.1",
			Reason: "当事人众多", Origin: "manual", At: reviewT0, State: qingfeng.FlagActive}
		if err := rv.ApplyReview(ctx, &store.ReviewChange{Flag: f}); err != nil {
			t.Fatal(err)
		}
	}
	f, err := rv.FourTypeFlag(ctx, "f2")
	if err != nil {
		t.Fatal(err)
	}
	f.State = qingfeng.FlagRemovalRequested
	if err := rv.ApplyReview(ctx, &store.ReviewChange{Flag: f}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		f    store.FourTypeFlagFilter
		want []string
	}{
		{store.FourTypeFlagFilter{}, []string{"f0", "f1", "f2"}},
		{store.FourTypeFlagFilter{CourtIDs: []string{"C1"}}, []string{"f0", "f2"}},
		{store.FourTypeFlagFilter{CourtIDs: []string{}}, nil},
		{store.FourTypeFlagFilter{CaseNumber: "N0"}, []string{"f0", "f2"}},
		{store.FourTypeFlagFilter{States: []qingfeng.FlagState{qingfeng.FlagActive}}, []string{"f0", "f1"}},
		{store.FourTypeFlagFilter{AfterID: "f0", Limit: 1}, []string{"f1"}},
	}
	for _, c := range cases {
		got, err := rv.FourTypeFlags(ctx, c.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, x := range got {
			ids = append(ids, x.ID)
		}
		if !reflect.DeepEqual(ids, c.want) {
			t.Errorf("filter %+v: %v, want %v", c.f, ids, c.want)
		}
	}
}

func testRegisterAppendOnly(t *testing.T, rv store.Reviews) {
	ctx := context.Background()
	q := &qingfeng.Enquiry{ID: "q1", CaseNumber: "N", CourtID: "C1", By: "P5", Channel: "phone", Content: "询问进度", RegisteredBy: "P1", At: reviewT0, Source: "api"}
	if err := rv.ApplyReview(ctx, &store.ReviewChange{Enquiry: q}); err != nil {
		t.Fatal(err)
	}
	changed := *q
	changed.Content = "已删除"
	if err := rv.ApplyReview(ctx, &store.ReviewChange{Enquiry: &changed}); !errors.Is(err, store.ErrReviewConflict) {
		t.Fatalf("overwriting a register entry: %v, want ErrReviewConflict", err)
	}
	got, err := rv.Enquiries(ctx, store.EnquiryFilter{CaseNumber: "N"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Content != "询问进度" {
		t.Fatalf("register now %+v", got)
	}
}

func testTrail(t *testing.T, rv store.Reviews) {
	ctx := context.Background()
	var rows []qingfeng.Transition
	for i := range 5 {
		rows = append(rows, row("decision", fmt.Sprint("d", i%2), "N", fmt.Sprint("C", i%2), fmt.Sprint("a", i), i == 3))
	}
	ch := &store.ReviewChange{Trail: rows}
	if err := rv.ApplyReview(ctx, ch); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(ch.Trail); i++ {
		if ch.Trail[i].ID <= ch.Trail[i-1].ID {
			t.Fatalf("trail ids not increasing: %d then %d", ch.Trail[i-1].ID, ch.Trail[i].ID)
		}
	}
	all, err := rv.Trail(ctx, store.ReviewTrailFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 || all[0].Action != "a0" || all[4].Action != "a4" || all[2].ID != ch.Trail[2].ID {
		t.Fatalf("trail read back out of order or without ids: %+v", all)
	}
	refused, _ := rv.Trail(ctx, store.ReviewTrailFilter{RefusedOnly: true})
	if len(refused) != 1 || refused[0].Action != "a3" {
		t.Fatalf("refused rows %+v", refused)
	}
	one, _ := rv.Trail(ctx, store.ReviewTrailFilter{SubjectID: "d1", CourtIDs: []string{"C1"}})
	if len(one) != 2 || one[0].Action != "a1" {
		t.Fatalf("subject and court filter: %+v", one)
	}
	page, _ := rv.Trail(ctx, store.ReviewTrailFilter{AfterID: all[1].ID, Limit: 2})
	if len(page) != 2 || page[0].Action != "a2" {
		t.Fatalf("paging: %+v", page)
	}
}

// testReviewAtomic: a change whose decision conflicts writes none of its parts.
func testReviewAtomic(t *testing.T, rv store.Reviews) {
	ctx := context.Background()
	d := decisionFixture("a", "C1")
	if err := rv.ApplyReview(ctx, &store.ReviewChange{Decision: d}); err != nil {
		t.Fatal(err)
	}
	stale := *d
	stale.Rev = 0
	f := &qingfeng.FourTypeFlag{ID: "fa", CaseNumber: d.CaseNumber, CourtID: "C1", Type: 1, SubType: "1.2", Reason: "x", Origin: "manual", State: qingfeng.FlagActive}
	q := &qingfeng.Enquiry{ID: "qa", CaseNumber: d.CaseNumber, CourtID: "C1", Source: "api"}
	err := rv.ApplyReview(ctx, &store.ReviewChange{Decision: &stale, Flag: f, Enquiry: q,
		Trail: []qingfeng.Transition{row("decision", "a", d.CaseNumber, "C1", "x", false)}})
	if !errors.Is(err, store.ErrReviewConflict) {
		t.Fatalf("conflicting change: %v", err)
	}
	fs, _ := rv.FourTypeFlags(ctx, store.FourTypeFlagFilter{})
	qs, _ := rv.Enquiries(ctx, store.EnquiryFilter{})
	tr, _ := rv.Trail(ctx, store.ReviewTrailFilter{})
	if len(fs)+len(qs)+len(tr) != 0 {
		t.Fatalf("a refused change left %d flags, %d entries, %d trail rows", len(fs), len(qs), len(tr))
	}
}

func testReplaceDerived(t *testing.T, rv store.Reviews) {
	ctx := context.Background()
	const n = "（2024）闽0102民初7号"
	api := decisionFixture("api-1", "C1")
	api.CaseNumber = n
	if err := rv.ApplyReview(ctx, &store.ReviewChange{Decision: api, Trail: []qingfeng.Transition{row("decision", "api-1", n, "C1", "create", false)}}); err != nil {
		t.Fatal(err)
	}
	derived := func(state qingfeng.ReviewState, rows int) *store.DerivedReview {
		d := *decisionFixture("ev-"+n, "C1")
		d.CaseNumber, d.Source, d.State = n, "event", state
		out := &store.DerivedReview{
			Decisions: []qingfeng.Decision{d},
			Flags:     []qingfeng.FourTypeFlag{{ID: "src-" + n + "-1.2", CaseNumber: n, CourtID: "C1", Type: 1, SubType: "1.2", Origin: "source", State: qingfeng.FlagActive}},
			Enquiries: []qingfeng.Enquiry{{ID: "ev-" + n + "-1", CaseNumber: n, CourtID: "C1", Source: "event"}},
		}
		for i := range rows {
			r := row("decision", d.ID, n, "C1", fmt.Sprint("e", i), i == 0)
			r.Source = "event:review_submitted@x"
			out.Trail = append(out.Trail, r)
		}
		return out
	}
	if err := rv.ReplaceDerived(ctx, n, derived(qingfeng.ReviewPending, 3)); err != nil {
		t.Fatal(err)
	}
	if err := rv.ReplaceDerived(ctx, n, derived(qingfeng.ReviewApproved, 2)); err != nil {
		t.Fatal(err)
	}
	ds, _ := rv.Decisions(ctx, store.DecisionFilter{CaseNumber: n})
	if len(ds) != 2 {
		t.Fatalf("%d decisions, want the API one and the derived one", len(ds))
	}
	ev, _ := rv.Decisions(ctx, store.DecisionFilter{CaseNumber: n, Source: "event"})
	if len(ev) != 1 || ev[0].State != qingfeng.ReviewApproved {
		t.Fatalf("derived decision not replaced: %+v", ev)
	}
	fs, _ := rv.FourTypeFlags(ctx, store.FourTypeFlagFilter{CaseNumber: n})
	qs, _ := rv.Enquiries(ctx, store.EnquiryFilter{CaseNumber: n})
	tr, _ := rv.Trail(ctx, store.ReviewTrailFilter{CaseNumber: n})
	if len(fs) != 1 || len(qs) != 1 || len(tr) != 3 {
		t.Fatalf("after replacing: %d flags, %d entries, %d trail rows; want 1, 1, 3 (the API row kept)", len(fs), len(qs), len(tr))
	}
	cases, _ := rv.ReviewCases(ctx)
	if !reflect.DeepEqual(cases, []string{n}) {
		t.Fatalf("review cases %v", cases)
	}
}

func testReviewCursor(t *testing.T, rv store.Reviews) {
	ctx := context.Background()
	if seq, err := rv.ReviewCursor(ctx); err != nil || seq != 0 {
		t.Fatalf("fresh cursor %d, %v", seq, err)
	}
	for _, want := range []int64{42, 7} {
		if err := rv.SetReviewCursor(ctx, want); err != nil {
			t.Fatal(err)
		}
		if seq, _ := rv.ReviewCursor(ctx); seq != want {
			t.Fatalf("cursor %d, want %d", seq, want)
		}
	}
}
