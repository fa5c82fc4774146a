package gen

import (
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/defs"
)

// The province's figures land where gen/README.md says they should. Each figure is computed
// from the files, the way the indicator engine would, not from the generator's own counters.
func TestCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 20,000 matters")
	}
	d := generated(t, "calibration", smallConfig(20000))
	asOf := d.asOf(t)
	children := map[string][]*qingfeng.Case{}
	for _, c := range d.cases {
		if c.OriginNumber != "" {
			children[c.OriginNumber] = append(children[c.OriginNumber], c)
		}
	}
	var treeSize func(num string) int
	treeSize = func(num string) int {
		n := 1
		for _, k := range children[num] {
			n += treeSize(k.Number)
		}
		return n
	}
	r := map[string]*ratio{}
	add := func(name string, num, den bool) {
		if r[name] == nil {
			r[name] = &ratio{}
		}
		if den {
			r[name].den++
			if num {
				r[name].num++
			}
		}
	}
	lim, err := calendar.LoadLimits(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range d.cases {
		y := c.FiledOn.Year()
		if c.OriginNumber == "" && y >= 2022 && y <= 2024 {
			r["case_ratio"] = addTo(r["case_ratio"], float64(treeSize(c.Number)), 1)
		}
		closed := !c.ClosedOn.IsZero()
		appealed, reversed := false, false
		for _, k := range children[c.Number] {
			if k.Stage == qingfeng.StageSecondInstance {
				appealed = true
				if !k.ClosedOn.IsZero() && (k.Outcome == qingfeng.OutReversed || k.Outcome == qingfeng.OutPartlyReversed || k.Outcome == qingfeng.OutRemanded) {
					reversed = true
				}
			}
		}
		switch {
		case c.Category == qingfeng.CatCivil && c.Stage == qingfeng.StageFirstInstance:
			add("civil_appeal_rate", appealed, closed && c.Appealable && c.ClosedOn.AddDays(60) < asOf)
			decided := c.ClosingMethod == qingfeng.CloseJudgment || c.ClosingMethod == qingfeng.CloseRuling || c.ClosingMethod == qingfeng.CloseDismissal
			add("first_instance_reversal", reversed, closed && decided && c.ClosedOn.AddDays(200) < asOf)
			add("mediation_withdrawal", c.ClosingMethod == qingfeng.CloseMediation || c.ClosingMethod == qingfeng.CloseWithdrawal, closed)
			if d.courts[c.CourtID].Level == qingfeng.LevelBasic && c.OriginNumber == "" {
				add("basic_simplified_share", c.Procedure == qingfeng.ProcSimplified || c.Procedure == qingfeng.ProcSmallClaims, true)
			}
		case c.Category == qingfeng.CatCriminal && c.Stage == qingfeng.StageFirstInstance && c.OriginNumber == "":
			add("fast_track_share", c.Procedure == qingfeng.ProcFastTrack, true)
		case c.Stage == qingfeng.StageSecondInstance:
			add("second_instance_hearing", c.HearingOpen, closed)
		case c.Stage == qingfeng.StageEnforcementFirst:
			add("enforcement_completed", c.ClosingMethod == qingfeng.CloseEnforcementCompleted, closed)
			add("terminated_this_round", c.ClosingMethod == qingfeng.CloseTerminatedThisRound, closed)
		}
		if c.Stage.IsEnforcement() && closed && c.AmountApplied > 0 {
			r["recovery"] = addTo(r["recovery"], float64(c.AmountRecovered), float64(c.AmountApplied))
		}
		if c.Stage.IsTrial() {
			plain := make([]qingfeng.Event, len(d.events[c.Number]))
			for i, e := range d.events[c.Number] {
				plain[i] = *e
			}
			st := calendar.Clock(c, d.cases[c.OriginNumber], plain, asOf, lim, nil)
			if closed && st.HasLimit {
				add("within_limit", st.WithinLimit, true)
			}
			if c.Pending(asOf) {
				add("pending_over_12_months", st.Age > 365, true)
			}
		}
	}
	success := 0
	concluded := 0
	for _, m := range d.meds {
		if !m.ConcludedOn.IsZero() {
			concluded++
			if m.Success {
				success++
			}
		}
	}
	r["mediation_success"] = &ratio{float64(success), float64(concluded)}

	want := []struct {
		name     string
		lo, hi   float64
		provides string
	}{
		{"case_ratio", 1.30, 1.50, "案-件比 of the 2022–2024 cohort"},
		{"civil_appeal_rate", 0.07, 0.11, "civil appeals per appealable first-instance closing"},
		{"first_instance_reversal", 0.005, 0.03, "Q1: first instances reversed or remanded"},
		{"basic_simplified_share", 0.60, 0.80, "simplified and small-claims share at basic courts"},
		{"mediation_withdrawal", 0.40, 0.56, "F5: civil first instances closed by mediation or withdrawal"},
		{"fast_track_share", 0.12, 0.30, "fast-track share of criminal first instances"},
		{"second_instance_hearing", 0.18, 0.40, "Q3: second instances heard in open court"},
		{"enforcement_completed", 0.40, 0.60, "F7: first enforcements completed"},
		{"terminated_this_round", 0.30, 0.46, "F8: first enforcements closed by 终本"},
		{"recovery", 0.35, 0.70, "F6: amount recovered over amount applied"},
		{"mediation_success", 0.55, 0.75, "F10: pre-filing mediations that succeed"},
		{"within_limit", 0.97, 0.9999, "E1: trial proceedings closed within their limit"},
		{"pending_over_12_months", 0, 0.03, "E2: pending trial proceedings older than a year"},
	}
	for _, w := range want {
		v := r[w.name]
		if v == nil || v.den == 0 {
			t.Errorf("%s: nothing to measure", w.name)
			continue
		}
		got := v.num / v.den
		t.Logf("%-24s %.4f (n=%.0f) %s", w.name, got, v.den, w.provides)
		if got < w.lo || got > w.hi {
			t.Errorf("%s = %.4f, want %.3f–%.3f (%s)", w.name, got, w.lo, w.hi, w.provides)
		}
	}
}

type ratio struct{ num, den float64 }

func addTo(r *ratio, num, den float64) *ratio {
	if r == nil {
		r = &ratio{}
	}
	r.num += num
	r.den += den
	return r
}
