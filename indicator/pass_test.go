package indicator

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCellsMerge adds the same random values (many passing int16's range, in columns made in
// a different order in each part) once to one cells and split over three, merges the three,
// and checks every cell of every unit against the single one.
func TestCellsMerge(t *testing.T) {
	const nSlots = 72
	groups := make([]uint8, nSlots)
	for s := range groups {
		groups[s] = uint8(s % 3)
	}
	newCells := func() *cells {
		c := &cells{floor: 2020 * 12}
		c.setLayout(groups)
		c.reset(nSlots, 2)
		return c
	}
	whole := newCells()
	parts := []*cells{newCells(), newCells(), newCells()}
	r := rand.New(rand.NewPCG(3, 4))
	for range 90000 {
		k, u, m := r.IntN(3), int32(r.IntN(7)), whole.floor+int32(r.IntN(3))
		a := &aggDef{slot: r.IntN(8) * 9} // a few busy cells spill...
		if r.IntN(4) == 0 {
			a, m = &aggDef{slot: r.IntN(nSlots)}, whole.floor+int32(r.IntN(40)) // ...the rest stay small
		}
		if r.IntN(10) == 0 {
			a = &aggDef{slot: r.IntN(2), wide: true}
		}
		v := int64(r.IntN(12000) - 5000)
		if u == 6 { // unit 6 lives in one part only: its blocks are taken over
			whole.add(k, u, a, m, v)
			parts[2].add(k, u, a, m, v)
			continue
		}
		whole.add(k, u, a, m, v)
		parts[r.IntN(3)].add(k, u, a, m, v)
	}
	parts[0].merge(parts[1:], 2)
	got := parts[0]
	if len(whole.units[kDiv][0][0].spill) == 0 {
		t.Fatal("no cell spilled: the test misses the spill path")
	}
	if got.lo != whole.lo || got.hi != whole.hi {
		t.Fatalf("months [%d, %d], want [%d, %d]", got.lo, got.hi, whole.lo, whole.hi)
	}
	for k := range 3 {
		for u := range int32(7) {
			for s := range nSlots + 2 {
				a := &aggDef{slot: s}
				if s >= nSlots {
					a = &aggDef{slot: s - nSlots, wide: true}
				}
				for m := whole.lo; m <= whole.hi; m++ {
					if g, w := got.get(k, u, a, m), whole.get(k, u, a, m); g != w {
						t.Fatalf("kind %d unit %d slot %d month %d: merged %d, whole %d", k, u, s, m, g, w)
					}
				}
			}
		}
	}
}

// TestParallelEqualsSerial checks that the full pass and ComputeAll give the same aggregates
// and tables whatever the number of goroutines.
func TestParallelEqualsSerial(t *testing.T) {
	e := buildFrom(t, readChanges(t, province(t, 4000, 11)))
	year := e.AsOf().Year()
	e.recomputeWith(1)
	want := dump(e)
	wantT, err := e.computeAllWith("spc-2024-09", year, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(wantT[kJudge].Units) == 0 || len(want) == 0 {
		t.Fatal("no judges or no cells: the province is empty")
	}
	for _, w := range []int{2, 3, 8} {
		e.recomputeWith(w)
		sameDump(t, w, dump(e), want)
		got, err := e.computeAllWith("spc-2024-09", year, w)
		if err != nil {
			t.Fatal(err)
		}
		for k := range got {
			g, x := got[k], wantT[k]
			if !slices.Equal(g.Units, x.Units) || !slices.Equal(g.num, x.num) || !slices.Equal(g.den, x.den) {
				t.Fatalf("%d workers: the %s table differs from the serial one", w, g.Kind)
			}
		}
	}
}

// TestWholeGroupsCompact adds the same values — some columns only ever receiving values that
// cancel out — one at a time to one cells and, as a full pass does, with groups made whole to
// another, compacts the second, and checks that both hold the same columns and values.
func TestWholeGroupsCompact(t *testing.T) {
	const nSlots = 70
	groups := make([]uint8, nSlots)
	for s := range groups {
		groups[s] = uint8(s % 2)
	}
	newCells := func(whole bool) *cells {
		c := &cells{floor: 2020 * 12}
		c.setLayout(groups)
		c.reset(nSlots, 1)
		c.whole = whole
		return c
	}
	one, whole := newCells(false), newCells(true)
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		u, m, a := int32(r.IntN(5)), one.floor+int32(r.IntN(30)), &aggDef{slot: r.IntN(nSlots) / 3 * 3}
		v := int64(r.IntN(300) - 100)
		if a.slot%2 == 1 { // odd columns: +v then -v in the same month, zero in the end
			one.add(kJudge, u, a, m, v)
			whole.add(kJudge, u, a, m, v)
			v = -v
		}
		one.add(kJudge, u, a, m, v)
		whole.add(kJudge, u, a, m, v)
	}
	whole.compact(2)
	for u := range one.units[kJudge] {
		for y, b := range one.units[kJudge][u] {
			w := whole.units[kJudge][u][y]
			if (b == nil) != (w == nil) {
				t.Fatalf("unit %d year %d: block made in one cells only", u, y)
			}
			if b != nil && (b.made != w.made || b.cols != w.cols || !slices.Equal(b.narrow, w.narrow)) {
				t.Fatalf("unit %d year %d: compacted block differs from one made a column at a time", u, y)
			}
		}
	}
}
