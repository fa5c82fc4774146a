package indicator

import (
	"reflect"
	"testing"
)

// SpreadWith SkipAbnormal gives the same spread as Spread with every child's movement left
// out, and Spread does judge movement.
func TestSpreadSkipAbnormal(t *testing.T) {
	e := buildFrom(t, readChanges(t, province(t, 1500, 13)))
	pk, _ := e.Pack("spc-2024-09")
	judged, compared := 0, 0
	for c := range e.u.courts {
		if len(e.u.courts[c].children) < 2 {
			continue
		}
		for k := range pk.Indicators {
			for _, p := range []Period{{Kind: Year, Year: 2024}, {Kind: Month, Year: 2024, N: 6}} {
				q := Query{Pack: pk.ID, Indicator: pk.Indicators[k].ID, Unit: UnitRef{Kind: UnitCourt, ID: e.u.courts[c].ID}, Period: p}
				full, err := e.Spread(q)
				if err != nil {
					t.Fatal(err)
				}
				fast, err := e.SpreadWith(q, SpreadOptions{SkipAbnormal: true})
				if err != nil {
					t.Fatal(err)
				}
				for i := range full.Children {
					if full.Children[i].Abnormal != nil {
						judged++
					}
					if fast.Children[i].Abnormal != nil {
						t.Fatalf("%s %s: skipped judging yet child %s has a movement", q.Indicator, p, fast.Children[i].Court)
					}
					full.Children[i].Abnormal = nil
				}
				if !reflect.DeepEqual(full, fast) {
					t.Fatalf("%s %s: spreads differ beyond movements:\n%+v\n%+v", q.Indicator, p, full, fast)
				}
				compared++
			}
		}
	}
	if compared < 50 || judged == 0 {
		t.Fatalf("compared %d spreads, %d movements judged: the fixture does not exercise the option", compared, judged)
	}
	t.Logf("%d spreads, %d movements in the judged ones", compared, judged)
}
