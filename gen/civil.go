package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// civilFirstOpts carries what a civil first instance inherits when it is not a fresh root.
type civilFirstOpts struct {
	origin   *proc // pre-suit preservation, or the appeal that remanded the case
	remand   bool
	received date // remand: the day the file came back
	parties  []qingfeng.Party
	cause    *cause
	claim    qingfeng.Money
	maritime bool
	mediated bool // a pre-filing mediation succeeded: the case only confirms it
	depth    int  // remands so far
}

// civilRoot starts a civil matter, sometimes after a pre-filing mediation.
func (x *mg) civilRoot(F date) {
	lv := x.w.p.RootLevels["civil_first"]
	var court int
	o := civilFirstOpts{}
	switch lv.drawKey(&x.r) {
	case "intermediate":
		court = x.w.intermediates.draw(&x.r)
	case "maritime":
		court, o.maritime = x.w.maritime, true
	default:
		court = x.w.basicCourts.draw(&x.r)
	}
	if court < 0 {
		court = x.w.basicCourts.draw(&x.r)
		o.maritime = false
	}
	var med *mediationRec
	mp := &x.w.p.Mediation
	if x.w.courts[court].kind == kBasic && x.r.chance(mp.Attached) {
		o.mediated = x.r.chance(mp.AttachedSuccess)
		days := x.r.bucket(mp.Days)
		concluded := workBefore(F - date(x.r.between(1, 4)))
		started := workBefore(concluded - date(days))
		x.m.meds = append(x.m.meds, mediationRec{proc: -1, m: qingfeng.Mediation{CourtID: x.w.courts[court].id,
			StartedOn: started, ConcludedOn: concluded, Success: o.mediated}})
		med = &x.m.meds[len(x.m.meds)-1]
	}
	p := x.civilFirst(court, F, o)
	if med != nil && p != nil {
		med.proc = p.idx
		med.m.CauseCode = p.c.CauseCode
	}
}

// civilFirst plans a civil first instance and everything that follows from it.
func (x *mg) civilFirst(court int, F date, o civilFirstOpts) *proc {
	cp := &x.w.p.Civil
	lateRemand := false
	if o.remand {
		F = o.received
		if x.roll(aLateSecondInstanceFiling, o.received+12) {
			F, lateRemand = work(o.received+date(x.r.between(3, 8))), true
		}
	}
	p := x.newProc(tCivilFirst, court, o.origin, F)
	if p == nil {
		return nil
	}
	cs := o.cause
	if cs == nil {
		cs = x.w.causes.civil.draw(&x.r)
		if o.maritime {
			cs = x.w.causes.maritime.draw(&x.r)
		}
	}
	p.c.CauseCode = cs.Code
	p.c.AmountClaimed = o.claim
	if o.claim == 0 {
		p.c.AmountClaimed = x.money(cs.Amount)
	}
	p.c.Procedure = x.civilProcedure(court, cs, p.c.AmountClaimed, o)
	x.civilReceipt(p, o, lateRemand)
	x.civilDivision(p, cs, o.remand)
	nPl := x.civilParties(p, cs, o)
	x.civilFlags(p, o.remand)
	if o.remand {
		x.carryAgents(p, o.origin)
	} else {
		x.addAgents(p, [2]float64{cp.AgentPlaintiff, cp.AgentDefendant}, nPl)
	}
	t := x.trial(p, x.civilTrialOpts(p, o))
	proc, method := p.c.Procedure, p.c.ClosingMethod
	p.c.Appealable = (method == qingfeng.CloseJudgment || method == qingfeng.CloseDismissal) &&
		proc != qingfeng.ProcSmallClaims && proc != qingfeng.ProcSpecial
	switch {
	case method == qingfeng.CloseJudgment && proc != qingfeng.ProcSpecial && x.r.chance(cp.PaymentJudgment):
		p.awarded = p.c.AmountClaimed * qingfeng.Money(x.r.bucket(cp.AwardPercent)) / 100
	case method == qingfeng.CloseMediation:
		p.awarded = p.c.AmountClaimed * qingfeng.Money(x.r.between(50, 100)) / 100
	}
	x.petitions(p, t.close)
	if (proc == qingfeng.ProcOrdinary || proc == qingfeng.ProcSimplified) && t.close-F > 20 &&
		x.r.chance(x.w.p.Enforcement.InSuitPreservation) {
		x.preserveInSuit(p, t.close)
	}
	x.civilAfter(p, t, o.depth)
	return p
}

// civilProcedure chooses the procedure: basic courts mostly simplified, small claims only for
// small sums of the causes that allow them; other courts and remanded cases ordinary.
func (x *mg) civilProcedure(court int, cs *cause, claim qingfeng.Money, o civilFirstOpts) qingfeng.Procedure {
	cp := &x.w.p.Civil
	if x.w.courts[court].kind != kBasic || o.remand {
		return qingfeng.ProcOrdinary
	}
	proc := qingfeng.Procedure(cp.ProcedureBasic.drawKey(&x.r))
	if proc == qingfeng.ProcSmallClaims && (!cs.SmallClaims || claim > yuan(int64(cp.SmallClaimsCap))) {
		proc = qingfeng.ProcSimplified
	}
	if o.mediated && proc == qingfeng.ProcSpecial {
		proc = qingfeng.ProcSimplified
	}
	return proc
}

// civilReceipt dates the material: filed within the 7 days of 民诉法 Art. 126 with a margin
// (R-01 breaks it); a remanded case is filed the day its file comes back (R-04 breaks that).
func (x *mg) civilReceipt(p *proc, o civilFirstOpts, lateRemand bool) {
	dl := &x.w.p.Deadlines
	F := p.c.FiledOn
	if o.remand {
		p.c.ReceivedOn = o.received
		if lateRemand {
			x.truth(aLateSecondInstanceFiling, p, "received_on", o.received.String(), "filed_on", F.String(), "allowed_days", dl.RemandFilingDays)
		}
		return
	}
	p.c.ReceivedOn = workBefore(F - date(x.r.between(0, 3)))
	if x.roll(aLateFiling, F) {
		p.c.ReceivedOn = workBefore(F - date(x.r.between(dl.FilingDays+3, 25)))
		x.truth(aLateFiling, p, "received_on", p.c.ReceivedOn.String(), "filed_on", F.String(), "allowed_days", dl.FilingDays)
	}
}

// civilDivision sends the case to 民一 (family, labour, torts) or 民二 (contracts), or to one
// of the court's 人民法庭.
func (x *mg) civilDivision(p *proc, cs *cause, remand bool) {
	role := rCommercial
	if cs.Line == "civil" {
		role = rCivil
	}
	x.setDiv(p, role)
	if c := &x.w.courts[p.court]; len(c.tribunals) > 0 && !remand && x.r.chance(x.w.p.Civil.TribunalShare) {
		if x.st.divLoad != nil && p.div >= 0 {
			x.st.divLoad[p.div]-- // counted in setDiv; the tribunal takes it instead
		}
		p.div = pick(&x.r, c.tribunals)
		p.c.DivisionID = x.w.divs[p.div].id
		if x.st.divLoad != nil {
			x.st.divLoad[p.div]++
		}
	}
}

// civilParties sets the parties and returns how many are on the plaintiff's side (they come
// first). Inherited parties keep their side; new ones are drawn, now and then as a group
// dispute or with a state organ as defendant.
func (x *mg) civilParties(p *proc, cs *cause, o civilFirstOpts) int {
	cp := &x.w.p.Civil
	court := p.court
	nPl := 0
	if o.parties != nil {
		for _, pa := range o.parties {
			plaintiff := pa.Role == qingfeng.PartyApplicant || pa.Role == qingfeng.PartyPlaintiff || pa.Role == qingfeng.PartyCreditor
			pa.Role = qingfeng.PartyDefendant
			if plaintiff {
				pa.Role = qingfeng.PartyPlaintiff
				nPl++
			}
			p.c.Parties = append(p.c.Parties, pa)
		}
		return nPl
	}
	special := p.c.Procedure == qingfeng.ProcSpecial
	group := cs.Group && !special && x.r.chance(cp.GroupShare)
	nPl = int(cp.Plaintiffs.drawKey(&x.r)[0] - '0')
	if group {
		nPl = x.r.bucket(cp.GroupSize)
	}
	for i := 0; i < nPl; i++ {
		switch {
		case group:
			p.c.Parties = append(p.c.Parties, x.natural(qingfeng.PartyPlaintiff, court, 20, 70))
		case cs.Lender && i == 0:
			p.c.Parties = append(p.c.Parties, x.lender(qingfeng.PartyPlaintiff))
		default:
			p.c.Parties = append(p.c.Parties, x.party(qingfeng.PartyPlaintiff, court, cp.NaturalPlaintiff))
		}
	}
	nDef := int(cp.Defendants.drawKey(&x.r)[0] - '0')
	organ := !group && x.r.chance(cp.StateOrganDefendant)
	for i := 0; i < nDef; i++ {
		if organ && i == 0 {
			p.c.Parties = append(p.c.Parties, x.organ(qingfeng.PartyDefendant, court))
			continue
		}
		p.c.Parties = append(p.c.Parties, x.party(qingfeng.PartyDefendant, court, cp.NaturalDefendant))
	}
	if special {
		p.c.Parties[0].Role = qingfeng.PartyApplicant
		for i := nPl; i < len(p.c.Parties); i++ {
			p.c.Parties[i].Role = qingfeng.PartyRespondent
		}
	}
	return nPl
}

// civilTrialOpts draws how the first instance closes and shapes its trial.
func (x *mg) civilTrialOpts(p *proc, o civilFirstOpts) trialOpts {
	cp := &x.w.p.Civil
	proc := p.c.Procedure
	method := qingfeng.ClosingMethod(cp.Closing.drawKey(&x.r))
	switch {
	case o.mediated:
		method = qingfeng.CloseMediation
	case proc == qingfeng.ProcSpecial:
		method = pick(&x.r, []qingfeng.ClosingMethod{qingfeng.CloseJudgment, qingfeng.CloseRuling})
	case o.remand && (method == qingfeng.CloseTransfer || method == qingfeng.CloseDismissal):
		method = qingfeng.CloseJudgment
	}
	opts := trialOpts{
		limit:       x.w.p.Limits["civil_"+string(proc)],
		dur:         cp.Duration[string(proc)],
		method:      method,
		hearing:     method != qingfeng.CloseWithdrawal || x.r.chance(0.3),
		panelSize:   1,
		postpone:    cp.Postponement[string(proc)],
		postponeCap: x.postponeCap(proc),
		deduction:   cp.Deduction[string(proc)],
		extension:   cp.Extension[string(proc)],
		designated:  cp.Designated,
		judgeChange: cp.JudgeChange,
		review:      cp.Review,
		quick:       o.mediated,
		firstAssign: true,
		forceJudge:  x.sameJudge(p),
	}
	switch proc {
	case qingfeng.ProcSimplified:
		opts.conversion = cp.Conversion
	case qingfeng.ProcOrdinary:
		opts.panelSize = 3
		opts.suspension = cp.LongSuspension
		opts.higherExtension = true
	}
	if method == qingfeng.CloseTransfer || method == qingfeng.CloseDismissal {
		opts.hearing = x.r.chance(0.5)
	}
	return opts
}

func (x *mg) postponeCap(proc qingfeng.Procedure) int {
	if proc == qingfeng.ProcOrdinary {
		return x.w.p.Deadlines.PostponementsOrdinary
	}
	if proc == qingfeng.ProcSimplified || proc == qingfeng.ProcSmallClaims {
		return x.w.p.Deadlines.PostponementsSimplified
	}
	return 0
}

// groupFlag flags a proceeding with ten or more parties as a group dispute (四类 item 2).
func (x *mg) groupFlag(p *proc) {
	if len(p.c.Parties) >= 10 {
		x.flag(p, "2.1", "当事人10人以上的群体性纠纷", "party_count_10_plus")
	}
}

// civilFlags flags the 四类 features a civil first instance has at filing.
func (x *mg) civilFlags(p *proc, remand bool) {
	x.groupFlag(p)
	for _, pa := range p.c.Parties {
		if pa.Type == qingfeng.PartyStateOrgan && pa.Role == qingfeng.PartyDefendant {
			x.flag(p, "1.1", "以国家机关为被告的案件", "state_organ_defendant")
			break
		}
	}
	if remand {
		x.flag(p, "1.2", "上级法院发回重审的案件", "remanded")
	}
}

// sameJudge is R-11: a derived proceeding in the same division as an earlier procedure of
// the matter gets that procedure's judge. It returns the forceJudge option.
func (x *mg) sameJudge(p *proc) int {
	if p.div < 0 {
		return 0
	}
	for _, q := range x.m.procs[:p.idx] {
		if q.typ == tCommutation && p.typ == tCommutation {
			continue // successive reductions of one sentence are not procedures of one case
		}
		if q.div == p.div && q.judge >= 0 {
			if !x.w.available(q.judge, p.c.FiledOn, p.c.FiledOn+240) || !x.roll(aSameJudgeTwoProcedures, p.c.FiledOn) {
				return 0
			}
			x.truth(aSameJudgeTwoProcedures, p, "judge_id", x.w.personID(q.judge), "earlier_case", procRef(q.idx))
			return q.judge + 1
		}
	}
	return 0
}

// effective is a decision that took effect and can be enforced or challenged.
type effective struct {
	p   *proc
	day date
}

// civilAfter follows a civil first instance: appeal, then enforcement and retrial review of
// whatever decision took effect.
func (x *mg) civilAfter(first *proc, t trialOut, depth int) {
	cp := &x.w.p.Civil
	if t.close > x.asOf() {
		return
	}
	eff := effective{p: first, day: t.lastService + date(x.w.p.Deadlines.AppealPeriodJudgment) + 1}
	if first.c.Appealable && x.r.chance(cp.AppealRate) {
		e, ok := x.civilAppeal(first, t, depth)
		if !ok {
			return
		}
		eff = e
	}
	x.afterEffective(first, eff)
}

// afterEffective plans enforcement and retrial review of an effective civil decision.
func (x *mg) afterEffective(first *proc, eff effective) {
	if eff.p == nil || eff.day > x.asOf() {
		return
	}
	ep := &x.w.p.Enforcement
	m := eff.p.c.ClosingMethod
	awarded := eff.p.awarded
	if awarded == 0 {
		awarded = first.awarded
	}
	apply := 0.0
	switch m {
	case qingfeng.CloseJudgment:
		apply = ep.ApplyAfterJudgment
	case qingfeng.CloseMediation:
		apply = ep.ApplyAfterMediation
	}
	if awarded > 0 && x.r.chance(apply) {
		F := work(eff.day + date(x.r.bucket(ep.ApplyDelayDays)))
		x.enforce(first.court, F, enfOpts{origin: eff.p, applied: awarded, parties: eff.p.c.Parties})
	}
	if m == qingfeng.CloseJudgment && x.r.chance(x.w.p.Civil.RetrialReviewRate) {
		x.retrialReview(eff, tCivilReview)
	}
}

// appellate returns the court that hears appeals from a court.
func (x *mg) appellate(court int) int {
	if p := x.w.courts[court].parent; p >= 0 {
		return p
	}
	return court
}

// civilAppeal plans the appeal of a civil first instance: its transmission (民诉法 Art. 174)
// and the second instance; a remand starts a new first instance.
func (x *mg) civilAppeal(orig *proc, t trialOut, depth int) (effective, bool) {
	w := x.w
	ruling := orig.c.ClosingMethod != qingfeng.CloseJudgment
	appellant := 0
	if orig.awarded > 0 {
		appellant = x.firstDefendant(orig)
	}
	p, received := x.transmitAppeal(orig, t, tCivilAppeal, appellant, ruling)
	if p == nil {
		return effective{}, false
	}
	p.c.ReceivedOn = received
	p.c.CauseCode = orig.c.CauseCode
	p.c.AmountClaimed = orig.c.AmountClaimed
	for i, pa := range orig.c.Parties {
		pa.Role = qingfeng.PartyAppellee
		if i == appellant {
			pa.Role = qingfeng.PartyAppellant
		}
		p.c.Parties = append(p.c.Parties, pa)
	}
	role := rCommercial
	if orig.div >= 0 && (w.divs[orig.div].role == rCivil || w.divs[orig.div].tribunal) {
		role = rCivil
	}
	x.setDiv(p, role)
	x.carryAgents(p, orig)
	x.groupFlag(p)
	ap := &w.p.Appeal
	outcomes := &ap.OutcomeJudgment
	limit := w.p.Limits["civil_appeal"]
	if ruling {
		outcomes = &ap.OutcomeRuling
		limit = w.p.Limits["civil_appeal_ruling"]
	}
	out := qingfeng.Outcome(outcomes.drawKey(&x.r))
	method := appealMethod(out, ruling)
	open := x.r.chance(ap.HearingOpenCivil)
	t2 := x.trial(p, trialOpts{limit: limit, dur: ap.Duration, method: method, outcome: out, hearing: open,
		openHearing: open, panelSize: 3, designated: w.p.Civil.Designated, judgeChange: w.p.Civil.JudgeChange,
		review: w.p.Civil.Review, firstAssign: true})
	x.petitions(p, t2.close)
	if out == qingfeng.OutPartlyReversed || out == qingfeng.OutReversed {
		p.awarded = orig.c.AmountClaimed * qingfeng.Money(x.r.bucket(w.p.Civil.AwardPercent)) / 100
	} else {
		p.awarded = orig.awarded
	}
	switch out {
	case qingfeng.OutRemanded:
		if depth > 0 || t2.close > x.asOf() {
			return effective{}, false
		}
		back := addWork(t2.close, x.r.between(5, 12))
		parties := orig.c.Parties
		x.civilFirst(orig.court, back, civilFirstOpts{origin: p, remand: true, received: back, parties: parties,
			cause: x.causeByCode(orig.c.CauseCode), claim: orig.c.AmountClaimed, depth: depth + 1})
		return effective{}, false
	case qingfeng.OutWithdrawn:
		return effective{p: orig, day: t2.close}, true
	}
	return effective{p: p, day: t2.lastService}, true
}

// transmitAppeal plans a civil or administrative appeal's way up (民诉法 Art. 174): the appeal
// within its period, the copy to the other side within 5 days, the file to the court above
// within 5 days of the answer period, and the second instance filed within 5 days of the
// file's arrival. make one step late. It returns the second instance (nil when
// it would be filed after the as-of date) and the day the file arrived.
func (x *mg) transmitAppeal(orig *proc, t trialOut, typ string, appellant int, ruling bool) (*proc, date) {
	w := x.w
	dl := &w.p.Deadlines
	period := dl.AppealPeriodJudgment
	if ruling {
		period = dl.AppealPeriodRuling
	}
	filedAppeal := max(t.close, workBefore(t.lastService+date(x.r.between(2, period-1))))
	x.ev(orig, srcCMS, "appeal_filed", filedAppeal, x.clerk(orig, filedAppeal), "party_index", appellant)
	copySent := addWork(filedAppeal, x.r.between(1, 2))
	transfer := addWork(copySent+date(dl.AnswerDays), x.r.between(1, 2))
	court := x.appellate(orig.court)
	if x.roll(aLateAppealTransfer, transfer+10) {
		variant := pick(&x.r, []string{"copy", "file"})
		if variant == "copy" {
			copySent = work(filedAppeal + date(dl.AppealCopyDays+x.r.between(3, 10)))
			transfer = addWork(copySent+date(dl.AnswerDays), x.r.between(1, 2))
		} else {
			transfer = work(copySent + date(dl.AnswerDays+dl.AppealTransferDays+x.r.between(3, 12)))
		}
		x.truth(aLateAppealTransfer, orig, "variant", variant, "appeal_filed", filedAppeal.String(),
			"copy_sent", copySent.String(), "file_transferred", transfer.String())
	}
	x.ev(orig, srcCMS, "appeal_copy_sent", copySent, x.clerk(orig, copySent))
	x.ev(orig, srcCMS, "file_transferred", transfer, x.clerk(orig, transfer), "to_court_id", w.courts[court].id)
	received := addWork(transfer, x.r.between(1, 2))
	x.ev(orig, srcCMS, "file_received", received, x.filingClerk(court, received))
	F := addWork(received, x.r.between(0, 2))
	late := x.roll(aLateSecondInstanceFiling, F+15)
	if late {
		F = work(received + date(dl.SecondInstanceFilingDays+x.r.between(3, 10)))
	}
	p := x.newProc(typ, court, orig, F)
	if p != nil && late {
		x.truth(aLateSecondInstanceFiling, p, "received_on", received.String(), "filed_on", F.String(), "allowed_days", dl.SecondInstanceFilingDays)
	}
	return p, received
}

// appealMethod is how a second instance with the given outcome closes.
func appealMethod(out qingfeng.Outcome, ruling bool) qingfeng.ClosingMethod {
	switch out {
	case qingfeng.OutAffirmed:
		if ruling {
			return qingfeng.CloseRuling
		}
		return qingfeng.CloseJudgment
	case qingfeng.OutRemanded, qingfeng.OutRejected, qingfeng.OutGranted:
		return qingfeng.CloseRuling
	case qingfeng.OutMediated:
		return qingfeng.CloseMediation
	case qingfeng.OutWithdrawn:
		return qingfeng.CloseWithdrawal
	}
	return qingfeng.CloseJudgment
}

func (x *mg) firstDefendant(p *proc) int {
	for i, pa := range p.c.Parties {
		if pa.Role == qingfeng.PartyDefendant || pa.Role == qingfeng.PartyRespondent || pa.Role == qingfeng.PartyAccused {
			return i
		}
	}
	return 0
}

func (x *mg) causeByCode(code string) *cause {
	for _, l := range []*causeList{&x.w.causes.civil, &x.w.causes.maritime} {
		for i := range l.items {
			if l.items[i].Code == code {
				return &l.items[i]
			}
		}
	}
	return nil
}

// retrialReview plans an application for retrial (民申/行申) of an effective decision at the
// next court up, and a retrial (民再) when it is granted.
func (x *mg) retrialReview(eff effective, typ string) {
	w := x.w
	court := x.appellate(eff.p.court)
	F := work(eff.day + date(x.r.bucket(w.p.Retrial.FiledAfterDays)))
	p := x.newProc(typ, court, eff.p, F)
	if p == nil {
		return
	}
	p.c.ReceivedOn = workBefore(F - date(x.r.between(0, 2)))
	p.c.CauseCode = eff.p.c.CauseCode
	applicant := x.r.intn(len(eff.p.c.Parties))
	for i, pa := range eff.p.c.Parties {
		pa.Role = qingfeng.PartyRespondent
		if i == applicant {
			pa.Role = qingfeng.PartyApplicant
		}
		p.c.Parties = append(p.c.Parties, pa)
	}
	role := rSupervision
	if w.courts[court].div[role] < 0 {
		role = rCivil
	}
	x.setDiv(p, role)
	x.addAgents(p, [2]float64{0.6, 0.4}, 0)
	x.groupFlag(p)
	rp := &w.p.Retrial
	decision := rp.ReviewOutcome.drawKey(&x.r)
	out, method := qingfeng.OutRejected, qingfeng.CloseRuling
	switch decision {
	case "granted":
		out = qingfeng.OutGranted
	case "withdrawn":
		out, method = qingfeng.OutWithdrawn, qingfeng.CloseWithdrawal
	}
	limit := w.p.Limits["civil_retrial_review"]
	if typ == tAdminReview {
		limit = w.p.Limits["admin_retrial_review"]
	}
	t := x.trial(p, trialOpts{limit: limit, dur: rp.Duration, method: method, outcome: out, panelSize: 3,
		review: w.p.Civil.Review})
	if out != qingfeng.OutGranted || typ != tCivilReview || t.close > x.asOf() {
		return
	}
	F2 := addWork(t.close, x.r.between(3, 15))
	r := x.newProc(tCivilRetrial, court, p, F2)
	if r == nil {
		return
	}
	r.c.ReceivedOn = F2
	r.c.CauseCode = p.c.CauseCode
	r.c.Parties = append(r.c.Parties, p.c.Parties...)
	r.div, r.c.DivisionID = p.div, p.c.DivisionID
	x.carryAgents(r, p)
	x.flag(r, "1.2", "裁定再审的案件", "retrial_ordered")
	x.groupFlag(r)
	rout := qingfeng.Outcome(rp.RetrialOutcome.drawKey(&x.r))
	x.trial(r, trialOpts{limit: w.p.Limits["civil_retrial_second"], dur: rp.Duration, method: appealMethod(rout, false),
		outcome: rout, hearing: true, openHearing: true, panelSize: 3, review: w.p.Civil.Review, forceJudge: x.sameJudge(r)})
}
