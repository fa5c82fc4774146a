package indicator

import (
	"math/rand/v2"
	"testing"
)

// TestCellsSpill drives narrow cells across int16's range both ways, in columns made in
// random order (past the 64 a block tracks one by one), and checks every read (get, sum,
// prefix) against plain int64 arithmetic.
func TestCellsSpill(t *testing.T) {
	const nSlots = 72 // slot 0 in group 2, slot 1 in group 0, the rest in group 1; group 3 stays unmade
	var c cells
	c.floor = 2020 * 12
	groups := make([]uint8, nSlots)
	for s := range groups {
		groups[s] = 1
	}
	groups[0], groups[1] = 2, 0
	c.setLayout(groups)
	c.reset(nSlots, 1)
	w := &aggDef{slot: 0, wide: true}
	want := map[[3]int32]int64{} // unit, month, slot → value
	r := rand.New(rand.NewPCG(1, 2))
	for range 60000 {
		u, m := int32(r.IntN(3)), c.floor+int32(r.IntN(30))
		// Units 0 and 1 use a few columns (made one by one), unit 2 all of them.
		s := 2 + r.IntN(8)*9
		if u == 2 {
			s = r.IntN(nSlots)
		}
		v := int64(r.IntN(9000) - 4000) // drifts upwards: many cells pass 32767 and some come back
		c.add(kJudge, u, &aggDef{slot: s}, m, v)
		c.add(kJudge, u, w, m, 7*v)
		want[[3]int32{u, m, int32(s)}] += v
		want[[3]int32{u, m, -1}] += 7 * v
	}
	c.add(kJudge, 0, &aggDef{slot: 1}, c.floor-1, 5) // before the floor: not kept
	spills := 0
	for u := int32(0); u < 3; u++ {
		cum := make([]int64, (c.months()+1)*nSlots)
		cumW := make([]int64, c.months()+1)
		c.prefix(kJudge, u, c.months(), cum, cumW)
		for slot := int32(-1); slot < nSlots; slot++ {
			var total int64
			a := w
			if slot >= 0 {
				a = &aggDef{slot: int(slot)}
			}
			for m := c.lo; m <= c.hi; m++ {
				x := want[[3]int32{u, m, slot}]
				if got := c.get(kJudge, u, a, m); got != x {
					t.Fatalf("unit %d month %d slot %d: got %d, want %d", u, m, slot, got, x)
				}
				if x > 1<<15 || x < -1<<15 {
					spills++
				}
				total += x
				run := cumW[m-c.lo+1]
				if slot >= 0 {
					run = cum[int(m-c.lo+1)*nSlots+int(slot)]
				}
				if run != total {
					t.Fatalf("unit %d month %d slot %d running sum: got %d, want %d", u, m, slot, run, total)
				}
			}
			if got := c.sum(kJudge, u, a, 0, 1<<30); got != total {
				t.Fatalf("unit %d slot %d: sum %d, want %d", u, slot, got, total)
			}
		}
	}
	if spills == 0 {
		t.Fatal("no cell left int16's range: the test does not exercise spilling")
	}
	if c.has(kJudge, 3) || c.has(kCourt, 0) || !c.has(kJudge, 2) {
		t.Fatal("has reports the wrong units")
	}
}
