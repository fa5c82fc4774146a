package indicator

import (
	"runtime"
	"slices"
	"sync"
)

// minShare is the fewest rows worth a goroutine of their own in a full pass: below it the
// merge costs more than the share saves.
const minShare = 1 << 14

// recompute recomputes the aggregates from the columns and facts in one pass over the rows,
// split over the cores.
func (e *Engine) recompute() {
	e.recomputeWith(max(1, min(runtime.GOMAXPROCS(0), (len(e.p.flags)+len(e.med.court))/minShare)))
}

// recomputeWith splits the pass over up to workers goroutines: each sums a share of the
// proceedings and mediations into cells of its own, and the shares are then merged unit by
// unit. A share is the proceedings of a set of courts, so that each goroutine's cells hold
// mostly units no other one touches (rows split by position would have every goroutine fill
// every unit's blocks: more memory traffic than the second core saves). Integer sums do not
// depend on the order they are taken in, so every value is the serial pass's.
func (e *Engine) recomputeWith(workers int) {
	e.cells.reset(e.nNarrow, e.nWide)
	lo, hi := e.span()
	e.cells.ensure(lo, hi)
	e.cells.whole = true
	defer func() {
		e.cells.compact(workers)
		e.cells.whole = false
	}()
	if workers == 1 {
		e.emitShare(&e.cells, 0, 1, nil)
		return
	}
	owner := e.shares(workers)
	parts := make([]*cells, workers)
	var wg sync.WaitGroup
	for w := range parts {
		c := &e.cells
		if w > 0 {
			c = e.cells.empty()
		}
		parts[w] = c
		wg.Go(func() { e.emitShare(c, w, workers, owner) })
	}
	wg.Wait()
	e.cells.merge(parts[1:], workers)
}

// emitShare adds share w of workers to c: the proceedings of the courts owner gives w (all
// when owner is nil; those without a court go by row), and a slice of the mediations.
func (e *Engine) emitShare(c *cells, w, workers int, owner []int32) {
	var buf []int32
	sink := func(a *aggDef, u unitsOf, m int32, v int64, _ int32) {
		c.addUnits(&[3]int32{kCourt: u.court, kDiv: u.div, kJudge: u.judge}, a, m, v)
	}
	for i := range int32(len(e.p.flags)) {
		if owner != nil && e.p.flags[i]&fPresent != 0 {
			if ct := e.court(i); ct >= 0 && owner[ct] != int32(w) || ct < 0 && int(i)%workers != w {
				continue
			}
		}
		e.emitProc(i, 1, sink, &buf)
	}
	n := len(e.med.court)
	for j := n * w / workers; j < n*(w+1)/workers; j++ {
		e.emitMediation(int32(j), e.medAggs, 1, sink)
	}
}

// shares gives each court to one of workers, the courts with most proceedings first, each to
// the least loaded so far.
func (e *Engine) shares(workers int) []int32 {
	size := make([]int, len(e.u.courts))
	for i, f := range e.p.flags {
		if f&fPresent != 0 {
			if ct := e.court(int32(i)); ct >= 0 {
				size[ct]++
			}
		}
	}
	order := make([]int32, len(size))
	for k := range order {
		order[k] = int32(k)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return size[b] - size[a] })
	load, owner := make([]int, workers), make([]int32, len(size))
	for _, ct := range order {
		w := slices.Index(load, slices.Min(load))
		owner[ct] = int32(w)
		load[w] += size[ct]
	}
	return owner
}

// empty is a cells with c's layout and months and no values.
func (c *cells) empty() *cells {
	return &cells{floor: c.floor, lo: c.lo, hi: c.hi, nNarrow: c.nNarrow, nWide: c.nWide, layout: c.layout}
}

// merge adds the values of parts to c, over workers goroutines that each take every
// workers-th unit (a unit's blocks are only ever touched by one of them). A block c lacks is
// taken over as it is.
func (c *cells) merge(parts []*cells, workers int) {
	for _, p := range parts {
		if p.hi >= p.lo {
			c.ensure(p.lo, p.hi)
		}
		for k := range c.units {
			if extra := len(p.units[k]) - len(c.units[k]); extra > 0 {
				c.units[k] = append(c.units[k], make([][]*yblock, extra)...)
			}
		}
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := range c.units {
				for u := w; u < len(c.units[k]); u += workers {
					for _, p := range parts {
						if u < len(p.units[k]) {
							c.mergeUnit(k, u, p.units[k][u])
						}
					}
				}
			}
		})
	}
	wg.Wait()
}

// mergeUnit adds unit u's years ys (of kind k) to c.
func (c *cells) mergeUnit(k, u int, ys []*yblock) {
	dst := c.units[k][u]
	if extra := len(ys) - len(dst); extra > 0 {
		dst = append(dst, make([]*yblock, extra)...)
		c.units[k][u] = dst
	}
	for y, b := range ys {
		switch {
		case b == nil:
		case dst[y] == nil:
			dst[y] = b
		default:
			dst[y].merge(&c.layout, b)
		}
	}
}

// has reports whether column o of group g is made.
func (b *yblock) has(g uint8, o int) bool {
	return b.made&(1<<g) != 0 && (o >= 64 || b.cols[g]&(1<<o) != 0)
}

// merge adds src's values to b: src's columns are made in b first (so that b ends with the
// columns a single pass would have made), then each of src's cells is added to b's.
func (b *yblock) merge(l *layout, src *yblock) {
	for g := range uint8(nGroups) {
		if src.made&(1<<g) == 0 {
			continue
		}
		for o := range l.slots[g] {
			if src.has(g, o) && !b.has(g, o) {
				b.makeCol(l, g, o)
			}
		}
		wb, ws := b.width(l, g), src.width(l, g)
		bb, sb := b.base(l, g), src.base(l, g)
		for mo := range 12 {
			pb, ps := bb+mo*wb, sb+mo*ws // b's columns include src's: both rows go in slot order
			for o := range l.slots[g] {
				if !b.has(g, o) {
					continue
				}
				if src.has(g, o) {
					v := int64(src.narrow[ps])
					if v == spilled {
						v = src.spill[spillKey(g, mo, o)]
					}
					b.addAt(pb, g, mo, o, v)
					ps++
				}
				pb++
			}
		}
	}
	if src.touched != nil {
		if b.touched == nil {
			b.touched = new([nGroups]uint64)
		}
		for g, t := range src.touched {
			b.touched[g] |= t
		}
	}
	switch {
	case src.wide == nil:
	case b.wide == nil:
		b.wide = src.wide
	default:
		for i, v := range src.wide {
			b.wide[i] += v
		}
	}
}

// makeGroup makes every column of group g at once. A full pass makes groups whole: making
// columns one at a time copies the block once per column, and most blocks receive most of
// their group's columns in the end.
func (b *yblock) makeGroup(l *layout, g uint8) {
	if b.made&(1<<g) != 0 { // part made already: the missing columns one by one
		for o := range l.slots[g] {
			if !b.has(g, o) {
				b.makeCol(l, g, o)
			}
		}
		return
	}
	base := b.base(l, g)
	b.made |= 1 << g
	b.cols[g] = 1<<min(len(l.slots[g]), 64) - 1
	w := b.width(l, g)
	grown := make([]int16, len(b.narrow)+12*w)
	copy(grown, b.narrow[:base])
	copy(grown[base+12*w:], b.narrow[base:])
	b.narrow = grown
}

// compact drops the columns that received no value (and a group left with none), after a full
// pass made groups whole: a block then holds what adding values one at a time would have
// made of it, so that the updates that follow make no more columns than they would have.
func (b *yblock) compact(l *layout) {
	var keep [nGroups]uint64
	size := 0
	for g := range uint8(nGroups) {
		w, base := b.width(l, g), b.base(l, g)
		if w == 0 {
			continue
		}
		kept := 0
		p := 0
		for o := range l.slots[g] {
			if !b.has(g, o) {
				continue
			}
			used := o >= 64 || b.touched != nil && b.touched[g]&(1<<o) != 0 // columns past 64 go with the group
			for mo := 0; mo < 12 && !used; mo++ {
				used = b.narrow[base+mo*w+p] != 0
			}
			if used {
				if o < 64 {
					keep[g] |= 1 << o
				}
				kept++
			}
			p++
		}
		if kept > 0 {
			size += 12 * kept
		}
	}
	b.touched = nil
	if size == len(b.narrow) {
		return
	}
	out := make([]int16, 0, size)
	var made uint8
	for g := range uint8(nGroups) {
		w, base := b.width(l, g), b.base(l, g)
		if w == 0 || keep[g] == 0 && len(l.slots[g]) <= 64 {
			continue
		}
		made |= 1 << g
		for mo := range 12 {
			p := 0
			for o := range l.slots[g] {
				if !b.has(g, o) {
					continue
				}
				if o >= 64 || keep[g]&(1<<o) != 0 {
					out = append(out, b.narrow[base+mo*w+p])
				}
				p++
			}
		}
	}
	b.narrow, b.made, b.cols = out, made, keep
}

// compact compacts every block, over workers goroutines.
func (c *cells) compact(workers int) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := range c.units {
				for u := w; u < len(c.units[k]); u += workers {
					for _, b := range c.units[k][u] {
						if b != nil {
							b.compact(&c.layout)
						}
					}
				}
			}
		})
	}
	wg.Wait()
}
