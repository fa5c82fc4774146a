package calendar

import (
	"slices"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// Event types the clock reads (docs/spec/data-format.md, "event").
const (
	evDeductionStarted   = "deduction_started"
	evDeductionEnded     = "deduction_ended"
	evSuspensionStarted  = "suspension_started"
	evSuspensionEnded    = "suspension_ended"
	evExtensionRequested = "extension_requested"
	evExtensionApproved  = "extension_approved"
	evProcedureConverted = "procedure_converted"
)

// span is one deduction or suspension interval [from, to); to is the day of measurement while
// no end event has been seen.
type span struct {
	from, to qingfeng.Date
	open     bool
	reason   string
	event    int
}

type approval struct {
	on   qingfeng.Date
	days int
}

// reading is what a proceeding's events say about its clock up to the day of measurement.
type reading struct {
	filed       qingfeng.Date
	deductions  []span
	suspensions []span
	approvals   []approval
	conversions []Conversion
	initial     qingfeng.Procedure // "from" of the earliest conversion, even one after the day of measurement
	findings    []Finding
}

// read pairs start and end events into intervals and collects approved extensions and
// conversions, in date order, from the events dated on or before measured.
func read(events []qingfeng.Event, filed, measured qingfeng.Date, closed bool, l *Limits) *reading {
	r := &reading{filed: filed}
	var requests []int // extension requests not yet answered by an approval
	for _, de := range clockEvents(events, measured) {
		i, d, e := de.i, de.day, &events[de.i]
		if d < filed {
			r.find("clock.event_before_filing", d, i, e.Type, d, filed)
		}
		switch e.Type {
		case evDeductionStarted:
			reason := e.Str("reason")
			r.checkReason(reason, d, i, l)
			r.deductions = r.start(r.deductions, d, i, reason, "clock.deduction_overlap")
		case evDeductionEnded:
			r.end(r.deductions, d, i, e.Str("reason"), "clock.deduction_end_without_start")
		case evSuspensionStarted:
			r.suspensions = r.start(r.suspensions, d, i, "", "clock.suspension_overlap")
		case evSuspensionEnded:
			r.end(r.suspensions, d, i, "", "clock.suspension_end_without_start")
		case evExtensionRequested:
			requests = append(requests, i)
		case evExtensionApproved:
			days, ok := e.Int("days")
			if !ok || days <= 0 {
				r.find("clock.extension_bad_days", d, i, d)
				continue
			}
			r.approvals = append(r.approvals, approval{on: d, days: days})
			if len(requests) > 0 {
				requests = requests[1:]
			}
		case evProcedureConverted:
			to := qingfeng.Procedure(e.Str("to"))
			if !qingfeng.Valid(qingfeng.Procedures, to) {
				r.find("clock.conversion_unknown", d, i, d, to)
				continue
			}
			r.conversions = append(r.conversions, Conversion{On: d, From: qingfeng.Procedure(e.Str("from")), To: to})
		}
	}
	r.initial = initialProcedure(events)
	for _, i := range requests {
		r.find("clock.extension_not_approved", events[i].Date(), i, events[i].Date())
	}
	r.closeOpen(measured, closed)
	r.checkCaps(l)
	return r
}

// dated is an event of interest and its local date, computed once.
type dated struct {
	i   int
	day qingfeng.Date
}

// clockEvents returns the events the clock reads, dated on or before measured, ordered by
// date and then by instant (stable for ties).
func clockEvents(events []qingfeng.Event, measured qingfeng.Date) []dated {
	var out []dated
	for i := range events {
		switch events[i].Type {
		case evDeductionStarted, evDeductionEnded, evSuspensionStarted, evSuspensionEnded,
			evExtensionRequested, evExtensionApproved, evProcedureConverted:
			if day := events[i].Date(); day <= measured {
				out = append(out, dated{i, day})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b dated) int {
		if a.day != b.day {
			return int(a.day - b.day)
		}
		return events[a.i].At.Compare(events[b.i].At)
	})
	return out
}

// initialProcedure is the procedure a proceeding started with according to its conversion
// events, whenever they happened, or "" when none says. A record usually shows the procedure
// a proceeding ended with, which is not the one in force before its conversion.
func initialProcedure(events []qingfeng.Event) qingfeng.Procedure {
	var first *qingfeng.Event
	for i := range events {
		e := &events[i]
		from := qingfeng.Procedure(e.Str("from"))
		if e.Type == evProcedureConverted && qingfeng.Valid(qingfeng.Procedures, from) && (first == nil || e.Date() < first.Date()) {
			first = e
		}
	}
	if first == nil {
		return ""
	}
	return qingfeng.Procedure(first.Str("from"))
}

// start opens an interval; one opening while another of its kind runs is an overlap.
func (r *reading) start(spans []span, d qingfeng.Date, i int, reason, overlap string) []span {
	for _, s := range spans {
		if s.open {
			r.find(overlap, d, i, d)
			break
		}
	}
	return append(spans, span{from: d, open: true, reason: reason, event: i})
}

// end closes the open interval with the same reason, or else the oldest open one.
func (r *reading) end(spans []span, d qingfeng.Date, i int, reason, orphan string) {
	pick := -1
	for j := range spans {
		if !spans[j].open {
			continue
		}
		if pick < 0 || (reason != "" && spans[j].reason == reason && spans[pick].reason != reason) {
			pick = j
		}
	}
	if pick < 0 {
		r.find(orphan, d, i, d)
		return
	}
	spans[pick].to, spans[pick].open = d, false
}

func (r *reading) checkReason(reason string, d qingfeng.Date, i int, l *Limits) {
	if l == nil {
		return
	}
	if reason == "" {
		r.find("clock.deduction_no_reason", d, i, d)
	} else if _, ok := l.Reason(reason); !ok {
		r.find("clock.deduction_unknown_reason", d, i, d, reason)
	}
}

// closeOpen lets intervals without an end event run to the day of measurement.
func (r *reading) closeOpen(measured qingfeng.Date, closed bool) {
	reported := false
	for _, list := range [][]span{r.deductions, r.suspensions} {
		for j := range list {
			if !list[j].open {
				continue
			}
			list[j].to = max(measured, list[j].from)
			if closed && !reported {
				r.find("clock.interval_open_at_close", list[j].from, list[j].event, list[j].from)
				reported = true
			}
		}
	}
}

// checkCaps reports deductions longer than the law allows for their reason.
func (r *reading) checkCaps(l *Limits) {
	if l == nil {
		return
	}
	for _, s := range r.deductions {
		rs, ok := l.Reason(s.reason)
		if !ok || !rs.Max.IsDuration() {
			continue
		}
		most := int(rs.Max.End(s.from, nil) - s.from)
		if n := int(s.to - s.from); n > most {
			r.find("clock.deduction_over_cap", s.from, s.event, s.from, i18n.Text{ZH: rs.Name, EN: rs.NameEn}, n, most)
		}
	}
}

// covered counts the days of [filed, d) inside the chosen intervals, each day once.
func (r *reading) covered(d qingfeng.Date, deductions, suspensions bool) int {
	var cut [][2]qingfeng.Date
	add := func(list []span) {
		for _, s := range list {
			if a, b := max(s.from, r.filed), min(s.to, d); a < b {
				cut = append(cut, [2]qingfeng.Date{a, b})
			}
		}
	}
	if deductions {
		add(r.deductions)
	}
	if suspensions {
		add(r.suspensions)
	}
	slices.SortFunc(cut, func(x, y [2]qingfeng.Date) int { return int(x[0] - y[0]) })
	n, reach := 0, r.filed
	for _, iv := range cut {
		a := max(iv[0], reach)
		if iv[1] > a {
			n += int(iv[1] - a)
			reach = iv[1]
		}
	}
	return n
}

// age is the proceeding's age on day d: days since filing less the days excluded before d.
func (r *reading) age(d qingfeng.Date) int {
	if d <= r.filed {
		return 0
	}
	return int(d-r.filed) - r.covered(d, true, true)
}

// extensionDays sums the extensions approved on or before d.
func (r *reading) extensionDays(d qingfeng.Date) int {
	n := 0
	for _, a := range r.approvals {
		if a.on <= d {
			n += a.days
		}
	}
	return n
}
