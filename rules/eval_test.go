package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/defs"
)

var cst = time.FixedZone("CST", 8*3600)

// ev makes an event of the proceeding under test at the given instant ("2024-03-01" is 09:00).
func ev(seq int64, typ, at string, attrs map[string]any) Event {
	t, err := time.ParseInLocation("2006-01-02 15:04", at, cst)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02", at, cst)
		t = t.Add(9 * time.Hour)
	}
	if err != nil {
		panic(err)
	}
	return Compact(&qingfeng.Event{Type: typ, At: t, Attrs: attrs}, qingfeng.Key{Kind: qingfeng.KindEvent, Src: "t", SrcID: fmt.Sprint(seq)}, seq)
}

func evaluator(t *testing.T) *Evaluator {
	t.Helper()
	cal, err := calendar.LoadCalendar(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	return NewEvaluator(cal, limits(t))
}

// rule loads a one-rule file and returns its rule.
func rule(t *testing.T, head, check string) *Rule {
	t.Helper()
	p, err := loadRule(t, ruleFile(head, check))
	if err != nil {
		t.Fatal(err)
	}
	return p.Rule("T-1")
}

func civil(filed string) *qingfeng.Case {
	return &qingfeng.Case{Number: "（2024）闽0102民初1号", CourtID: "C1", JudgeID: "P1", Category: qingfeng.CatCivil,
		Stage: qingfeng.StageFirstInstance, Procedure: qingfeng.ProcOrdinary, FiledOn: qingfeng.MustDate(filed)}
}

func run(t *testing.T, r *Rule, now string, c *qingfeng.Case, evs ...Event) (*Hit, qingfeng.Date) {
	t.Helper()
	hits, wake, errs := evaluator(t).Case(&Context{Now: qingfeng.MustDate(now), Case: c, Events: evs}, []*Rule{r})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(hits) == 0 {
		return nil, wake
	}
	return &hits[0], wake
}

const paySeq = `    sequence:
      from: {event: [funds_received]}
      expect: {event: [funds_disbursed]}
      within: {days: 30}
      consume: true
      remind: [{days: 5, severity: notice}]
`

// A sequence reports a B after the deadline, and once the deadline has passed an A with no B;
// before that it gives the reminder due and the day to look again.
func TestSequenceLateAbsentPending(t *testing.T) {
	r := rule(t, "", paySeq)
	c := civil("2024-01-10")
	in := ev(1, "funds_received", "2024-03-01", map[string]any{"amount": "10.00"})
	h, _ := run(t, r, "2024-06-01", c, in, ev(2, "funds_disbursed", "2024-04-01", nil))
	if h == nil || h.On != qingfeng.MustDate("2024-04-01") || h.Due != qingfeng.MustDate("2024-03-31") || len(h.Evidence) != 2 {
		t.Fatalf("late payment: %+v", h)
	}
	if h, _ := run(t, r, "2024-06-01", c, in, ev(2, "funds_disbursed", "2024-03-31", nil)); h != nil {
		t.Fatalf("a payment on the last day is on time: %+v", h)
	}
	if h, wake := run(t, r, "2024-03-20", c, in); h != nil || wake != qingfeng.MustDate("2024-03-26") {
		t.Fatalf("pending: %+v, wake %s (want the reminder's day 2024-03-26)", h, wake)
	}
	h, wake := run(t, r, "2024-03-27", c, in)
	if h == nil || !h.Reminder || h.Severity != qingfeng.SevNotice || wake != qingfeng.MustDate("2024-04-01") {
		t.Fatalf("reminder: %+v, wake %s", h, wake)
	}
	h, wake = run(t, r, "2024-04-01", c, in)
	if h == nil || h.Reminder || h.On != qingfeng.MustDate("2024-04-01") || wake != 0 || !strings.Contains(h.Message.ZH, "命中") {
		t.Fatalf("absent: %+v, wake %s", h, wake)
	}
	hits, _, _ := evaluator(t).Case(&Context{Now: qingfeng.MustDate("2024-04-01"), Case: c, Events: []Event{in}, Grace: 3}, []*Rule{r})
	if len(hits) != 1 || !hits[0].Reminder {
		t.Fatalf("with a grace of 3 days the absence waits: %+v", hits)
	}
}

// With consume, each payment answers one receipt, first in first out.
func TestSequenceConsume(t *testing.T) {
	r := rule(t, "", paySeq)
	c := civil("2024-01-10")
	h, _ := run(t, r, "2024-09-01", c,
		ev(1, "funds_received", "2024-03-01", nil), ev(2, "funds_received", "2024-03-05", nil),
		ev(3, "funds_disbursed", "2024-03-20", nil))
	if h == nil || h.Count != 1 || h.Evidence[0].Seq != 2 {
		t.Fatalf("the second receipt is unpaid: %+v", h)
	}
}

// A repeated sequence chains each B to the next, stops at a stop event and ends at its horizon.
func TestSequenceRepeat(t *testing.T) {
	r := rule(t, "", `    sequence:
      from: {event: [terminated_this_round]}
      expect: {event: [asset_check]}
      within: {months: 6}
      stop: {event: [resumed]}
      repeat: {horizon: {months: 12}}
`)
	c := civil("2022-01-10")
	end := ev(1, "terminated_this_round", "2022-03-01", nil)
	check1 := ev(2, "asset_check", "2022-08-01", nil)
	if h, _ := run(t, r, "2023-06-01", c, end, check1, ev(3, "asset_check", "2023-01-15", nil)); h != nil {
		t.Fatalf("checks every six months until the horizon: %+v", h)
	}
	h, _ := run(t, r, "2023-06-01", c, end, check1, ev(3, "asset_check", "2023-02-15", nil))
	if h == nil || h.Due != qingfeng.MustDate("2023-02-01") {
		t.Fatalf("the second check came late: %+v", h)
	}
	if h, _ := run(t, r, "2023-06-01", c, end, check1); h == nil {
		t.Fatal("no second check")
	}
	if h, _ := run(t, r, "2023-06-01", c, end, check1, ev(3, "resumed", "2022-10-01", nil)); h != nil {
		t.Fatalf("resumed: no more checks due: %+v", h)
	}
}

// A period in hours counts from the instant; a date anchor and a shift count days.
func TestSequenceHoursAndShift(t *testing.T) {
	r := rule(t, "", `    sequence:
      from: {event: [preservation_requested]}
      expect: {event: [preservation_ruled]}
      within: {limit: preservation_ruling_urgent}
`)
	c := civil("2024-01-10")
	req := ev(1, "preservation_requested", "2024-03-01 10:00", nil)
	if h, _ := run(t, r, "2024-06-01", c, req, ev(2, "preservation_ruled", "2024-03-03 09:59", nil)); h != nil {
		t.Fatalf("47 hours 59 minutes is in time: %+v", h)
	}
	if h, _ := run(t, r, "2024-06-01", c, req, ev(2, "preservation_ruled", "2024-03-03 10:01", nil)); h == nil {
		t.Fatal("48 hours and a minute is late")
	}
	shifted := rule(t, "", `    sequence:
      from: {event: [appeal_copy_sent], shift: {days: 15}}
      expect: {event: [file_transferred]}
      within: {days: 5}
`)
	copySent := ev(1, "appeal_copy_sent", "2024-03-01", nil)
	if h, _ := run(t, shifted, "2024-06-01", c, copySent, ev(2, "file_transferred", "2024-03-21", nil)); h != nil {
		t.Fatalf("due on 2024-03-21: %+v", h)
	}
	if h, _ := run(t, shifted, "2024-06-01", c, copySent, ev(2, "file_transferred", "2024-03-22", nil)); h == nil || h.Due != qingfeng.MustDate("2024-03-21") {
		t.Fatalf("late: %+v", h)
	}
}

// A condition on events hits once per event; counts and conditions escalate the severity; a
// condition on the proceeding takes its day from at and says when to look again.
func TestConditionAndEscalation(t *testing.T) {
	r := rule(t, `    escalate:
      - {count: 2, severity: red}
`, `    condition:
      on: [judge_changed]
      when: event.attrs.approver_id == ""
`)
	c := civil("2024-01-10")
	h, _ := run(t, r, "2024-06-01", c, ev(1, "judge_changed", "2024-02-01", nil),
		ev(2, "judge_changed", "2024-02-05", map[string]any{"approver_id": "P9"}))
	if h == nil || h.Count != 1 || h.Severity != qingfeng.SevWarning {
		t.Fatalf("one change without approver: %+v", h)
	}
	h, _ = run(t, r, "2024-06-01", c, ev(1, "judge_changed", "2024-02-01", nil), ev(2, "judge_changed", "2024-02-05", nil))
	if h == nil || h.Count != 2 || h.Severity != qingfeng.SevRed || !strings.Contains(h.Message.ZH, "；") {
		t.Fatalf("two: %+v", h)
	}
	long := rule(t, "", `    condition:
      when: isPending(case) && now > addMonths(case.filed_on, 12)
      at: addMonths(case.filed_on, 12) + 1
      wake: 'isPending(case) ? upcoming(addMonths(case.filed_on, 12) + 1) : 0'
`)
	if h, wake := run(t, long, "2024-06-01", c); h != nil || wake != qingfeng.MustDate("2025-01-11") {
		t.Fatalf("not yet: %+v wake %s", h, wake)
	}
	if h, wake := run(t, long, "2025-01-11", c); h == nil || h.On != qingfeng.MustDate("2025-01-11") || wake != 0 {
		t.Fatalf("a year on: %+v wake %s", h, wake)
	}
}

// The statutory clock moves the deadline with deductions; a rule reads it as clock.
func TestClockInRules(t *testing.T) {
	r := rule(t, "", `    condition:
      when: clock.has_limit && clock.exceeded
      at: clock.deadline + 1
`)
	c := civil("2024-01-10")
	c.ClosedOn, c.ClosingMethod = qingfeng.MustDate("2024-08-01"), qingfeng.CloseJudgment
	if h, _ := run(t, r, "2024-09-01", c); h == nil || h.On != qingfeng.MustDate("2024-07-12") {
		t.Fatalf("six months from 2024-01-11 end on 2024-07-11: %+v", h)
	}
	h, _ := run(t, r, "2024-09-01", c,
		ev(1, "deduction_started", "2024-03-01", map[string]any{"reason": "appraisal", "document": "委托书"}),
		ev(2, "deduction_ended", "2024-04-01", map[string]any{"reason": "appraisal"}))
	if h != nil {
		t.Fatalf("31 days deducted: %+v", h)
	}
}

type refs struct {
	people  map[string]*qingfeng.Person
	lawyers map[string]*qingfeng.Lawyer
	rels    map[string][]*qingfeng.Relative
}

func (r refs) Person(id string) *qingfeng.Person             { return r.people[id] }
func (r refs) Lawyer(id string) *qingfeng.Lawyer             { return r.lawyers[id] }
func (r refs) RelativesByHash(h string) []*qingfeng.Relative { return r.rels[h] }
func (r refs) CasesByParty(string) []*CaseView               { return nil }
func (r refs) CaseEvents(string) []Event                     { return nil }

// Relations join agents with declared relatives, and actions with HR status periods.
func TestRelations(t *testing.T) {
	ref := refs{
		people: map[string]*qingfeng.Person{
			"P1": {ID: "P1", CourtID: "C1", Name: "甲", StatusPeriods: []qingfeng.StatusPeriod{{Status: "leave", From: qingfeng.MustDate("2024-03-01"), To: qingfeng.MustDate("2024-03-10")}}},
			"P2": {ID: "P2", CourtID: "C2", Name: "乙"},
		},
		lawyers: map[string]*qingfeng.Lawyer{"L1": {ID: "L1", Name: "律", IDHash: "h1:x"}},
		rels:    map[string][]*qingfeng.Relative{"h1:x": {{PersonID: "P2", Name: "律", IDHash: "h1:x", Relation: "spouse"}}},
	}
	c := civil("2024-01-10")
	c.Parties = []qingfeng.Party{{Name: "当事人", Role: qingfeng.PartyPlaintiff, Type: qingfeng.PartyNatural}}
	c.Agents = []qingfeng.Agent{{LawyerID: "L1", PartyIndex: 0}}
	rel := rule(t, "", `    relation:
      join: agent_relatives
      where: staff != nil && relative.relation == "spouse" && staff.court_id == case.court_id
`)
	eval := func(r *Rule, c *qingfeng.Case, evs ...Event) *Hit {
		hits, _, errs := evaluator(t).Case(&Context{Now: qingfeng.MustDate("2024-06-01"), Case: c, Events: evs, Refs: ref}, []*Rule{r})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if len(hits) == 0 {
			return nil
		}
		return &hits[0]
	}
	if h := eval(rel, c); h != nil {
		t.Fatalf("the relative's spouse works at another court: %+v", h)
	}
	c.CourtID = "C2"
	if h := eval(rel, c); h == nil || len(h.People) < 2 || h.People[1] != "P2" {
		t.Fatalf("same court: %+v", h)
	}
	away := rule(t, "", `    relation:
      join: actors_away
      where: status == "leave"
`)
	in := ev(1, "hearing_held", "2024-03-05", nil)
	in.Actor = "P1"
	out := ev(2, "hearing_held", "2024-03-11", nil)
	out.Actor = "P1"
	if h := eval(away, c, in, out); h == nil || h.Count != 1 || h.On != qingfeng.MustDate("2024-03-05") {
		t.Fatalf("on leave on 03-05 only: %+v", h)
	}
}

func item(group, day, number string, num bool, value string) Item {
	return Item{Group: group, Date: qingfeng.MustDate(day), Case: number, Num: num, Value: value}
}

// Aggregates: a count in a sliding window, a share with its minimum samples, a concentration.
func TestAggregates(t *testing.T) {
	count := rule(t, "", `    aggregate:
      over: events
      on: [petition_received]
      group_by: event.attrs.target_person_id
      window: {days: 182}
      metric: count
      threshold: 3
`)
	spread := []Item{item("P1", "2024-01-01", "a", false, ""), item("P1", "2024-05-01", "b", false, ""), item("P1", "2024-08-01", "c", false, "")}
	if h := count.GroupHit("P1", spread); h != nil {
		t.Fatalf("three complaints over seven months: %+v", h)
	}
	close := append(spread, item("P1", "2024-06-01", "d", false, ""))
	h := count.GroupHit("P1", close)
	if h == nil || h.Count != 3 || h.CaseNumber != "a" || h.On != qingfeng.MustDate("2024-06-01") {
		t.Fatalf("three within six months: %+v", h)
	}
	share := rule(t, "", `    aggregate:
      over: events
      on: [assigned]
      group_by: case.division_id
      bucket: month
      metric: share
      numerator: event.attrs.method == "designated"
      threshold: 0.1
      min_count: 3
`)
	var items []Item
	for i := range 20 {
		items = append(items, item("D1|2024-05", "2024-05-06", fmt.Sprint(i), i < 2, ""))
	}
	if share.GroupHit("D1|2024-05", items) != nil {
		t.Fatal("two designated: under the minimum")
	}
	items[2].Num = true
	if h := share.GroupHit("D1|2024-05", items); h == nil || !strings.Contains(h.Message.ZH, "命中") || h.Count != 3 {
		t.Fatalf("three of twenty: %+v", h)
	}
	conc := rule(t, "", `    aggregate:
      over: agents
      group_by: agent.lawyer_id
      metric: concentration
      value: case.judge_id
      threshold: 0.5
      min_total: 4
`)
	js := []Item{item("L1", "2024-01-01", "a", false, "J1"), item("L1", "2024-02-01", "b", false, "J1"), item("L1", "2024-03-01", "c", false, "J2")}
	if conc.GroupHit("L1", js) != nil {
		t.Fatal("three cases: under the minimum")
	}
	if h := conc.GroupHit("L1", append(js, item("L1", "2024-04-01", "d", false, "J1"))); h == nil || h.Count != 3 {
		t.Fatalf("three of four with J1: %+v", h)
	}
}

// Messages are rendered in both languages from the check's facts and the rule's parameters.
func TestMessages(t *testing.T) {
	p, err := loadRule(t, strings.Replace(ruleFile("    params: {days: 30}\n", paySeq),
		`message: {zh: "命中", en: "hit"}`, `message: {zh: "{from} 到账，{days} 日内应发放，实际：{done}", en: "received {from}, due within {days} days, paid: {done}"}`, 1))
	if err != nil {
		t.Fatal(err)
	}
	h, _ := run(t, p.Rule("T-1"), "2024-06-01", civil("2024-01-10"), ev(1, "funds_received", "2024-03-01", nil))
	if h == nil || h.Message.ZH != "2024-03-01 到账，30 日内应发放，实际：未办理" || h.Message.EN != "received 2024-03-01, due within 30 days, paid: not done" {
		t.Fatalf("%+v", h)
	}
}

// GroupMin is exactly the fewest items on which each aggregate of the default pack can hold:
// with that many items, all alike on one day and all counting, the rule holds; with one fewer
// it does not, whatever they are (the engine skips such groups without judging them).
func TestGroupMinIsTheBound(t *testing.T) {
	n := 0
	for _, r := range defaultPack(t).Rules {
		if !r.IsAggregate() {
			if r.GroupMin() != 0 {
				t.Errorf("%s: not an aggregate, GroupMin %d", r.ID, r.GroupMin())
			}
			continue
		}
		n++
		k := r.GroupMin()
		if k < 1 {
			t.Errorf("%s: GroupMin %d", r.ID, k)
			continue
		}
		var items []Item
		for i := range k {
			items = append(items, item("G", "2024-05-06", fmt.Sprint(i), true, "x"))
		}
		if r.GroupHit("G", items) == nil {
			t.Errorf("%s: %d alike items do not make it hold", r.ID, k)
		}
		if k > 1 && r.GroupHit("G", items[:k-1]) != nil {
			t.Errorf("%s: holds on %d items, under its GroupMin %d", r.ID, k-1, k)
		}
	}
	if n == 0 {
		t.Fatal("no aggregate rule in the default pack")
	}
}
