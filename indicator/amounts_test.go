package indicator

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAmountTable puts, replaces and deletes random rows' amounts (some beyond int32, some at
// its edges) and checks every row against a Go map after each step, packing now and then.
func TestAmountTable(t *testing.T) {
	var tab amountTable
	want := map[int32]amounts{}
	r := rand.New(rand.NewPCG(5, 6))
	edges := []int64{math.MaxInt32, math.MinInt32, math.MinInt32 + 1, math.MaxInt32 + 1, -5, 1 << 40}
	money := func() int64 {
		if r.IntN(8) == 0 {
			return edges[r.IntN(len(edges))]
		}
		return r.Int64N(1 << 30)
	}
	for step := range 40000 {
		row := int32(r.IntN(3000))
		if r.IntN(3) == 0 {
			tab.del(row)
			delete(want, row)
		} else {
			a := amounts{applied: money(), recovered: money()}
			tab.put(row, a)
			want[row] = a
		}
		if step%5000 == 4999 {
			tab.pack()
		}
		if step%997 == 0 || step == 39999 {
			for x := range int32(3000) {
				if got := tab.get(x); got != want[x] {
					t.Fatalf("step %d: row %d has %+v, want %+v", step, x, got, want[x])
				}
			}
			if tab.len() != len(want) {
				t.Fatalf("step %d: %d rows, want %d", step, tab.len(), len(want))
			}
		}
	}
}
