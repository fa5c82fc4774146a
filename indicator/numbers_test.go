package indicator

import (
	"fmt"
	"testing"
)

// Numbers that are not 案号 — every number of a foreign court — live in the arena and take two
// slots each. The table must stay at most two thirds full all the same: when it filled up,
// looking up an absent number never ended (the real PACER dockets hung the engine's Load).
func TestArenaNumbersKeepTheTableAThirdEmpty(t *testing.T) {
	n := newNumbers()
	var added []string
	for i := range 3000 {
		s := fmt.Sprintf("us-nysd:1:09-cv-%05d", i)
		if i%3 == 0 {
			s = fmt.Sprintf("（2024）闽0102民初%d号", i+1) // mixed with 案号, as a court tree may be
		}
		r, fresh := n.row(s)
		if !fresh || int(r) != i {
			t.Fatalf("%s: row %d (fresh %v), want a new row %d", s, r, fresh, i)
		}
		added = append(added, s)
		empty := 0
		for _, x := range n.slots {
			if x == 0 {
				empty++
			}
		}
		if 3*empty < len(n.slots) || empty != len(n.slots)-n.filled {
			t.Fatalf("after %d numbers: %d of %d slots empty, %d counted filled", i+1, empty, len(n.slots), n.filled)
		}
		if n.find(s+"x") != -1 || n.find(fmt.Sprintf("（2023）闽0102民初%d号", i+1)) != -1 {
			t.Fatalf("after %d numbers: an absent number found", i+1)
		}
	}
	for i, s := range added {
		if r := n.find(s); int(r) != i || n.decode(n.codes[r]) != s {
			t.Fatalf("%s: row %d, want %d", s, r, i)
		}
		if r, fresh := n.row(s); fresh || int(r) != i {
			t.Fatalf("%s added again: row %d fresh %v", s, r, fresh)
		}
	}
}
