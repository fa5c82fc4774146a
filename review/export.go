package review

import (
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// EventsOf writes the accepted steps of a decision's trail as canonical supervision events
// (docs/data-format.md), so that another system — or Replay — can follow what happened here.
func EventsOf(d *qingfeng.Decision, trail []qingfeng.Transition) []qingfeng.Event {
	var out []qingfeng.Event
	for _, t := range trail {
		if t.Refused || t.SubjectID != d.ID {
			continue
		}
		kv := details(t.Detail)
		e := qingfeng.Event{CaseNumber: d.CaseNumber, At: t.At, ActorID: t.ActorID, Attrs: map[string]any{}}
		switch Action(t.Action) {
		case ActSubmit:
			e.Type = "review_submitted"
			e.Attrs["reviewer_id"], e.Attrs["document_version"] = d.ReviewerID, t.DocVersion
		case ActAgree, ActWithdraw:
			e.Type = "review_agreed"
		case ActDisagree, ActEscalate:
			e.Type = "review_disagreed"
			e.Attrs["measure"], e.Attrs["reason"] = kv["measure"], t.Reason
		case ActReconsider:
			e.Type = "panel_reconsidered"
			e.Attrs["result"] = kv["result"]
		case ActPJMOpinion:
			e.Type = "pjm_opinion"
			e.Attrs["majority"] = kv["majority"]
		case ActApproveCommittee:
			e.Type = "committee_approved_by"
			e.Attrs["president_id"] = t.ActorID
		case ActCommitteeDecide:
			e.Type = "committee_decided"
			e.Attrs["outcome"], e.Attrs["decision"] = kv["outcome"], t.Reason
		case ActEdit:
			e.Type = "document_edited"
			e.Attrs["by"], e.Attrs["part"] = t.ActorID, kv["part"]
		default:
			continue
		}
		out = append(out, e)
	}
	return out
}

// details reads the "key=value; key=value" detail of a trail row.
func details(s string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(s, "; ") {
		if k, v, ok := strings.Cut(part, "="); ok {
			out[k] = v
		}
	}
	return out
}
