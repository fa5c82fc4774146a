package review

import (
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// The steps of §C.3, one function per action. Each checks who may act and in which state,
// then says where the decision goes.

func edit(d *qingfeng.Decision, c Command, a Actor, _ Policy, _ time.Time) (qingfeng.ReviewState, *Refusal) {
	if !onPanel(d, a) {
		if c.Part == "operative" {
			return "", refuse(CodeI1, msgReviewerOperative)
		}
		return "", refuse(CodeRole, msgNotPanel, nameEdit)
	}
	if r := first(oneOf("part", c.Part, "operative", "reasoning"), inStateNot(d, nameEdit, qingfeng.ReviewIssued)); r != nil {
		return "", r
	}
	d.Version++
	if c.Part == "reasoning" {
		d.Reasoning = c.Text
		return d.State, nil
	}
	if d.Committee != nil && d.Committee.Operative != "" && c.Text != d.Committee.Operative {
		return "", refuse(CodeI1, msgCommitteeBinding)
	}
	d.Operative, d.OperativeVersion = c.Text, d.Version
	if d.State == qingfeng.ReviewApproved {
		// The review let an earlier operative part through: this one has not been reviewed.
		return qingfeng.ReviewDrafted, nil
	}
	return d.State, nil
}

func inStateNot(d *qingfeng.Decision, what i18n.Text, s qingfeng.ReviewState) *Refusal {
	if d.State != s {
		return nil
	}
	return refuse(CodeState, msgState, stateName(d.State), what)
}

func submit(d *qingfeng.Decision, _ Command, a Actor, _ Policy, now time.Time) (qingfeng.ReviewState, *Refusal) {
	if r := first(panelOnly(d, a, nameSubmit), inState(d, nameSubmit, qingfeng.ReviewDrafted,
		qingfeng.ReviewEscalationChoice, qingfeng.ReviewAfterPJM, qingfeng.ReviewCommitteeDecided)); r != nil {
		return "", r
	}
	if !conforms(d) {
		return "", refuse(CodeI1, msgCommitteeBinding)
	}
	if d.ReviewerID == "" {
		return "", refuse(CodeInput, msgNoReviewer)
	}
	d.SubmittedAt = now
	return qingfeng.ReviewPending, nil
}

func agree(d *qingfeng.Decision, c Command, a Actor, _ Policy, _ time.Time) (qingfeng.ReviewState, *Refusal) {
	if r := first(reviewerOnly(d, c, a, nameAgree), inState(d, nameAgree, qingfeng.ReviewPending)); r != nil {
		return "", r
	}
	d.ReviewedVersion = d.Version
	return qingfeng.ReviewApproved, nil
}

func disagree(d *qingfeng.Decision, c Command, a Actor, _ Policy, _ time.Time) (qingfeng.ReviewState, *Refusal) {
	if r := first(reviewerOnly(d, c, a, nameDisagree), inState(d, nameDisagree, qingfeng.ReviewPending),
		oneOf("measure", c.Measure, "reconsider", "pjm", "committee"), needReason(c)); r != nil {
		return "", r
	}
	if d.Committee != nil {
		return "", refuse(CodeState, msgCommitteeFinal)
	}
	d.Measure = c.Measure
	return measureState(c.Measure), nil
}

func measureState(m string) qingfeng.ReviewState {
	switch m {
	case "reconsider":
		return qingfeng.ReviewReconsideration
	case "pjm":
		return qingfeng.ReviewReferredPJM
	}
	return qingfeng.ReviewReferredCommittee
}

func reconsider(d *qingfeng.Decision, c Command, a Actor, _ Policy, _ time.Time) (qingfeng.ReviewState, *Refusal) {
	if r := first(panelOnly(d, a, nameReconsider), inState(d, nameReconsider, qingfeng.ReviewReconsideration),
		oneOf("result", c.Result, "changed", "maintained")); r != nil {
		return "", r
	}
	if c.Result == "changed" {
		return qingfeng.ReviewDrafted, nil
	}
	return qingfeng.ReviewEscalationChoice, nil
}

func pjmOpinion(d *qingfeng.Decision, c Command, a Actor, _ Policy, _ time.Time) (qingfeng.ReviewState, *Refusal) {
	if !a.Has(qingfeng.RoleJudge) && !a.IsLeader() {
		return "", refuse(CodeRole, msgRecorder, namePJMOpinion)
	}
	if r := inState(d, namePJMOpinion, qingfeng.ReviewReferredPJM); r != nil {
		return "", r
	}
	if c.Majority == "" {
		return "", refuse(CodeInput, msgBadValue, "majority", "")
	}
	d.PJMMajority = c.Majority
	return qingfeng.ReviewAfterPJM, nil
}

func followPJM(d *qingfeng.Decision, _ Command, a Actor, _ Policy, _ time.Time) (qingfeng.ReviewState, *Refusal) {
	if r := first(panelOnly(d, a, nameFollowPJM), inState(d, nameFollowPJM, qingfeng.ReviewAfterPJM)); r != nil {
		return "", r
	}
	return qingfeng.ReviewDrafted, nil
}

// departPJM: a panel that keeps its view against the meeting's majority goes up to the
// president for the committee (层报院长).
func departPJM(d *qingfeng.Decision, c Command, a Actor, _ Policy, _ time.Time) (qingfeng.ReviewState, *Refusal) {
	if r := first(panelOnly(d, a, nameDepartPJM), inState(d, nameDepartPJM, qingfeng.ReviewAfterPJM), needReason(c)); r != nil {
		return "", r
	}
	return qingfeng.ReviewReferredCommittee, nil
}

func escalate(d *qingfeng.Decision, c Command, a Actor, _ Policy, _ time.Time) (qingfeng.ReviewState, *Refusal) {
	if r := first(reviewerOnly(d, c, a, nameEscalate), inState(d, nameEscalate, qingfeng.ReviewEscalationChoice),
		oneOf("measure", c.Measure, "pjm", "committee"), needReason(c)); r != nil {
		return "", r
	}
	d.Measure = c.Measure
	return measureState(c.Measure), nil
}

func withdraw(d *qingfeng.Decision, c Command, a Actor, _ Policy, _ time.Time) (qingfeng.ReviewState, *Refusal) {
	if r := first(reviewerOnly(d, c, a, nameWithdraw), inState(d, nameWithdraw, qingfeng.ReviewEscalationChoice)); r != nil {
		return "", r
	}
	d.ReviewedVersion = d.Version
	return qingfeng.ReviewApproved, nil
}

func approveCommittee(d *qingfeng.Decision, _ Command, a Actor, p Policy, _ time.Time) (qingfeng.ReviewState, *Refusal) {
	if !a.HasAny(p.CommitteeApprovers) || a.CourtID != d.CourtID {
		return "", refuse(CodeI4, msgCommitteeRole)
	}
	if r := inState(d, nameApproveCommittee, qingfeng.ReviewReferredCommittee); r != nil {
		return "", r
	}
	d.CommitteeBy = a.PersonID
	return qingfeng.ReviewCommitteeScheduled, nil
}

func committeeDecide(d *qingfeng.Decision, c Command, a Actor, p Policy, _ time.Time) (qingfeng.ReviewState, *Refusal) {
	if d.State == qingfeng.ReviewReferredCommittee {
		return "", refuse(CodeI4, msgCommitteeApproval)
	}
	if !a.HasAny(p.CommitteeRecorders) {
		return "", refuse(CodeRole, msgRecorder, nameCommitteeDecide)
	}
	if r := first(inState(d, nameCommitteeDecide, qingfeng.ReviewCommitteeScheduled),
		oneOf("outcome", c.Outcome, "maintain", "change")); r != nil {
		return "", r
	}
	d.Committee = &qingfeng.CommitteeDecision{Outcome: c.Outcome, Operative: c.Text, Text: c.Reason, AtVersion: d.OperativeVersion}
	return qingfeng.ReviewCommitteeDecided, nil
}

// issue signs the decision out. A decision that needs review needs a completed one: agreed
// (or the objection withdrawn) on the current operative part, or the committee's decision
// carried out (I3); a committee decision must be carried out in any case (I1).
func issue(d *qingfeng.Decision, _ Command, a Actor, _ Policy, now time.Time) (qingfeng.ReviewState, *Refusal) {
	if r := first(panelOnly(d, a, nameIssue), inStateNot(d, nameIssue, qingfeng.ReviewIssued)); r != nil {
		return "", r
	}
	if !conforms(d) {
		return "", refuse(CodeI1, msgCommitteeBinding)
	}
	complete := false
	switch d.State {
	case qingfeng.ReviewApproved:
		complete = d.ReviewedVersion >= d.OperativeVersion
		if !complete {
			return "", refuse(CodeI3, msgIssueStale)
		}
	case qingfeng.ReviewCommitteeDecided:
		complete = true
	case qingfeng.ReviewDrafted:
		complete = !d.ReviewRequired
	}
	if !complete {
		return "", refuse(CodeI3, msgIssueUnreviewed)
	}
	d.IssuedAt = now
	return qingfeng.ReviewIssued, nil
}
