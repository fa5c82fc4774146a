package calendar

import (
	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// Status is a proceeding measured against its statutory time limit on one day. Day counts
// are differences of dates, never inclusive.
type Status struct {
	Limit    Limit // the base limit applied, after procedure conversions
	HasLimit bool  // false when no row of the table selects the proceeding

	FiledOn    qingfeng.Date
	MeasuredOn qingfeng.Date // closed_on when closed on or before asOf, else asOf
	Closed     bool

	LimitDays     int           // the base limit in days: BaseDeadline − FiledOn
	BaseDeadline  qingfeng.Date // end of the base limit counted from filing
	ExtensionDays int           // days granted by extension_approved events up to MeasuredOn
	DeductedDays  int           // days before MeasuredOn inside a deduction interval
	SuspendedDays int           // days before MeasuredOn inside a suspension interval
	ExcludedDays  int           // days inside either kind, each day once; Age leaves them out
	Deadline      qingfeng.Date // BaseDeadline + ExtensionDays + ExcludedDays

	Age         int  // (MeasuredOn − FiledOn) − ExcludedDays, never negative
	Remaining   int  // LimitDays + ExtensionDays − Age; negative once exceeded
	WithinLimit bool // closed, and Age ≤ LimitDays + ExtensionDays
	Exceeded    bool // Age > LimitDays + ExtensionDays, whether closed or pending

	Conversions []Conversion // procedure conversions up to MeasuredOn, in order
	Findings    []Finding    // irregularities in the events that a rule may want to report
}

// Conversion is a procedure_converted event as applied to the limit.
type Conversion struct {
	On       qingfeng.Date
	From, To qingfeng.Procedure
}

// Clock measures proceeding c on day asOf (or on its closing day, if it closed by then) from
// its events, following docs/spec/indicators.md:
//
//   - a deduction or suspension interval runs from its start event's date to its end event's
//     date, [start, end); without an end event it runs to the day of measurement; a day inside
//     several intervals is left out of the age once;
//   - event dates are local dates in each event's own offset; events after the day of
//     measurement are not yet known and are ignored;
//   - the base limit comes from l.ForCase (origin: the proceeding c derives from, or nil);
//     after a procedure conversion the new procedure's limit applies, counted from filing
//     (民诉解释 Art. 258);
//   - only extension_approved events (attribute days) extend the limit; requests do not.
//
// A pending proceeding with no asOf is measured on its filing day. cal counts working-day
// limits; l or cal may be nil (no limit; Monday-to-Friday working days).
func Clock(c *qingfeng.Case, origin *qingfeng.Case, events []qingfeng.Event, asOf qingfeng.Date, l *Limits, cal *Calendar) Status {
	s := Status{FiledOn: c.FiledOn}
	s.MeasuredOn, s.Closed = measureDay(c, asOf)
	if c.FiledOn.IsZero() {
		s.Findings = []Finding{newFinding("clock.no_filing_date", 0, -1)}
		return s
	}
	r := read(events, c.FiledOn, s.MeasuredOn, s.Closed, l)
	s.DeductedDays = r.covered(s.MeasuredOn, true, false)
	s.SuspendedDays = r.covered(s.MeasuredOn, false, true)
	s.ExcludedDays = r.covered(s.MeasuredOn, true, true)
	s.Age = r.age(s.MeasuredOn)
	s.ExtensionDays = r.extensionDays(s.MeasuredOn)
	s.Conversions = r.conversions
	s.Limit, s.HasLimit = r.resolve(c, origin, l, cal)
	if !s.HasLimit {
		proc := c.Procedure
		if n := len(r.conversions); n > 0 {
			proc = r.conversions[n-1].To
		}
		r.find("clock.no_limit", 0, -1, c.Category, c.Stage, proc)
		s.Findings = r.findings
		return s
	}
	s.measure(cal)
	if most, capped := maxExtension(s.Limit, s.BaseDeadline, cal); capped && s.ExtensionDays > most {
		r.find("clock.extension_over_cap", s.MeasuredOn, -1, s.ExtensionDays, most)
	}
	s.Findings = r.findings
	return s
}

// measure sets the deadline and the verdict from the limit, the age and the extensions.
func (s *Status) measure(cal *Calendar) {
	s.BaseDeadline = s.Limit.End(s.FiledOn, cal)
	s.LimitDays = int(s.BaseDeadline - s.FiledOn)
	s.Deadline = s.BaseDeadline.AddDays(s.ExtensionDays + s.ExcludedDays)
	allowed := s.LimitDays + s.ExtensionDays
	s.Remaining = allowed - s.Age
	s.Exceeded = s.Age > allowed
	s.WithinLimit = s.Closed && !s.Exceeded
}

func measureDay(c *qingfeng.Case, asOf qingfeng.Date) (qingfeng.Date, bool) {
	switch {
	case !c.ClosedOn.IsZero() && (asOf.IsZero() || c.ClosedOn <= asOf):
		return c.ClosedOn, true
	case asOf.IsZero():
		return c.FiledOn, false
	}
	return asOf, false
}

// resolve picks the base limit: the limit of the procedure in force on the day of
// measurement, and reports a conversion made after the former procedure's limit had run out
// . Before the first conversion the procedure is that conversion's "from", since a
// proceeding's record usually shows the procedure it ended with.
func (r *reading) resolve(c, origin *qingfeng.Case, l *Limits, cal *Calendar) (Limit, bool) {
	cur := *c
	if r.initial != "" {
		cur.Procedure = r.initial
	}
	for _, cv := range r.conversions {
		if lim, ok := l.ForCase(&cur, origin); ok {
			allowed := int(lim.End(c.FiledOn, cal)-c.FiledOn) + r.extensionDays(cv.On)
			if r.age(cv.On) > allowed {
				r.find("clock.conversion_after_expiry", cv.On, -1, cv.On, i18n.Text{ZH: lim.Name, EN: lim.NameEn})
			}
		}
		cur.Procedure = cv.To
	}
	return l.ForCase(&cur, origin)
}

// maxExtension is the most the law lets lim be extended, in days after base, and whether the
// law caps it at all (a step with no amount leaves it open). No steps means no extension.
func maxExtension(lim Limit, base qingfeng.Date, cal *Calendar) (int, bool) {
	total := 0
	for _, e := range lim.Extensions {
		if e.Amount == 0 {
			return 0, false
		}
		n := e.extend(base.AddDays(total), cal)
		total += n
	}
	return total, true
}
