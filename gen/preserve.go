package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// preservationRoot starts a matter with a pre-suit preservation (财保, 民诉法 Art. 104): ruled
// within 48 hours when urgent or 5 days otherwise, carried out within 5 days (保全规定 Art. 4),
// then either a suit within 30 days or the measure lifted on request.
func (x *mg) preservationRoot(F date) {
	w := x.w
	court := x.w.basicCourts.draw(&x.r)
	p := x.newProc(tPreservation, court, nil, F)
	if p == nil {
		return
	}
	cs := w.causes.civil.draw(&x.r)
	claim := x.money(cs.Amount[1:])
	p.c.CauseCode = w.causes.preservation.draw(&x.r).Code
	p.c.AmountClaimed = claim
	p.c.ReceivedOn = F
	p.c.Parties = []qingfeng.Party{x.party(qingfeng.PartyApplicant, court, 0.5), x.party(qingfeng.PartyRespondent, court, 0.6)}
	x.setDiv(p, rFiling)
	x.addAgents(p, [2]float64{0.5, 0.1}, 1)

	urgent := x.r.chance(w.p.Preservation.Urgent)
	ruled, executed, lateVariant := x.preservationDays(F, urgent)
	judge := x.pickHandler(p.div, F, executed+5)
	x.useJudges(p, []int{judge})
	if judge < 0 {
		p.c.Panel = nil
	}
	x.ev(p, srcCMS, "material_received", F, x.filingClerk(court, F))
	x.ev(p, srcCMS, "filed", F, x.filingClerk(court, F))
	x.ev(p, srcCMS, "assigned", F, x.filingClerk(court, F), "method", "random", "judge_id", w.personID(judge))
	x.ev(p, srcCMS, "preservation_requested", F, -1, "urgent", urgent)
	x.ev(p, srcCMS, "preservation_ruled", ruled, judge)
	if lateVariant != "" {
		x.truth(aLatePreservation, p, "variant", lateVariant, "urgent", urgent, "requested", F.String(),
			"ruled", ruled.String(), "executed", executed.String())
	}
	kind := w.p.Enforcement.Asset.drawKey(&x.r)
	amount := claim * qingfeng.Money(x.r.between(60, 100)) / 100
	x.ev(p, srcExec, "preservation_executed", executed, x.executor(p.court, executed), "amount", amount)
	x.ev(p, srcExec, "seized", executed, x.executor(p.court, executed), "asset_kind", kind, "until", executed.AddMonths(x.seizureMonths(kind)).String())
	// The ruling closes the review (5 days, 保全规定 Art. 4); carrying it out is the
	// enforcement bureau's business.
	p.c.ClosedOn = ruled
	p.c.ClosingMethod = qingfeng.CloseRuling
	x.ev(p, srcCMS, "closed", ruled, judge, "closing_method", string(qingfeng.CloseRuling))

	if x.r.chance(w.p.Preservation.Suit) {
		sF := work(F + date(x.r.bucket(w.p.Preservation.SuitAfterDays)))
		s := x.civilFirst(court, sF, civilFirstOpts{origin: p, parties: p.c.Parties, cause: cs, claim: claim})
		end := sF + 200
		if s != nil && s.closed() {
			end = s.c.ClosedOn
		}
		x.holdSeizure(p, kind, executed, addWork(end, x.r.between(1, 5)))
		return
	}
	lift := max(work(F+date(x.r.bucket(w.p.Preservation.LiftAfterDays))), addWork(executed, x.r.between(1, 3)))
	x.ev(p, srcCMS, "preservation_lifted", lift, x.filingClerk(court, lift))
	x.ev(p, srcExec, "seizure_lifted", lift, x.executor(p.court, lift), "asset_kind", kind, "reason", "released")
}

// preserveInSuit plans a preservation requested during a civil first instance: ruled by the
// trial judge, carried out by the enforcement bureau as a 执保 proceeding, lifted when the
// first instance ends.
func (x *mg) preserveInSuit(first *proc, close date) {
	w := x.w
	req := work(first.c.FiledOn + date(x.r.between(3, max(3, min(30, int(close-first.c.FiledOn)/2)))))
	urgent := x.r.chance(w.p.Preservation.Urgent)
	ruled, executed, lateVariant := x.preservationDays(req, urgent)
	x.ev(first, srcCMS, "preservation_requested", req, -1, "urgent", urgent)
	x.ev(first, srcCMS, "preservation_ruled", ruled, first.judge)
	p := x.newProc(tPreserveExec, first.court, first, ruled)
	if p == nil {
		return
	}
	p.c.ReceivedOn = ruled
	p.c.CauseCode = w.causes.preservation.draw(&x.r).Code
	for i, pa := range first.c.Parties {
		if i > 1 {
			break
		}
		pa.Role = qingfeng.PartyApplicant
		if i == 1 {
			pa.Role = qingfeng.PartyRespondent
		}
		p.c.Parties = append(p.c.Parties, pa)
	}
	x.setDiv(p, rEnforcement)
	judge := x.pickHandler(p.div, ruled, executed+5)
	x.useJudges(p, []int{judge})
	if judge < 0 {
		p.c.Panel = nil
	}
	if lateVariant != "" {
		x.truth(aLatePreservation, p, "variant", lateVariant, "urgent", urgent, "requested", req.String(),
			"ruled", ruled.String(), "executed", executed.String())
	}
	x.ev(p, srcExec, "filed", ruled, x.filingClerk(p.court, ruled))
	x.ev(p, srcExec, "assigned", ruled, x.filingClerk(p.court, ruled), "method", "random", "judge_id", w.personID(judge))
	kind := w.p.Enforcement.Asset.drawKey(&x.r)
	amount := first.c.AmountClaimed * qingfeng.Money(x.r.between(50, 100)) / 100
	x.ev(p, srcExec, "preservation_executed", executed, x.executor(p.court, executed), "amount", amount)
	x.ev(p, srcExec, "seized", executed, x.executor(p.court, executed), "asset_kind", kind, "until", executed.AddMonths(x.seizureMonths(kind)).String())
	p.c.ClosedOn = executed
	p.c.ClosingMethod = qingfeng.CloseOther
	x.ev(p, srcExec, "closed", p.c.ClosedOn, judge, "closing_method", string(qingfeng.CloseOther))
	x.holdSeizure(p, kind, executed, addWork(close, x.r.between(1, 5)))
}

// preservationDays returns the ruling and execution days for a request on day req, on time
// with a margin or, for R-35, late.
func (x *mg) preservationDays(req date, urgent bool) (ruled, executed date, late string) {
	dl := &x.w.p.Deadlines
	if urgent {
		ruled = req
		if isWork(req+1) && x.r.chance(0.5) {
			ruled = req + 1
		}
	} else {
		ruled = addWork(req, x.r.between(0, 2))
	}
	executed = addWork(ruled, x.r.between(0, 2))
	if x.roll(aLatePreservation, req+20) {
		if x.r.chance(0.5) {
			late = "ruling"
			if urgent {
				ruled = work(req + date(dl.PreservationUrgentHours/24+x.r.between(2, 4)))
			} else {
				ruled = work(req + date(dl.PreservationRulingDays+x.r.between(3, 8)))
			}
			executed = addWork(ruled, x.r.between(0, 1))
		} else {
			late = "execution"
			executed = work(ruled + date(dl.PreservationExecutionDays+x.r.between(3, 10)))
		}
	}
	return ruled, executed, late
}

func (x *mg) seizureMonths(kind string) int {
	dl := &x.w.p.Deadlines
	switch kind {
	case "deposit":
		return dl.SeizureDepositMonths
	case "movable":
		return dl.SeizureMovableMonths
	}
	return dl.SeizureRealEstateMonths
}

func (x *mg) executor(court int, d date) int {
	di := x.w.courts[court].div[rEnforcement]
	if di < 0 {
		return -1
	}
	return x.staff(x.w.divs[di].executors, d, x.w.divs[di].handlers)
}

// holdSeizure keeps a preservation seizure until the day it is lifted, renewing it at least
// 7 days before it expires (保全规定 Art. 18; here 10–20 days before).
func (x *mg) holdSeizure(p *proc, kind string, from, lift date) {
	months := x.seizureMonths(kind)
	until := from.AddMonths(months)
	for lift >= until { // it would lapse first: renew it in time
		renew := workBefore(until - date(x.r.between(10, 20)))
		if renew > x.asOf() {
			return
		}
		until = until.AddMonths(months)
		x.ev(p, srcExec, "seized", renew, x.executor(p.court, renew), "asset_kind", kind, "until", until.String(), "renewed", true)
	}
	x.ev(p, srcExec, "seizure_lifted", lift, x.executor(p.court, lift), "asset_kind", kind, "reason", "released")
}
