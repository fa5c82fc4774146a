package indicator

import "math/bits"

// cells holds the aggregates: for each unit kind and unit, one block per calendar year the
// unit has data in, made when the first value lands in it (most judges work a few of the
// years held, and a unit's quiet years cost a nil pointer). Flow columns hold the month's
// total; stock columns hold the month's change, so a stock on a day is the sum of changes up
// to its month. A stock that starts before the floor starts in the floor's month, and flows
// before the floor are not kept.
//
// Narrow columns (counts, day sums) are int16: a unit's month rarely leaves its range, and a
// cell that does is marked spilled and its value kept, exact, in the block's spill map. Money
// columns (fen) are int64. Sixteen bits halve the blocks, which dominate the engine's memory
// once judges are many.
//
// Narrow columns come in groups, each made on first use: those only enforcement proceedings
// reach, those only trial proceedings reach, mediations' (courts only), and the rest. A judge or division works one side,
// so the other side's columns are never made for it. Within a group a block holds only the
// columns that received a value: half of a judge's or division's columns stay zero all year
// (the categories, procedures and closings it never sees).
type cells struct {
	floor, lo, hi int32 // floor: earliest month ever held; [lo, hi]: the months values were added to
	nNarrow       int
	nWide         int
	units         [3][][]*yblock // kind → unit → year since the floor's year → block
	layout
}

// layout places narrow column slots in groups.
type layout struct {
	grp   []uint8 // slot → group
	off   []int   // slot → position in its group
	slots [nGroups][]int
	whole bool // a full pass: groups are made whole, and compacted at its end (see pass.go)
}

const nGroups = 4

// setLayout puts narrow slot s in group groupOf[s] (< nGroups).
func (c *cells) setLayout(groupOf []uint8) {
	c.layout = layout{grp: groupOf, off: make([]int, len(groupOf))}
	for s, g := range groupOf {
		c.off[s] = len(c.slots[g])
		c.slots[g] = append(c.slots[g], s)
	}
}

// yblock is a unit's year: for each group made, 12 month rows of the group's columns made,
// all in one array (one slice header, not four: blocks are many).
type yblock struct {
	narrow []int16         // group after group, each month-major
	cols   [nGroups]uint64 // which of each group's first 64 columns are made; later ones are with the group
	made   uint8           // groups made
	wide   []int64         // nil until a money value arrives
	spill  map[int32]int64 // spillKey → value
	// During a full pass, which columns received a value: the columns that adding values one
	// at a time would have made, kept by compact; nil otherwise.
	touched *[nGroups]uint64
}

func spillKey(g uint8, mo, o int) int32 { return int32(g)<<24 | int32(mo)<<16 | int32(o) }

// width is how many columns of group g the block holds in a month's row.
func (b *yblock) width(l *layout, g uint8) int {
	if b.made&(1<<g) == 0 {
		return 0
	}
	return bits.OnesCount64(b.cols[g]) + max(len(l.slots[g])-64, 0)
}

// base is where group g starts in narrow.
func (b *yblock) base(l *layout, g uint8) int {
	s := 0
	for h := range g {
		s += 12 * b.width(l, h)
	}
	return s
}

// at is where column o of group g sits in month mo, -1 when it is not made.
func (b *yblock) at(l *layout, g uint8, mo, o int) int {
	if b.made&(1<<g) == 0 {
		return -1
	}
	c := b.cols[g]
	w := bits.OnesCount64(c)
	p := w + o - 64
	if o < 64 {
		if c&(1<<o) == 0 {
			return -1
		}
		p = bits.OnesCount64(c & (1<<o - 1))
	}
	if n := len(l.slots[g]); n > 64 {
		w += n - 64
	}
	base := 0
	for h := range g {
		base += 12 * b.width(l, h)
	}
	return base + mo*w + p
}

// makeCol makes column o of group g (and the group), zero in every month: the group's month
// rows are copied with a zero put in at the column's place.
func (b *yblock) makeCol(l *layout, g uint8, o int) {
	old, base, w := b.narrow, b.base(l, g), b.width(l, g)
	b.made |= 1 << g
	if o < 64 {
		b.cols[g] |= 1 << o
	}
	nw := b.width(l, g)
	grown := make([]int16, len(old)+12*(nw-w))
	copy(grown, old[:base])
	copy(grown[base+12*nw:], old[base+12*w:])
	if w > 0 {
		p := b.at(l, g, 0, o) - base // the new column's place in a row
		for mo := range 12 {
			row, dst := old[base+mo*w:base+(mo+1)*w], grown[base+mo*nw:base+(mo+1)*nw]
			copy(dst, row[:p])
			copy(dst[p+nw-w:], row[p:])
		}
	}
	b.narrow = grown
}

// spilled marks a narrow cell whose value is in the block's spill map.
const spilled = -1 << 15

const (
	kCourt = iota
	kDiv
	kJudge
)

var unitKinds = [3]UnitKind{UnitCourt, UnitDivision, UnitJudge}

func kindIndex(k UnitKind) int {
	switch k {
	case UnitDivision:
		return kDiv
	case UnitJudge:
		return kJudge
	}
	return kCourt
}

// reset empties the cells; no month is held until something is added.
func (c *cells) reset(nNarrow, nWide int) {
	l := c.layout
	if len(l.grp) != nNarrow { // one group until told otherwise
		c.setLayout(make([]uint8, nNarrow))
		l = c.layout
	}
	*c = cells{floor: c.floor, lo: 1, hi: 0, nNarrow: nNarrow, nWide: nWide, layout: l}
}

func (c *cells) months() int { return max(int(c.hi-c.lo+1), 0) }

// ensure widens the months held to [lo, hi] (clipped to the floor), before a full pass.
func (c *cells) ensure(lo, hi int32) {
	lo = max(lo, c.floor)
	if hi < lo {
		return
	}
	if c.hi < c.lo {
		c.lo, c.hi = lo, hi
		return
	}
	c.lo, c.hi = min(lo, c.lo), max(hi, c.hi)
}

// block returns the block of unit u of kind k holding month m, nil when it has none;
// create makes it.
func (c *cells) block(k int, u int32, m int32, create bool) *yblock {
	y := int(m/12 - c.floor/12)
	if int(u) >= len(c.units[k]) {
		if !create {
			return nil
		}
		c.units[k] = append(c.units[k], make([][]*yblock, int(u)+1-len(c.units[k]))...)
	}
	ys := c.units[k][u]
	if y >= len(ys) {
		if !create {
			return nil
		}
		ys = append(ys, make([]*yblock, y+1-len(ys))...)
		c.units[k][u] = ys
	}
	b := ys[y]
	if b == nil && create {
		b = &yblock{}
		ys[y] = b
	}
	return b
}

// add adds v to column a of unit u of kind k in month m.
func (c *cells) add(k int, u int32, a *aggDef, m int32, v int64) {
	us := [3]int32{-1, -1, -1}
	us[k] = u
	c.addUnits(&us, a, m, v)
}

// addUnits adds v to column a in month m for each kind's unit in us (-1: none); the cell's
// place is worked out once for the three.
func (c *cells) addUnits(us *[3]int32, a *aggDef, m int32, v int64) {
	if m < c.floor {
		return
	}
	if m < c.lo || m > c.hi {
		c.ensure(m, m)
	}
	mo := int(m % 12)
	var g uint8
	var o int
	if !a.wide {
		g, o = c.grp[a.slot], c.off[a.slot]
	}
	for k, u := range us {
		if u < 0 {
			continue
		}
		b := c.block(k, u, m, true)
		if a.wide {
			if b.wide == nil {
				b.wide = make([]int64, 12*c.nWide)
			}
			b.wide[mo*c.nWide+a.slot] += v
			continue
		}
		b.addNarrow(&c.layout, g, mo, o, v)
	}
}

// addNarrow adds v to column o of group g in month mo, making the column when new and
// spilling the cell when it leaves int16's range.
func (b *yblock) addNarrow(l *layout, g uint8, mo, o int, v int64) {
	if v == 0 {
		return
	}
	i := b.at(l, g, mo, o)
	if i < 0 {
		if l.whole {
			b.makeGroup(l, g)
			if b.touched == nil {
				b.touched = new([nGroups]uint64)
			}
		} else {
			b.makeCol(l, g, o)
		}
		i = b.at(l, g, mo, o)
	}
	if b.touched != nil && o < 64 {
		b.touched[g] |= 1 << o
	}
	b.addAt(i, g, mo, o, v)
}

// addAt adds v to the cell at narrow[i], column o of group g in month mo.
func (b *yblock) addAt(i int, g uint8, mo, o int, v int64) {
	if v == 0 {
		return
	}
	old := b.narrow[i]
	k := spillKey(g, mo, o)
	if old == spilled {
		b.spill[k] += v
		return
	}
	if nv := int64(old) + v; nv > spilled && nv < 1<<15 {
		b.narrow[i] = int16(nv)
		return
	}
	if b.spill == nil {
		b.spill = map[int32]int64{}
	}
	b.spill[k] = int64(old) + v
	b.narrow[i] = spilled
}

// narrowAt is column o of group g in month mo: 0 when not made.
func (b *yblock) narrowAt(l *layout, g uint8, mo, o int) int64 {
	i := b.at(l, g, mo, o)
	if i < 0 {
		return 0
	}
	if v := b.narrow[i]; v != spilled {
		return int64(v)
	}
	return b.spill[spillKey(g, mo, o)]
}

// addRow adds month mo's narrow cells to row (indexed by slot), a group's made columns at a
// time: their places in the month's row follow their order.
func (b *yblock) addRow(l *layout, mo int, row []int64) {
	base := 0
	for g := range uint8(nGroups) {
		w := b.width(l, g)
		if w == 0 {
			continue
		}
		cells, p := b.narrow[base+mo*w:base+(mo+1)*w], 0
		base += 12 * w
		for o, s := range l.slots[g] {
			if o < 64 && b.cols[g]&(1<<o) == 0 {
				continue
			}
			if v := cells[p]; v != spilled {
				row[s] += int64(v)
			} else {
				row[s] += b.spill[spillKey(g, mo, o)]
			}
			p++
		}
	}
}

// get is column a of unit u of kind k in month m.
func (c *cells) get(k int, u int32, a *aggDef, m int32) int64 {
	b := c.block(k, u, m, false)
	if b == nil {
		return 0
	}
	mo := int(m % 12)
	if a.wide {
		if b.wide == nil {
			return 0
		}
		return b.wide[mo*c.nWide+a.slot]
	}
	return b.narrowAt(&c.layout, c.grp[a.slot], mo, c.off[a.slot])
}

// sum adds up column a of unit u over months [m0, m1] (clipped to the months held).
func (c *cells) sum(k int, u int32, a *aggDef, m0, m1 int32) int64 {
	m0, m1 = max(m0, c.lo, c.floor), min(m1, c.hi)
	if m0 > m1 || u < 0 || int(u) >= len(c.units[k]) {
		return 0
	}
	var s int64
	for m := m0; m <= m1; m++ {
		if m%12 == 0 && m+11 <= m1 && c.block(k, u, m, false) == nil {
			m += 11 // a quiet year
			continue
		}
		s += c.get(k, u, a, m)
	}
	return s
}

// has reports whether unit u of kind k holds any value.
func (c *cells) has(k int, u int32) bool {
	if int(u) >= len(c.units[k]) {
		return false
	}
	for _, b := range c.units[k][u] {
		if b != nil {
			return true
		}
	}
	return false
}

// prefix fills the running sums of unit u of kind k over the months [lo, lo+months):
// row m+1 of narrow (nNarrow wide) and wide (nWide) is row m plus month lo+m. Row 0 is left
// as it is (zero).
func (c *cells) prefix(k int, u int32, months int, narrow, wide []int64) {
	nn, nw := c.nNarrow, c.nWide
	for m := 0; m < months; m++ {
		month := c.lo + int32(m)
		b := c.block(k, u, month, false)
		rowN, nextN := narrow[m*nn:(m+1)*nn], narrow[(m+1)*nn:(m+2)*nn]
		rowW, nextW := wide[m*nw:(m+1)*nw], wide[(m+1)*nw:(m+2)*nw]
		copy(nextN, rowN)
		copy(nextW, rowW)
		if b == nil {
			continue
		}
		mo := int(month % 12)
		b.addRow(&c.layout, mo, nextN)
		if b.wide != nil {
			for i, v := range b.wide[mo*nw : (mo+1)*nw] {
				nextW[i] += v
			}
		}
	}
}

// bytes is the memory the cells take.
func (c *cells) bytes() int64 {
	var n int64
	for k := range c.units {
		for _, ys := range c.units[k] {
			n += 24 + int64(cap(ys))*8
			for _, b := range ys {
				if b == nil {
					continue
				}
				n += 96 + int64(cap(b.narrow))*2 + int64(cap(b.wide))*8 + int64(len(b.spill))*24
			}
		}
	}
	return n
}
