package review

import (
	"slices"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// Action is one step of the review state machine.
type Action string

// Actions. Panel actions: Create, Edit, Submit, Reconsider, FollowPJM, DepartPJM, Issue.
// Reviewer actions: Agree, Disagree, Escalate, Withdraw — none of them takes a document.
// Others: PJMOpinion (the meeting's view), ApproveCommittee (the president, I4),
// CommitteeDecide (the committee's decision, binding on the panel).
const (
	ActCreate           Action = "create"
	ActEdit             Action = "edit"
	ActSubmit           Action = "submit"
	ActAgree            Action = "agree"
	ActDisagree         Action = "disagree"
	ActReconsider       Action = "reconsider"
	ActPJMOpinion       Action = "pjm_opinion"
	ActFollowPJM        Action = "follow_pjm"
	ActDepartPJM        Action = "depart_pjm"
	ActEscalate         Action = "escalate"
	ActWithdraw         Action = "withdraw"
	ActApproveCommittee Action = "approve_committee"
	ActCommitteeDecide  Action = "committee_decide"
	ActIssue            Action = "issue"
)

// Actions lists every action but Create, in the order a user interface would offer them.
var Actions = []Action{ActEdit, ActSubmit, ActAgree, ActDisagree, ActReconsider, ActPJMOpinion, ActFollowPJM,
	ActDepartPJM, ActEscalate, ActWithdraw, ActApproveCommittee, ActCommitteeDecide, ActIssue}

// Command is an action with its arguments. Only the fields an action reads are looked at,
// except that a reviewer's command carrying document text is refused (I1).
type Command struct {
	Action   Action `json:"action"`
	Reason   string `json:"reason,omitempty"`
	Measure  string `json:"measure,omitempty"`  // disagree, escalate: reconsider, pjm, committee
	Result   string `json:"result,omitempty"`   // reconsider: changed, maintained
	Majority string `json:"majority,omitempty"` // pjm_opinion: the meeting's majority view
	Outcome  string `json:"outcome,omitempty"`  // committee_decide: maintain, change
	Part     string `json:"part,omitempty"`     // edit: operative, reasoning
	Text     string `json:"text,omitempty"`     // edit: the new text; committee_decide: the operative part decided
}

// Policy is what a court decides about the machine (routing.yaml): who may approve a referral
// to the adjudication committee, and who may record its decision.
type Policy struct {
	CommitteeApprovers []qingfeng.Role
	CommitteeRecorders []qingfeng.Role
}

// DefaultPolicy: the president, or a vice president the president has authorised
// (人民法院组织法 Art. 39; §C.3 I4), approves; the committee's members record.
var DefaultPolicy = Policy{
	CommitteeApprovers: []qingfeng.Role{qingfeng.RolePresident, qingfeng.RoleVicePresident},
	CommitteeRecorders: []qingfeng.Role{qingfeng.RolePresident, qingfeng.RoleVicePresident, qingfeng.RoleCommitteeMember},
}

// step is what an action does to a decision once its checks pass.
type step func(d *qingfeng.Decision, c Command, a Actor, p Policy, now time.Time) (qingfeng.ReviewState, *Refusal)

var steps = map[Action]step{
	ActEdit:             edit,
	ActSubmit:           submit,
	ActAgree:            agree,
	ActDisagree:         disagree,
	ActReconsider:       reconsider,
	ActPJMOpinion:       pjmOpinion,
	ActFollowPJM:        followPJM,
	ActDepartPJM:        departPJM,
	ActEscalate:         escalate,
	ActWithdraw:         withdraw,
	ActApproveCommittee: approveCommittee,
	ActCommitteeDecide:  committeeDecide,
	ActIssue:            issue,
}

// Step applies c, asked by a, to d at time now. Accepted, it updates d and returns the trail
// row of the transition; refused, it leaves d unchanged and returns the trail row of the
// refusal (Refused, Code) together with the *Refusal. The caller stores the row either way,
// with its Source.
func Step(d *qingfeng.Decision, c Command, a Actor, p Policy, now time.Time) (qingfeng.Transition, error) {
	t := qingfeng.Transition{
		Subject: "decision", SubjectID: d.ID, CaseNumber: d.CaseNumber, CourtID: d.CourtID,
		Action: string(c.Action), From: string(d.State), ActorID: a.PersonID, ActorRoles: a.Roles,
		At: now, Reason: c.Reason, Detail: detail(c),
	}
	fn, ok := steps[c.Action]
	if !ok {
		r := refuse(CodeInput, msgBadValue, "action", string(c.Action))
		return refused(t, d, r), r
	}
	work := *d
	to, r := fn(&work, c, a, p, now)
	if r != nil {
		return refused(t, d, r), r
	}
	work.State = to
	work.UpdatedAt = now
	*d = work
	t.To = string(to)
	t.DocVersion = d.Version
	return t, nil
}

func refused(t qingfeng.Transition, d *qingfeng.Decision, r *Refusal) qingfeng.Transition {
	t.Refused, t.Code, t.To, t.DocVersion = true, r.Code, string(d.State), d.Version
	t.Detail = joinDetail(t.Detail, r.Msg.In(i18n.ZH, r.Args...))
	return t
}

func detail(c Command) string {
	s := ""
	for _, kv := range [][2]string{{"part", c.Part}, {"measure", c.Measure}, {"result", c.Result}, {"outcome", c.Outcome}, {"majority", c.Majority}} {
		if kv[1] != "" {
			s = joinDetail(s, kv[0]+"="+kv[1])
		}
	}
	return s
}

func joinDetail(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// NewDecision starts a draft by a panel member (version 1).
func NewDecision(id string, c *qingfeng.Case, kind string, a Actor, now time.Time) *qingfeng.Decision {
	panel := slices.Clone(c.Panel)
	if c.JudgeID != "" && !slices.Contains(panel, c.JudgeID) {
		panel = append(panel, c.JudgeID)
	}
	return &qingfeng.Decision{
		ID: id, CaseNumber: c.Number, CourtID: c.CourtID, DivisionID: c.DivisionID, JudgeID: c.JudgeID,
		Panel: panel, Kind: kind, State: qingfeng.ReviewDrafted, Version: 1, OperativeVersion: 1,
		CreatedAt: now, UpdatedAt: now,
	}
}

func onPanel(d *qingfeng.Decision, a Actor) bool {
	return a.PersonID != "" && slices.Contains(d.Panel, a.PersonID)
}

// panelOnly refuses an actor outside the panel.
func panelOnly(d *qingfeng.Decision, a Actor, what i18n.Text) *Refusal {
	if onPanel(d, a) {
		return nil
	}
	return refuse(CodeRole, msgNotPanel, what)
}

// reviewerOnly refuses anyone but the decision's reviewer; a 院庭长 trying a reviewer's action
// on a decision they do not review breaks I7 (supervision outside the listed measures).
func reviewerOnly(d *qingfeng.Decision, c Command, a Actor, what i18n.Text) *Refusal {
	if c.Text != "" || c.Part != "" {
		return refuse(CodeI1, msgReviewerOperative)
	}
	if a.PersonID != "" && a.PersonID == d.ReviewerID {
		return nil
	}
	if a.IsLeader() {
		return refuse(CodeI7, msgLeaderOutside, what)
	}
	return refuse(CodeRole, msgNotReviewer, what)
}

func inState(d *qingfeng.Decision, what i18n.Text, states ...qingfeng.ReviewState) *Refusal {
	if slices.Contains(states, d.State) {
		return nil
	}
	return refuse(CodeState, msgState, stateName(d.State), what)
}

func first(rs ...*Refusal) *Refusal {
	for _, r := range rs {
		if r != nil {
			return r
		}
	}
	return nil
}

func oneOf(field, v string, values ...string) *Refusal {
	if slices.Contains(values, v) {
		return nil
	}
	return refuse(CodeInput, msgBadValue, field, v)
}

func needReason(c Command) *Refusal {
	if c.Reason == "" {
		return refuse(CodeInput, msgNeedReason)
	}
	return nil
}

// conforms reports whether the document carries out the committee's decision: the operative
// part it recorded, or else a changed operative part for "change" and an unchanged one for
// "maintain".
func conforms(d *qingfeng.Decision) bool {
	cd := d.Committee
	switch {
	case cd == nil:
		return true
	case cd.Operative != "":
		return d.Operative == cd.Operative
	case cd.Outcome == "change":
		return d.OperativeVersion > cd.AtVersion
	}
	return d.OperativeVersion == cd.AtVersion
}
