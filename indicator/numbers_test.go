package indicator

import (
	"fmt"
	"testing"
)

// Numbers that are not 案号 — every number of a foreign court — live in the arena and take two
// slots each. The table must stay at most three quarters full all the same, packed or not: when
// it filled up, looking up an absent number never ended (the real PACER dockets hung the
// engine's Load).
func TestArenaNumbersKeepTheTableAQuarterEmpty(t *testing.T) {
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
		if i%500 == 499 {
			n.pack()
		}
		empty := 0
		for _, x := range n.slots {
			if x == 0 {
				empty++
			}
		}
		if 4*empty < len(n.slots) || empty != len(n.slots)-n.filled {
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

// Mediation ids and other serial identifiers come back exactly, zero padding included; those
// the codec cannot split (no trailing digits, or more than nine) live in the arena.
func TestSerialIDs(t *testing.T) {
	n := newTable(serialIDs)
	ids := []string{"M000012345", "M12345", "M0", "0", "007", "MED-2024-000001", "M999999999", "M1234567890", "abc", ""}
	for i, s := range ids {
		if r, fresh := n.row(s); !fresh || int(r) != i {
			t.Fatalf("%q: row %d (fresh %v), want new row %d", s, r, fresh, i)
		}
	}
	n.pack()
	for i, s := range ids {
		if got := n.at(int32(i)); got != s {
			t.Fatalf("row %d: %q, want %q", i, got, s)
		}
		if r, fresh := n.row(s); fresh || int(r) != i {
			t.Fatalf("%q: row %d (fresh %v), want row %d", s, r, fresh, i)
		}
	}
	if n.codes[0]&arenaBit != 0 || n.codes[7]&arenaBit == 0 {
		t.Fatalf("codes %x: a nine-digit serial belongs in a code, a ten-digit one in the arena", n.codes)
	}
	if n.find("M00012345") != -1 {
		t.Fatal("a differently padded id is found")
	}
}
