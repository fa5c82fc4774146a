package indicator

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/qingfeng-court/qingfeng"
)

type popKind uint8

const (
	popProcs popKind = iota
	popMatters
	popMediations
	popEvents
	popJudges
)

var popNames = map[string]popKind{"proceedings": popProcs, "matters": popMatters, "mediations": popMediations, "events": popEvents, "judges": popJudges}

type anchorKind uint8

const (
	aFiled anchorKind = iota
	aClosed
	aPending // stock: from filing to closing
	aReceived
	aConcluded
	aStarted
	aEvent
	aServing // stock: judges from joining to leaving
)

type sumKind uint8

const (
	sumCount sumKind = iota
	sumApplied
	sumRecovered
	sumAgeClose
	sumDaysClose
	sumTransmit
	sumSize
)

var sumNames = map[string]sumKind{"": sumCount, "amount_applied": sumApplied, "amount_recovered": sumRecovered,
	"age_at_close": sumAgeClose, "days_to_close": sumDaysClose, "transmit_days": sumTransmit, "size": sumSize}

type attrKind uint8

const (
	attrSelf attrKind = iota
	attrOrigin
	attrRoot
)

// cfilter is a Filter compiled to masks over the enumeration codes and flag bits.
type cfilter struct {
	cat, stage, proc, closing, outcome uint32 // bit c set: code c matches; 0 matches all
	must, mustNot                      pflags // flag bits
	root, inMatter, success            int8   // -1 any, 0 false, 1 true
	origin                             *cfilter
	noDesc                             uint32 // stage mask
	ageK                               int    // index into Engine.ages, -1 none
	daysMax                            int32  // -1 none
	types                              uint64 // events: mask over Engine.evTypes
}

// aggDef is one aggregate column: a population, an anchor date, a filter, an attribution and
// what is added (1 or a field). Measures of all packs that mean the same share one.
type aggDef struct {
	pop    popKind
	anchor anchorKind
	sum    sumKind
	attr   attrKind
	skip   uint32 // stage mask passed over when attributing to an origin
	f      cfilter
	wide   bool // money: kept in int64 cells
	slot   int  // column in the narrow or wide cells
	key    string
}

type evalKind uint8

const (
	evalFlow       evalKind = iota // Σ over the months of the period
	evalStockEnd                   // stock on the last day of the period
	evalStockStart                 // stock on the day before the period
)

type term struct {
	col  int // index into Engine.aggs
	eval evalKind
}

// measure is a compiled numerator or denominator: the sum of its terms.
type measure struct{ terms []term }

// cind is a compiled indicator.
type cind struct {
	pack       *Pack
	ind        *Indicator
	num, den   measure
	scale      float64
	periodDays bool
	dist       *cdist
}

// cdist is a compiled distribution: the population count and the measures behind tiers,
// buckets and the standard.
type cdist struct {
	field    string
	popAgg   int // the population's aggregate (for scans)
	tiers    []measure
	over     []measure // count with age over each bucket bound
	standard measure
}

// compiler turns packs into aggregate columns shared by all of them.
type compiler struct {
	e     *Engine
	byKey map[string]int
}

func (c *compiler) indicator(p *Pack, ind *Indicator) (*cind, error) {
	ci := &cind{pack: p, ind: ind, scale: 1}
	switch {
	case ind.Scale == "period_days":
		ci.periodDays = true
	case ind.Scale != "":
		ci.scale, _ = strconv.ParseFloat(ind.Scale, 64)
	case ind.Unit == "percent":
		ci.scale = 100
	}
	var err error
	if ind.Kind == "distribution" {
		ci.dist, ci.num, ci.den, err = c.distribution(ind.Distribution)
		return ci, err
	}
	if ci.num, err = c.measure(ind.Numerator, Filter{}); err != nil {
		return nil, err
	}
	ci.den, err = c.measure(ind.Denominator, Filter{})
	return ci, err
}

func (c *compiler) distribution(d *Distribution) (*cdist, measure, measure, error) {
	cd := &cdist{field: d.Field}
	pop := d.Population
	den, err := c.measure(&pop, Filter{})
	if err != nil {
		return nil, measure{}, measure{}, err
	}
	cd.popAgg = den.terms[0].col
	var num measure
	if d.Field != "age_at_end" {
		m := pop
		m.Sum = d.Field
		if num, err = c.measure(&m, Filter{}); err != nil {
			return nil, measure{}, measure{}, err
		}
	}
	for _, t := range d.Tiers {
		m := pop
		tm, err := c.measure(&m, Filter{DaysMax: &t})
		if err != nil {
			return nil, measure{}, measure{}, err
		}
		cd.tiers = append(cd.tiers, tm)
	}
	over := func(n int) (measure, error) { m := pop; return c.measure(&m, Filter{AgeOver: &n}) }
	for _, b := range d.Buckets {
		mm, err := over(b)
		if err != nil {
			return nil, measure{}, measure{}, err
		}
		cd.over = append(cd.over, mm)
	}
	if d.Headline == "over_standard" {
		if cd.standard, err = over(d.Standard); err != nil {
			return nil, measure{}, measure{}, err
		}
		num = cd.standard
	}
	return cd, num, den, nil
}

// measure compiles m; extra adds conditions (a tier's day limit, an age bound).
func (c *compiler) measure(m *Measure, extra Filter) (measure, error) {
	where := m.Where
	if extra.DaysMax != nil {
		where.DaysMax = extra.DaysMax
	}
	if extra.AgeOver != nil {
		where.AgeOver = extra.AgeOver
	}
	base := aggDef{pop: popNames[m.Of], sum: sumNames[m.Sum]}
	switch m.Attribute {
	case "origin":
		base.attr = attrOrigin
	case "root":
		base.attr = attrRoot
	}
	for _, s := range m.AttributeSkip {
		base.skip |= 1 << code(qingfeng.Stages, s)
	}
	f, err := c.filter(&where)
	if err != nil {
		return measure{}, err
	}
	base.f = *f
	base.wide = base.sum == sumApplied || base.sum == sumRecovered
	col := func(a anchorKind) int { d := base; d.anchor = a; return c.agg(d) }
	switch m.When {
	case "filed":
		return measure{[]term{{col(aFiled), evalFlow}}}, nil
	case "closed":
		return measure{[]term{{col(aClosed), evalFlow}}}, nil
	case "file_received":
		return measure{[]term{{col(aReceived), evalFlow}}}, nil
	case "concluded":
		return measure{[]term{{col(aConcluded), evalFlow}}}, nil
	case "started":
		return measure{[]term{{col(aStarted), evalFlow}}}, nil
	case "event":
		return measure{[]term{{col(aEvent), evalFlow}}}, nil
	case "pending_end":
		return measure{[]term{{col(aPending), evalStockEnd}}}, nil
	case "pending_start":
		return measure{[]term{{col(aPending), evalStockStart}}}, nil
	case "active":
		return measure{[]term{{col(aPending), evalStockStart}, {col(aFiled), evalFlow}}}, nil
	case "serving_end":
		return measure{[]term{{col(aServing), evalStockEnd}}}, nil
	}
	return measure{}, fmt.Errorf("when %q is not supported", m.When)
}

func (c *compiler) agg(d aggDef) int {
	d.key = fmt.Sprintf("%d/%d/%d/%d/%d/%s", d.pop, d.anchor, d.sum, d.attr, d.skip, d.f.key())
	if i, ok := c.byKey[d.key]; ok {
		return i
	}
	e := c.e
	if d.wide {
		d.slot = e.nWide
		e.nWide++
	} else {
		d.slot = e.nNarrow
		e.nNarrow++
	}
	e.aggs = append(e.aggs, d)
	c.byKey[d.key] = len(e.aggs) - 1
	return len(e.aggs) - 1
}

func (f *cfilter) key() string {
	s := fmt.Sprintf("%x.%x.%x.%x.%x.%x.%x.%d.%d.%d.%x.%d.%d.%x", f.cat, f.stage, f.proc, f.closing, f.outcome,
		f.must, f.mustNot, f.root, f.inMatter, f.success, f.noDesc, f.ageK, f.daysMax, f.types)
	if f.origin != nil {
		s += "(" + f.origin.key() + ")"
	}
	return s
}

func (c *compiler) filter(w *Filter) (*cfilter, error) {
	f := &cfilter{root: -1, inMatter: -1, success: -1, ageK: -1, daysMax: -1}
	f.cat = mask(qingfeng.Categories, w.Category)
	for _, s := range w.Stage {
		switch s {
		case "trial":
			for _, st := range qingfeng.Stages {
				if st.IsTrial() {
					f.stage |= 1 << code(qingfeng.Stages, st)
				}
			}
		case "enforcement":
			for _, st := range qingfeng.Stages {
				if st.IsEnforcement() {
					f.stage |= 1 << code(qingfeng.Stages, st)
				}
			}
		default:
			f.stage |= 1 << code(qingfeng.Stages, qingfeng.Stage(s))
		}
	}
	f.proc = mask(qingfeng.Procedures, w.Procedure)
	f.closing = mask(qingfeng.ClosingMethods, w.ClosingMethod)
	f.outcome = mask(qingfeng.Outcomes, w.Outcome)
	f.noDesc = mask(qingfeng.Stages, w.NoDescendant)
	bit := func(b *bool, flag pflags) {
		if b == nil {
			return
		}
		if *b {
			f.must |= flag
		} else {
			f.mustNot |= flag
		}
	}
	bit(w.Appealable, fAppealable)
	bit(w.HearingOpen, fHearingOpen)
	bit(w.LongerLimit, fLongerLimit)
	bit(w.NonLitigation, fNonLit)
	bit(w.WithinLimit, fWithinLimit)
	bit(w.HasLimit, fHasLimit)
	bit(w.Extended, fExtended)
	tri := func(b *bool) int8 {
		switch {
		case b == nil:
			return -1
		case *b:
			return 1
		}
		return 0
	}
	f.root, f.inMatter, f.success = tri(w.Root), tri(w.InMatter), tri(w.Success)
	if w.AgeOver != nil {
		f.ageK = c.e.ageIndex(*w.AgeOver)
		if f.ageK > 255 { // ageKey holds the index in a byte
			return nil, fmt.Errorf("more than 256 distinct age_over thresholds")
		}
	}
	if w.DaysMax != nil {
		f.daysMax = int32(*w.DaysMax)
	}
	for _, t := range w.Type {
		i := c.e.eventType(t)
		if i >= 64 {
			return nil, fmt.Errorf("too many event types in the packs (at most 64)")
		}
		f.types |= 1 << i
	}
	if w.Origin != nil {
		o, err := c.filter(w.Origin)
		if err != nil {
			return nil, err
		}
		f.origin = o
	}
	return f, nil
}

func mask[T comparable](set []T, vals []T) uint32 {
	var m uint32
	for _, v := range vals {
		m |= 1 << code(set, v)
	}
	return m
}

// ageIndex returns the index of an age threshold, adding it.
func (e *Engine) ageIndex(n int) int {
	if i := slices.Index(e.ages, n); i >= 0 {
		return i
	}
	e.ages = append(e.ages, n)
	return len(e.ages) - 1
}

// eventType returns the index of an event type the engine keeps, adding it.
func (e *Engine) eventType(t string) int {
	if i, ok := e.evType[t]; ok {
		return int(i)
	}
	e.evTypes = append(e.evTypes, t)
	e.evType[t] = uint8(len(e.evTypes) - 1)
	return len(e.evTypes) - 1
}
