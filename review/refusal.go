package review

import (
	"errors"

	"github.com/qingfeng-court/qingfeng/i18n"
)

// Refusal codes: the invariant of §C.3 an action would break, or a plainer reason.
const (
	CodeI1    = "I1"    // a reviewer (anyone outside the panel) writing the operative part; a document departing from the 审委会
	CodeI3    = "I3"    // issuing without a completed review
	CodeI4    = "I4"    // the 审委会 without the president's approval
	CodeI6    = "I6"    // a flag without a reason code, or removed without a second person
	CodeI7    = "I7"    // a 院庭长 acting on a case outside the listed measures; changing the register
	CodeRole  = "role"  // the actor may not take this action
	CodeState = "state" // the action does not apply in the decision's state
	CodeInput = "input" // a required field is missing or invalid
	CodeScope = "scope" // the case is outside the actor's courts
)

// Refusal is an action the server would not take, with the code of the rule it would break
// and the reason in both languages.
type Refusal struct {
	Code string
	Msg  i18n.Text
	Args []any
}

func (r *Refusal) Error() string { return r.Code + ": " + r.Msg.In(i18n.EN, r.Args...) }

// Text is the reason in language l.
func (r *Refusal) Text(l i18n.Lang) string { return r.Msg.In(l, r.Args...) }

func refuse(code string, msg i18n.Text, args ...any) *Refusal {
	return &Refusal{Code: code, Msg: msg, Args: args}
}

// AsRefusal returns err as a refusal, if it is one.
func AsRefusal(err error) (*Refusal, bool) {
	var r *Refusal
	ok := errors.As(err, &r)
	return r, ok
}

var (
	msgNotPanel          = i18n.Text{ZH: "只有合议庭（独任法官）可以%s", EN: "only the panel (or single judge) may %s"}
	msgReviewerOperative = i18n.Text{ZH: "阅核人不得修改裁判主文：不同意时只能建议复议、提请专业法官会议或报请提交审委会", EN: "a reviewer may not change the operative part: on disagreement they may only suggest reconsideration, refer to the professional judges' meeting or ask for the adjudication committee"}
	msgNotReviewer       = i18n.Text{ZH: "只有本案阅核人可以%s", EN: "only the decision's reviewer may %s"}
	msgLeaderOutside     = i18n.Text{ZH: "院庭长对非本人阅核的案件不得%s；此次过问已登记", EN: "a president or chief may not %s on a decision they do not review; the attempt is registered"}
	msgState             = i18n.Text{ZH: "当前状态“%s”下不能%s", EN: "cannot %[2]s in state %[1]s"}
	msgNeedReason        = i18n.Text{ZH: "需要填写理由", EN: "a reason is required"}
	msgBadValue          = i18n.Text{ZH: "%s 的取值无效：%q", EN: "invalid %s: %q"}
	msgIssueUnreviewed   = i18n.Text{ZH: "须经阅核完成后方可签发（四类案件及本院确定的阅核范围）", EN: "the decision needs a completed review before it is issued (四类 cases and the court's review scope)"}
	msgIssueStale        = i18n.Text{ZH: "阅核后裁判主文已修改，须重新提交阅核", EN: "the operative part changed after review: submit it for review again"}
	msgCommitteeApproval = i18n.Text{ZH: "提交审委会讨论须经院长（或受院长委托的副院长）批准", EN: "the adjudication committee may take the case only with the president's (or an authorised vice president's) approval"}
	msgCommitteeRole     = i18n.Text{ZH: "只有院长或受委托的院领导可以批准提交审委会", EN: "only the president or an authorised vice president may approve a referral to the adjudication committee"}
	msgCommitteeBinding  = i18n.Text{ZH: "合议庭应当执行审委会的决定：裁判文书须与审委会决定一致", EN: "the panel must carry out the adjudication committee's decision: the document must match it"}
	msgCommitteeFinal    = i18n.Text{ZH: "审委会已作出决定，阅核人不得再提出异议", EN: "the adjudication committee has decided: the reviewer cannot object again"}
	msgNoReviewer        = i18n.Text{ZH: "未能确定阅核人", EN: "no reviewer could be found"}
	msgRecorder          = i18n.Text{ZH: "无权记录%s", EN: "not entitled to record %s"}
)
