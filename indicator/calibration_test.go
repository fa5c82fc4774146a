package indicator

import (
	"math"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/defs"
)

// The engine reproduces the generator's calibration figures (gen/README.md) for the whole
// province in 2024, and each equals the same figure computed a second way: straight from the
// records, case by case, with the calendar's clock — no engine code involved.
func TestCalibration(t *testing.T) {
	changes := readChanges(t, province(t, 6000, 7))
	e := buildFrom(t, changes)

	// The records as a projection would hold them: the last record of each number, the last
	// revision of each event.
	cases := map[string]*qingfeng.Case{}
	evByKey := map[qingfeng.Key]*qingfeng.Event{}
	var meds []*qingfeng.Mediation
	for _, ch := range changes {
		switch v := ch.Value.(type) {
		case *qingfeng.Case:
			cases[v.Number] = v
		case *qingfeng.Event:
			evByKey[ch.Key] = v
		case *qingfeng.Mediation:
			meds = append(meds, v)
		}
	}
	events := map[string][]qingfeng.Event{}
	for _, ev := range evByKey {
		events[ev.CaseNumber] = append(events[ev.CaseNumber], *ev)
	}
	children := map[string][]string{}
	for _, c := range cases {
		if c.OriginNumber != "" {
			children[c.OriginNumber] = append(children[c.OriginNumber], c.Number)
		}
	}
	var size func(string) int
	size = func(n string) int {
		s := 1
		for _, k := range children[n] {
			s += size(k)
		}
		return s
	}
	lim, err := calendar.LoadLimits(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	cal, err := calendar.LoadCalendar(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := qingfeng.MustDate("2024-01-01"), qingfeng.MustDate("2024-12-31")
	in := func(d qingfeng.Date) bool { return d >= lo && d <= hi }
	type r struct{ num, den float64 }
	got := map[string]*r{}
	add := func(id string, num, den float64) {
		if got[id] == nil {
			got[id] = &r{}
		}
		got[id].num += num
		got[id].den += den
	}
	b := func(x bool) float64 {
		if x {
			return 1
		}
		return 0
	}
	reversed := func(o qingfeng.Outcome) bool {
		return o == qingfeng.OutReversed || o == qingfeng.OutPartlyReversed || o == qingfeng.OutRemanded
	}
	for _, c := range cases {
		origin := cases[c.OriginNumber]
		closed := c.ClosedOn != 0 && in(c.ClosedOn)
		if c.OriginNumber == "" && in(c.FiledOn) {
			add("F1", float64(size(c.Number)), 1)
		}
		switch c.Stage {
		case qingfeng.StageFirstInstance:
			if closed && (c.ClosingMethod == qingfeng.CloseJudgment || c.ClosingMethod == qingfeng.CloseRuling) {
				add("Q1", 0, 1)
			}
			if closed && c.Appealable {
				add("F2", 0, 1)
			}
			if closed && c.Category == qingfeng.CatCivil {
				add("F5", b(c.ClosingMethod == qingfeng.CloseMediation || c.ClosingMethod == qingfeng.CloseWithdrawal), 1)
			}
		case qingfeng.StageSecondInstance:
			if closed {
				add("Q3", b(c.HearingOpen), 1)
				if origin != nil && origin.Stage == qingfeng.StageFirstInstance && reversed(c.Outcome) {
					add("Q1", 1, 0)
				}
			}
			if in(c.FiledOn) && origin != nil && origin.Stage == qingfeng.StageFirstInstance {
				add("F2", 1, 0)
			}
		case qingfeng.StageEnforcementFirst:
			if closed {
				add("F7", b(c.ClosingMethod == qingfeng.CloseEnforcementCompleted), 1)
				add("F8", b(c.ClosingMethod == qingfeng.CloseTerminatedThisRound), 1)
			}
		}
		if c.Stage.IsEnforcement() && closed {
			add("F6", float64(c.AmountRecovered)/100, float64(c.AmountApplied)/100)
		}
		if c.Stage.IsTrial() {
			if closed {
				st := calendar.Clock(c, origin, events[c.Number], 0, lim, cal)
				if st.HasLimit {
					add("E1", b(st.WithinLimit), 1)
				}
				add("E3", float64(st.Age), 1)
			}
			if c.FiledOn <= hi && (c.ClosedOn == 0 || c.ClosedOn > hi) {
				add("E2", b(calendar.Clock(c, origin, events[c.Number], hi, lim, cal).Age > 365), 1)
			}
		}
	}
	for _, m := range meds {
		if m.ConcludedOn != 0 && in(m.ConcludedOn) {
			add("F10", b(m.Success), 1)
		}
	}
	// The bands are gen/README.md's calibration tolerances; F2 and Q1 cover every category
	// here (the README's figures are civil), so their bands are a little wider.
	bands := map[string][2]float64{
		"F1": {1.30, 1.50}, "F2": {5, 13}, "Q1": {0.5, 3}, "Q3": {18, 40}, "F5": {40, 56}, "F7": {40, 60},
		"F8": {30, 46}, "F6": {35, 70}, "F10": {55, 75}, "E1": {97, 99.99}, "E2": {0, 3}, "E3": {20, 120},
	}
	top := UnitRef{Kind: UnitCourt, ID: e.TopCourt()}
	for id, band := range bands {
		v, err := e.Value(Query{Pack: "spc-2024-09", Indicator: id, Unit: top, Period: Period{Kind: Year, Year: 2024}})
		if err != nil {
			t.Fatal(err)
		}
		w := got[id]
		if w == nil || math.Abs(v.Numerator-w.num) > 1e-6 || math.Abs(v.Denominator-w.den) > 1e-6 {
			t.Errorf("%s: engine %v/%v, case by case %+v", id, v.Numerator, v.Denominator, w)
			continue
		}
		t.Logf("%-4s %s (%v/%v)", id, v.Display, v.Numerator, v.Denominator)
		if v.Value == nil || *v.Value < band[0] || *v.Value > band[1] {
			t.Errorf("%s = %s, outside the calibration band %v", id, v.Display, band)
		}
	}
}
