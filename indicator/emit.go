package indicator

import "github.com/qingfeng-court/qingfeng"

// unitsOf are the units a contribution counts for: a court, a division and a judge (-1 none).
type unitsOf struct{ court, div, judge int32 }

// sink receives contributions: v added to column a for units u in month m. A stock column
// receives +v in the month it starts and -v in the month it stops.
type sink func(a *aggDef, u unitsOf, m int32, v int64, row int32)

// emitProc sends every contribution of proceeding i (as a proceeding, as a matter root and
// through its kept events), multiplied by sign; buf is scratch space for tree walks (each
// goroutine of a parallel pass brings its own). It reads the columns only.
func (e *Engine) emitProc(i int32, sign int64, out sink, buf *[]int32) {
	p := &e.p
	fl := p.flags[i]
	if fl&fPresent == 0 {
		return
	}
	size := int64(-1)
	for _, k := range e.byStage[p.stage[i]] {
		a := &e.aggs[k]
		switch a.pop {
		case popMatters:
			if fl&fHasOrigin != 0 || p.filed[i] == 0 || !e.match(i, &a.f) {
				continue
			}
			v := int64(1)
			if a.sum == sumSize {
				if size < 0 {
					size = e.treeSize(i, buf)
				}
				v = size
			}
			out(a, e.unitsOf(i), monthOf(p.filed[i]), sign*v, i)
		case popEvents:
			e.emitEvents(i, a, sign, out)
		default:
			e.emitOne(i, a, sign, out)
		}
	}
}

// emitOne sends proceeding i's contribution to one proceedings column.
func (e *Engine) emitOne(i int32, a *aggDef, sign int64, out sink) {
	p := &e.p
	var when qingfeng.Date
	switch a.anchor {
	case aFiled, aPending:
		when = p.filed[i]
	case aClosed:
		when = p.closed[i]
	case aReceived:
		when = p.appealOf(i).received
	}
	if when == 0 || !e.match(i, &a.f) {
		return
	}
	u, ok := e.attribute(i, a)
	if !ok {
		return
	}
	v := sign * e.fieldOf(i, a.sum)
	if a.anchor != aPending {
		out(a, u, monthOf(when), v, i)
		return
	}
	start, stop := p.filed[i], p.closed[i]
	if a.f.ageK >= 0 {
		t := e.ageThreshold(i, a.f.ageK)
		if t == 0 || (stop != 0 && t >= stop) {
			return
		}
		start = max(start, t)
	}
	if stop != 0 && stop <= start {
		return
	}
	out(a, u, max(monthOf(start), e.cells.floor), v, i)
	if stop != 0 {
		out(a, u, max(monthOf(stop), e.cells.floor), -v, i)
	}
}

func (e *Engine) fieldOf(i int32, s sumKind) int64 {
	p := &e.p
	switch s {
	case sumApplied:
		return p.amountsOf(i).applied
	case sumRecovered:
		return p.amountsOf(i).recovered
	case sumAgeClose:
		return int64(p.ageClose[i])
	case sumDaysClose:
		return int64(p.closed[i] - p.filed[i])
	case sumTransmit:
		return int64(p.appealOf(i).transmit)
	}
	return 1
}

// emitEvents sends the contributions of proceeding i's kept events to an events column.
func (e *Engine) emitEvents(i int32, a *aggDef, sign int64, out sink) {
	evs := e.events[i]
	if len(evs) == 0 || !e.match(i, &a.f) {
		return
	}
	u := e.unitsOf(i)
	for k := range evs {
		if a.f.types&(1<<evs[k].typ) != 0 {
			out(a, u, monthOf(evs[k].date()), sign, i)
		}
	}
}

func (e *Engine) unitsOf(i int32) unitsOf {
	return unitsOf{e.court(i), e.p.div[i], e.p.judge[i]}
}

// attribute returns the units a contribution of i counts for: its own, its origin's (passing
// over the stages a.skip names) or its matter root's.
func (e *Engine) attribute(i int32, a *aggDef) (unitsOf, bool) {
	p := &e.p
	switch a.attr {
	case attrOrigin:
		o := p.origin[i]
		for n := 0; o >= 0 && a.skip&(1<<p.stage[o]) != 0 && n < maxDepth; n++ {
			o = p.origin[o]
		}
		if o < 0 || p.flags[o]&fPresent == 0 || a.skip&(1<<p.stage[o]) != 0 {
			return unitsOf{}, false
		}
		return e.unitsOf(o), true
	case attrRoot:
		t := e.top(i)
		if !e.isMatterRoot(t) {
			return unitsOf{}, false
		}
		return e.unitsOf(t), true
	}
	return e.unitsOf(i), true
}

// match reports whether proceeding i passes filter f.
func (e *Engine) match(i int32, f *cfilter) bool {
	p := &e.p
	if f.stage != 0 && f.stage&(1<<p.stage[i]) == 0 ||
		f.cat != 0 && f.cat&(1<<p.cat[i]) == 0 ||
		f.closing != 0 && f.closing&(1<<p.closing[i]) == 0 ||
		f.outcome != 0 && f.outcome&(1<<p.outcome[i]) == 0 ||
		f.proc != 0 && f.proc&(1<<p.proc[i]) == 0 {
		return false
	}
	fl := p.flags[i]
	if fl&f.must != f.must || fl&f.mustNot != 0 {
		return false
	}
	if f.root >= 0 && (fl&fHasOrigin == 0) != (f.root == 1) {
		return false
	}
	if f.daysMax >= 0 && (p.closed[i] == 0 || int32(p.closed[i]-p.filed[i]) > f.daysMax) {
		return false
	}
	if f.inMatter >= 0 && e.isMatterRoot(e.top(i)) != (f.inMatter == 1) {
		return false
	}
	if f.noDesc != 0 && e.hasDescendant(i, f.noDesc) {
		return false
	}
	if f.origin != nil {
		o := p.origin[i]
		if o < 0 || p.flags[o]&fPresent == 0 || !e.match(o, f.origin) {
			return false
		}
	}
	return true
}

// ageThreshold is the first day on which proceeding i, while pending, is older than
// e.ages[k] days net of excluded days; 0 when that never happens on the events known. Only
// the thresholds that events moved from the plain count of days are kept.
func (e *Engine) ageThreshold(i int32, k int) qingfeng.Date {
	if e.p.flags[i]&fClockEvents != 0 {
		if t, moved := e.thresholds[ageKey{i, uint8(k)}]; moved {
			return t
		}
	}
	return e.plainThreshold(i, k)
}

// ageKey names age threshold k of a proceeding.
type ageKey struct {
	row int32
	k   uint8
}

// plainThreshold is the threshold without excluded days: the day after e.ages[k] days.
func (e *Engine) plainThreshold(i int32, k int) qingfeng.Date {
	return e.p.filed[i] + qingfeng.Date(e.ages[k]+1)
}

// emitMediation sends mediation j's contributions.
func (e *Engine) emitMediation(j int32, aggs []int, sign int64, out sink) {
	m := &e.med
	for _, k := range aggs {
		a := &e.aggs[k]
		when := m.concluded[j]
		if a.anchor == aStarted {
			when = m.started[j]
		}
		if when == 0 || (a.f.success >= 0 && m.success[j] != (a.f.success == 1)) {
			continue
		}
		out(a, unitsOf{m.court[j], -1, -1}, monthOf(when), sign, -1-j)
	}
}
