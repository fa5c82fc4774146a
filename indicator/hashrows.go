package indicator

// hashRows maps 64-bit key hashes to rows: open addressing with linear probing over two
// parallel arrays, 12 bytes a slot with no per-entry overhead. The table grows by half when
// seven eighths full, so it stays between 58% and 88% full (a power-of-two table would sink to
// 44%), and a bulk load ends by packing it to 85%: 14 to 21 bytes an entry where a Go map
// takes 32, and the engine holds one entry per proceeding. Linear probing at 85% still finds
// a present key in about four probes over adjacent slots.
// Hash 0 is stored as 1 (0 marks an empty slot); hashes are well mixed (keyHash), so the merge
// costs nothing measurable.
type hashRows struct {
	keys []uint64
	rows []int32
	n    int
}

func fixHash(h uint64) uint64 { return max(h, 1) }

func (t *hashRows) len() int { return t.n }

// slot is h's home: its high bits scaled to the table's size (no power of two needed).
func (t *hashRows) slot(h uint64) int { return int((h >> 32) * uint64(len(t.keys)) >> 32) }

func (t *hashRows) next(i int) int { return nextSlot(i, len(t.keys)) }

// get returns the row of h.
func (t *hashRows) get(h uint64) (int32, bool) {
	if len(t.keys) == 0 {
		return 0, false
	}
	h = fixHash(h)
	for i := t.slot(h); ; i = t.next(i) {
		switch t.keys[i] {
		case h:
			return t.rows[i], true
		case 0:
			return 0, false
		}
	}
}

// put sets the row of h.
func (t *hashRows) put(h uint64, row int32) {
	if (t.n+1)*8 > len(t.keys)*7 {
		t.resize(max(1024, len(t.keys)+len(t.keys)/2))
	}
	h = fixHash(h)
	for i := t.slot(h); ; i = t.next(i) {
		switch t.keys[i] {
		case h:
			t.rows[i] = row
			return
		case 0:
			t.keys[i], t.rows[i] = h, row
			t.n++
			return
		}
	}
}

// del removes h, shifting back the entries after it that probed past its slot.
func (t *hashRows) del(h uint64) {
	if len(t.keys) == 0 {
		return
	}
	h = fixHash(h)
	i := t.slot(h)
	for t.keys[i] != h {
		if t.keys[i] == 0 {
			return
		}
		i = t.next(i)
	}
	for j := t.next(i); t.keys[j] != 0; j = t.next(j) {
		if fillsHole(i, j, t.slot(t.keys[j])) {
			t.keys[i], t.rows[i] = t.keys[j], t.rows[j]
			i = j
		}
	}
	t.keys[i], t.rows[i] = 0, 0
	t.n--
}

// pack shrinks the table to 85% full, after a bulk load.
func (t *hashRows) pack() {
	if size := packedSize(t.n, 1024); size < len(t.keys) {
		t.resize(size)
	}
}

func (t *hashRows) resize(size int) {
	old, oldRows := t.keys, t.rows
	t.keys, t.rows, t.n = make([]uint64, size), make([]int32, size), 0
	for i, h := range old {
		if h != 0 {
			t.put(h, oldRows[i])
		}
	}
}

func (t *hashRows) bytes() int64 { return int64(len(t.keys)) * 12 }

// The helpers below are the parts of linear probing that hashRows and amountTable share.

// nextSlot is the slot after i in a table of n slots, wrapping around.
func nextSlot(i, n int) int {
	if i++; i == n {
		return 0
	}
	return i
}

// fillsHole says whether, when deleting by backward shift, the entry at slot j (whose home slot
// is home) may move into the hole at slot i: it may unless its home lies cyclically in (i, j],
// where it would no longer be found.
func fillsHole(i, j, home int) bool {
	if j > i {
		return home <= i || home > j
	}
	return home <= i && home > j
}

// packedSize is the size of a table holding n entries 85% full, and at least floor.
func packedSize(n, floor int) int { return max(floor, n*20/17+1) }
