package indicator

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// Query names one indicator for one unit and period.
type Query struct {
	Pack      string    `json:"pack"`
	Indicator string    `json:"indicator"`
	Unit      UnitRef   `json:"unit"`
	Period    Period    `json:"period"`
	Lang      i18n.Lang `json:"lang,omitempty"`
}

// unitSel is a resolved unit: its kind, row, and the rows whose aggregates it sums (a
// court's subtree; a division or judge alone).
type unitSel struct {
	kind    int
	k       UnitKind
	idx     int32
	members []int32
}

func (e *Engine) sel(r UnitRef) (unitSel, error) {
	i, err := e.u.resolve(r)
	if err != nil {
		return unitSel{}, err
	}
	k := kindOr(r.Kind)
	s := unitSel{kind: kindIndex(k), k: k, idx: i, members: []int32{i}}
	if k == UnitCourt {
		s.members = e.u.subtree(i)
	}
	return s, nil
}

// Resolve fixes a year-to-date without a month to the month of the data's date (December for
// an earlier year).
func (e *Engine) Resolve(p Period) Period {
	if p.Kind == YTD && p.N == 0 {
		p.N = 12
		if e.asOf != 0 && e.asOf.Year() == p.Year {
			_, m, _ := e.asOf.YMD()
			p.N = int(m)
		}
	}
	return p
}

func (e *Engine) indicator(pack, id string) (*cind, error) {
	inds, ok := e.inds[pack]
	if !ok {
		return nil, fmt.Errorf("no indicator pack %q (packs: %s)", pack, strings.Join(e.order, ", "))
	}
	ci, ok := inds[id]
	if !ok {
		return nil, fmt.Errorf("pack %s has no indicator %q", pack, id)
	}
	return ci, nil
}

// measureOf adds up a measure for a unit and period, money in yuan.
func (e *Engine) measureOf(m measure, s unitSel, p Period) float64 {
	m0, m1 := p.months()
	var total float64
	for _, t := range m.terms {
		a := &e.aggs[t.col]
		if a.pop == popJudges {
			total += float64(e.judges(s, m1))
			continue
		}
		var sum int64
		for _, u := range s.members {
			switch t.eval {
			case evalFlow:
				sum += e.cells.sum(s.kind, u, a, m0, m1)
			case evalStockEnd:
				sum += e.cells.sum(s.kind, u, a, math.MinInt32, m1)
			case evalStockStart:
				sum += e.cells.sum(s.kind, u, a, math.MinInt32, m0-1)
			}
		}
		if a.wide {
			total += float64(sum) / 100
		} else {
			total += float64(sum)
		}
	}
	return total
}

func (e *Engine) raw(ci *cind, s unitSel, p Period) (float64, float64) {
	return e.measureOf(ci.num, s, p), e.measureOf(ci.den, s, p)
}

// Value computes one indicator for one unit and period, with its range status, its change
// on a year earlier and, when abnormal, its movement.
func (e *Engine) Value(q Query) (Value, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ci, err := e.indicator(q.Pack, q.Indicator)
	if err != nil {
		return Value{}, err
	}
	s, err := e.sel(q.Unit)
	if err != nil {
		return Value{}, err
	}
	return e.value(ci, s, e.Resolve(q.Period), q.Lang, true), nil
}

func (e *Engine) value(ci *cind, s unitSel, p Period, l i18n.Lang, abnormal bool) Value {
	num, den := e.raw(ci, s, p)
	v := ci.ratio(num, den, p.Days())
	prev := p.PrevYear()
	pn, pd := e.raw(ci, s, prev)
	pv := ci.ratio(pn, pd, prev.Days())
	out := e.describe(ci, s, p, num, den, v, pv, l)
	if ci.dist != nil {
		e.distribution(ci, s, p, l, &out)
	}
	if abnormal {
		out.Abnormal = e.abnormal(ci, s, p, v, den)
	}
	return out
}

// describe assembles a Value from its numbers.
func (e *Engine) describe(ci *cind, s unitSel, p Period, num, den float64, v, pv *float64, l i18n.Lang) Value {
	info := e.u.info(s.k, s.idx)
	out := Value{
		Indicator: ci.ind.ID, Name: ci.ind.Name.In(l), Pack: ci.pack.ID, PackVersion: ci.pack.Version,
		Dimension: ci.ind.Dimension, Court: info.CourtCode, Unit: info, Period: p.String(),
		Numerator: num, Denominator: den, Value: v, Display: display(ci.ind, v, l),
		YoYValue: pv, Auxiliary: ci.ind.Auxiliary, DataSeq: e.seq,
	}
	if out.Court == "" {
		out.Court = info.CourtID
	}
	region := ""
	if c := e.u.courtOf(s.k, s.idx); c >= 0 {
		region = e.u.courts[c].Region
	}
	out.Range = pickRange(ci.pack, ci.ind, string(info.Level), region, int32(p.End()))
	out.Status = status(v, out.Range)
	out.YoYChange, out.YoYDelta = judgeYoY(ci.ind, v, pv)
	out.Comparable = out.YoYChange != ""
	return out
}

// abnormal decides whether v moved abnormally: its robust z-score against the unit's own
// earlier periods of the same kind, or against its peers in the same period, reaches the
// pack's threshold. Small denominators are not judged.
func (e *Engine) abnormal(ci *cind, s unitSel, p Period, v *float64, den float64) *Movement {
	a := ci.pack.Abnormal
	if ci.ind.Abnormal != nil {
		a = *ci.ind.Abnormal
	}
	if v == nil || den < a.MinDenominator {
		return nil
	}
	var hist []float64
	for _, q := range p.Before(a.History) {
		n, d := e.raw(ci, s, q)
		if hv := ci.ratio(n, d, q.Days()); hv != nil && d >= a.MinDenominator {
			hist = append(hist, *hv)
		}
	}
	var best *Movement
	if len(hist) >= a.MinHistory {
		best = flag(*v, hist, a.Z, "history")
	}
	var peers []float64
	for _, u := range e.peers(s) {
		n, d := e.raw(ci, u, p)
		if pv := ci.ratio(n, d, p.Days()); pv != nil && d >= a.MinDenominator {
			peers = append(peers, *pv)
		}
	}
	if len(peers) >= a.MinPeers {
		if m := flag(*v, peers, a.Z, "peers"); m != nil && (best == nil || math.Abs(m.Z) > math.Abs(best.Z)) {
			best = m
		}
	}
	return best
}

// flag returns the movement of v against xs when its robust z-score reaches z.
func flag(v float64, xs []float64, z float64, basis string) *Movement {
	score, med := robustZ(v, xs)
	if math.Abs(score) < z {
		return nil
	}
	return &Movement{Basis: basis, Z: math.Round(score*100) / 100, Baseline: med, Move: v - med, N: len(xs)}
}

// robustZ is (v − median) ÷ (1.4826 × MAD); when the MAD is zero the mean absolute deviation
// (× 1.2533) stands in, and when both are zero any departure scores ±99.
func robustZ(v float64, xs []float64) (float64, float64) {
	med := median(xs)
	dev := make([]float64, len(xs))
	mean := 0.0
	for i, x := range xs {
		dev[i] = math.Abs(x - med)
		mean += dev[i]
	}
	mean /= float64(len(xs))
	scale := 1.4826 * median(dev)
	if scale == 0 {
		scale = 1.2533 * mean
	}
	if scale == 0 {
		switch {
		case v > med:
			return 99, med
		case v < med:
			return -99, med
		}
		return 0, med
	}
	return (v - med) / scale, med
}

func median(xs []float64) float64 { return quantile(sorted(xs), 0.5) }

func sorted(xs []float64) []float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s
}

// quantile of sorted xs by linear interpolation between closest ranks (the median of an
// even count is the mean of the two middle values).
func quantile(s []float64, q float64) float64 {
	if len(s) == 0 {
		return 0
	}
	h := float64(len(s)-1) * q
	lo := int(math.Floor(h))
	hi := min(lo+1, len(s)-1)
	return s[lo] + (h-float64(lo))*(s[hi]-s[lo])
}

// peers are the units a unit is compared with: courts of the same level, divisions of the same
// line, judges whose division has the same line.
func (e *Engine) peers(s unitSel) []unitSel {
	var out []unitSel
	switch s.k {
	case UnitCourt:
		lvl := e.u.courts[s.idx].Level
		for i := range e.u.courts {
			if int32(i) != s.idx && e.u.courts[i].Level == lvl {
				out = append(out, unitSel{kind: kCourt, k: UnitCourt, idx: int32(i), members: e.u.subtree(int32(i))})
			}
		}
	case UnitDivision:
		line := e.u.divs[s.idx].Line
		for i := range e.u.divs {
			if int32(i) != s.idx && e.u.divs[i].Line == line {
				out = append(out, unitSel{kind: kDiv, k: UnitDivision, idx: int32(i), members: []int32{int32(i)}})
			}
		}
	case UnitJudge:
		line := e.lineOf(s.idx)
		for i := range e.u.people {
			if int32(i) != s.idx && e.u.people[i].judge && e.lineOf(int32(i)) == line {
				out = append(out, unitSel{kind: kJudge, k: UnitJudge, idx: int32(i), members: []int32{int32(i)}})
			}
		}
	}
	return out
}

func (e *Engine) lineOf(person int32) qingfeng.Line {
	if d := e.u.people[person].div; d >= 0 {
		return e.u.divs[d].Line
	}
	return ""
}

// Trend is one indicator for one unit, month by month from the month of from to the month of to.
func (e *Engine) Trend(q Query, from, to Period) ([]Value, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ci, err := e.indicator(q.Pack, q.Indicator)
	if err != nil {
		return nil, err
	}
	s, err := e.sel(q.Unit)
	if err != nil {
		return nil, err
	}
	m0, _ := e.Resolve(from).months()
	_, m1 := e.Resolve(to).months()
	if m1 < m0 || m1-m0 > 240 {
		return nil, fmt.Errorf("trend: %s to %s is not a range of at most 240 months", from, to)
	}
	var out []Value
	for m := m0; m <= m1; m++ {
		p := Period{Kind: Month, Year: int(m / 12), N: int(m%12) + 1}
		out = append(out, e.value(ci, s, p, q.Lang, false))
	}
	return out, nil
}

// Spread is one indicator across the courts directly below a court, with the quartiles of
// their values. It is a distribution, not a ranking: children are in court-code order.
type Spread struct {
	Parent   Value    `json:"parent"`
	Children []Value  `json:"children"`
	Min      *float64 `json:"min"`
	Q1       *float64 `json:"q1"`
	Median   *float64 `json:"median"`
	Q3       *float64 `json:"q3"`
	Max      *float64 `json:"max"`
}

// SpreadOptions tune Spread.
type SpreadOptions struct {
	// SkipAbnormal leaves each child's Abnormal nil: judging 异动 reads every child's history
	// and its peers and takes most of an uncached spread, which a view not showing it can skip.
	SkipAbnormal bool
}

// Spread computes one indicator for a court and each court directly below it, judging each
// child's abnormal movement.
func (e *Engine) Spread(q Query) (*Spread, error) { return e.SpreadWith(q, SpreadOptions{}) }

// SpreadWith is Spread with options.
func (e *Engine) SpreadWith(q Query, o SpreadOptions) (*Spread, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ci, err := e.indicator(q.Pack, q.Indicator)
	if err != nil {
		return nil, err
	}
	q.Unit.Kind = UnitCourt
	s, err := e.sel(q.Unit)
	if err != nil {
		return nil, err
	}
	p := e.Resolve(q.Period)
	out := &Spread{Parent: e.value(ci, s, p, q.Lang, false)}
	var vals []float64
	for _, c := range e.u.courts[s.idx].children {
		cs := unitSel{kind: kCourt, k: UnitCourt, idx: c, members: e.u.subtree(c)}
		v := e.value(ci, cs, p, q.Lang, !o.SkipAbnormal)
		out.Children = append(out.Children, v)
		if v.Value != nil {
			vals = append(vals, *v.Value)
		}
	}
	slices.SortFunc(out.Children, func(a, b Value) int { return strings.Compare(a.Court, b.Court) })
	if len(vals) > 0 {
		sv := sorted(vals)
		at := func(q float64) *float64 { x := quantile(sv, q); return &x }
		out.Min, out.Q1, out.Median, out.Q3, out.Max = at(0), at(0.25), at(0.5), at(0.75), at(1)
	}
	return out, nil
}

// Units lists the units of a kind inside a court's subtree (every unit when court is "").
func (e *Engine) Units(k UnitKind, court string) ([]UnitInfo, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	var within map[int32]bool
	if court != "" {
		c, err := e.u.resolve(UnitRef{Kind: UnitCourt, ID: court})
		if err != nil {
			return nil, err
		}
		within = map[int32]bool{}
		for _, x := range e.u.subtree(c) {
			within[x] = true
		}
	}
	var out []UnitInfo
	for i := 0; i < e.u.count(k); i++ {
		if within != nil && !within[e.u.courtOf(k, int32(i))] {
			continue
		}
		if k == UnitJudge && !e.u.people[i].judge {
			continue
		}
		out = append(out, e.u.info(k, int32(i)))
	}
	return out, nil
}

// InScope reports whether unit u lies inside the subtree of court scope (an id or 法院代字):
// the check a caller scoped to a court makes before showing a unit.
func (e *Engine) InScope(scope string, u UnitRef) bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	c, err := e.u.resolve(UnitRef{Kind: UnitCourt, ID: scope})
	if err != nil {
		return false
	}
	i, err := e.u.resolve(u)
	if err != nil {
		return false
	}
	return e.u.isAncestor(c, e.u.courtOf(kindOr(u.Kind), i))
}
