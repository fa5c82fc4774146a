package indicator

import (
	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
)

// Event types whose facts the engine derives itself (the clock's, and E5's).
var clockTypes = []string{"deduction_started", "deduction_ended", "suspension_started", "suspension_ended",
	"extension_requested", "extension_approved", "procedure_converted"}

const (
	evAppealFiled  = "appeal_filed"
	evFileReceived = "file_received"
)

// refreshFacts recomputes what proceeding i's events and limit say: within limit, age at
// closing, extension, the days its pending age passes each threshold, and the appeal's
// transmission time. The clock (calendar.Clock, on the time-limit table) does the measuring.
func (e *Engine) refreshFacts(i int32) {
	p := &e.p
	fl := p.flags[i]
	if fl&fPresent == 0 {
		return
	}
	fl &^= fWithinLimit | fHasLimit | fExtended | fClockEvents
	c := e.caseOf(i)
	var origin *qingfeng.Case
	if o := p.origin[i]; o >= 0 && p.flags[o]&fPresent != 0 {
		origin = e.caseOf(o)
	}
	evs := e.clockEvents(i)
	if len(evs) > 0 {
		fl |= fClockEvents
	}
	p.ageClose[i] = 0
	if c.ClosedOn != 0 && c.FiledOn != 0 {
		st := calendar.Clock(c, origin, evs, 0, e.limits, e.cal)
		if st.HasLimit {
			fl |= fHasLimit
		}
		if st.WithinLimit {
			fl |= fWithinLimit
		}
		if st.ExtensionDays > 0 {
			fl |= fExtended
		}
		p.ageClose[i] = int32(st.Age)
	}
	p.flags[i] = fl
	for k := range e.ages {
		delete(e.thresholds, ageKey{i, uint8(k)})
	}
	if fl&fClockEvents != 0 && len(e.ages) > 0 {
		for k, t := range e.agesOf(c, evs) {
			if t != e.plainThreshold(i, k) {
				e.thresholds[ageKey{i, uint8(k)}] = t
			}
		}
	}
	rc, days := e.transmission(i)
	p.setAppeal(i, appeal{received: rc, transmit: days})
}

// caseOf rebuilds the fields of proceeding i that the clock reads.
func (e *Engine) caseOf(i int32) *qingfeng.Case {
	p := &e.p
	return &qingfeng.Case{
		Category:      value(qingfeng.Categories, p.cat[i]),
		Stage:         value(qingfeng.Stages, p.stage[i]),
		Procedure:     value(qingfeng.Procedures, p.proc[i]),
		ClosingMethod: value(qingfeng.ClosingMethods, p.closing[i]),
		Outcome:       value(qingfeng.Outcomes, p.outcome[i]),
		FiledOn:       p.filed[i],
		ClosedOn:      p.closed[i],
		Flags: qingfeng.CaseFlags{
			LongerLimit:   p.flags[i]&fLongerLimit != 0,
			NonLitigation: p.flags[i]&fNonLit != 0,
		},
	}
}

// clockEvents rebuilds proceeding i's kept clock events as domain events.
func (e *Engine) clockEvents(i int32) []qingfeng.Event {
	var out []qingfeng.Event
	for _, ce := range e.events[i] {
		if e.clockMask&(1<<ce.typ) == 0 {
			continue
		}
		ev := qingfeng.Event{Type: e.evTypes[ce.typ], At: ce.time(), Attrs: map[string]any{}}
		if ce.reason != 0 {
			ev.Attrs["reason"] = e.reasons[ce.reason]
		}
		if ce.days != 0 {
			ev.Attrs["days"] = float64(ce.days)
		}
		if ce.from != 0 {
			ev.Attrs["from"] = string(value(qingfeng.Procedures, ce.from))
		}
		if ce.to != 0 {
			ev.Attrs["to"] = string(value(qingfeng.Procedures, ce.to))
		}
		out = append(out, ev)
	}
	return out
}

// agesOf finds, for each age threshold, the first day on which the proceeding — seen as
// pending — is older than the threshold net of excluded days, asking the clock. The age grows
// by at most a day a day, so each step jumps by the days still missing; while an interval
// without an end event holds the age still, the next event day is tried, and without one the
// threshold is never reached (0).
func (e *Engine) agesOf(c *qingfeng.Case, evs []qingfeng.Event) []qingfeng.Date {
	pending := *c
	pending.ClosedOn = 0
	out := make([]qingfeng.Date, len(e.ages))
	for k, n := range e.ages {
		d := c.FiledOn + qingfeng.Date(n+1)
		for step := 0; step < 1000; step++ {
			age := calendar.Clock(&pending, nil, evs, d, nil, e.cal).Age
			if age > n {
				out[k] = d
				break
			}
			next := d + qingfeng.Date(n+1-age)
			if calendar.Clock(&pending, nil, evs, next, nil, e.cal).Age == age {
				next = nextEventDay(evs, next)
				if next == 0 {
					break
				}
			}
			d = next
		}
	}
	return out
}

// nextEventDay is the first event date after d, or 0.
func nextEventDay(evs []qingfeng.Event, d qingfeng.Date) qingfeng.Date {
	var best qingfeng.Date
	for i := range evs {
		if x := evs[i].Date(); x > d && (best == 0 || x < best) {
			best = x
		}
	}
	return best
}

// transmission reads E5's events: the day the appellate court received the file after the
// last appeal, and the days it took.
func (e *Engine) transmission(i int32) (qingfeng.Date, int32) {
	var appeal, received qingfeng.Date
	for _, ce := range e.events[i] {
		if int(ce.typ) == e.tAppeal && ce.date() > appeal {
			appeal = ce.date()
		}
	}
	if appeal == 0 {
		return 0, 0
	}
	for _, ce := range e.events[i] {
		if int(ce.typ) == e.tReceived && ce.date() >= appeal && (received == 0 || ce.date() < received) {
			received = ce.date()
		}
	}
	if received == 0 {
		return 0, 0
	}
	return received, int32(received - appeal)
}
