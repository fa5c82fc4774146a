package indicator

// cells holds the aggregates: for each unit kind and unit, a block of months × columns.
// Counts and day sums are int32, money sums int64. Flow columns hold the month's total; stock
// columns hold the month's change, so a stock on a day is the sum of changes up to its month.
// The months held grow to cover the data; a stock that starts before the first month held
// (the floor) starts in it, and flows before the floor are not kept.
type cells struct {
	floor, lo, hi int32 // floor: earliest month ever held; [lo, hi] the months held
	nNarrow       int
	nWide         int
	narrow        [3][][]int32
	wide          [3][][]int64
}

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
	*c = cells{floor: c.floor, lo: 1, hi: 0, nNarrow: nNarrow, nWide: nWide}
}

func (c *cells) months() int { return max(int(c.hi-c.lo+1), 0) }

// cover widens the months held to include m (a year at a time, to grow rarely); it returns
// false for a month before the floor.
func (c *cells) cover(m int32) bool {
	if m < c.floor {
		return false
	}
	if m >= c.lo && m <= c.hi {
		return true
	}
	if c.hi < c.lo {
		c.lo, c.hi = m, m+11
		return true
	}
	lo, hi := c.lo, c.hi
	if m < lo {
		lo = max(m-11, c.floor)
	}
	if m > hi {
		hi = m + 23
	}
	c.rewindow(lo, hi)
	return true
}

// ensure holds at least the months [lo, hi] (clipped to the floor), before a full pass.
func (c *cells) ensure(lo, hi int32) {
	lo = max(lo, c.floor)
	if hi < lo {
		return
	}
	if c.hi < c.lo {
		c.lo, c.hi = lo, hi
		return
	}
	c.rewindow(min(lo, c.lo), max(hi, c.hi))
}

func (c *cells) rewindow(lo, hi int32) {
	shift := int(c.lo - lo)
	n := int(hi - lo + 1)
	for k := range c.narrow {
		for u, b := range c.narrow[k] {
			if b != nil {
				nb := make([]int32, n*c.nNarrow)
				copy(nb[shift*c.nNarrow:], b)
				c.narrow[k][u] = nb
			}
		}
		for u, b := range c.wide[k] {
			if b != nil {
				nb := make([]int64, n*c.nWide)
				copy(nb[shift*c.nWide:], b)
				c.wide[k][u] = nb
			}
		}
	}
	c.lo, c.hi = lo, hi
}

// add adds v to column a of unit u of kind k in month m.
func (c *cells) add(k int, u int32, a *aggDef, m int32, v int64) {
	if u < 0 || !c.cover(m) {
		return
	}
	off := int(m - c.lo)
	if a.wide {
		for int(u) >= len(c.wide[k]) {
			c.wide[k] = append(c.wide[k], nil)
		}
		b := c.wide[k][u]
		if b == nil {
			b = make([]int64, c.months()*c.nWide)
			c.wide[k][u] = b
		}
		b[off*c.nWide+a.slot] += v
		return
	}
	for int(u) >= len(c.narrow[k]) {
		c.narrow[k] = append(c.narrow[k], nil)
	}
	b := c.narrow[k][u]
	if b == nil {
		b = make([]int32, c.months()*c.nNarrow)
		c.narrow[k][u] = b
	}
	b[off*c.nNarrow+a.slot] += int32(v)
}

// sum adds up column a of unit u over months [m0, m1] (clipped to the months held).
func (c *cells) sum(k int, u int32, a *aggDef, m0, m1 int32) int64 {
	m0, m1 = max(m0, c.lo), min(m1, c.hi)
	if m0 > m1 || u < 0 {
		return 0
	}
	var s int64
	if a.wide {
		if int(u) >= len(c.wide[k]) || c.wide[k][u] == nil {
			return 0
		}
		b := c.wide[k][u]
		for m := m0; m <= m1; m++ {
			s += b[int(m-c.lo)*c.nWide+a.slot]
		}
		return s
	}
	if int(u) >= len(c.narrow[k]) || c.narrow[k][u] == nil {
		return 0
	}
	b := c.narrow[k][u]
	for m := m0; m <= m1; m++ {
		s += int64(b[int(m-c.lo)*c.nNarrow+a.slot])
	}
	return s
}

// bytes is the memory the cells take.
func (c *cells) bytes() int64 {
	var n int64
	for k := range c.narrow {
		for _, b := range c.narrow[k] {
			n += int64(len(b)) * 4
		}
		for _, b := range c.wide[k] {
			n += int64(len(b)) * 8
		}
	}
	return n
}
