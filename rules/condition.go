package rules

import (
	"fmt"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// condition is the first form: a condition on each event of some types, or on the proceeding.
type condition struct {
	on       map[string]bool // event types; nil for a condition on the proceeding
	onBits   typeBits        // on, by number
	when     *program
	at       *program // the hit's day (proceeding conditions)
	wake     *program // the next day the result may change (proceeding conditions)
	evidence *program
	facts    []fact
	msg      *bilingual
	severity qingfeng.Severity
}

// fact is a named value for the message, computed when the check holds.
type fact struct {
	name string
	p    *program
}

func (c *condition) form() string { return "condition" }

func (c *condition) run(ev *evaluation, out *ruleOut) error {
	env := ev.e.env
	if c.on == nil {
		return c.runCase(ev, out)
	}
	defer func() { env["event"] = (*EventView)(nil) }()
	for _, e := range ev.events {
		if !c.onBits.has(e.tn) {
			continue
		}
		env["event"] = e
		ok, err := ev.bool(c.when)
		if err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		facts, err := ev.facts(c.facts)
		if err != nil {
			return err
		}
		facts["date"] = same(qingfeng.Date(e.Date).String())
		out.parts = append(out.parts, part{on: qingfeng.Date(e.Date), severity: c.severity, msg: c.msg, facts: facts,
			evidence: []qingfeng.Evidence{evidenceOf(e.ev, e.Case)}, people: []string{e.Actor}})
	}
	return nil
}

func (c *condition) runCase(ev *evaluation, out *ruleOut) error {
	if c.wake != nil {
		w, err := ev.date(c.wake)
		if err != nil {
			return err
		}
		out.wakeAt(w)
	}
	ok, err := ev.bool(c.when)
	if err != nil || !ok {
		return err
	}
	p := part{severity: c.severity, msg: c.msg, on: qingfeng.Date(ev.view.FiledOn), people: []string{ev.view.JudgeID}}
	if c.evidence != nil {
		v, err := ev.value(c.evidence)
		if err != nil {
			return err
		}
		p.evidence = ev.evidenceList(v)
		for _, e := range p.evidence {
			p.on = max(p.on, e.Date)
		}
	}
	if c.at != nil {
		d, err := ev.date(c.at)
		if err != nil {
			return err
		}
		if d != 0 {
			p.on = d
		}
	}
	if len(p.evidence) == 0 {
		p.evidence = []qingfeng.Evidence{caseEvidence(ev.view, p.on)}
	}
	if p.facts, err = ev.facts(c.facts); err != nil {
		return err
	}
	p.facts["date"] = same(p.on.String())
	out.parts = append(out.parts, p)
	return nil
}

// facts computes a check's facts for its message, and the facts every message may use.
func (ev *evaluation) facts(fs []fact) (map[string]i18n.Text, error) {
	m := make(map[string]i18n.Text, len(fs)+2)
	m["case"] = same(ev.view.Number)
	m["now"] = same(ev.x.Now.String())
	for _, f := range fs {
		v, err := ev.value(f.p)
		if err != nil {
			return nil, fmt.Errorf("fact %s: %w", f.name, err)
		}
		m[f.name] = same(fmt.Sprint(v))
	}
	return m, nil
}

// commonFacts are the names every message may use, besides its check's own.
var commonFacts = []string{"case", "now", "date"}
