package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// criminalRoot starts a criminal matter (public prosecution).
func (x *mg) criminalRoot(F date) {
	court := x.w.basicCourts.draw(&x.r)
	if lv := x.w.p.RootLevels["criminal_first"]; lv.drawKey(&x.r) == "intermediate" {
		court = x.w.intermediates.draw(&x.r)
	}
	x.criminalFirst(court, F, nil, 0)
}

// criminalFirst plans a criminal first instance; remandOf is the appeal that sent it back.
func (x *mg) criminalFirst(court int, F date, remandOf *proc, depth int) *proc {
	w := x.w
	cp := &w.p.Criminal
	var orig *proc
	received, lateRemand := date(0), false
	if remandOf != nil {
		orig = x.m.procs[remandOf.origin]
		received = F
		if x.roll(aLateSecondInstanceFiling, F+12) {
			F, lateRemand = work(F+date(x.r.between(3, 8))), true
		}
	}
	p := x.newProc(tCrimFirst, court, remandOf, F)
	if p == nil {
		return nil
	}
	cs := x.criminalCharge(p, orig)
	if received == 0 {
		received = workBefore(F - date(x.r.between(0, 2)))
	}
	p.c.ReceivedOn = received
	if lateRemand {
		x.truth(aLateSecondInstanceFiling, p, "received_on", received.String(), "filed_on", F.String(), "allowed_days", w.p.Deadlines.RemandFilingDays)
	}
	group := orig == nil && cs.Group && x.r.chance(cp.GroupShare)
	limit := x.criminalProcedure(p, group || orig != nil, group)
	x.setDiv(p, rCriminal)
	x.criminalParties(p, orig, group)
	method := qingfeng.ClosingMethod(cp.Closing.drawKey(&x.r))
	if orig != nil {
		method = qingfeng.CloseJudgment
	}
	panel := 1
	if p.c.Procedure == qingfeng.ProcOrdinary {
		panel = 3
	}
	t := x.trial(p, trialOpts{limit: limit, dur: cp.Duration[string(p.c.Procedure)], method: method, hearing: method == qingfeng.CloseJudgment,
		panelSize: panel, designated: w.p.Civil.Designated, judgeChange: w.p.Civil.JudgeChange / 2, review: w.p.Civil.Review,
		firstAssign: true, forceJudge: x.sameJudge(p)})
	p.c.Appealable = method == qingfeng.CloseJudgment
	x.petitions(p, t.close)
	if !p.c.Appealable || t.close > x.asOf() {
		return p
	}
	eff := effective{p: p, day: t.lastService + date(w.p.Deadlines.CriminalAppealPeriod) + 1}
	protest := x.r.chance(cp.ProtestRate)
	if depth == 0 && (protest || x.r.chance(cp.AppealRate)) {
		e, ok := x.criminalAppeal(p, t, protest, depth)
		if !ok {
			return p
		}
		eff = e
	}
	if !p.probation && p.sentence >= w.p.Commutation.MinSentence && x.r.chance(w.p.Commutation.ProposeShare) {
		x.commutations(eff, p)
	}
	return p
}

// criminalCharge sets the charge and the sentence it will bring, kept from the original trial
// for a remanded case.
func (x *mg) criminalCharge(p, orig *proc) *cause {
	if orig != nil {
		p.sentence, p.probation, p.class = orig.sentence, orig.probation, orig.class
		cs := x.criminalCause(orig.c.CauseCode)
		p.c.CauseCode = cs.Code
		return cs
	}
	cs := x.w.causes.criminal.draw(&x.r)
	p.sentence = x.r.bucket(cs.Sentence)
	p.probation = p.sentence <= 36 && x.r.chance(cs.Probation)
	p.class = cs.Class
	p.c.CauseCode = cs.Code
	return cs
}

// criminalProcedure chooses fast track, summary or ordinary procedure as the likely sentence
// allows (刑诉法 Art. 220, 225) and returns the limit that applies; group cases get the longer
// limit of 刑诉法 Art. 208.
func (x *mg) criminalProcedure(p *proc, ordinary, group bool) limitSpec {
	cp := &x.w.p.Criminal
	proc := qingfeng.Procedure(cp.Procedure.drawKey(&x.r))
	if proc == qingfeng.ProcFastTrack && p.sentence > cp.FastTrackMaxMonths {
		proc = qingfeng.ProcSummary
	}
	if proc == qingfeng.ProcSummary && p.sentence > cp.SummaryMaxMonths {
		proc = qingfeng.ProcOrdinary
	}
	if ordinary {
		proc = qingfeng.ProcOrdinary
	}
	p.c.Procedure = proc
	if proc == qingfeng.ProcOrdinary && (group || x.r.chance(cp.LongerLimit)) {
		p.c.Flags.LongerLimit = true
		return x.w.p.Limits["criminal_longer"]
	}
	return x.w.p.Limits["criminal_"+string(proc)]
}

// criminalParties sets the accused (many in a group case) and victims, flags the 四类
// features and appoints defenders.
func (x *mg) criminalParties(p, orig *proc, group bool) {
	cp := &x.w.p.Criminal
	if orig != nil {
		p.c.Parties = append(p.c.Parties, orig.c.Parties...)
		x.flag(p, "1.2", "上级法院发回重审的案件", "remanded")
		x.carryAgents(p, orig)
		return
	}
	n := int(cp.Accused.drawKey(&x.r)[0] - '0')
	if group {
		n = x.r.bucket(cp.GroupSize)
	}
	for i := 0; i < n; i++ {
		p.c.Parties = append(p.c.Parties, x.natural(qingfeng.PartyAccused, p.court, 18, 65))
	}
	if x.r.chance(cp.VictimShare) {
		p.c.Parties = append(p.c.Parties, x.natural(qingfeng.PartyVictim, p.court, 18, 80))
	}
	if group {
		x.flag(p, "2.1", "被告人10人以上的群体性案件", "party_count_10_plus")
	}
	x.addAgents(p, [2]float64{cp.DefenderShare, 0.1}, len(p.c.Parties)-x.victims(p))
}

func (x *mg) victims(p *proc) int {
	n := 0
	for _, pa := range p.c.Parties {
		if pa.Role == qingfeng.PartyVictim {
			n++
		}
	}
	return n
}

func (x *mg) criminalCause(code string) *cause {
	l := &x.w.causes.criminal
	for i := range l.items {
		if l.items[i].Code == code {
			return &l.items[i]
		}
	}
	return &l.items[0]
}

// criminalAppeal plans an appeal or protest: the file goes up within 3 days after the appeal
// period (审限规定 Art. 15–16), the second instance is decided within 2 months.
func (x *mg) criminalAppeal(orig *proc, t trialOut, protest bool, depth int) (effective, bool) {
	w := x.w
	dl := &w.p.Deadlines
	filedAppeal := workBefore(t.lastService + date(x.r.between(2, dl.CriminalAppealPeriod-1)))
	if filedAppeal < t.close {
		filedAppeal = t.close
	}
	x.ev(orig, srcCMS, "appeal_filed", filedAppeal, x.clerk(orig, filedAppeal), "party_index", 0, "protest", protest)
	copySent := addWork(filedAppeal, x.r.between(1, 2))
	x.ev(orig, srcCMS, "appeal_copy_sent", copySent, x.clerk(orig, copySent))
	periodEnd := t.lastService + date(dl.CriminalAppealPeriod)
	transfer := addWork(periodEnd, 1) // at most 3 days after the period, weekends included
	court := x.appellate(orig.court)
	if x.roll(aLateAppealTransfer, periodEnd+20) {
		transfer = work(periodEnd + date(dl.CriminalTransferDays+x.r.between(3, 12)))
		x.truth(aLateAppealTransfer, orig, "variant", "file", "appeal_period_end", periodEnd.String(), "file_transferred", transfer.String())
	}
	x.ev(orig, srcCMS, "file_transferred", transfer, x.clerk(orig, transfer), "to_court_id", w.courts[court].id)
	received := addWork(transfer, x.r.between(1, 2))
	x.ev(orig, srcCMS, "file_received", received, x.filingClerk(court, received))
	F := addWork(received, x.r.between(0, 2))
	late := false
	if x.roll(aLateSecondInstanceFiling, F+15) {
		F, late = work(received+date(dl.SecondInstanceFilingDays+x.r.between(3, 10))), true
	}
	p := x.newProc(tCrimAppeal, court, orig, F)
	if p == nil {
		return effective{}, false
	}
	if late {
		x.truth(aLateSecondInstanceFiling, p, "received_on", received.String(), "filed_on", F.String(), "allowed_days", dl.SecondInstanceFilingDays)
	}
	p.c.ReceivedOn = received
	p.c.CauseCode = orig.c.CauseCode
	p.c.Flags.Protest = protest
	for i, pa := range orig.c.Parties {
		if i == 0 && !protest {
			pa.Role = qingfeng.PartyAppellant
		}
		p.c.Parties = append(p.c.Parties, pa)
	}
	p.sentence, p.probation, p.class = orig.sentence, orig.probation, orig.class
	x.setDiv(p, rCriminal)
	x.carryAgents(p, orig)
	if protest {
		x.flag(p, "1.2", "人民检察院抗诉的案件", "protest")
	}
	x.groupFlag(p)
	out := qingfeng.Outcome(w.p.Criminal.AppealOutcome.drawKey(&x.r))
	open := x.r.chance(w.p.Appeal.HearingOpenCriminal)
	t2 := x.trial(p, trialOpts{limit: w.p.Limits["criminal_appeal"], dur: w.p.Appeal.Duration, method: appealMethod(out, true),
		outcome: out, hearing: open, openHearing: open, panelSize: 3, designated: w.p.Civil.Designated,
		review: w.p.Civil.Review, firstAssign: true})
	if out == qingfeng.OutReversed || out == qingfeng.OutPartlyReversed {
		p.sentence = max(orig.sentence*x.r.between(60, 95)/100, 1)
	}
	x.petitions(p, t2.close)
	switch out {
	case qingfeng.OutRemanded:
		if t2.close > x.asOf() {
			return effective{}, false
		}
		back := addWork(t2.close, x.r.between(5, 12))
		x.criminalFirst(orig.court, back, p, depth+1)
		return effective{}, false
	case qingfeng.OutWithdrawn:
		return effective{p: orig, day: t2.close}, true
	}
	return effective{p: p, day: t2.lastService}, true
}
