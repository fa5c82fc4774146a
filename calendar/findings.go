package calendar

import (
	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// Finding is an irregularity the clock met in a proceeding's events: a deduction ended that
// never started, overlapping deductions, a deduction reason the law does not list, an
// extension never approved … Rules decide what to warn about; the clock only reports.
type Finding struct {
	Code  string        // stable, e.g. "clock.deduction_overlap"
	On    qingfeng.Date // the day it concerns, 0 when none
	Event int           // index of the event in the slice given to Clock, -1 when none
	Text  i18n.Text     // the message, already formatted, in both languages
}

// findingTexts are the messages by code; each takes the arguments its call site passes.
var findingTexts = map[string]i18n.Text{
	"clock.no_filing_date": {
		ZH: "案件缺少立案日期，无法计算审限",
		EN: "the proceeding has no filing date, so its time limit cannot be measured"},
	"clock.no_limit": {
		ZH: "未找到适用的法定审限（类别 %s，阶段 %s，程序 %q）",
		EN: "no statutory time limit applies (category %s, stage %s, procedure %q)"},
	"clock.event_before_filing": {
		ZH: "%s 事件日期 %s 早于立案日期 %s",
		EN: "%s event dated %s is before the filing date %s"},
	"clock.deduction_overlap": {
		ZH: "%s 开始的扣除审限期间与尚未结束的扣除期间重叠",
		EN: "a deduction started on %s while another was still running"},
	"clock.deduction_end_without_start": {
		ZH: "%s 扣除审限期间结束，但没有对应的开始",
		EN: "a deduction ended on %s that never started"},
	"clock.deduction_no_reason": {
		ZH: "%s 开始的扣除审限期间未注明事由",
		EN: "the deduction started on %s gives no reason"},
	"clock.deduction_unknown_reason": {
		ZH: "%s 开始的扣除审限期间事由“%s”不是法定扣除事由",
		EN: "the deduction started on %s gives reason %q, which is not a deductible period in law"},
	"clock.deduction_over_cap": {
		ZH: "%s 开始的扣除期间（%s）共 %d 日，超过上限 %d 日",
		EN: "the deduction started on %s (%s) lasts %d days, over its cap of %d days"},
	"clock.suspension_overlap": {
		ZH: "%s 开始的中止期间与尚未结束的中止期间重叠",
		EN: "a suspension started on %s while another was still running"},
	"clock.suspension_end_without_start": {
		ZH: "%s 中止期间结束，但没有对应的开始",
		EN: "a suspension ended on %s that never started"},
	"clock.interval_open_at_close": {
		ZH: "结案时仍有 %s 开始的扣除或中止期间未结束",
		EN: "a deduction or suspension begun on %s was still open at closing"},
	"clock.extension_bad_days": {
		ZH: "%s 批准延长审限，但没有有效的延长天数",
		EN: "the extension approved on %s carries no valid number of days"},
	"clock.extension_not_approved": {
		ZH: "%s 申请延长审限，未见批准",
		EN: "the extension requested on %s was never approved"},
	"clock.extension_over_cap": {
		ZH: "批准延长审限共 %d 日，超过法定最长延长 %d 日",
		EN: "approved extensions total %d days, over the most the law allows (%d days)"},
	"clock.conversion_unknown": {
		ZH: "%s 程序转换的目标程序“%s”无法识别",
		EN: "the procedure conversion on %s names an unknown procedure %q"},
	"clock.conversion_after_expiry": {
		ZH: "%s 转换程序时，原程序审限（%s）已届满",
		EN: "the procedure was converted on %s after the former procedure's limit (%s) had run out"},
}

func newFinding(code string, on qingfeng.Date, event int, args ...any) Finding {
	t := findingTexts[code]
	return Finding{Code: code, On: on, Event: event,
		Text: i18n.Text{ZH: t.In(i18n.ZH, args...), EN: t.In(i18n.EN, args...)}}
}

func (r *reading) find(code string, on qingfeng.Date, event int, args ...any) {
	r.findings = append(r.findings, newFinding(code, on, event, args...))
}
