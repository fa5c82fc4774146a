package indicator

import (
	"math/rand/v2"
	"testing"
)

// hashRows agrees with a Go map under random puts, overwrites and deletes, with hashes drawn
// from a small range so that probes collide and deletions shift entries back, and packed
// now and then as a bulk load ends.
func TestHashRowsLikeMap(t *testing.T) {
	var h hashRows
	want := map[uint64]int32{}
	r := rand.New(rand.NewPCG(3, 4))
	for step := range 200000 {
		k := r.Uint64N(4096) << 52 // only the top bits vary: keys share home slots
		if step%97 == 0 {
			k = 0 // the hash stored as 1
		}
		if step%40000 == 39999 {
			h.pack()
		}
		switch r.IntN(3) {
		case 0, 1:
			v := int32(r.IntN(1 << 20))
			h.put(k, v)
			want[fixHash(k)] = v
		case 2:
			h.del(k)
			delete(want, fixHash(k))
		}
		if step%1000 == 0 || step > 199000 {
			if h.len() != len(want) {
				t.Fatalf("step %d: %d entries, want %d", step, h.len(), len(want))
			}
			for k, v := range want {
				if got, ok := h.get(k); !ok || got != v {
					t.Fatalf("step %d: key %d: got %d %v, want %d", step, k, got, ok, v)
				}
			}
		}
	}
	for k := uint64(1)<<52 + 1; k < 1<<60; k += 1 << 52 {
		if _, ok := h.get(k); ok {
			t.Fatalf("key %d never put is found", k)
		}
	}
}
