package review

import (
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
)

func benchCase() (*qingfeng.Case, []qingfeng.Event) {
	c := civilCase(12)
	c.Flags.FourType = []string{"2.1"}
	c.ClosedOn = qingfeng.NewDate(2024, 3, 20)
	return c, []qingfeng.Event{
		ev(2, 9, "four_type_flagged", filingF, "type", "1.2", "reason", "发回重审", "by", filingF),
		ev(4, 9, "review_submitted", judgeJ, "reviewer_id", deputyDC, "document_version", 1),
		ev(5, 9, "review_disagreed", deputyDC, "measure", "reconsider", "reason", "说理不足"),
		ev(7, 9, "panel_reconsidered", judgeJ, "result", "changed"),
		ev(7, 9, "document_edited", judgeJ, "by", judgeJ, "part", "reasoning"),
		ev(7, 10, "review_submitted", judgeJ, "reviewer_id", deputyDC, "document_version", 2),
		ev(8, 9, "document_edited", chiefCH, "by", chiefCH, "part", "operative"),
		ev(9, 9, "review_agreed", deputyDC),
		ev(9, 10, "interference_logged", vpVP, "by", vpVP, "content", "询问进度"),
	}
}

// BenchmarkReplay: one proceeding's review events through the state machine, trail included.
func BenchmarkReplay(b *testing.B) {
	c, events := benchCase()
	rt, _ := LoadRouting(defs.Default())
	in := CaseInput{Case: c, Events: events, People: people(), Routing: rt.For("C1")}
	b.ReportAllocs()
	for b.Loop() {
		Replay(in)
	}
}

// BenchmarkReplayAnchor is the plain check the generator's tests make for the same two
// findings (an operative edit outside the panel; a flagged case closed without an agreement):
// the cost of reading the events once, without a machine or a trail.
func BenchmarkReplayAnchor(b *testing.B) {
	c, events := benchCase()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		agreed := false
		for i := range events {
			e := &events[i]
			switch e.Type {
			case "review_agreed":
				agreed = agreed || e.Date() <= c.ClosedOn
			case "document_edited":
				if e.Str("part") == "operative" && !contains(c.Panel, e.Str("by")) {
					n++
				}
			}
		}
		if len(c.Flags.FourType) > 0 && !agreed {
			n++
		}
	}
	_ = n
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// BenchmarkIdentify: the nine identification rules over one proceeding.
func BenchmarkIdentify(b *testing.B) {
	rs, err := LoadRules(defs.Default())
	if err != nil {
		b.Fatal(err)
	}
	c, events := benchCase()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rs.Identify(c, nil, events, qingfeng.NewDate(2024, 9, 30)); err != nil {
			b.Fatal(err)
		}
	}
}
