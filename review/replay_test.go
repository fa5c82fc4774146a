package review

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
)

func people() map[string]*qingfeng.Person {
	out := map[string]*qingfeng.Person{}
	for id := range staff {
		a := actor(id)
		out[id] = &qingfeng.Person{ID: id, CourtID: a.CourtID, DivisionID: divisionOf[id], Roles: a.Roles}
	}
	return out
}

func ev(day int, hour int, typ, actorID string, attrs ...any) qingfeng.Event {
	e := qingfeng.Event{CaseNumber: caseNo, Type: typ, ActorID: actorID, At: time.Date(2024, 3, day, hour, 0, 0, 0, chinaTime), Attrs: map[string]any{}}
	for i := 0; i+1 < len(attrs); i += 2 {
		e.Attrs[attrs[i].(string)] = attrs[i+1]
	}
	return e
}

func replayed(t *testing.T, c *qingfeng.Case, events []qingfeng.Event) ([]string, *qingfeng.Decision) {
	t.Helper()
	rt, err := LoadRouting(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	d := Replay(CaseInput{Case: c, Events: events, People: people(), Routing: rt.For(c.CourtID)})
	var codes []string
	for _, r := range d.Trail {
		if r.Refused {
			codes = append(codes, RuleOf(r))
		}
	}
	var dec *qingfeng.Decision
	if len(d.Decisions) > 0 {
		dec = &d.Decisions[0]
	}
	return codes, dec
}

func TestReplayReportsBreaches(t *testing.T) {
	flagged := civilCase(12)
	flagged.Flags.FourType = []string{"2.1"}
	flagged.ClosedOn = qingfeng.NewDate(2024, 3, 20)
	review := []qingfeng.Event{
		ev(4, 9, "review_submitted", judgeJ, "reviewer_id", deputyDC, "document_version", 1),
		ev(6, 9, "review_agreed", deputyDC),
	}
	cases := []struct {
		name   string
		c      *qingfeng.Case
		events []qingfeng.Event
		want   []string
		state  qingfeng.ReviewState
	}{
		{"reviewed and issued", flagged, review, nil, qingfeng.ReviewIssued},
		{"never reviewed", flagged, nil, []string{"C3-I3"}, qingfeng.ReviewDrafted},
		{"agreed after closing", flagged, []qingfeng.Event{review[0], ev(22, 9, "review_agreed", deputyDC)}, []string{"C3-I3"}, qingfeng.ReviewApproved},
		{"reviewer edits the operative part", flagged, []qingfeng.Event{review[0],
			ev(5, 9, "document_edited", deputyDC, "by", deputyDC, "part", "operative"), review[1]}, []string{"R-32"}, qingfeng.ReviewIssued},
		{"committee without the president", flagged, []qingfeng.Event{review[0],
			ev(5, 9, "review_disagreed", deputyDC, "measure", "committee", "reason", "分歧"),
			ev(7, 9, "committee_decided", memberCM, "decision", "维持合议庭意见")}, []string{"I4", "C3-I3"}, qingfeng.ReviewReferredCommittee},
		{"committee changes the result, panel carries it out", flagged, []qingfeng.Event{review[0],
			ev(5, 9, "review_disagreed", deputyDC, "measure", "committee", "reason", "分歧"),
			ev(6, 9, "committee_approved_by", presPR, "president_id", presPR),
			ev(8, 9, "committee_decided", presPR, "decision", "改变合议庭意见"),
			ev(8, 10, "document_edited", judgeJ, "by", judgeJ, "part", "operative"),
			ev(8, 11, "review_submitted", judgeJ, "reviewer_id", deputyDC, "document_version", 2),
			ev(9, 9, "review_agreed", deputyDC)}, nil, qingfeng.ReviewIssued},
		{"committee changes the result, panel ignores it", flagged, []qingfeng.Event{review[0],
			ev(5, 9, "review_disagreed", deputyDC, "measure", "committee", "reason", "分歧"),
			ev(6, 9, "committee_approved_by", presPR, "president_id", presPR),
			ev(8, 9, "committee_decided", presPR, "decision", "改变合议庭意见"),
			ev(8, 11, "review_submitted", judgeJ, "reviewer_id", deputyDC, "document_version", 2)}, []string{"I1", "I1"}, qingfeng.ReviewCommitteeDecided},
		{"unflagged by one person", flagged, append([]qingfeng.Event{ev(2, 9, "four_type_unflagged", chiefCH, "by", chiefCH)}, review...), []string{"I6"}, qingfeng.ReviewIssued},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, d := replayed(t, tc.c, tc.events)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("findings %v, want %v", got, tc.want)
			}
			if d == nil || d.State != tc.state {
				t.Fatalf("decision %+v, want state %s", d, tc.state)
			}
		})
	}
	// Unflagged by two people, the case no longer needs review: closing without one is fine.
	got, _ := replayed(t, flagged, []qingfeng.Event{ev(2, 9, "four_type_unflagged", chiefCH, "by", chiefCH, "approver_id", presPR)})
	if len(got) != 0 {
		t.Fatalf("closing after an approved unflag: %v", got)
	}
}

// TestReplayIgnoresArrivalOrder: the same events in any order give the same projection.
func TestReplayIgnoresArrivalOrder(t *testing.T) {
	c := civilCase(12)
	c.Flags.FourType = []string{"2.1"}
	c.ClosedOn = qingfeng.NewDate(2024, 3, 20)
	events := []qingfeng.Event{
		ev(2, 9, "four_type_flagged", filingF, "type", "1.2", "reason", "发回重审", "by", filingF),
		ev(4, 9, "review_submitted", judgeJ, "reviewer_id", deputyDC, "document_version", 1),
		ev(5, 9, "review_disagreed", deputyDC, "measure", "reconsider", "reason", "说理不足"),
		ev(7, 9, "panel_reconsidered", judgeJ, "result", "maintained"),
		ev(7, 10, "review_submitted", judgeJ, "reviewer_id", deputyDC, "document_version", 2),
		ev(8, 9, "document_edited", chiefCH, "by", chiefCH, "part", "operative"),
		ev(9, 9, "review_agreed", deputyDC),
		ev(9, 10, "interference_logged", vpVP, "by", vpVP, "content", "询问进度"),
	}
	rt, _ := LoadRouting(defs.Default())
	want := Replay(CaseInput{Case: c, Events: events, People: people(), Routing: rt.For("C1")})
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := append([]qingfeng.Event(nil), events...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := Replay(CaseInput{Case: c, Events: shuffled, People: people(), Routing: rt.For("C1")})
		if !reflect.DeepEqual(got, want) {
			t.Fatal("a different arrival order gave a different projection")
		}
	}
	if want.Decisions[0].State != qingfeng.ReviewIssued || len(want.Enquiries) != 1 || len(want.Flags) != 2 {
		t.Fatalf("projection %+v", want)
	}
}
