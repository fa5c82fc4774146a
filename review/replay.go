package review

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// SupervisionEvents are the canonical event types of 四类 and 阅核 (docs/data-format.md,
// "supervision"). Replay reads them; EventsOf writes them.
var SupervisionEvents = []string{"four_type_flagged", "four_type_unflagged", "review_submitted", "review_agreed",
	"review_disagreed", "panel_reconsidered", "pjm_opinion", "committee_approved_by", "committee_decided",
	"document_edited", "interference_logged"}

// IsSupervision reports whether an event type is one of SupervisionEvents.
func IsSupervision(t string) bool {
	for _, s := range SupervisionEvents {
		if s == t {
			return true
		}
	}
	return false
}

// CaseInput is one proceeding as the log shows it, with what replaying it needs.
type CaseInput struct {
	Case     *qingfeng.Case
	Origin   *qingfeng.Case              // the proceeding it derives from, when known
	Events   []qingfeng.Event            // its events, in time order
	People   map[string]*qingfeng.Person // staff by id, for actors' roles
	Routing  CourtRouting
	Deadline qingfeng.Date // the time-limit deadline, when known
}

// Replay runs a source system's review events for one proceeding through the state machine,
// in event time, and returns what they amount to: the decision (one per proceeding, id
// "ev-" + case number), the 四类 flags the source set, the interference register and the
// trail, refused steps included. The decision is issued at the end of the closing day, so
// that an issue without a completed review (I3) is refused whatever order the events came in.
func Replay(in CaseInput) *store.DerivedReview {
	r := &replayer{in: in, flags: map[string]int{},
		out: &store.DerivedReview{Trail: make([]qingfeng.Transition, 0, len(in.Events)+2)}}
	r.sourceFlags()
	evs := append([]qingfeng.Event(nil), in.Events...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
	closed := in.Case.ClosedOn
	issued := false
	for i := range evs {
		e := &evs[i]
		if !closed.IsZero() && !issued && e.Date() > closed {
			r.issue()
			issued = true
		}
		r.seen = evs[:i+1]
		r.apply(e)
	}
	if !closed.IsZero() && !issued {
		r.seen = evs
		r.issue()
	}
	if r.d != nil {
		r.d.Deadline = in.Deadline
		r.out.Decisions = append(r.out.Decisions, *r.d)
	}
	return r.out
}

type replayer struct {
	in    CaseInput
	out   *store.DerivedReview
	d     *qingfeng.Decision
	flags map[string]int // sub-type → index in out.Flags
	seen  []qingfeng.Event
}

func (r *replayer) actor(id string) Actor {
	if p := r.in.People[id]; p != nil {
		return ActorOf(p)
	}
	return Actor{PersonID: id, CourtID: r.in.Case.CourtID}
}

func source(e *qingfeng.Event) string {
	return "event:" + e.Type + "@" + e.At.Format(time.RFC3339)
}

// by is who an event names as acting: attrs.by when given, else the event's actor.
func by(e *qingfeng.Event) string {
	if s := e.Str("by"); s != "" {
		return s
	}
	return e.ActorID
}

func (r *replayer) trail(t qingfeng.Transition, src string) {
	t.Source = src
	r.out.Trail = append(r.out.Trail, t)
}

// sourceFlags takes the 四类 sub-types on the proceeding's record as flags set at filing.
func (r *replayer) sourceFlags() {
	c := r.in.Case
	at := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	if !c.FiledOn.IsZero() {
		at = dayEnd(c.FiledOn).Add(-24*time.Hour + time.Second)
	}
	for _, sub := range c.Flags.FourType {
		if !subTypePattern.MatchString(sub) {
			continue
		}
		r.setFlag(sub, "来源系统案件信息标注", "", at)
	}
}

func (r *replayer) setFlag(sub, reason, who string, at time.Time) *qingfeng.FourTypeFlag {
	if i, ok := r.flags[sub]; ok {
		f := &r.out.Flags[i]
		if f.State != qingfeng.FlagActive {
			f.State, f.RemovalBy, f.RemovalApprover, f.RemovalReason = qingfeng.FlagActive, "", "", ""
			f.RemovalAt, f.RemovedAt = time.Time{}, time.Time{}
		}
		if who != "" {
			f.By, f.Reason, f.At = who, reason, at
		}
		return f
	}
	typ, _ := strconv.Atoi(sub[:1])
	c := r.in.Case
	r.out.Flags = append(r.out.Flags, qingfeng.FourTypeFlag{
		ID: "src-" + c.Number + "-" + sub, CaseNumber: c.Number, CourtID: c.CourtID, Type: typ, SubType: sub,
		Reason: reason, Origin: "source", By: who, At: at, State: qingfeng.FlagActive,
	})
	r.flags[sub] = len(r.out.Flags) - 1
	return &r.out.Flags[len(r.out.Flags)-1]
}

func (r *replayer) flagged() bool {
	for _, f := range r.out.Flags {
		if f.State == qingfeng.FlagActive {
			return true
		}
	}
	return false
}

func (r *replayer) apply(e *qingfeng.Event) {
	switch e.Type {
	case "four_type_flagged":
		r.flag(e)
	case "four_type_unflagged":
		r.unflag(e)
	case "interference_logged":
		r.register(e)
	case "review_submitted":
		d := r.decision(e)
		if id := e.Str("reviewer_id"); id != "" && d.State != qingfeng.ReviewPending {
			d.ReviewerID = id
		}
		if v, ok := e.Int("document_version"); ok && v > d.Version {
			d.Version = v
		}
		r.step(e, e.ActorID, Command{Action: ActSubmit})
	case "review_agreed":
		r.step(e, e.ActorID, Command{Action: ActAgree})
	case "review_disagreed":
		r.step(e, e.ActorID, Command{Action: ActDisagree, Measure: e.Str("measure"), Reason: orUnstated(e.Str("reason"))})
	case "panel_reconsidered":
		r.step(e, e.ActorID, Command{Action: ActReconsider, Result: e.Str("result")})
	case "pjm_opinion":
		r.step(e, e.ActorID, Command{Action: ActPJMOpinion, Majority: orUnstated(e.Str("majority"))})
	case "committee_approved_by":
		who := e.Str("president_id")
		if who == "" {
			who = e.ActorID
		}
		r.step(e, who, Command{Action: ActApproveCommittee})
	case "committee_decided":
		r.step(e, e.ActorID, Command{Action: ActCommitteeDecide, Outcome: committeeOutcome(e), Reason: e.Str("decision")})
	case "document_edited":
		r.step(e, by(e), Command{Action: ActEdit, Part: e.Str("part")})
	}
}

func orUnstated(s string) string {
	if s == "" {
		return "（来源系统未提供）"
	}
	return s
}

// committeeOutcome reads the committee's decision: an explicit outcome attribute, else the
// wording (改变 = change, anything else keeps the panel's view).
func committeeOutcome(e *qingfeng.Event) string {
	if o := e.Str("outcome"); o != "" {
		return o
	}
	if strings.Contains(e.Str("decision"), "改变") || strings.EqualFold(e.Str("decision"), "change") {
		return "change"
	}
	return "maintain"
}

// decision returns the proceeding's decision, starting it when the first event about it comes.
func (r *replayer) decision(e *qingfeng.Event) *qingfeng.Decision {
	if r.d == nil {
		c := r.in.Case
		a := r.actor(c.JudgeID)
		r.d = NewDecision("ev-"+c.Number, c, "judgment", a, e.At)
		r.d.Source = "event"
		r.trail(qingfeng.Transition{Subject: "decision", SubjectID: r.d.ID, CaseNumber: c.Number, CourtID: c.CourtID,
			Action: string(ActCreate), To: string(qingfeng.ReviewDrafted), ActorID: a.PersonID, ActorRoles: a.Roles,
			At: e.At, DocVersion: 1}, source(e))
	}
	return r.d
}

func (r *replayer) required() {
	need, why := r.in.Routing.Requires(r.in.Case, r.in.Origin, r.seen, r.flagged())
	r.d.ReviewRequired, r.d.ReviewReasons = need, why
}

func (r *replayer) step(e *qingfeng.Event, actorID string, c Command) {
	d := r.decision(e)
	r.required()
	t, _ := Step(d, c, r.actor(actorID), r.in.Routing.Policy, e.At)
	r.trail(t, source(e))
}

// issue signs the decision out at the end of the closing day; a proceeding that needed review
// and has no decision at all is refused too (it was decided without one).
func (r *replayer) issue() {
	c := r.in.Case
	at := dayEnd(c.ClosedOn)
	e := &qingfeng.Event{CaseNumber: c.Number, Type: "closed", At: at, ActorID: c.JudgeID}
	if r.d == nil {
		need, _ := r.in.Routing.Requires(c, r.in.Origin, r.seen, r.flagged())
		if !need {
			return
		}
	}
	r.step(e, c.JudgeID, Command{Action: ActIssue})
}

// dayEnd is the last second of day d in China Standard Time, where the courts are.
func dayEnd(d qingfeng.Date) time.Time {
	y, m, dd := d.Time().Date()
	return time.Date(y, m, dd, 23, 59, 59, 0, chinaTime)
}

var chinaTime = time.FixedZone("CST", 8*3600)

func (r *replayer) flag(e *qingfeng.Event) {
	c := r.in.Case
	sub, who := e.Str("type"), by(e)
	a := r.actor(who)
	t := qingfeng.Transition{Subject: "flag", SubjectID: "src-" + c.Number + "-" + sub, CaseNumber: c.Number,
		CourtID: c.CourtID, Action: "flag", ActorID: who, ActorRoles: a.Roles, At: e.At, Reason: e.Str("reason")}
	if !subTypePattern.MatchString(sub) || e.Str("reason") == "" {
		t.Refused, t.Code = true, CodeI6
		t.Detail = fmt.Sprintf("四类标注须有类型代码（1–4及子类）和理由：type=%q", sub)
		r.trail(t, source(e))
		return
	}
	r.setFlag(sub, e.Str("reason"), who, e.At)
	t.To = string(qingfeng.FlagActive)
	t.Detail = "sub_type=" + sub
	r.trail(t, source(e))
}

func (r *replayer) unflag(e *qingfeng.Event) {
	c := r.in.Case
	who, approver, sub := by(e), e.Str("approver_id"), e.Str("type")
	a := r.actor(who)
	for i := range r.out.Flags {
		f := &r.out.Flags[i]
		if f.State != qingfeng.FlagActive || (sub != "" && f.SubType != sub) {
			continue
		}
		t := qingfeng.Transition{Subject: "flag", SubjectID: f.ID, CaseNumber: c.Number, CourtID: c.CourtID,
			Action: "unflag", From: string(f.State), ActorID: who, ActorRoles: a.Roles, At: e.At, Reason: e.Str("reason")}
		if approver == "" || approver == who {
			t.Refused, t.Code, t.To = true, CodeI6, string(f.State)
			t.Detail = "撤销四类标注须经另一人批准"
		} else {
			f.State, f.RemovalBy, f.RemovalApprover, f.RemovalAt, f.RemovedAt = qingfeng.FlagRemoved, who, approver, e.At, e.At
			f.RemovalReason = e.Str("reason")
			t.To, t.Detail = string(qingfeng.FlagRemoved), "approver="+approver
		}
		r.trail(t, source(e))
	}
}

func (r *replayer) register(e *qingfeng.Event) {
	c := r.in.Case
	who := by(e)
	q := qingfeng.Enquiry{
		ID: fmt.Sprintf("ev-%s-%d", c.Number, len(r.out.Enquiries)+1), CaseNumber: c.Number, CourtID: c.CourtID,
		By: who, Channel: orDefault(e.Str("channel"), "register"), Content: e.Str("content"),
		RegisteredBy: orDefault(e.ActorID, who), At: e.At, Source: "event",
	}
	r.out.Enquiries = append(r.out.Enquiries, q)
	a := r.actor(q.RegisteredBy)
	r.trail(qingfeng.Transition{Subject: "enquiry", SubjectID: q.ID, CaseNumber: c.Number, CourtID: c.CourtID,
		Action: "register", ActorID: q.RegisteredBy, ActorRoles: a.Roles, At: e.At, Detail: "by=" + who}, source(e))
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
