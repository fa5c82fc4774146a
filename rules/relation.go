package rules

import (
	"slices"

	"github.com/qingfeng-court/qingfeng"
)

// relation is the fourth form: a join of the proceeding with reference data or with other
// proceedings, and a condition on each joined tuple.
type relation struct {
	join     string
	where    *program
	at       *program
	facts    []fact
	msg      *bilingual
	severity qingfeng.Severity
}

// joins lists the joins a relation can make and the names each binds for its condition:
//
//   - agents: each agent of the proceeding, its lawyer and the party it acts for;
//   - agent_relatives: each agent whose lawyer's identity matches a relative declared by a
//     member of staff, with the relative and that member of staff;
//   - party_relatives: each party whose identity matches a declared relative, likewise;
//   - actors: each event that names its actor, with the actor's staff record;
//   - actors_away: each event whose actor HR shows away (leave, training, transfer …) on the
//     event's day, with the staff record and that status;
//   - matter_panels: each other proceeding of the matter with a panel member in common;
//   - party_cases: each other proceeding in which a party of this one appears.
var joins = map[string][]string{
	"agents":          {"agent", "lawyer", "party"},
	"agent_relatives": {"agent", "lawyer", "party", "relative", "staff"},
	"party_relatives": {"party", "relative", "staff"},
	"actors":          {"event", "staff"},
	"actors_away":     {"event", "staff", "status"},
	"matter_panels":   {"other", "member"},
	"party_cases":     {"party", "other"},
}

func (r *relation) form() string { return "relation" }

// tuple is one row of a join; the names it binds are set in the environment.
type tuple struct {
	agent    AgentView
	party    *PartyView
	lawyer   *LawyerView
	relative *RelativeView
	staff    *PersonView
	other    *CaseView
	member   string
	status   string
	on       qingfeng.Date
	ev       *EventView
	people   []string
}

// bind sets the names join binds from t.
func (t *tuple) bind(env map[string]any, names []string) {
	for _, n := range names {
		switch n {
		case "agent":
			env[n] = t.agent
		case "party":
			env[n] = t.party
		case "lawyer":
			env[n] = t.lawyer
		case "relative":
			env[n] = t.relative
		case "staff":
			env[n] = t.staff
		case "other":
			env[n] = t.other
		case "member":
			env[n] = t.member
		case "status":
			env[n] = t.status
		case "event":
			env[n] = t.ev
		}
	}
}

func (r *relation) run(ev *evaluation, out *ruleOut) error {
	env := ev.e.env
	names := joins[r.join]
	defer func() {
		for _, n := range names {
			env[n] = joinVars[n]
		}
	}()
	var failed error
	ev.each(r.join, func(t tuple) bool {
		t.bind(env, names)
		ok, err := ev.bool(r.where)
		if err != nil {
			failed = err
			return false
		}
		if !ok {
			return true
		}
		p := part{on: t.on, severity: r.severity, msg: r.msg, people: append([]string{ev.view.JudgeID}, t.people...)}
		if r.at != nil {
			d, err := ev.date(r.at)
			if err != nil {
				failed = err
				return false
			}
			if d != 0 {
				p.on = d
			}
		}
		if t.ev != nil {
			p.evidence = []qingfeng.Evidence{evidenceOf(t.ev.ev, t.ev.Case)}
		} else {
			p.evidence = []qingfeng.Evidence{caseEvidence(ev.view, p.on)}
		}
		if p.facts, err = ev.facts(r.facts); err != nil {
			failed = err
			return false
		}
		p.facts["date"] = same(p.on.String())
		out.parts = append(out.parts, p)
		return true
	})
	return failed
}

// each calls fn for every tuple of join, until fn returns false.
func (ev *evaluation) each(join string, fn func(tuple) bool) {
	v, refs := ev.view, ev.x.Refs
	filed := qingfeng.Date(v.FiledOn)
	party := func(i int) *PartyView {
		if i >= 0 && i < len(v.Parties) {
			return &v.Parties[i]
		}
		return nil
	}
	switch join {
	case "agents", "agent_relatives":
		for _, a := range v.Agents {
			var l *qingfeng.Lawyer
			if refs != nil {
				l = refs.Lawyer(a.LawyerID)
			}
			base := tuple{agent: a, lawyer: ev.e.lawyer(l), party: party(a.PartyIndex), on: filed}
			if join == "agents" {
				if !fn(base) {
					return
				}
				continue
			}
			if l == nil || l.IDHash == "" {
				continue
			}
			for _, rel := range refs.RelativesByHash(l.IDHash) {
				t := base
				t.relative, t.staff, t.people = newRelativeView(rel), newPersonView(refs.Person(rel.PersonID)), []string{rel.PersonID}
				if !fn(t) {
					return
				}
			}
		}
	case "party_relatives":
		if refs == nil {
			return
		}
		for i := range v.Parties {
			if v.Parties[i].IDHash == "" {
				continue
			}
			for _, rel := range refs.RelativesByHash(v.Parties[i].IDHash) {
				t := tuple{party: &v.Parties[i], relative: newRelativeView(rel), staff: newPersonView(refs.Person(rel.PersonID)),
					on: filed, people: []string{rel.PersonID}}
				if !fn(t) {
					return
				}
			}
		}
	case "actors":
		for _, e := range ev.events {
			if e.Actor == "" {
				continue
			}
			var p *qingfeng.Person
			if refs != nil {
				p = refs.Person(e.Actor)
			}
			if !fn(tuple{ev: e, staff: ev.e.person(p), on: qingfeng.Date(e.Date), people: []string{e.Actor}}) {
				return
			}
		}
	case "actors_away":
		if refs == nil {
			return
		}
		for _, e := range ev.events {
			if e.Actor == "" {
				continue
			}
			p := refs.Person(e.Actor)
			if p == nil || len(p.StatusPeriods) == 0 {
				continue
			}
			if st := p.StatusOn(qingfeng.Date(e.Date)); st != "" &&
				!fn(tuple{ev: e, staff: ev.e.person(p), status: st, on: qingfeng.Date(e.Date), people: []string{e.Actor}}) {
				return
			}
		}
	case "matter_panels":
		for _, o := range ev.matter() {
			if o.Number == v.Number {
				continue
			}
			for _, m := range v.Panel {
				if slices.Contains(o.Panel, m) && !fn(tuple{other: o, member: m, on: filed, people: []string{m}}) {
					return
				}
			}
		}
	case "party_cases":
		if refs == nil {
			return
		}
		for i := range v.Parties {
			if v.Parties[i].IDHash == "" {
				continue
			}
			for _, o := range refs.CasesByParty(v.Parties[i].IDHash) {
				if o.Number != v.Number && !fn(tuple{party: &v.Parties[i], other: o, on: filed}) {
					return
				}
			}
		}
	}
}
