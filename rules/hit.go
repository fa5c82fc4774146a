package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// Hit is a rule that holds for a subject: a proceeding, or a group of an aggregate rule. All
// the violations one rule finds in one subject make one hit (Count says how many), so that a
// subject gets one warning per rule.
type Hit struct {
	Rule       *Rule
	Subject    string // the case number, or the aggregate group
	CaseNumber string // the case, or the first case of the group's evidence
	On         qingfeng.Date
	Due        qingfeng.Date // the deadline concerned, when there is one
	Severity   qingfeng.Severity
	Count      int  // violations merged (reminders count when there is nothing else)
	Reminder   bool // nothing is broken yet: a deadline is near
	Evidence   []qingfeng.Evidence
	Message    i18n.Text
	People     []string
	JudgeID    string // for an aggregate group about a judge
}

// Key is the warning key of the hit: rule id and subject.
func (h *Hit) Key() string { return h.Rule.ID + "|" + h.Subject }

// maxEvidence bounds the evidence kept with a hit; a warning is read by people.
const maxEvidence = 50

// part is one violation (or reminder) found by a check.
type part struct {
	on, due  qingfeng.Date
	severity qingfeng.Severity
	reminder bool
	evidence []qingfeng.Evidence
	facts    map[string]i18n.Text
	msg      *bilingual
	people   []string
}

// ruleOut collects what a rule's checks find in one proceeding.
type ruleOut struct {
	parts []part
	wake  qingfeng.Date
}

// wakeAt asks to be evaluated again on day d (0 means never).
func (o *ruleOut) wakeAt(d qingfeng.Date) {
	if d != 0 && (o.wake == 0 || d < o.wake) {
		o.wake = d
	}
}

// evidenceOf turns an event of proceeding number into evidence.
func evidenceOf(e *Event, number string) qingfeng.Evidence {
	ev := bareEvidenceOf(e, number)
	ev.Attrs = e.AttrMap()
	return ev
}

// bareEvidenceOf is evidenceOf without the event's attributes.
func bareEvidenceOf(e *Event, number string) qingfeng.Evidence {
	return qingfeng.Evidence{Seq: e.Seq, Src: e.Src, SrcID: e.SrcID, CaseNumber: number, Type: e.Type, At: e.At(),
		Date: e.Date, ActorID: e.Actor}
}

// caseEvidence is the evidence of a proceeding's own fields.
func caseEvidence(c *CaseView, on qingfeng.Date) qingfeng.Evidence {
	return qingfeng.Evidence{CaseNumber: c.Number, Type: "case", Date: on}
}

// merge makes one hit of a rule's parts in one subject.
func merge(r *Rule, subject, number string, parts []part) *Hit {
	h := &Hit{Rule: r, Subject: subject, CaseNumber: number, Reminder: true}
	var real []part
	for _, p := range parts {
		if !p.reminder {
			real = append(real, p)
			h.Reminder = false
		}
	}
	if len(real) == 0 {
		real = parts
	}
	h.Count = len(real)
	type evidenceKey struct {
		number, typ string
		seq         int64
	}
	seen := map[evidenceKey]bool{}
	for i, p := range real {
		if i == 0 || p.on < h.On {
			h.On = p.on
		}
		if h.Due == 0 {
			h.Due = p.due
		}
		for _, e := range p.evidence {
			k := evidenceKey{e.CaseNumber, e.Type, e.Seq}
			if !seen[k] && len(h.Evidence) < maxEvidence {
				seen[k] = true
				h.Evidence = append(h.Evidence, e)
			}
		}
		for _, id := range p.people {
			if id != "" && !slices.Contains(h.People, id) {
				h.People = append(h.People, id)
			}
		}
	}
	for _, p := range parts { // a reminder still raises the severity of a hit that has real parts
		if p.severity.Rank() > h.Severity.Rank() {
			h.Severity = p.severity
		}
	}
	h.Message = joinMessages(r, real)
	return h
}

// joinMessages renders the parts' messages: the first three, and how many more.
func joinMessages(r *Rule, parts []part) i18n.Text {
	var zh, en string
	for i, p := range parts {
		if i == 3 {
			zh += fmt.Sprintf("；等共 %d 处", len(parts))
			en += fmt.Sprintf("; %d in all", len(parts))
			break
		}
		m := r.msg
		if p.msg != nil {
			m = *p.msg
		}
		t := m.text(p.facts, r)
		if i > 0 {
			zh = strings.TrimSuffix(zh, "。") + "；"
			en = strings.TrimSuffix(en, ".") + "; "
		}
		zh += t.ZH
		en += t.EN
	}
	return i18n.Text{ZH: zh, EN: en}
}
