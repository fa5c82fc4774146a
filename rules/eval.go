package rules

import (
	"fmt"

	"github.com/expr-lang/expr/vm"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
)

// Refs is the reference data rules join with: staff, lawyers, declared relatives, and the
// proceedings a party appears in.
type Refs interface {
	Person(id string) *qingfeng.Person
	Lawyer(id string) *qingfeng.Lawyer
	RelativesByHash(idHash string) []*qingfeng.Relative
	// CasesByParty returns the proceedings in which a party with this identity hash appears.
	CasesByParty(idHash string) []*CaseView
	// CaseEvents returns the events of another proceeding, in order.
	CaseEvents(number string) []Event
}

// Context is one proceeding to evaluate, with everything its rules may read.
type Context struct {
	Now          qingfeng.Date
	Case         *qingfeng.Case
	View         *CaseView // the view of Case; built when nil
	Events       []Event   // the proceeding's events, ordered by date, instant and arrival
	Origin       *qingfeng.Case
	OriginView   *CaseView
	OriginEvents []Event
	Derived      []*CaseView // proceedings whose origin is this one
	Matter       []*CaseView // every proceeding of the matter, this one included
	// MatterFunc, when Matter is nil, gives the matter on demand: only rules that read it ask.
	MatterFunc func() []*CaseView
	Refs       Refs
	// Grace is how many days after a deadline an absence waits before it is reported, to let
	// events that a source sends late arrive first.
	Grace int
	// Country is the ISO 3166-1 code of the proceeding's court ("" means CN): a rule looks only
	// at the proceedings of the countries it names (Rule.AppliesIn).
	Country string
}

// Evaluator evaluates rules. It reuses its buffers from one proceeding to the next, so it is
// not safe for concurrent use: give each goroutine its own.
type Evaluator struct {
	cal *calendar.Calendar
	lim *calendar.Limits
	env map[string]any
	cur evaluation

	own, orig viewBuf // the views of the proceeding's events and of its origin's
	out       ruleOut // what the rule being evaluated finds
	vm        vm.VM
	people    map[*qingfeng.Person]*PersonView // views of staff, built once
	lawyers   map[*qingfeng.Lawyer]*LawyerView
	present   typeBits // event types of the proceeding being evaluated
}

// lawyer returns the view of l, built once per evaluator.
func (e *Evaluator) lawyer(l *qingfeng.Lawyer) *LawyerView {
	if l == nil {
		return nil
	}
	v, ok := e.lawyers[l]
	if !ok {
		if e.lawyers == nil {
			e.lawyers = map[*qingfeng.Lawyer]*LawyerView{}
		}
		v = newLawyerView(l)
		e.lawyers[l] = v
	}
	return v
}

// person returns the view of p, built once per evaluator.
func (e *Evaluator) person(p *qingfeng.Person) *PersonView {
	if p == nil {
		return nil
	}
	v, ok := e.people[p]
	if !ok {
		if e.people == nil {
			e.people = map[*qingfeng.Person]*PersonView{}
		}
		v = newPersonView(p)
		e.people[p] = v
	}
	return v
}

// NewEvaluator returns an evaluator counting working days on cal and statutory limits from lim.
func NewEvaluator(cal *calendar.Calendar, lim *calendar.Limits) *Evaluator {
	e := &Evaluator{cal: cal, lim: lim}
	e.cur.e = e
	e.env = funcs{ev: &e.cur}.table()
	for k, v := range (funcs{ev: &e.cur}).fast() {
		e.env[k] = v
	}
	return e
}

// evaluation is the proceeding being evaluated.
type evaluation struct {
	e        *Evaluator
	x        *Context
	view     *CaseView
	events   []*EventView
	origin   []*EventView
	clock    *ClockView
	clockIdx []int     // index in events of each event given to the clock
	kinds    [3]uint64 // the bits of the proceeding's category, stage and procedure (kindBit)

	matterDone bool
}

// matter makes sure the matter is in the environment and returns it.
func (ev *evaluation) matter() []*CaseView {
	if !ev.matterDone {
		ev.x.Matter = ev.x.MatterFunc()
		ev.e.env["matter"] = ev.x.Matter
		ev.matterDone = true
	}
	return ev.x.Matter
}

// Case evaluates rules on one proceeding and returns their hits (one per rule at most), the
// next day the result may change (0 when only new data can change it), and the errors of
// expressions that failed at run time, each naming its rule. Aggregate rules are skipped.
func (e *Evaluator) Case(x *Context, rules []*Rule) ([]Hit, qingfeng.Date, []error) {
	ev := e.begin(x)
	var hits []Hit
	var wake qingfeng.Date
	var errs []error
	for _, r := range rules {
		if r.agg != nil {
			continue
		}
		h, w, err := ev.rule(r)
		if err != nil {
			errs = append(errs, fmt.Errorf("rule %s, case %s: %w", r.ID, x.Case.Number, err))
		}
		if w != 0 && (wake == 0 || w < wake) {
			wake = w
		}
		if h != nil {
			hits = append(hits, *h)
		}
	}
	return hits, wake, errs
}

// begin sets up the evaluation of x: the views and the variables every expression sees.
func (e *Evaluator) begin(x *Context) *evaluation {
	ev := &e.cur
	*ev = evaluation{e: e, x: x, view: x.View}
	if ev.view == nil {
		ev.view = NewCaseView(x.Case)
	}
	ev.kinds = [3]uint64{kindBit(qingfeng.Categories, ev.view.Category), kindBit(qingfeng.Stages, ev.view.Stage),
		kindBit(qingfeng.Procedures, ev.view.Procedure)}
	ev.events = e.own.fill(x.Events, x.Case.Number)
	clear(e.present)
	for _, v := range ev.events {
		if v.tn != 0 {
			e.present = e.present.with(v.tn)
		}
	}
	var originView *CaseView
	if x.Origin != nil {
		originView = x.OriginView
		if originView == nil {
			originView = NewCaseView(x.Origin)
		}
		ev.origin = e.orig.fill(x.OriginEvents, x.Origin.Number)
	}
	env := e.env
	env["case"] = ev.view
	env["events"] = ev.events
	env["origin"] = originView
	env["origin_events"] = ev.origin
	env["derived"] = x.Derived
	env["matter"] = x.Matter
	ev.matterDone = x.Matter != nil || x.MatterFunc == nil
	env["now"] = int(x.Now)
	env["clock"] = (*ClockView)(nil)
	env["event"] = (*EventView)(nil)
	env["anchor"] = (*EventView)(nil)
	return ev
}

// viewBuf holds the views of a proceeding's events from one evaluation to the next: an
// evaluation only overwrites them. Attrs is a wide struct, so a reused one is not cleared
// whole: only the fields the previous event set are.
type viewBuf struct {
	views  []EventView
	attrs  []Attrs
	filled [][]Attr // the attributes set in attrs[i]
	ptrs   []*EventView
}

// fill makes the views of events of proceeding number, valid until the next fill.
func (b *viewBuf) fill(events []Event, number string) []*EventView {
	if cap(b.views) < len(events) {
		n := len(events) * 2
		b.views, b.attrs, b.filled = make([]EventView, n), make([]Attrs, n), make([][]Attr, n)
	}
	b.ptrs = b.ptrs[:0]
	for i := range events {
		ev := &events[i]
		a := &b.attrs[i]
		unset(a, b.filled[i])
		ev.fill(a)
		b.filled[i] = ev.Attrs
		b.views[i] = EventView{Seq: ev.Seq, Src: ev.Src, SrcID: ev.SrcID, Case: number, Type: ev.Type, Date: int(ev.Date),
			Unix: ev.Unix, Actor: ev.Actor, Attrs: a, ev: ev, tn: ev.typeNum()}
		b.ptrs = append(b.ptrs, &b.views[i])
	}
	return b.ptrs
}

// viewsOf returns fresh views of events (of another proceeding, which a rule asked for).
func viewsOf(events []Event, number string) []*EventView {
	var b viewBuf
	return b.fill(events, number)
}

// clockOf measures the proceeding on day d.
func (ev *evaluation) clockOn(d qingfeng.Date) *ClockView {
	var dom []qingfeng.Event
	ev.clockIdx = ev.clockIdx[:0]
	for i := range ev.x.Events {
		switch ev.x.Events[i].Type {
		case "deduction_started", "deduction_ended", "suspension_started", "suspension_ended",
			"extension_requested", "extension_approved", "procedure_converted":
			dom = append(dom, ev.x.Events[i].Domain(ev.x.Case.Number))
			ev.clockIdx = append(ev.clockIdx, i)
		}
	}
	v := newClockView(calendar.Clock(ev.x.Case, ev.x.Origin, dom, d, ev.e.lim, ev.e.cal))
	for i := range v.Findings {
		if f := &v.Findings[i]; f.Event >= 0 && f.Event < len(ev.clockIdx) {
			f.Event = ev.clockIdx[f.Event]
		}
	}
	return v
}

func (ev *evaluation) clockNow() *ClockView {
	if ev.clock == nil {
		ev.clock = ev.clockOn(ev.x.Now)
	}
	return ev.clock
}

// hasAny reports whether the proceeding has an event of one of the types.
func (ev *evaluation) hasAny(types typeBits) bool { return ev.e.present.meets(types) }

// scopeWhen runs the condition of rule r's scope, if it has one.
func (ev *evaluation) scopeWhen(r *Rule) (bool, error) {
	s := &r.scope
	if s.when == nil {
		return true, nil
	}
	return ev.bool(s.when)
}

// rule evaluates one rule on the proceeding.
func (ev *evaluation) rule(r *Rule) (*Hit, qingfeng.Date, error) {
	// What needs no expression first: a proceeding out of the rule's kinds needs no clock or
	// matter set up for it.
	if !r.AppliesIn(ev.x.Country) || r.anchors != nil && !ev.hasAny(r.anchorBits) || !ev.inKinds(r) {
		return nil, 0, nil
	}
	if r.usesParams {
		ev.e.env["params"] = r.params
	}
	if r.usesClock {
		ev.e.env["clock"] = ev.clockNow()
	}
	if r.usesMatter {
		ev.matter()
	}
	ok, err := ev.scopeWhen(r)
	if err != nil || !ok {
		return nil, 0, err
	}
	out := ev.e.resetOut()
	for _, c := range r.checks {
		if err := c.run(ev, out); err != nil {
			return nil, out.wake, err
		}
	}
	if len(out.parts) == 0 {
		return nil, out.wake, nil
	}
	h := merge(r, ev.view.Number, ev.view.Number, out.parts)
	if !h.Reminder {
		if err := ev.escalate(r, h); err != nil {
			return nil, out.wake, err
		}
	}
	return h, out.wake, nil
}

// resetOut empties the evaluator's rule output for the next rule and returns it: one buffer
// for every rule, rather than one allocated per rule and proceeding (merge copies what a hit
// keeps of it).
func (e *Evaluator) resetOut() *ruleOut {
	clear(e.out.parts) // drop what the last rule's parts point to
	e.out.parts, e.out.wake = e.out.parts[:0], 0
	return &e.out
}

func (ev *evaluation) escalate(r *Rule, h *Hit) error {
	for _, x := range r.escalate {
		hit := x.count > 0 && h.Count >= x.count
		if x.when != nil {
			ok, err := ev.bool(x.when)
			if err != nil {
				return err
			}
			hit = ok
		}
		if hit && x.severity.Rank() > h.Severity.Rank() {
			h.Severity = x.severity
		}
	}
	return nil
}

// bool, date and value run an expression in the current environment, on the evaluator's VM.
func (ev *evaluation) bool(p *program) (bool, error) {
	v, err := p.runOn(&ev.e.vm, ev.e.env)
	if err != nil {
		return false, err
	}
	b, _ := v.(bool)
	return b, nil
}

func (ev *evaluation) date(p *program) (qingfeng.Date, error) {
	v, err := p.runOn(&ev.e.vm, ev.e.env)
	if err != nil {
		return 0, err
	}
	n, _ := v.(int)
	return qingfeng.Date(n), nil
}

func (ev *evaluation) value(p *program) (any, error) { return p.runOn(&ev.e.vm, ev.e.env) }

// evidenceList reads what an evidence expression returned: events, one event, or nothing.
func (ev *evaluation) evidenceList(v any) []qingfeng.Evidence {
	var out []qingfeng.Evidence
	add := func(x any) {
		if e, ok := x.(*EventView); ok && e != nil && e.ev != nil {
			out = append(out, evidenceOf(e.ev, e.Case))
		}
	}
	switch l := v.(type) {
	case []*EventView:
		for _, e := range l {
			add(e)
		}
	case []any:
		for _, e := range l {
			add(e)
		}
	default:
		add(v)
	}
	return out
}
