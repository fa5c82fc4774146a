package rules

import (
	"fmt"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// sequence is the second form: after A, B within a period. A is each event of some types (or
// a date of the proceeding), B the first later event of other types (or a date) that the
// check's condition accepts. A B after the deadline is a late violation; no B once the deadline
// has passed is an absence; before the deadline, reminders may be due, and the check asks to
// be woken on the next day its result changes.
type sequence struct {
	from, expect anchorSpec
	within       period
	late, absent bool
	first        bool // only the first A counts
	consume      bool // each B answers one A (first in, first out)
	stop         *anchorSpec
	repeat       bool   // each B starts the next period
	horizon      period // how long a repeated obligation lasts from the first A
	remind       []reminder
	facts        []fact
	msg          *bilingual
	severity     qingfeng.Severity
}

// reminder is a warning due some days before a deadline.
type reminder struct {
	days     int
	severity qingfeng.Severity
}

// anchorSpec selects the A (or B) of a sequence: events of some types in one of the lists, or
// a date expression; shift moves an A's day (an answer period that must pass first).
type anchorSpec struct {
	date  *program
	types map[string]bool
	bits  typeBits // types, by number
	where *program
	in    string // self, origin, origin_or_self
	shift period
	text  i18n.Text // how messages name it
}

// period is how long a sequence allows, from an A's day: the earliest of the parts given.
type period struct {
	days, workdays, months, hours int
	limit                         *calendar.Limit
	until                         *program // a date computed from the anchor
	beforeDeadline                int      // the statutory deadline less this many days
	hasBefore                     bool
	text                          i18n.Text
}

func (p *period) isSet() bool {
	return p.days > 0 || p.workdays > 0 || p.months > 0 || p.hours > 0 || p.limit != nil || p.until != nil || p.hasBefore
}

// anchor is one A (or a B standing as the next A of a repeated sequence).
type anchor struct {
	day  qingfeng.Date
	unix int64 // 0 for a date
	ev   *EventView
	list []*EventView
	idx  int
}

func (s *sequence) form() string { return "sequence" }

// list returns the events an anchor spec looks in.
func (ev *evaluation) list(in string) []*EventView {
	switch in {
	case "origin":
		return ev.origin
	case "origin_or_self":
		if ev.x.Origin != nil {
			return ev.origin
		}
	}
	return ev.events
}

func (s *sequence) anchors(ev *evaluation) ([]anchor, error) {
	if s.from.date != nil {
		d, err := ev.date(s.from.date)
		if err != nil || d == 0 {
			return nil, err
		}
		if s.from.shift.isSet() {
			if d, err = s.from.shift.apply(ev, d, nil); err != nil || d == 0 {
				return nil, err
			}
		}
		return []anchor{{day: d, idx: -1}}, nil
	}
	list := ev.list(s.from.in)
	var out []anchor
	for i, e := range list {
		if !s.from.bits.has(e.tn) {
			continue
		}
		if s.from.where != nil {
			ev.e.env["event"] = e
			ok, err := ev.bool(s.from.where)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		d := qingfeng.Date(e.Date)
		unix := e.Unix
		if s.from.shift.isSet() {
			var err error
			if d, err = s.from.shift.apply(ev, d, e); err != nil {
				return nil, err
			}
			unix = 0
		}
		out = append(out, anchor{day: d, unix: unix, ev: e, list: list, idx: i})
		if s.first {
			break
		}
	}
	return out, nil
}

// apply returns the day a period from d ends (a shift's new day).
func (p *period) apply(ev *evaluation, d qingfeng.Date, a *EventView) (qingfeng.Date, error) {
	due, _, err := p.due(ev, anchor{day: d, ev: a})
	return due, err
}

// due returns the deadline of a period started by a: the day, and for a period in hours the
// instant (0 otherwise). A period none of whose parts applies (an until expression giving 0,
// a proceeding with no statutory deadline) returns 0.
func (p *period) due(ev *evaluation, a anchor) (qingfeng.Date, int64, error) {
	var best qingfeng.Date
	var unix int64
	take := func(d qingfeng.Date) {
		if d != 0 && (best == 0 || d < best) {
			best = d
		}
	}
	if p.days > 0 {
		take(a.day.AddDays(p.days))
	}
	if p.workdays > 0 {
		take(ev.e.cal.AddWorkdays(a.day, p.workdays))
	}
	if p.months > 0 {
		take(a.day.AddMonths(p.months))
	}
	if p.limit != nil && p.limit.Unit != calendar.Hours {
		take(p.limit.End(a.day, ev.e.cal))
	}
	hours := p.hours
	if p.limit != nil && p.limit.Unit == calendar.Hours {
		hours = p.limit.Amount // counted from the instant, as the law counts hours
	}
	if hours > 0 {
		if a.unix != 0 && a.ev != nil {
			unix = a.unix + int64(hours)*3600
			take(qingfeng.DateOf(timeOf(unix, a)))
		} else {
			take(a.day.AddDays((hours + 23) / 24))
		}
	}
	if p.hasBefore {
		if c := ev.clockNow(); c.HasLimit {
			take(qingfeng.Date(c.Deadline - p.beforeDeadline))
		}
	}
	if p.until != nil {
		ev.e.env["anchor"] = a.ev
		d, err := ev.date(p.until)
		if err != nil {
			return 0, 0, err
		}
		take(d)
	}
	if best == 0 || unix != 0 && best != qingfeng.DateOf(timeOf(unix, a)) {
		unix = 0 // another part ends earlier than the hours do
	}
	return best, unix, nil
}

// timeOf is the instant unix in the offset of a's event.
func timeOf(unix int64, a anchor) time.Time {
	return time.Unix(unix, 0).In(zoneOf(a.ev.ev.Off))
}

func (s *sequence) run(ev *evaluation, out *ruleOut) error {
	env := ev.e.env
	defer func() { env["event"], env["anchor"] = (*EventView)(nil), (*EventView)(nil) }()
	anchors, err := s.anchors(ev)
	if err != nil {
		return err
	}
	var used map[int]bool
	if s.consume {
		used = map[int]bool{}
	}
	for _, a := range anchors {
		if err := s.follow(ev, a, used, out); err != nil {
			return err
		}
	}
	return nil
}

// follow checks one A: its B, and for a repeated sequence every B after it in turn.
func (s *sequence) follow(ev *evaluation, a anchor, used map[int]bool, out *ruleOut) error {
	var horizon qingfeng.Date
	if s.repeat && s.horizon.isSet() {
		var err error
		if horizon, _, err = s.horizon.due(ev, a); err != nil {
			return err
		}
	}
	for {
		due, dueUnix, err := s.within.due(ev, a)
		if err != nil || due == 0 {
			return err
		}
		if horizon != 0 && due > horizon {
			return nil // the obligation ends before this period does
		}
		b, err := s.answer(ev, a, used)
		if err != nil {
			return err
		}
		if stop, err := s.stopped(ev, a, b); err != nil || stop {
			return err
		}
		if b == nil {
			return s.missing(ev, a, due, out)
		}
		late := qingfeng.Date(b.day) > due
		if dueUnix != 0 {
			late = b.unix > dueUnix
		}
		if late && s.late {
			if err := s.report(ev, a, b, due, false, s.severity, qingfeng.Date(b.day), out); err != nil {
				return err
			}
		}
		if !s.repeat {
			return nil
		}
		a = *b
	}
}

// answer finds the B of A: the first event of the expected types after A (not yet used by an
// earlier A) that the check's condition accepts, or the expected date.
func (s *sequence) answer(ev *evaluation, a anchor, used map[int]bool) (*anchor, error) {
	if s.expect.date != nil {
		ev.e.env["anchor"] = a.ev
		d, err := ev.date(s.expect.date)
		if err != nil || d == 0 {
			return nil, err
		}
		return &anchor{day: d, idx: -1}, nil
	}
	list := ev.list(s.expect.in)
	for i, e := range list {
		if !s.expect.bits.has(e.tn) || used[i] || !after(a, list, i, e) {
			continue
		}
		if s.expect.where != nil {
			ev.e.env["anchor"], ev.e.env["event"] = a.ev, e
			ok, err := ev.bool(s.expect.where)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		if used != nil {
			used[i] = true
		}
		return &anchor{day: qingfeng.Date(e.Date), unix: e.Unix, ev: e, list: list, idx: i}, nil
	}
	return nil, nil
}

// after reports whether event i of list comes after anchor a: later in the same list, or on
// the same day or later when the lists differ or A is a date.
func after(a anchor, list []*EventView, i int, e *EventView) bool {
	if a.ev == nil {
		return qingfeng.Date(e.Date) >= a.day
	}
	if len(a.list) > 0 && len(list) > 0 && &a.list[0] == &list[0] {
		return i > a.idx
	}
	// Events of two proceedings are not ordered within a day: sources record the day.
	return e.Date >= a.ev.Date
}

// stopped reports whether a stop event after A (and not after B, when there is one)
// discharged the obligation.
func (s *sequence) stopped(ev *evaluation, a anchor, b *anchor) (bool, error) {
	if s.stop == nil {
		return false, nil
	}
	list := ev.list(s.stop.in)
	for i, e := range list {
		if !s.stop.bits.has(e.tn) || !after(a, list, i, e) {
			continue
		}
		if b != nil && (e.Date > int(b.day) || b.ev != nil && e.Date == int(b.day) && e.Unix > b.unix) {
			break
		}
		if s.stop.where != nil {
			ev.e.env["anchor"], ev.e.env["event"] = a.ev, e
			ok, err := ev.bool(s.stop.where)
			if err != nil {
				return false, err
			}
			if !ok {
				continue
			}
		}
		return true, nil
	}
	return false, nil
}

// missing handles an A with no B: an absence once the deadline (and the grace for late data)
// has passed, else the reminders due and the day to look again.
func (s *sequence) missing(ev *evaluation, a anchor, due qingfeng.Date, out *ruleOut) error {
	now := ev.x.Now
	overdue := due.AddDays(1 + ev.x.Grace)
	if !s.absent {
		return nil
	}
	if now >= overdue {
		return s.report(ev, a, nil, due, false, s.severity, due.AddDays(1), out)
	}
	out.wakeAt(overdue)
	var best *reminder
	for i := range s.remind {
		r := &s.remind[i]
		if on := due.AddDays(-r.days); now >= on {
			if best == nil || r.days < best.days {
				best = r
			}
		} else {
			out.wakeAt(on)
		}
	}
	if best == nil {
		return nil
	}
	return s.report(ev, a, nil, due, true, best.severity, due.AddDays(-best.days), out)
}

// report adds a violation (or a reminder) with its facts and evidence.
func (s *sequence) report(ev *evaluation, a anchor, b *anchor, due qingfeng.Date, reminder bool, sev qingfeng.Severity,
	on qingfeng.Date, out *ruleOut) error {
	ev.e.env["anchor"] = a.ev
	if b != nil {
		ev.e.env["event"] = b.ev
	} else {
		ev.e.env["event"] = (*EventView)(nil)
	}
	facts, err := ev.facts(s.facts)
	if err != nil {
		return err
	}
	facts["from"] = same(a.day.String())
	facts["due"] = same(due.String())
	facts["within"] = s.within.text
	facts["anchor"] = s.from.text
	facts["expect"] = s.expect.text
	end := ev.x.Now
	p := part{on: on, due: due, severity: sev, reminder: reminder, msg: s.msg, facts: facts, people: []string{ev.view.JudgeID}}
	if a.ev != nil {
		p.evidence = append(p.evidence, evidenceOf(a.ev.ev, a.ev.Case))
	} else {
		p.evidence = append(p.evidence, caseEvidence(ev.view, a.day))
	}
	if b != nil {
		end = b.day
		facts["done"] = same(b.day.String())
		facts["late"] = plural(int(b.day-due), "日", "day")
		if b.ev != nil {
			p.evidence = append(p.evidence, evidenceOf(b.ev.ev, b.ev.Case))
			p.people = append(p.people, b.ev.Actor)
		}
	} else {
		facts["done"] = i18n.Text{ZH: "未办理", EN: "not done"}
		facts["late"] = plural(max(0, int(ev.x.Now-due)), "日", "day")
		facts["left"] = plural(max(0, int(due-ev.x.Now)), "日", "day")
	}
	facts["elapsed"] = plural(int(end-a.day), "日", "day")
	out.parts = append(out.parts, p)
	return nil
}

// sequenceFacts are the names a sequence's message may use.
var sequenceFacts = []string{"from", "due", "within", "anchor", "expect", "done", "late", "left", "elapsed"}

func periodText(p *period) i18n.Text {
	var parts []i18n.Text
	if p.days > 0 {
		parts = append(parts, plural(p.days, "日", "day"))
	}
	if p.workdays > 0 {
		parts = append(parts, plural(p.workdays, "个工作日", "working day"))
	}
	if p.months > 0 {
		parts = append(parts, plural(p.months, "个月", "month"))
	}
	if p.hours > 0 {
		parts = append(parts, plural(p.hours, "小时", "hour"))
	}
	if p.limit != nil {
		parts = append(parts, i18n.Text{ZH: p.limit.Name + "（" + fmt.Sprintf(periodZH(p.limit.Period), p.limit.Amount) + "）",
			EN: p.limit.NameEn + " (" + fmt.Sprintf(periodEN(p.limit.Period), p.limit.Amount) + ")"})
	}
	if p.hasBefore {
		parts = append(parts, i18n.Text{ZH: fmt.Sprintf("审限届满前%d日", p.beforeDeadline),
			EN: fmt.Sprintf("%d days before the statutory deadline", p.beforeDeadline)})
	}
	if p.until != nil {
		parts = append(parts, i18n.Text{ZH: "到期日", EN: "the expiry day"})
	}
	if len(parts) == 0 {
		return same("")
	}
	out := parts[0]
	for _, x := range parts[1:] {
		out = i18n.Text{ZH: out.ZH + "或" + x.ZH, EN: out.EN + " or " + x.EN}
	}
	return out
}

func periodZH(p calendar.Period) string {
	return map[calendar.Unit]string{calendar.Days: "%d日", calendar.Months: "%d个月", calendar.WorkingDays: "%d个工作日",
		calendar.Hours: "%d小时", calendar.Count: "%d次"}[p.Unit]
}

func periodEN(p calendar.Period) string {
	return map[calendar.Unit]string{calendar.Days: "%d days", calendar.Months: "%d months", calendar.WorkingDays: "%d working days",
		calendar.Hours: "%d hours", calendar.Count: "%d times"}[p.Unit]
}
