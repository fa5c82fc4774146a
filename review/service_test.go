package review

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// TestServiceRandomActionsLeaveATrail drives decisions through the service on a real SQLite
// store with random people taking offered and random actions: every attempt leaves exactly one
// trail row, and the stored decision with its stored trail keeps every invariant.
func TestServiceRandomActionsLeaveATrail(t *testing.T) {
	f := newFixture(t, civilCase(12))
	ctx := context.Background()
	if _, err := f.svc.Flag(ctx, actor(filingF), FlagInput{CaseNumber: caseNo, SubType: "2.1", Reason: "当事人十人以上"}); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 5))
	attempts := map[string]int{}
	var ids []string
	for range 6 {
		d, err := f.svc.Draft(ctx, actor(judgeJ), DraftInput{CaseNumber: caseNo, Kind: "judgment", Operative: "驳回诉讼请求"})
		if err != nil {
			t.Fatal(err)
		}
		if !d.ReviewRequired || d.ReviewerID != deputyDC {
			t.Fatalf("draft of a flagged case: required %v, reviewer %q (want DC by rank)", d.ReviewRequired, d.ReviewerID)
		}
		ids = append(ids, d.ID)
	}
	for range 600 {
		id := ids[r.IntN(len(ids))]
		d, err := f.st.Decision(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		a := actor([]string{judgeJ, panelP2, deputyDC, presPR, memberCM, chiefL, clerkX}[r.IntN(7)])
		c := randomCommand(r)
		if offered := Allowed(d, a, DefaultPolicy); len(offered) > 0 && r.IntN(2) == 0 {
			c.Action = offered[r.IntN(len(offered))]
		}
		_, err = f.svc.Act(ctx, a, id, c)
		if _, refused := AsRefusal(err); err != nil && !refused {
			t.Fatal(err)
		}
		attempts[id]++
	}
	issued := 0
	for _, id := range ids {
		d, _ := f.st.Decision(ctx, id)
		trail, err := f.st.Trail(ctx, store.ReviewTrailFilter{SubjectID: id})
		if err != nil {
			t.Fatal(err)
		}
		if len(trail) != attempts[id]+1 {
			t.Fatalf("%s: %d trail rows for %d attempts and the draft", id, len(trail), attempts[id])
		}
		if v := Verify(d, trail); len(v) > 0 {
			t.Fatalf("%s: %+v", id, v)
		}
		if d.State == qingfeng.ReviewIssued {
			issued++
		}
	}
	if issued == 0 {
		t.Fatal("no decision was issued: the walk is too shallow to test issuing")
	}
	// A 院庭长 outside the review who tried to act is in the register.
	qs, _ := f.st.Enquiries(ctx, store.EnquiryFilter{CaseNumber: caseNo})
	refusedI7, _ := f.st.Trail(ctx, store.ReviewTrailFilter{RefusedOnly: true})
	n := 0
	for _, row := range refusedI7 {
		if row.Code == CodeI7 && row.Subject == "decision" {
			n++
		}
	}
	if n == 0 || len(qs) != n {
		t.Fatalf("%d I7 refusals on decisions, %d register entries: want one entry each", n, len(qs))
	}
}

// TestSourceDecisionsAreReadOnlyThroughTheAPI: a decision a court's case system drives through
// events cannot be moved through the API, and stays inside its court.
func TestSourceDecisionsAreReadOnlyThroughTheAPI(t *testing.T) {
	f := newFixture(t, civilCase(2))
	ctx := context.Background()
	d := NewDecision("ev-"+caseNo, civilCase(2), "judgment", actor(judgeJ), f.clock.now())
	d.Source = "event"
	if err := f.st.ReplaceDerived(ctx, caseNo, &store.DerivedReview{Decisions: []qingfeng.Decision{*d}}); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.Act(ctx, actor(judgeJ), d.ID, Command{Action: ActIssue})
	if r, ok := AsRefusal(err); !ok || r.Code != CodeState {
		t.Fatalf("acting on a source system's decision: %v", err)
	}
	if _, err := f.svc.Get(ctx, actor(otherO), d.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another court read the decision: %v", err)
	}
}
