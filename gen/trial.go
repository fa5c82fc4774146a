package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// trialOpts shapes one trial-type proceeding (first instance, appeal, review, retrial).
type trialOpts struct {
	limit       limitSpec
	dur         []int // % of limit
	method      qingfeng.ClosingMethod
	outcome     qingfeng.Outcome
	hearing     bool
	openHearing bool // record hearing_open on the case (second instance)
	panelSize   int
	postpone    float64 // chance of one postponed hearing
	postponeCap int     // legal cap on postponements
	deduction   float64
	extension   float64
	conversion  float64 // simplified → ordinary
	suspension  float64
	designated  float64
	judgeChange float64
	review      float64 // chance of 阅核 for a case that is not 四类
	quick       bool    // a mediation confirmed right after filing
	firstAssign bool    // assignment counts for the designated-share clusters
	eventSrc    string
	forceJudge  int // 1 + the judge of an earlier procedure of the matter; 0 normally
	// higherExtension allows a further extension approved by the court above (civil ordinary
	// procedure, 民诉法 Art. 152).
	higherExtension bool
}

// trialOut is what the flows need from a finished trial.
type trialOut struct {
	close       date // planned closing day (may lie after the as-of date)
	lastService date // the last party served with the decision
}

// trial plans the events of a trial-type proceeding whose parties, division and filing date
// are set, and fills its closing fields.
func (x *mg) trial(p *proc, o trialOpts) trialOut {
	if o.eventSrc == "" {
		o.eventSrc = srcCMS
	}
	tm := x.planTiming(p, &o)
	judge, leave := x.staffTrial(p, o, tm)
	x.trialEvents(p, o, tm, judge, leave)
	out := trialOut{close: tm.close}
	out.lastService = x.closeTrial(p, o.eventSrc, tm.close, o)
	if o.openHearing {
		p.c.HearingOpen = true
	}
	if len(p.flags) > 0 {
		p.c.Flags.FourType = p.flags
	}
	return out
}

// timing is the calendar of a trial planned before anyone is assigned, so that the judge can
// be chosen free of leave over the whole of it.
type timing struct {
	limit     limitSpec
	L, net    int // base limit and planned age at closing, in days
	ext, ext2 int // months of extension by the 院长 and by the court above
	convDay   date
	dedReason string
	dedStart  date
	dedDays   int
	suspStart date
	suspDays  int
	overdue   bool
	close     date
}

// planTiming draws how long the trial takes: within 80% of its limit net of deductions, or
// past the limit that an approved extension lengthens, or past the limit outright.
func (x *mg) planTiming(p *proc, o *trialOpts) timing {
	w := x.w
	F := p.c.FiledOn
	tm := timing{limit: o.limit}
	tm.L = int(tm.limit.end(F, 0) - F)
	tm.net = max(1, pct(tm.L, x.r.bucket(o.dur)))
	if o.quick {
		tm.net = min(tm.net, x.r.between(1, 10))
	}
	if tm.limit.ExtensionMonths > 0 && !o.quick && x.r.chance(o.extension) {
		tm.ext = tm.limit.ExtensionMonths
		if o.higherExtension && x.r.chance(w.p.Civil.SecondExtension) {
			tm.ext2 = w.p.Civil.SecondExtMonths
		}
		// An extension is asked for because the case will outrun its limit: it closes after
		// the limit it extends, and within 78% of the extended one.
		Lx := int(tm.limit.end(F, tm.ext) - F)
		if tm.ext2 > 0 {
			tm.net = x.r.between(Lx+1, max(Lx+1, pct(int(tm.limit.end(F, tm.ext+tm.ext2)-F), 78)))
		} else {
			tm.net = x.r.between(tm.L+1, max(tm.L+1, pct(Lx, 78)))
		}
	}
	if o.conversion > 0 && !o.quick && x.r.chance(o.conversion) {
		// Simplified turned ordinary: the ordinary limit counts from filing (民诉解释 Art. 258).
		tm.convDay = work(F + date(x.r.between(15, 45)))
		tm.limit = w.p.Limits["civil_ordinary"]
		tm.L = int(tm.limit.end(F, 0) - F)
		tm.net = max(int(tm.convDay-F)+10, pct(tm.L, x.r.bucket(w.p.Civil.Duration["ordinary"])))
		tm.ext = 0
		p.c.Procedure = qingfeng.ProcOrdinary
		o.postponeCap = w.p.Deadlines.PostponementsOrdinary
	}
	// A deducted period (appraisal, publication …) or a suspension lies inside the first half
	// of the proceeding and lengthens its calendar by exactly its own days; short proceedings
	// get neither.
	if !o.quick && tm.net >= 20 && x.r.chance(o.deduction) {
		tm.dedReason = w.p.Civil.DeductionReason.drawKey(&x.r)
		tm.dedStart = work(F + date(x.r.between(3, tm.net/2)))
		tm.dedDays = int(work(tm.dedStart+date(x.r.bucket(w.p.Civil.DeductionDays[tm.dedReason]))) - tm.dedStart)
	} else if !o.quick && tm.net >= 40 && x.r.chance(o.suspension) {
		tm.suspStart = work(F + date(x.r.between(20, tm.net/2)))
		tm.suspDays = int(work(tm.suspStart+date(x.r.bucket(w.p.Civil.SuspensionDays))) - tm.suspStart)
	}
	p.limitEnd = tm.limit.end(F, tm.ext+tm.ext2)
	if !o.quick && x.roll(aTimeLimitExceeded, p.limitEnd+1) {
		tm.overdue = true
		tm.net = tm.L + x.r.between(5, 60)
		tm.ext, tm.ext2, tm.dedDays, tm.suspDays, tm.dedReason = 0, 0, 0, 0, ""
		p.limitEnd = tm.limit.end(F, 0)
	}
	tm.close = max(F, workBefore(F+date(tm.net+tm.dedDays+tm.suspDays)))
	if tm.overdue {
		x.truth(aTimeLimitExceeded, p, "limit_end", p.limitEnd.String(), "planned_close", tm.close.String())
	}
	return tm
}

// staffTrial chooses the 承办人 and panel. A proceeding picked for R-63 gets a judge who is
// away for a while during it (returned as leave), and one hearing falls in that absence.
func (x *mg) staffTrial(p *proc, o trialOpts, tm timing) (int, *qingfeng.StatusPeriod) {
	F, close := p.c.FiledOn, tm.close
	var leave *qingfeng.StatusPeriod
	judge := -1
	if o.hearing && close-F >= 20 {
		if j, s, ok := x.judgeWithLeave(p.div, F+5, close-5); ok && x.roll(aActionOnLeave, s.To) {
			judge, leave = j, &s
		}
	}
	if judge < 0 && o.forceJudge > 0 {
		judge = o.forceJudge - 1
	}
	if judge < 0 {
		judge = x.pickHandler(p.div, F, close+10)
	}
	var panel []int
	switch {
	case judge < 0:
	case o.panelSize > 1:
		panel = x.panel(p.div, judge, o.panelSize, F, close+10)
	default:
		panel = []int{judge}
	}
	x.useJudges(p, panel)
	return judge, leave
}

// trialEvents plans everything between the material's arrival and the decision.
func (x *mg) trialEvents(p *proc, o trialOpts, tm timing, judge int, leave *qingfeng.StatusPeriod) {
	w := x.w
	F, close, src := p.c.FiledOn, tm.close, o.eventSrc
	if !p.c.ReceivedOn.IsZero() {
		x.ev(p, src, "material_received", p.c.ReceivedOn, x.filingClerk(p.court, p.c.ReceivedOn))
	}
	x.ev(p, src, "filed", F, x.filingClerk(p.court, F))
	// File to the trial division within 3 days of filing (审限规定 Art. 7).
	assigned := min(addWork(F, x.r.between(0, 2)), workBefore(F+3), max(close, F))
	x.assign(p, assigned, judge, o)
	for _, f := range p.flagEvents {
		by := x.filingClerk(p.court, assigned)
		x.ev(p, srcReview, "four_type_flagged", assigned, by, "type", f.typ, "reason", f.reason, "by", w.personID(by))
	}
	if tm.convDay > 0 && tm.convDay < close {
		x.ev(p, src, "procedure_converted", tm.convDay, judge, "from", string(qingfeng.ProcSimplified), "to", string(qingfeng.ProcOrdinary))
	}
	// A proceeding pending over twelve months is a 四类 case (青岛 rule, reference notes §C.1),
	// flagged before the day it turns a year old.
	if close-F > 365 {
		d := work(F + date(x.r.between(300, 330)))
		x.lateFlag(p, "1.2", "审理期限超过12个月的长期未结案件", "pending_over_12_months", d, F+366, x.chief(p, d))
	}
	x.complaint(p, F, close)
	if o.hearing {
		x.hearings(p, src, judge, assigned, close, o, leave)
	}
	if tm.dedDays > 0 {
		x.deduction(p, src, judge, tm.dedReason, tm.dedStart, tm.dedStart+date(tm.dedDays))
	}
	if tm.suspDays > 0 {
		reason := pick(&x.r, []string{"本案须以另一案审理结果为依据", "一方当事人死亡，需等待继承人表明是否参加诉讼"})
		x.ev(p, src, "suspension_started", tm.suspStart, judge, "reason", reason)
		x.ev(p, src, "suspension_ended", tm.suspStart+date(tm.suspDays), judge, "reason", reason)
	}
	if judge >= 0 && close-F >= 30 && !o.quick {
		x.judgeChange(p, src, F, close, o.judgeChange)
	}
	switch {
	case tm.ext > 0:
		x.extension(p, src, F, tm.limit, tm.ext)
		if tm.ext2 > 0 {
			x.higherExtension(p, src, tm.limit.end(F, tm.ext), tm.limit.end(F, tm.ext+tm.ext2))
		}
	case !tm.overdue && tm.limit.ExtensionMonths > 0 && !o.quick && close-F > 40:
		x.unapprovedExtension(p, src, F, tm.limit, close)
	}
	if (len(p.flags) > 0 || (close-F >= 10 && x.r.chance(o.review))) && judge >= 0 {
		x.review(p, F, close, p.limitEnd)
	}
}

// assign plans the assignment: random, or designated by the division chief. Assignments in a
// hot division-month are mostly designated.
func (x *mg) assign(p *proc, d date, judge int, o trialOpts) {
	method := "random"
	hot := false
	if o.firstAssign && p.div >= 0 {
		hot = hashChance(x.w.cfg.Seed, x.w.rates[aDesignatedCluster], uint64(p.div), uint64(yearMonth(d)))
	}
	if (hot && x.r.chance(0.7)) || (!hot && x.r.chance(o.designated)) {
		method = "designated"
	}
	actor := x.filingClerk(p.court, d)
	if method == "designated" {
		actor = x.chief(p, d)
	}
	x.ev(p, o.eventSrc, "assigned", d, actor, "method", method, "judge_id", x.w.personID(judge))
	if o.firstAssign && p.div >= 0 {
		x.m.assigns = append(x.m.assigns, assignRec{div: p.div, month: yearMonth(d), designated: method == "designated", hot: hot, proc: p.idx})
	}
}

// judgeWithLeave finds a handler of the division with a leave period inside [from, to].
func (x *mg) judgeWithLeave(div int, from, to date) (int, qingfeng.StatusPeriod, bool) {
	if div < 0 || x.w.sizing {
		return -1, qingfeng.StatusPeriod{}, false
	}
	hs := x.w.divs[div].handlers
	start := x.r.intn(len(hs))
	for k := range hs {
		h := hs[(start+k)%len(hs)]
		if contains(x.used, h) {
			continue
		}
		for _, s := range x.w.people[h].leaves {
			if s.From >= from && s.To <= to && s.From < s.To {
				return h, s, true
			}
		}
	}
	return -1, qingfeng.StatusPeriod{}, false
}

// hearings plans the hearings: one, or one postponed and held later; R-20 adds more
// postponements than the law allows; R-63 holds one hearing while the judge is away.
func (x *mg) hearings(p *proc, src string, judge int, assigned, close date, o trialOpts, leave *qingfeng.StatusPeriod) {
	onLeave := leave != nil
	F := p.c.FiledOn
	span := int(close - F)
	h := work(F + date(max(1, x.r.between(span*30/100, span*60/100))))
	if h >= close {
		h = close
	}
	if h < assigned {
		h = assigned
	}
	if onLeave {
		h = work(leave.From + date(x.r.intn(int(leave.To-leave.From)+1)))
		if h > leave.To {
			h = leave.From
		}
	}
	scheduled := min(h, addWork(assigned, x.r.between(1, 3)))
	x.ev(p, src, "hearing_scheduled", scheduled, x.clerk(p, scheduled), "hearing_on", h.String())
	// Hearing days after postponements, each 7–14 days after the last: one postponement at
	// most in normal data (the law allows 2 in ordinary and 1 in simplified procedure); R-20
	// goes one over the cap when the days fit before the decision.
	days := []date{h}
	want := 0
	if o.postpone > 0 && x.r.chance(o.postpone) {
		want = 1
	}
	over := false
	if o.postponeCap > 0 && !onLeave && h+date((o.postponeCap+1)*16) < close-2 && x.roll(aHearingsPostponed, h+date((o.postponeCap+1)*16)) {
		want, over = o.postponeCap+1, true
	}
	for len(days) <= want {
		next := work(days[len(days)-1] + date(x.r.between(7, 14)))
		if next >= close {
			break
		}
		days = append(days, next)
	}
	if over && len(days) > o.postponeCap+1 {
		x.truth(aHearingsPostponed, p, "postponements", len(days)-1, "allowed", o.postponeCap)
	}
	for _, next := range days[1:] {
		x.ev(p, src, "hearing_postponed", h, judge, "reason", pick(&x.r, []string{"当事人申请延期", "需要通知新的证人到庭", "当事人有正当理由未到庭"}))
		x.ev(p, src, "hearing_scheduled", h, x.clerk(p, h), "hearing_on", next.String())
		h = next
	}
	x.ev(p, src, "hearing_held", h, judge, "open", true)
	if onLeave {
		pe := &x.w.people[judge]
		x.truth(aActionOnLeave, p, "person_id", pe.id, "status", leave.Status, "from", leave.From.String(),
			"to", leave.To.String(), "event", "hearing_held", "on", h.String())
	}
}

// deduction plans a deducted period; R-18 drops the document or uses a reason the law does
// not list.
func (x *mg) deduction(p *proc, src string, judge int, reason string, start, end date) {
	doc := map[string]string{"appraisal": "委托鉴定函", "publication": "公告", "settlement": "双方当事人和解申请书",
		"jurisdiction_objection": "管辖权异议裁定书", "auction": "拍卖裁定书"}[reason]
	if x.roll(aDeductionUndocumented, start) {
		variant := pick(&x.r, []string{"no_document", "unlisted_reason"})
		if variant == "no_document" {
			doc = ""
		} else {
			reason = pick(&x.r, []string{"busy", "judge_training"})
		}
		x.truth(aDeductionUndocumented, p, "variant", variant, "reason", reason, "from", start.String(), "to", end.String())
	}
	x.ev(p, src, "deduction_started", start, judge, "reason", reason, "document", doc)
	x.ev(p, src, "deduction_ended", end, judge, "reason", reason)
}

// judgeChange plans a change of 承办人 with reason and approver; R-07 leaves both out.
func (x *mg) judgeChange(p *proc, src string, F, close date, chance float64) {
	d := work(F + (close-F)/3)
	if d >= close || p.div < 0 || x.w.sizing {
		return
	}
	to := x.pickHandler(p.div, d, close+10)
	if to < 0 || contains(x.used, to) {
		return
	}
	bad := x.roll(aJudgeChangedUnapproved, d)
	if !bad && !x.r.chance(chance) {
		return
	}
	from := p.judge
	kv := []any{"from", x.w.personID(from), "to", x.w.personID(to)}
	if bad {
		x.truth(aJudgeChangedUnapproved, p, "from", x.w.personID(from), "to", x.w.personID(to), "on", d.String())
	} else {
		kv = append(kv, "reason", pick(&x.r, []string{"工作调动", "回避", "岗位调整"}), "approver_id", x.w.personID(x.chief(p, d)))
	}
	x.ev(p, src, "judge_changed", d, x.chief(p, d), kv...)
	panel := make([]int, 0, len(p.c.Panel))
	panel = append(panel, to)
	for _, id := range p.c.Panel[1:] {
		panel = append(panel, x.personIndex(id))
	}
	x.useJudges(p, panel)
}

func (x *mg) personIndex(id string) int {
	n := 0
	for _, c := range id[1:] {
		n = n*10 + int(c-'0')
	}
	return n - 1
}

// closeTrial plans the decision, its service and the closing. The closing day is the day of
// pronouncement, or the day the last party received the mediation paper (审限规定 Art. 10);
// R-23 records an earlier closing day.
func (x *mg) closeTrial(p *proc, src string, close date, o trialOpts) date {
	judge := p.judge
	p.c.ClosedOn = close
	p.c.ClosingMethod = o.method
	p.c.Outcome = o.outcome
	parties := len(p.c.Parties)
	served := min(parties, 6) // group cases: the representatives
	last := close
	early := false
	// R-23 is kept apart from other anomalies of the proceeding: an earlier closing day would
	// hide events they rely on.
	if (o.method == qingfeng.CloseJudgment || o.method == qingfeng.CloseMediation) && close-p.c.FiledOn >= 8 &&
		!x.hasTruth(p) && x.roll(aClosedBeforeService, close) {
		early = true
	}
	switch o.method {
	case qingfeng.CloseMediation:
		agreed := max(p.c.FiledOn, workBefore(close-date(x.r.between(0, 4))))
		for i := 0; i < served; i++ {
			d := work(agreed + date(x.r.intn(int(close-agreed)+1)))
			if i == served-1 || d > close {
				d = close
			}
			x.ev(p, src, "document_served", d, x.clerk(p, d), "party_index", i, "document", "调解书")
		}
		if early {
			p.c.ClosedOn = agreed
			if agreed == close {
				p.c.ClosedOn = workBefore(close - 3)
			}
		}
	default:
		if o.method == qingfeng.CloseJudgment {
			x.ev(p, src, "judgment_pronounced", close, judge)
		}
		doc := "裁定书"
		if o.method == qingfeng.CloseJudgment {
			doc = "判决书"
		}
		for i := 0; i < served; i++ {
			d := addWork(close, x.r.between(0, 5))
			last = max(last, d)
			x.ev(p, src, "document_served", d, x.clerk(p, d), "party_index", i, "document", doc)
		}
		if early {
			p.c.ClosedOn = workBefore(close - date(x.r.between(3, 7)))
		}
	}
	if early {
		x.truth(aClosedBeforeService, p, "closed_on", p.c.ClosedOn.String(), "decided_or_served", close.String(), "method", string(o.method))
	}
	x.ev(p, src, "closed", p.c.ClosedOn, judge, "closing_method", string(o.method))
	arch := addWork(last, x.r.between(15, 60))
	x.ev(p, src, "archived", arch, x.clerk(p, arch))
	return last
}
