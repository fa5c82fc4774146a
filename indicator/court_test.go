package indicator

import (
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
)

// TestCourtFromDivision checks the court a proceeding is counted for when its court is read
// from its division: a record naming another court, or none, or no division; a division whose
// record arrives after its proceedings; a division moved to another court later, which must
// not move the proceedings its cases already named.
func TestCourtFromDivision(t *testing.T) {
	seq := int64(0)
	ch := func(kind qingfeng.Kind, id string, v any) feed.Change {
		seq++
		return feed.Change{Seq: seq, Key: qingfeng.Key{Kind: kind, Src: "t", SrcID: id}, Value: v}
	}
	day := qingfeng.NewDate(2024, 3, 1)
	cs := func(n, court, div string) feed.Change {
		return ch(qingfeng.KindCase, n, &qingfeng.Case{Number: n, CourtID: court, DivisionID: div,
			Category: qingfeng.Categories[0], Stage: qingfeng.Stages[0], FiledOn: day})
	}
	e := newTestEngine(t)
	b := e.Build()
	for _, c := range []feed.Change{
		ch(qingfeng.KindCourt, "A", &qingfeng.Court{ID: "A", Code: "闽01"}),
		ch(qingfeng.KindCourt, "B", &qingfeng.Court{ID: "B", Code: "闽02", ParentID: "A"}),
		cs("（2024）闽01民初1号", "A", "late"), // its division's record comes later
		ch(qingfeng.KindDivision, "late", &qingfeng.Division{ID: "late", CourtID: "A"}),
		ch(qingfeng.KindDivision, "d", &qingfeng.Division{ID: "d", CourtID: "A"}),
		cs("（2024）闽01民初2号", "A", "d"),
		cs("（2024）闽02民初3号", "B", "d"), // another court's case in d
		cs("（2024）闽01民初4号", "A", ""),  // no division
		cs("（2024）闽01民初5号", "", "d"),  // no court
	} {
		b.Add(c)
	}
	b.Finish()
	want := map[string]string{"（2024）闽01民初1号": "A", "（2024）闽01民初2号": "A", "（2024）闽02民初3号": "B",
		"（2024）闽01民初4号": "A", "（2024）闽01民初5号": ""}
	check := func(when string) {
		t.Helper()
		for n, c := range want {
			got := ""
			if i := e.court(e.nums.find(n)); i >= 0 {
				got = e.u.courts[i].ID
			}
			if got != c {
				t.Errorf("%s: %s is in court %q, want %q", when, n, got, c)
			}
		}
	}
	check("after the load")
	if x := len(e.p.courtX); x != 3 { // numbers 3, 4 and 5; 1 is its division's again
		t.Errorf("after the load %d courts kept by row, want 3", x)
	}
	before := dump(e)
	if err := e.Apply([]feed.Change{ch(qingfeng.KindDivision, "d", &qingfeng.Division{ID: "d", CourtID: "B"})}); err != nil {
		t.Fatal(err)
	}
	check("after division d moved to court B")
	sameDump(t, 1, dump(e), before)
	if err := e.Apply([]feed.Change{cs("（2024）闽01民初6号", "B", "d")}); err != nil {
		t.Fatal(err)
	}
	want["（2024）闽01民初6号"] = "B"
	check("after a case of court B in d")
	live := dump(e)
	e.rebuild()
	sameDump(t, 2, live, dump(e))
}
