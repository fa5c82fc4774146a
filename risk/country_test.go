package risk

import (
	"context"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/risk/anchor"
)

// Rules apply by the country of the proceeding's court: a proceeding the Chinese rules find
// fault with is left alone once its court turns out to be a US one (a court's record revised
// after its proceedings arrived), and judged again when the court is Chinese once more.
func TestCourtCountryScopesRules(t *testing.T) {
	pack, cal, lim := tables(t)
	mem := anchor.NewMemory()
	now := qingfeng.MustDate("2024-06-30")
	e := NewEngine(pack, mem, cal, lim, Options{Now: func() qingfeng.Date { return now }, Rules: []string{"R-05", "DK-01"}})
	e.loaded = true
	ctx := context.Background()
	seq := int64(0)
	change := func(v any, id string) feed.Change {
		seq++
		return feed.Change{Seq: seq, Key: qingfeng.Key{Kind: qingfeng.KindOf(v), Src: "t", SrcID: id}, Value: v}
	}
	court := func(country string) feed.Change {
		return change(&qingfeng.Court{ID: "C1", Code: "x", Name: "x", Level: qingfeng.LevelBasic, Country: country}, "C1")
	}
	c := &qingfeng.Case{Number: "C1:24-cv-1", CourtID: "C1", Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance,
		Procedure: qingfeng.ProcOrdinary, FiledOn: qingfeng.MustDate("2024-01-10")}
	raised := func() []string {
		var out []string
		for _, w := range mem.Raised() {
			out = append(out, w.Rule)
		}
		return out
	}
	for i, step := range []struct {
		changes []feed.Change
		want    string
	}{
		{[]feed.Change{court(""), change(c, "case")}, "R-05"}, // never assigned: a Chinese court's fault
		{[]feed.Change{court("US")}, ""},
		{[]feed.Change{court("CN")}, "R-05"},
	} {
		if err := e.Apply(ctx, step.changes); err != nil {
			t.Fatal(err)
		}
		got := raised()
		if step.want == "" && len(got) != 0 || step.want != "" && (len(got) != 1 || got[0] != step.want) {
			t.Errorf("step %d: raised %v, want %q", i, got, step.want)
		}
	}
}
