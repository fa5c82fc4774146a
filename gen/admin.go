package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// adminRoot starts an administrative matter: a citizen or company sues a state organ, which
// makes every such case 四类 item 1 (a suit against an organ, 青岛 rule, reference notes §C.1).
func (x *mg) adminRoot(F date) {
	w := x.w
	court := w.adminBasics.draw(&x.r)
	switch lv := w.p.RootLevels["admin_first"]; lv.drawKey(&x.r) {
	case "intermediate":
		court = w.intermediates.draw(&x.r)
	case "railway":
		if w.railway >= 0 {
			court = w.railway
		}
	}
	x.adminFirst(court, F, nil)
}

func (x *mg) adminFirst(court int, F date, remandOf *proc) *proc {
	w := x.w
	ap := &w.p.Admin
	lateRemand := false
	received := date(0)
	if remandOf != nil {
		received = F
		if x.roll(aLateSecondInstanceFiling, F+12) {
			F, lateRemand = work(F+date(x.r.between(3, 8))), true
		}
	}
	p := x.newProc(tAdminFirst, court, remandOf, F)
	if p == nil {
		return nil
	}
	if remandOf != nil {
		orig := x.m.procs[remandOf.origin]
		p.c.CauseCode = orig.c.CauseCode
		p.c.ReceivedOn = received
		for _, pa := range orig.c.Parties {
			p.c.Parties = append(p.c.Parties, pa)
		}
		if lateRemand {
			x.truth(aLateSecondInstanceFiling, p, "received_on", received.String(), "filed_on", F.String(), "allowed_days", w.p.Deadlines.RemandFilingDays)
		}
	} else {
		p.c.CauseCode = w.causes.admin.draw(&x.r).Code
		p.c.ReceivedOn = workBefore(F - date(x.r.between(0, 3)))
		if x.roll(aLateFiling, F) {
			p.c.ReceivedOn = workBefore(F - date(x.r.between(w.p.Deadlines.FilingDays+3, 25)))
			x.truth(aLateFiling, p, "received_on", p.c.ReceivedOn.String(), "filed_on", F.String(), "allowed_days", w.p.Deadlines.FilingDays)
		}
		p.c.Parties = []qingfeng.Party{x.party(qingfeng.PartyPlaintiff, court, ap.NaturalPlaintiff), x.organ(qingfeng.PartyDefendant, court)}
	}
	x.setDiv(p, rAdministrative)
	x.flag(p, "1.1", "以行政机关为被告的行政案件", "state_organ_defendant")
	if remandOf != nil {
		x.flag(p, "1.2", "上级法院发回重审的案件", "remanded")
		x.carryAgents(p, x.m.procs[remandOf.origin])
	} else {
		x.addAgents(p, [2]float64{ap.AgentPlaintiff, ap.AgentDefendant}, 1)
	}
	method := qingfeng.ClosingMethod(ap.Closing.drawKey(&x.r))
	if remandOf != nil {
		method = qingfeng.CloseJudgment
	}
	t := x.trial(p, trialOpts{limit: w.p.Limits["admin_first"], dur: ap.Duration, method: method,
		hearing: method == qingfeng.CloseJudgment || x.r.chance(0.4), panelSize: 3, designated: w.p.Civil.Designated,
		judgeChange: w.p.Civil.JudgeChange, review: w.p.Civil.Review, firstAssign: true, forceJudge: x.sameJudge(p)})
	p.c.Appealable = method == qingfeng.CloseJudgment || method == qingfeng.CloseDismissal
	x.petitions(p, t.close)
	if !p.c.Appealable || t.close > x.asOf() {
		return p
	}
	eff := effective{p: p, day: t.lastService + date(w.p.Deadlines.AppealPeriodJudgment) + 1}
	if remandOf == nil && x.r.chance(ap.AppealRate) {
		e, ok := x.adminAppeal(p, t)
		if !ok {
			return p
		}
		eff = e
	}
	if eff.p.c.ClosingMethod == qingfeng.CloseJudgment && x.r.chance(ap.RetrialReviewRate) {
		x.retrialReview(eff, tAdminReview)
	}
	return p
}

// adminAppeal plans an administrative appeal (行终), transmitted like a civil one.
func (x *mg) adminAppeal(orig *proc, t trialOut) (effective, bool) {
	w := x.w
	p, received := x.transmitAppeal(orig, t, tAdminAppeal, 0, orig.c.ClosingMethod != qingfeng.CloseJudgment)
	if p == nil {
		return effective{}, false
	}
	p.c.ReceivedOn = received
	p.c.CauseCode = orig.c.CauseCode
	for i, pa := range orig.c.Parties {
		pa.Role = qingfeng.PartyAppellee
		if i == 0 {
			pa.Role = qingfeng.PartyAppellant
		}
		p.c.Parties = append(p.c.Parties, pa)
	}
	x.setDiv(p, rAdministrative)
	x.carryAgents(p, orig)
	// The organ is the appellee here, so R-30 (a state organ as defendant) does not apply; the
	// appeal is flagged all the same, as the first instance was.
	p.flags = append(p.flags, "1.1")
	p.flagEvents = append(p.flagEvents, flagPlan{"1.1", "以行政机关为当事人的行政案件"})
	out := qingfeng.Outcome(w.p.Appeal.OutcomeJudgment.drawKey(&x.r))
	if out == qingfeng.OutMediated {
		out = qingfeng.OutAffirmed
	}
	open := x.r.chance(w.p.Appeal.HearingOpenCivil)
	t2 := x.trial(p, trialOpts{limit: w.p.Limits["admin_appeal"], dur: w.p.Appeal.Duration, method: appealMethod(out, false),
		outcome: out, hearing: open, openHearing: open, panelSize: 3, review: w.p.Civil.Review, firstAssign: true})
	x.petitions(p, t2.close)
	switch out {
	case qingfeng.OutRemanded:
		if t2.close <= x.asOf() {
			x.adminFirst(orig.court, addWork(t2.close, x.r.between(5, 12)), p)
		}
		return effective{}, false
	case qingfeng.OutWithdrawn:
		return effective{p: orig, day: t2.close}, true
	}
	return effective{p: p, day: t2.lastService}, true
}

// stateCompRoot starts a state compensation claim before a compensation committee (委赔).
func (x *mg) stateCompRoot(F date) {
	w := x.w
	court := w.intermediates.draw(&x.r)
	if lv := w.p.RootLevels["state_compensation"]; lv.drawKey(&x.r) == "high" {
		court = w.high
	}
	p := x.newProc(tStateComp, court, nil, F)
	if p == nil {
		return
	}
	p.c.CauseCode = w.causes.stateComp.draw(&x.r).Code
	p.c.ReceivedOn = workBefore(F - date(x.r.between(0, 3)))
	p.c.Parties = []qingfeng.Party{x.natural(qingfeng.PartyApplicant, court, 25, 75), x.organ(qingfeng.PartyRespondent, court)}
	p.c.AmountClaimed = yuan(int64(x.r.bucket([]int{10000, 50000, 150000, 500000})))
	x.setDiv(p, rSupervision)
	x.addAgents(p, [2]float64{0.5, 0}, 1)
	out := qingfeng.OutRejected
	if x.r.chance(w.p.StateComp.Granted) {
		out = qingfeng.OutGranted
	}
	t := x.trial(p, trialOpts{limit: w.p.Limits["state_compensation"], dur: w.p.StateComp.Duration, method: qingfeng.CloseRuling,
		outcome: out, panelSize: 3, review: w.p.Civil.Review})
	x.petitions(p, t.close)
}
