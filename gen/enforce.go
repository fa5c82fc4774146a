package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// enfOpts describes a first (or resumed) enforcement.
type enfOpts struct {
	origin  *proc // the title (执行依据) or, for 执恢, the enforcement closed by 终本
	nonLit  bool
	resumed bool
	applied qingfeng.Money
	parties []qingfeng.Party // of the title: plaintiffs become creditors
	cause   *cause
}

// nonLitRoot starts a matter with the enforcement of an arbitral award or notarised debt.
func (x *mg) nonLitRoot(F date) {
	court := x.w.basicCourts.draw(&x.r)
	if lv := x.w.p.RootLevels["non_litigation_enforcement"]; lv.drawKey(&x.r) == "intermediate" {
		court = x.w.intermediates.draw(&x.r)
	}
	cs := x.w.causes.nonLit.draw(&x.r)
	x.enforce(court, F, enfOpts{nonLit: true, applied: x.money(cs.Amount), cause: cs})
}

// enforce plans an enforcement proceeding (执/执恢): its steps, money and closing, within
// the 6-month limit (3 for non-litigation titles, 审限规定 Art. 5) net of deductions; 终本 only
// after every step 终本规定 Art. 1 requires, and periodic asset checks after it (Art. 9).
func (x *mg) enforce(court int, F date, o enfOpts) *proc {
	w := x.w
	ep := &w.p.Enforcement
	dl := &w.p.Deadlines
	typ := tEnforce
	if o.resumed {
		typ = tEnforceResumed
	}
	p := x.newProc(typ, court, o.origin, F)
	if p == nil {
		return nil
	}
	p.c.Flags.NonLitigation = o.nonLit
	x.setDiv(p, rEnforcement)
	if o.cause != nil {
		p.c.CauseCode = o.cause.Code
	} else {
		p.c.CauseCode = w.causes.enforcement.draw(&x.r).Code
	}
	p.c.AmountApplied = o.applied
	x.enforcementParties(p, o)

	p.c.ReceivedOn = workBefore(F - date(x.r.between(0, 3)))
	if !o.resumed && x.roll(aLateFiling, F) {
		p.c.ReceivedOn = workBefore(F - date(x.r.between(dl.FilingDays+3, 25)))
		x.truth(aLateFiling, p, "received_on", p.c.ReceivedOn.String(), "filed_on", F.String(), "allowed_days", dl.FilingDays)
	}

	limit := w.p.Limits["enforcement"]
	outcomes := &ep.Outcome
	switch {
	case o.resumed:
		outcomes = &ep.OutcomeResumed
	case o.nonLit:
		limit = w.p.Limits["enforcement_non_litigation"]
		outcomes = &ep.OutcomeNonLitigation
	}
	path := outcomes.drawKey(&x.r)
	L := int(limit.end(F, 0) - F)
	p.limitEnd = limit.end(F, 0)
	overdue := x.roll(aEnforcementOverdue, p.limitEnd+1)
	late := 0
	if overdue {
		late = L + x.r.between(10, 80)
		if path == "auction" || path == "deposit" {
			path = "voluntary"
		}
	}

	// Who handles it: an enforcement judge (承办人) and an executor for field work.
	plan := x.enforcementPlan(p, path, F, L, late, o.nonLit)
	forced := x.sameJudge(p)
	judge := x.pickHandler(p.div, F, max(plan.close, F+230)+10)
	if forced > 0 {
		judge = forced - 1
	}
	x.useJudges(p, []int{judge})
	if judge < 0 {
		p.c.Panel = nil
	}
	x.ev(p, srcExec, "material_received", p.c.ReceivedOn, x.filingClerk(court, p.c.ReceivedOn))
	x.ev(p, srcExec, "filed", F, x.filingClerk(court, F))
	assigned := min(addWork(F, x.r.between(0, 2)), workBefore(F+3), plan.close)
	x.ev(p, srcExec, "assigned", assigned, x.filingClerk(court, assigned), "method", "random", "judge_id", w.personID(judge))
	if overdue {
		x.truth(aEnforcementOverdue, p, "limit_end", p.limitEnd.String(), "planned_close", plan.close.String())
	}
	x.runEnforcement(p, &plan, judge, o)
	x.petitions(p, plan.close)
	return p
}

// enforcementParties turns the title's parties into creditors and debtors; the first creditor
// has the account confirmed at filing (payee checks, R-53).
func (x *mg) enforcementParties(p *proc, o enfOpts) {
	if o.parties != nil {
		creditor := true
		for i, pa := range o.parties {
			if i > 0 && (pa.Role == qingfeng.PartyDefendant || pa.Role == qingfeng.PartyAppellee || pa.Role == qingfeng.PartyRespondent ||
				pa.Role == qingfeng.PartyDebtor || pa.Role == qingfeng.PartyAccused) {
				creditor = false
			}
			if pa.Role == qingfeng.PartyAppellant && i > 0 {
				creditor = false
			}
			pa.Account = ""
			if creditor {
				pa.Role = qingfeng.PartyCreditor
			} else {
				pa.Role = qingfeng.PartyDebtor
			}
			p.c.Parties = append(p.c.Parties, pa)
			if len(p.c.Parties) >= 6 {
				break
			}
		}
	}
	if len(p.c.Parties) == 0 || p.c.Parties[0].Role != qingfeng.PartyCreditor {
		p.c.Parties = append([]qingfeng.Party{x.party(qingfeng.PartyCreditor, p.court, 0.4)}, p.c.Parties...)
	}
	hasDebtor := false
	for _, pa := range p.c.Parties {
		hasDebtor = hasDebtor || pa.Role == qingfeng.PartyDebtor
	}
	if !hasDebtor {
		p.c.Parties = append(p.c.Parties, x.party(qingfeng.PartyDebtor, p.court, 0.6))
	}
	p.c.Parties[0].Account = bankAccount(&x.r, p.c.Parties[0].Type != qingfeng.PartyNatural)
	if o.origin != nil {
		x.carryAgents(p, o.origin)
	} else {
		x.addAgents(p, [2]float64{0.4, 0.15}, 1)
	}
}

// enfPlan is the timeline of an enforcement path, fixed before anyone is assigned so that the
// judge can be chosen free of leave over the whole of it.
type enfPlan struct {
	path     string
	close    date
	method   qingfeng.ClosingMethod
	ext      bool // non-litigation 终本: the 3-month limit extended by the 院长
	round    date // 终本 day
	late     int
	partial  bool
	noticeOn date
}

func (x *mg) enforcementPlan(p *proc, path string, F date, L, late int, nonLit bool) enfPlan {
	w := x.w
	pl := enfPlan{path: path, late: late}
	maxNet := pct(L, 78)
	switch path {
	case "voluntary":
		pl.close = work(F + date(x.r.between(20, min(75, maxNet))))
		pl.method = qingfeng.CloseEnforcementCompleted
	case "deposit":
		pl.close = work(F + date(x.r.between(30, min(80, maxNet))))
		pl.method = qingfeng.CloseEnforcementCompleted
	case "auction":
		// Valuation and auction time is deducted (审限规定 Art. 9(12)); the calendar runs
		// longer. The closing day follows the payment (see auction).
		pl.close = work(F + date(x.r.between(60, 90)))
		pl.method = qingfeng.CloseEnforcementCompleted
	case "settlement":
		pl.close = work(F + date(x.r.between(40, min(110, maxNet))))
		pl.method = qingfeng.CloseEnforcementCompleted
	case "terminate_round":
		min3 := monthsEnd(F, w.p.Deadlines.TerminateRoundMinMonths)
		pl.round = work(min3 + date(x.r.between(5, 35)))
		if nonLit {
			pl.ext = true
			full := w.p.Limits["enforcement_non_litigation"]
			if int(pl.round-F) > pct(int(full.end(F, full.ExtensionMonths)-F), 78) {
				pl.round = work(min3 + 5)
			}
		}
		pl.close = pl.round
		pl.method = qingfeng.CloseTerminatedThisRound
	case "terminated":
		pl.close = work(F + date(x.r.between(30, min(120, maxNet))))
		pl.method = qingfeng.CloseTerminated
	case "withdrawn":
		pl.close = work(F + date(x.r.between(20, min(90, maxNet))))
		pl.method = qingfeng.CloseWithdrawal
	default: // not_enforced
		pl.close = work(F + date(x.r.between(15, min(60, maxNet))))
		pl.method = qingfeng.CloseNotEnforced
	}
	if late > 0 {
		pl.ext = false
		pl.close = work(F + date(late))
		if pl.round > 0 {
			pl.round = pl.close
		}
	}
	return pl
}
