package indicator

import (
	"math/rand/v2"
	"testing"
)

// TestCellsSpill drives narrow cells across int16's range both ways and checks every read
// (get, sum, prefix) against plain int64 arithmetic.
func TestCellsSpill(t *testing.T) {
	var c cells
	c.floor = 2020 * 12
	c.setLayout([]uint8{2, 1, 1}) // slot 1 is the second column of group 1: groups 0 and 3 stay unmade
	c.reset(3, 1)
	a := &aggDef{slot: 1}
	w := &aggDef{slot: 0, wide: true}
	want := map[[2]int32]int64{} // unit, month → value
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		u, m := int32(r.IntN(3)), c.floor+int32(r.IntN(30))
		v := int64(r.IntN(9000) - 4000) // drifts upwards: most cells pass 32767 and some come back
		c.add(kJudge, u, a, m, v)
		c.add(kJudge, u, w, m, 7*v)
		want[[2]int32{u, m}] += v
	}
	c.add(kJudge, 0, a, c.floor-1, 5) // before the floor: not kept
	spills := 0
	for u := int32(0); u < 3; u++ {
		var total int64
		cum := make([]int64, (c.months()+1)*3)
		cumW := make([]int64, c.months()+1)
		c.prefix(kJudge, u, c.months(), cum, cumW)
		for m := c.lo; m <= c.hi; m++ {
			x := want[[2]int32{u, m}]
			if got := c.get(kJudge, u, a, m); got != x {
				t.Fatalf("unit %d month %d: got %d, want %d", u, m, got, x)
			}
			if got := c.get(kJudge, u, w, m); got != 7*x {
				t.Fatalf("unit %d month %d money: got %d, want %d", u, m, got, 7*x)
			}
			if x > 1<<15 || x < -1<<15 {
				spills++
			}
			total += x
			if got := cum[int(m-c.lo+1)*3+1]; got != total {
				t.Fatalf("unit %d month %d running sum: got %d, want %d", u, m, got, total)
			}
		}
		if got := c.sum(kJudge, u, a, 0, 1<<30); got != total {
			t.Fatalf("unit %d: sum %d, want %d", u, got, total)
		}
	}
	if spills == 0 {
		t.Fatal("no cell left int16's range: the test does not exercise spilling")
	}
	if c.has(kJudge, 3) || c.has(kCourt, 0) || !c.has(kJudge, 2) {
		t.Fatal("has reports the wrong units")
	}
}
