package indicator

import (
	"fmt"

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
	for k := range out {
		out[k] = e.table(pk, k, year, periods, inds)
	}
	return out, nil
}

// prefix is a unit's running sums: cum[(m+1)×n + c] is column c summed over the held months
// before and including m.
type prefix struct{ narrow, wide []int64 }

func (e *Engine) table(pk *Pack, kind, year int, periods []Period, inds []*cind) *Table {
	c := &e.cells
	t := &Table{Pack: pk, Kind: unitKinds[kind], Year: year, Periods: periods, inds: inds}
	last := int32(year*12 + 11)
	M := int(min(last, c.hi) - c.lo + 1)
	if c.hi < c.lo {
		M = 0
	}
	n := e.u.count(t.Kind)
	cums := make([]*prefix, n)
	hasData := func(u int32) bool { return c.has(kind, u) }
	units := n
	if t.Kind != UnitCourt {
		units = 0
		for u := range n {
			if hasData(int32(u)) {
				units++
			}
		}
	}
	t.num = make([]float64, 0, units*len(periods)*len(inds))
	t.den = make([]float64, 0, units*len(periods)*len(inds))
	shared := &prefix{narrow: make([]int64, (M+1)*c.nNarrow), wide: make([]int64, (M+1)*c.nWide)}
	build := func(u int32) *prefix {
		p := shared // divisions and judges are done one at a time: one buffer serves them all
		if t.Kind == UnitCourt {
			p = &prefix{narrow: make([]int64, (M+1)*c.nNarrow), wide: make([]int64, (M+1)*c.nWide)}
		}
		if hasData(u) {
			c.prefix(kind, u, M, p.narrow, p.wide)
		} else {
			clear(p.narrow)
			clear(p.wide)
		}
		return p
	}
	emit := func(u int32, p *prefix) {
		t.Units = append(t.Units, u)
		s := unitSel{kind: kind, k: t.Kind, idx: u, members: []int32{u}}
		for pi := range periods {
			m0, m1 := periods[pi].months()
			o0, o1 := clip(m0-c.lo, M), clip(m1-c.lo+1, M)
			judges := func() float64 {
				if t.Kind == UnitCourt {
					s.members = e.u.subtree(u)
				}
				return float64(e.judges(s, m1))
			}
			for _, ci := range inds {
				t.num = append(t.num, e.prefixMeasure(ci.num, p, o0, o1, judges))
				t.den = append(t.den, e.prefixMeasure(ci.den, p, o0, o1, judges))
			}
		}
	}
	if t.Kind == UnitCourt {
		for _, u := range e.u.post { // children before parents: a parent adds its children's sums
			p := build(u)
			for _, ch := range e.u.courts[u].children {
				addInto(p, cums[ch])
			}
			cums[u] = p
			emit(u, p)
		}
		return t
	}
	for u := range n { // a division or judge without cells has nothing to show
		if hasData(int32(u)) {
			emit(int32(u), build(int32(u)))
		}
	}
	return t
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
