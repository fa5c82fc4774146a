package indicator

import "math"

// amountTable holds the money of the proceedings that have any (enforcement, about a third):
// open addressing with linear probing over parallel arrays keyed by row, 12 bytes a slot —
// the row and both amounts as int32 fen — where a Go map of amounts takes about 28 bytes an
// entry. Amounts beyond int32 (above 21 million yuan) are kept exactly in a map beside, the
// slot marked. Like hashRows it grows by half when seven eighths full and a bulk load packs it
// to 85%.
type amountTable struct {
	rows []int32    // row+1; 0 marks an empty slot
	vals [][2]int32 // applied, recovered; bigAmounts: in big
	n    int
	big  map[int32]amounts
}

const bigAmounts = math.MinInt32

func (t *amountTable) len() int { return t.n }

// slot is row r's home: a multiplicative hash scaled to the table's size.
func (t *amountTable) slot(r int32) int {
	return int(uint64(uint32(r)*0x9E3779B1) * uint64(len(t.rows)) >> 32)
}

func (t *amountTable) next(i int) int { return nextSlot(i, len(t.rows)) }

// find returns row r's slot, or the empty slot where it would go.
func (t *amountTable) find(r int32) (int, bool) {
	for i := t.slot(r); ; i = t.next(i) {
		switch t.rows[i] {
		case r + 1:
			return i, true
		case 0:
			return i, false
		}
	}
}

func (t *amountTable) get(r int32) amounts {
	if len(t.rows) == 0 {
		return amounts{}
	}
	i, ok := t.find(r)
	if !ok {
		return amounts{}
	}
	v := t.vals[i]
	if v[0] == bigAmounts {
		return t.big[r]
	}
	return amounts{applied: int64(v[0]), recovered: int64(v[1])}
}

func fitsInt32(x int64) bool { return x > bigAmounts && x <= math.MaxInt32 }

// put sets row r's amounts (not both zero: see del).
func (t *amountTable) put(r int32, a amounts) {
	if (t.n+1)*8 > len(t.rows)*7 {
		t.resize(max(64, len(t.rows)+len(t.rows)/2))
	}
	i, ok := t.find(r)
	if !ok {
		t.rows[i] = r + 1
		t.n++
	}
	delete(t.big, r)
	if fitsInt32(a.applied) && fitsInt32(a.recovered) {
		t.vals[i] = [2]int32{int32(a.applied), int32(a.recovered)}
		return
	}
	if t.big == nil {
		t.big = map[int32]amounts{}
	}
	t.big[r] = a
	t.vals[i] = [2]int32{bigAmounts, 0}
}

// del removes row r, shifting back the entries after it that probed past its slot.
func (t *amountTable) del(r int32) {
	if len(t.rows) == 0 {
		return
	}
	i, ok := t.find(r)
	if !ok {
		return
	}
	delete(t.big, r)
	for j := t.next(i); t.rows[j] != 0; j = t.next(j) {
		if fillsHole(i, j, t.slot(t.rows[j]-1)) {
			t.rows[i], t.vals[i] = t.rows[j], t.vals[j]
			i = j
		}
	}
	t.rows[i], t.vals[i] = 0, [2]int32{}
	t.n--
}

// pack shrinks the table to 85% full, after a bulk load.
func (t *amountTable) pack() {
	if size := packedSize(t.n, 64); size < len(t.rows) {
		t.resize(size)
	}
}

func (t *amountTable) resize(size int) {
	rows, vals := t.rows, t.vals
	t.rows, t.vals = make([]int32, size), make([][2]int32, size)
	for k, r := range rows {
		if r != 0 {
			i, _ := t.find(r - 1)
			t.rows[i], t.vals[i] = r, vals[k]
		}
	}
}

func (t *amountTable) bytes() int64 { return int64(len(t.rows))*12 + int64(len(t.big))*40 }
