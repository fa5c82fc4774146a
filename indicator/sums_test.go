package indicator

import (
	"math"
	"testing"

	"github.com/qingfeng-court/qingfeng/i18n"
)

// A court's numerator and denominator are its own plus the sums over the courts directly
// below it, for every indicator, period kind and court; and the one-pass table gives the same
// numbers as the per-value queries for courts, divisions and judges.
func TestParentsSumChildrenAndTableAgrees(t *testing.T) {
	e := buildFrom(t, readChanges(t, province(t, 1500, 13)))
	periods := []Period{{Kind: Year, Year: 2024}, {Kind: Quarter, Year: 2025, N: 2}, {Kind: Month, Year: 2023, N: 7}, {Kind: YTD, Year: 2024, N: 9}}
	checked := 0
	for _, pid := range e.PackIDs() {
		pk, _ := e.Pack(pid)
		for k := range pk.Indicators {
			ci := e.inds[pid][pk.Indicators[k].ID]
			for _, p := range periods {
				for c := range e.u.courts {
					kids := e.u.courts[c].children
					if len(kids) == 0 {
						continue
					}
					num, den := e.raw(ci, unitSel{kind: kCourt, members: []int32{int32(c)}}, p)
					for _, ch := range kids {
						n, d := e.raw(ci, unitSel{kind: kCourt, members: e.u.subtree(ch)}, p)
						num, den = num+n, den+d
					}
					pn, pd := e.raw(ci, unitSel{kind: kCourt, members: e.u.subtree(int32(c))}, p)
					if math.Abs(pn-num) > 1e-6 || math.Abs(pd-den) > 1e-6 {
						t.Fatalf("%s %s %s court %s: %v/%v, own and children sum to %v/%v", pid, ci.ind.ID, p, e.u.courts[c].ID, pn, pd, num, den)
					}
					checked++
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d parent checks", checked)
	}

	tables, err := e.ComputeAll("spc-2024-09", 2024)
	if err != nil {
		t.Fatal(err)
	}
	for kind, tb := range tables {
		for _, pi := range []int{2, 13, 16, 25} { // March, Q2, the year, YTD September
			p := tb.Periods[pi]
			for ui, u := range tb.Units {
				if ui%7 != 0 { // a sample keeps the test short
					continue
				}
				ref := UnitRef{Kind: unitKinds[kind], ID: e.u.info(unitKinds[kind], u).ID}
				for k, ci := range tb.inds {
					n, d := tb.Raw(ui, pi, k)
					v, err := e.Value(Query{Pack: "spc-2024-09", Indicator: ci.ind.ID, Unit: ref, Period: p})
					if err != nil {
						t.Fatal(err)
					}
					if math.Abs(v.Numerator-n) > 1e-6 || math.Abs(v.Denominator-d) > 1e-6 {
						t.Fatalf("%s %s %s %s: table %v/%v, query %v/%v", ref.Kind, ref.ID, p, ci.ind.ID, n, d, v.Numerator, v.Denominator)
					}
				}
			}
		}
	}
	// The ledger of a value lists exactly what its numbers count.
	top := UnitRef{Kind: UnitCourt, ID: e.TopCourt()}
	for _, id := range []string{"Q1", "E2", "E3", "F1", "F6", "F10"} {
		v, _ := e.Value(Query{Pack: "spc-2024-09", Indicator: id, Unit: top, Period: Period{Kind: Year, Year: 2024}})
		for side, want := range map[string]float64{"numerator": v.Numerator, "denominator": v.Denominator} {
			l, err := e.Ledger(LedgerQuery{Query: Query{Pack: "spc-2024-09", Indicator: id, Unit: top, Period: Period{Kind: Year, Year: 2024}}, Side: side})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(l.Sum-want) > 1e-6 {
				t.Errorf("%s %s: ledger sums to %v, value says %v", id, side, l.Sum, want)
			}
		}
	}
	sh, err := e.Sheet("spc-2024-09", top, Period{Kind: Year, Year: 2025}, i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	if sh.Summary.Indicators != 18 || sh.Summary.Comparable != sh.Summary.Improved+sh.Summary.Flat+sh.Summary.Worsened {
		t.Errorf("summary %+v", sh.Summary)
	}
}
