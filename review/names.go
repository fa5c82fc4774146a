package review

import (
	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// Names of actions and states for messages and pages.
var (
	nameEdit             = i18n.Text{ZH: "修改裁判文书", EN: "edit the document"}
	nameSubmit           = i18n.Text{ZH: "提交阅核", EN: "submit for review"}
	nameAgree            = i18n.Text{ZH: "同意签发", EN: "agree"}
	nameDisagree         = i18n.Text{ZH: "提出不同意见", EN: "disagree"}
	nameReconsider       = i18n.Text{ZH: "复议", EN: "reconsider"}
	namePJMOpinion       = i18n.Text{ZH: "专业法官会议意见", EN: "the professional judges' meeting's opinion"}
	nameFollowPJM        = i18n.Text{ZH: "采纳专业法官会议意见", EN: "follow the meeting's majority"}
	nameDepartPJM        = i18n.Text{ZH: "不采纳专业法官会议意见并层报院长", EN: "depart from the meeting's majority and go up to the president"}
	nameEscalate         = i18n.Text{ZH: "提请专业法官会议或审委会", EN: "refer to the meeting or the committee"}
	nameWithdraw         = i18n.Text{ZH: "撤回不同意见", EN: "withdraw the objection"}
	nameApproveCommittee = i18n.Text{ZH: "批准提交审委会", EN: "approve the referral to the committee"}
	nameCommitteeDecide  = i18n.Text{ZH: "审委会决定", EN: "the committee's decision"}
	nameIssue            = i18n.Text{ZH: "签发", EN: "issue"}
)

// ActionNames names each action in both languages.
var ActionNames = map[Action]i18n.Text{
	ActCreate: {ZH: "起草", EN: "draft"}, ActEdit: nameEdit, ActSubmit: nameSubmit, ActAgree: nameAgree,
	ActDisagree: nameDisagree, ActReconsider: nameReconsider, ActPJMOpinion: namePJMOpinion,
	ActFollowPJM: nameFollowPJM, ActDepartPJM: nameDepartPJM, ActEscalate: nameEscalate, ActWithdraw: nameWithdraw,
	ActApproveCommittee: nameApproveCommittee, ActCommitteeDecide: nameCommitteeDecide, ActIssue: nameIssue,
}

// StateNames names each review state in both languages.
var StateNames = map[qingfeng.ReviewState]i18n.Text{
	qingfeng.ReviewDrafted:            {ZH: "起草中", EN: "drafted"},
	qingfeng.ReviewPending:            {ZH: "待阅核", EN: "pending review"},
	qingfeng.ReviewApproved:           {ZH: "可签发", EN: "approved for issue"},
	qingfeng.ReviewIssued:             {ZH: "已签发", EN: "issued"},
	qingfeng.ReviewReconsideration:    {ZH: "建议复议", EN: "reconsideration requested"},
	qingfeng.ReviewEscalationChoice:   {ZH: "合议庭维持原意见", EN: "panel maintained its view"},
	qingfeng.ReviewReferredPJM:        {ZH: "提请专业法官会议", EN: "referred to the professional judges' meeting"},
	qingfeng.ReviewAfterPJM:           {ZH: "专业法官会议已讨论", EN: "after the professional judges' meeting"},
	qingfeng.ReviewReferredCommittee:  {ZH: "报请提交审委会", EN: "referred to the adjudication committee"},
	qingfeng.ReviewCommitteeScheduled: {ZH: "审委会待议", EN: "committee scheduled"},
	qingfeng.ReviewCommitteeDecided:   {ZH: "审委会已决定", EN: "committee decided"},
}

func stateName(s qingfeng.ReviewState) i18n.Text {
	if t, ok := StateNames[s]; ok {
		return t
	}
	return i18n.Text{ZH: string(s), EN: string(s)}
}

// Allowed lists the actions a may take on d now, found by trying each on a copy with the
// arguments a user would supply.
func Allowed(d *qingfeng.Decision, a Actor, p Policy) []Action {
	var out []Action
	for _, act := range Actions {
		c := Command{Action: act, Reason: "-", Measure: "committee", Result: "changed", Majority: "-", Outcome: "maintain"}
		if act == ActEdit {
			c.Part = "reasoning"
		}
		x := *d
		if _, err := Step(&x, c, a, p, x.UpdatedAt); err == nil {
			out = append(out, act)
		}
	}
	return out
}
