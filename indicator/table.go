package indicator

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/qingfeng-court/qingfeng/i18n"
)

// Table is one pack computed in one pass for every unit of one kind and every period of a
// year and the year before (PeriodsOfYear): numerators and denominators, from which Values
// are described on demand.
type Table struct {
	Pack    *Pack
	Kind    UnitKind
	Year    int
	Periods []Period // the year's periods, then the same periods a year earlier
	Units   []int32
	inds    []*cind
	num     []float64 // [unit][period][indicator]
	den     []float64
}

// ComputeAll computes a pack for every court (over its subtree), division and judge for the
// 12 months, 4 quarters, the year and the 12 year-to-date periods of year, and of the year
// before (for year-on-year change).
func (e *Engine) ComputeAll(pack string, year int) ([3]*Table, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.computeAll(pack, year)
}

func (e *Engine) computeAll(pack string, year int) ([3]*Table, error) {
	return e.computeAllWith(pack, year, runtime.GOMAXPROCS(0))
}

// unitsPerJob is how many divisions or judges one job of a parallel ComputeAll takes.
const unitsPerJob = 64

// computeAllWith computes the three tables over up to workers goroutines. The courts make one
// job (a parent adds its children's sums, so they go in order); divisions and judges, each on
// its own, are cut into jobs of unitsPerJob units that write their own rows of the tables.
func (e *Engine) computeAllWith(pack string, year int, workers int) ([3]*Table, error) {
	var out [3]*Table
	pk, ok := e.packs[pack]
	if !ok {
		return out, fmt.Errorf("no indicator pack %q", pack)
	}
	periods := append(PeriodsOfYear(year), PeriodsOfYear(year-1)...)
	var inds []*cind
	for k := range pk.Indicators {
		inds = append(inds, e.inds[pack][pk.Indicators[k].ID])
	}
	var jobs []func(*prefix)
	for k := range out {
		t := e.newTable(pk, k, year, periods, inds)
		out[k] = t
		if k == kCourt {
			jobs = append(jobs, func(*prefix) { e.fillCourts(t) })
			continue
		}
		for lo := 0; lo < len(t.Units); lo += unitsPerJob {
			hi := min(lo+unitsPerJob, len(t.Units))
			jobs = append(jobs, func(p *prefix) { e.fillUnits(t, lo, hi, p) })
		}
	}
	var next atomic.Int64
	run := func() {
		p := e.newPrefix(e.monthsTo(year))
		for j := next.Add(1) - 1; j < int64(len(jobs)); j = next.Add(1) - 1 {
			jobs[j](p)
		}
	}
	var wg sync.WaitGroup
	for range max(1, min(workers, len(jobs))) - 1 {
		wg.Go(run)
	}
	run()
	wg.Wait()
	return out, nil
}

// prefix is a unit's running sums: cum[(m+1)×n + c] is column c summed over the held months
// before and including m.
type prefix struct{ narrow, wide []int64 }

// monthsTo is how many held months a table of year reads: up to the year's end.
func (e *Engine) monthsTo(year int) int {
	c := &e.cells
	if c.hi < c.lo {
		return 0
	}
	return int(min(int32(year*12+11), c.hi) - c.lo + 1)
}

func (e *Engine) newPrefix(M int) *prefix {
	c := &e.cells
	return &prefix{narrow: make([]int64, (M+1)*c.nNarrow), wide: make([]int64, (M+1)*c.nWide)}
}

// newTable lays out the table of unit kind kind: its units (every court, in post-order; the
// divisions or judges with data) and room for their values.
func (e *Engine) newTable(pk *Pack, kind, year int, periods []Period, inds []*cind) *Table {
	t := &Table{Pack: pk, Kind: unitKinds[kind], Year: year, Periods: periods, inds: inds}
	if t.Kind == UnitCourt {
		t.Units = append(t.Units, e.u.post...)
	} else {
		for u := range e.u.count(t.Kind) {
			if e.cells.has(kind, int32(u)) {
				t.Units = append(t.Units, int32(u))
			}
		}
	}
	t.num = make([]float64, len(t.Units)*len(periods)*len(inds))
	t.den = make([]float64, len(t.num))
	return t
}

// fillCourts computes every court's values, children before parents: a parent's running sums
// are its own plus its children's.
func (e *Engine) fillCourts(t *Table) {
	M := e.monthsTo(t.Year)
	cums := make([]*prefix, e.u.count(UnitCourt))
	for ui, u := range t.Units {
		p := e.newPrefix(M)
		if e.cells.has(kCourt, u) {
			e.cells.prefix(kCourt, u, M, p.narrow, p.wide)
		}
		for _, ch := range e.u.courts[u].children {
			addInto(p, cums[ch])
		}
		cums[u] = p
		e.fillRow(t, ui, p, M)
	}
}

// fillUnits computes the values of t's units [lo, hi) (divisions or judges), one at a time
// in the running sums p.
func (e *Engine) fillUnits(t *Table, lo, hi int, p *prefix) {
	M, kind := e.monthsTo(t.Year), kindIndex(t.Kind)
	for ui := lo; ui < hi; ui++ {
		e.cells.prefix(kind, t.Units[ui], M, p.narrow, p.wide)
		e.fillRow(t, ui, p, M)
	}
}

// fillRow writes the numerators and denominators of unit row ui from its running sums.
func (e *Engine) fillRow(t *Table, ui int, p *prefix, M int) {
	c, u := &e.cells, t.Units[ui]
	kind := kindIndex(t.Kind)
	s := unitSel{kind: kind, k: t.Kind, idx: u, members: []int32{u}}
	at := ui * len(t.Periods) * len(t.inds)
	for pi := range t.Periods {
		m0, m1 := t.Periods[pi].months()
		o0, o1 := clip(m0-c.lo, M), clip(m1-c.lo+1, M)
		judges := func() float64 {
			if t.Kind == UnitCourt {
				s.members = e.u.subtree(u)
			}
			return float64(e.judges(s, m1))
		}
		for _, ci := range t.inds {
			t.num[at] = e.prefixMeasure(ci.num, p, o0, o1, judges)
			t.den[at] = e.prefixMeasure(ci.den, p, o0, o1, judges)
			at++
		}
	}
}

func addInto(p, q *prefix) {
	for k := range p.narrow {
		p.narrow[k] += q.narrow[k]
	}
	for k := range p.wide {
		p.wide[k] += q.wide[k]
	}
}

func clip(o int32, m int) int { return int(max(0, min(o, int32(m)))) }

// prefixMeasure reads a measure from running sums for months at offsets [o0, o1); judges
// counts the unit's judges, who are not in the cells.
func (e *Engine) prefixMeasure(m measure, p *prefix, o0, o1 int, judges func() float64) float64 {
	var total float64
	for _, t := range m.terms {
		a := &e.aggs[t.col]
		if a.pop == popJudges {
			total += judges()
			continue
		}
		cum, n := p.narrow, e.cells.nNarrow
		if a.wide {
			cum, n = p.wide, e.cells.nWide
		}
		var v int64
		switch t.eval {
		case evalFlow:
			v = cum[o1*n+a.slot] - cum[o0*n+a.slot]
		case evalStockEnd:
			v = cum[o1*n+a.slot]
		case evalStockStart:
			v = cum[o0*n+a.slot]
		}
		if a.wide {
			total += float64(v) / 100
		} else {
			total += float64(v)
		}
	}
	return total
}

// Raw returns the numerator and denominator of indicator k for unit row u and period pi.
func (t *Table) Raw(u, pi, k int) (float64, float64) {
	at := (u*len(t.Periods)+pi)*len(t.inds) + k
	return t.num[at], t.den[at]
}

// Values describes the table's values for one of the year's periods (its index in
// PeriodsOfYear), with year-on-year change and range status; abnormal movement is judged
// against peers in the table.
func (e *Engine) Values(t *Table, pi int, l i18n.Lang) []Value {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.tableValues(t, pi, l, nil)
}

// tableValues describes the values of the units keep accepts (all when nil).
func (e *Engine) tableValues(t *Table, pi int, l i18n.Lang, keep func(u int32) bool) []Value {
	kind := kindIndex(t.Kind)
	nYear := len(t.Periods) / 2
	p := t.Periods[pi]
	var out []Value
	for ui, u := range t.Units {
		if keep != nil && !keep(u) {
			continue
		}
		s := unitSel{kind: kind, k: t.Kind, idx: u, members: []int32{u}}
		if t.Kind == UnitCourt {
			s.members = e.u.subtree(u)
		}
		for k, ci := range t.inds {
			num, den := t.Raw(ui, pi, k)
			pn, pd := t.Raw(ui, pi+nYear, k)
			v := ci.ratio(num, den, p.Days())
			pv := ci.ratio(pn, pd, p.PrevYear().Days())
			val := e.describe(ci, s, p, num, den, v, pv, l)
			if ci.dist != nil {
				e.distribution(ci, s, p, l, &val)
			}
			out = append(out, val)
		}
	}
	return out
}
