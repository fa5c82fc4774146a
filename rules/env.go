package rules

import (
	"slices"
	"strconv"

	"github.com/qingfeng-court/qingfeng"
)

// scopeKind says which names an expression may use, beyond those every rule expression sees.
type scopeKind uint8

const (
	scopeParams   scopeKind = iota // parameters only: numeric fields computed at load
	scopeCase                      // a proceeding: case, events, origin, derived, matter, clock, now, params
	scopeEvent                     // + event
	scopeExpect                    // + event (the candidate B) and anchor (the A event, nil for a date)
	scopeRelation                  // + the names the join binds
	scopeGroup                     // an aggregate group's verdict: count, total, share
)

// Variables every case-scoped expression sees, with prototypes of their types.
var caseVars = map[string]any{
	"case":          (*CaseView)(nil),
	"events":        []*EventView(nil),
	"origin":        (*CaseView)(nil),
	"origin_events": []*EventView(nil),
	"derived":       []*CaseView(nil),
	"matter":        []*CaseView(nil),
	"clock":         (*ClockView)(nil),
	"now":           0,
}

// Names a relation's join binds, with their types.
var joinVars = map[string]any{
	"agent":    AgentView{},
	"party":    (*PartyView)(nil),
	"lawyer":   (*LawyerView)(nil),
	"relative": (*RelativeView)(nil),
	"staff":    (*PersonView)(nil),
	"other":    (*CaseView)(nil),
	"member":   "",
	"status":   "",
	"event":    (*EventView)(nil),
}

// funcs are the helper functions of rule expressions, with the types load checks expressions
// against (helpers.go has the twins expressions run with, and the helpers that return views).
// Those that need the calendar, the time-limit table, the reference data or the day of
// evaluation read them from the current evaluation; the prototypes below (bound to no
// evaluation) only give the compiler their types.
type funcs struct{ ev *evaluation }

func (f funcs) table() map[string]any {
	return map[string]any{
		"days":        func(a, b int) int { return b - a },
		"addDays":     func(d, n int) int { return d + n },
		"addMonths":   func(d, n int) int { return int(qingfeng.Date(d).AddMonths(n)) },
		"addWorkdays": f.addWorkdays,
		"workdays":    f.workdays,
		"isWorkday":   f.isWorkday,
		"fmtDate":     func(d int) string { return qingfeng.Date(d).String() },
		"yuan":        func(m int) string { return qingfeng.Money(m).String() },
		"limitEnd":    f.limitEnd,
		"limitAmount": f.limitAmount,
		"isPending":   f.isPending,
		"hasType":     func(evs []*EventView, t string) bool { return firstOf(evs, t) != nil },
		"countOf":     countOf,
		"firstDate":   func(evs []*EventView, t string) int { return dateOf(firstOf(evs, t)) },
		"lastDate":    func(evs []*EventView, t string) int { return dateOf(lastOf(evs, t)) },
		"str":         func(n int) string { return strconv.Itoa(n) },
	}
}

// eventFuncs are the helpers whose second argument names an event type; the type is checked
// against the vocabulary at load.
var eventFuncs = []string{"hasType", "countOf", "firstOf", "lastOf", "firstDate", "lastDate", "lastBefore"}

func countOf(evs []*EventView, t string) int {
	n := 0
	for _, e := range evs {
		if e.Type == t {
			n++
		}
	}
	return n
}

func firstOf(evs []*EventView, t string) *EventView {
	for _, e := range evs {
		if e.Type == t {
			return e
		}
	}
	return nil
}

func lastOf(evs []*EventView, t string) *EventView {
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Type == t {
			return evs[i]
		}
	}
	return nil
}

// lastBefore is the last event of type t dated on or before day d, or nil.
func lastBefore(evs []*EventView, t string, d int) *EventView {
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Type == t && evs[i].Date <= d {
			return evs[i]
		}
	}
	return nil
}

func dateOf(e *EventView) int {
	if e == nil {
		return 0
	}
	return e.Date
}

func (f funcs) addWorkdays(d, n int) int {
	if f.ev == nil {
		return 0
	}
	return int(f.ev.e.cal.AddWorkdays(qingfeng.Date(d), n))
}

func (f funcs) workdays(a, b int) int {
	if f.ev == nil {
		return 0
	}
	return f.ev.e.cal.WorkdaysBetween(qingfeng.Date(a), qingfeng.Date(b))
}

func (f funcs) isWorkday(d int) bool {
	return f.ev != nil && f.ev.e.cal.IsWorkday(qingfeng.Date(d))
}

// limitEnd is the end of the named row of the time-limit table counted from day from.
func (f funcs) limitEnd(row string, from int) int {
	if f.ev == nil || from == 0 {
		return 0
	}
	l, ok := f.ev.e.lim.Get(row)
	if !ok {
		return 0
	}
	return int(l.End(qingfeng.Date(from), f.ev.e.cal))
}

// limitAmount is the amount of the named row of the time-limit table (a count such as the
// hearing postponements allowed, or the days of a period).
func (f funcs) limitAmount(row string) int {
	if f.ev == nil {
		return 0
	}
	l, _ := f.ev.e.lim.Get(row)
	return l.Amount
}

// eventsOf returns the events of another proceeding (of the matter, usually).
func (f funcs) eventsOf(c *CaseView) []*EventView {
	if f.ev == nil || c == nil || f.ev.x.Refs == nil {
		return nil
	}
	evs := f.ev.x.Refs.CaseEvents(c.Number)
	return viewsOf(evs, c.Number)
}

// upcoming is the earliest of the given days (numbers or lists of numbers) that is after the
// day of evaluation, or 0: what a wake expression uses to say when its result may next change.
func (f funcs) upcoming(ds ...any) int {
	if f.ev == nil {
		return 0
	}
	best := 0
	var add func(v any)
	add = func(v any) {
		switch x := v.(type) {
		case int:
			if x > int(f.ev.x.Now) && (best == 0 || x < best) {
				best = x
			}
		case []any:
			for _, e := range x {
				add(e)
			}
		case []int:
			for _, e := range x {
				add(e)
			}
		}
	}
	for _, d := range ds {
		add(d)
	}
	return best
}

func (f funcs) isPending(c *CaseView) bool {
	if c == nil || f.ev == nil {
		return false
	}
	return c.FiledOn != 0 && c.FiledOn <= int(f.ev.x.Now) && (c.ClosedOn == 0 || c.ClosedOn > int(f.ev.x.Now))
}

func (f funcs) clockAt(d int) *ClockView {
	if f.ev == nil {
		return &ClockView{}
	}
	return f.ev.clockOn(qingfeng.Date(d))
}

func (f funcs) person(id string) *PersonView {
	if f.ev == nil || f.ev.x.Refs == nil {
		return nil
	}
	return newPersonView(f.ev.x.Refs.Person(id))
}

// statusOn is the HR status (leave, training, transfer …) of person id on day d, "" at work.
func (f funcs) statusOn(id string, d int) string {
	if f.ev == nil || f.ev.x.Refs == nil {
		return ""
	}
	p := f.ev.x.Refs.Person(id)
	if p == nil {
		return ""
	}
	return p.StatusOn(qingfeng.Date(d))
}

func (f funcs) lawyer(id string) *LawyerView {
	if f.ev == nil || f.ev.x.Refs == nil {
		return nil
	}
	return newLawyerView(f.ev.x.Refs.Lawyer(id))
}

// declare returns the compile-time environment of an expression: the helpers, the variables of
// its scope (with extra for a join or a group), and params of the rule's own type.
func declare(kind scopeKind, params any, extra []string) map[string]any {
	env := funcs{}.table()
	env["params"] = params
	switch kind {
	case scopeParams:
		return env
	case scopeGroup:
		env["count"], env["total"], env["share"] = 0, 0, 0.0
		return env
	}
	for k, v := range caseVars {
		env[k] = v
	}
	switch kind {
	case scopeEvent:
		env["event"] = joinVars["event"]
	case scopeExpect:
		env["event"] = joinVars["event"]
		env["anchor"] = joinVars["event"]
	case scopeRelation:
		for _, k := range extra {
			env[k] = joinVars[k]
		}
	}
	return env
}

// names lists the keys of an environment, sorted, for messages.
func names(env map[string]any) []string {
	var out []string
	for k := range env {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
