package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// enfRun is one enforcement path being planned.
type enfRun struct {
	x         *mg
	p         *proc
	pl        *enfPlan
	judge     int
	recovered qingfeng.Money
	paidBy    date            // latest regular payment; a late one does not hold up the closing
	skip      map[string]bool // steps an R-41 anomaly leaves out
}

// pay plans one payment into the court and out to the creditor.
func (e *enfRun) pay(d date, amount qingfeng.Money) {
	if amount <= 0 {
		return
	}
	e.recovered += amount
	e.paidBy = max(e.paidBy, e.x.funds(e.p, d, amount))
}

// step plans an executor's step on day d, or on the limit day when d falls later.
func (e *enfRun) step(typ string, d, limit date, kv ...any) {
	d = min(d, limit)
	e.x.ev(e.p, srcExec, typ, d, e.x.executor(e.p.court, d), kv...)
}

// runEnforcement plans the events of an enforcement path.
func (x *mg) runEnforcement(p *proc, pl *enfPlan, judge int, o enfOpts) {
	e := &enfRun{x: x, p: p, pl: pl, judge: judge, skip: map[string]bool{}}
	F := p.c.FiledOn
	if pl.path == "terminate_round" {
		x.roundAnomaly(e)
	}
	if !e.skip["asset_report_ordered"] {
		e.step("asset_report_ordered", addWork(F, x.r.between(1, 4)), pl.close)
	}
	if !e.skip["asset_search"] {
		e.step("asset_search", addWork(F, x.r.between(1, 5)), pl.close, "channel", "online")
	}
	switch pl.path {
	case "voluntary":
		x.payVoluntary(e)
	case "deposit":
		x.payFromDeposit(e)
	case "auction":
		x.auction(e)
		pl.close = work(e.paidBy + date(x.r.between(1, 5)))
	case "settlement":
		x.paySettlement(e)
	case "terminate_round":
		x.terminateRound(e)
	}
	p.c.ClosedOn = pl.close
	p.c.ClosingMethod = pl.method
	p.c.AmountRecovered = e.recovered
	x.ev(p, srcExec, "closed", pl.close, judge, "closing_method", string(pl.method))
	if e.recovered >= p.c.AmountApplied && p.c.AmountApplied > 0 && pl.method == qingfeng.CloseEnforcementCompleted {
		for _, ev := range p.evs {
			if ev.typ == "dishonest_listed" {
				x.ev(p, srcExec, "dishonest_removed", pl.close, judge)
				break
			}
		}
	}
	arch := addWork(pl.close, x.r.between(15, 60))
	x.ev(p, srcExec, "archived", arch, x.clerk(p, arch))
	if pl.path == "terminate_round" {
		x.assetChecks(p, pl.round, o)
	}
}

// roundAnomaly is R-41: a 终本 that comes too early or lacks one of the steps 终本规定 Art. 1
// requires.
func (x *mg) roundAnomaly(e *enfRun) {
	pl, F := e.pl, e.p.c.FiledOn
	if !x.roll(aTerminateRoundNoncompliant, pl.round) {
		return
	}
	variants := []string{"too_early", "no_asset_report_order", "no_consumption_restriction", "no_asset_search", "no_approval"}
	if pl.late > 0 {
		variants = variants[1:] // an overdue 终本 cannot also come too early
	}
	variant := pick(&x.r, variants)
	switch variant {
	case "too_early":
		pl.round = work(F + date(x.r.between(40, 80)))
		pl.close, pl.ext = pl.round, false
	case "no_asset_report_order":
		e.skip["asset_report_ordered"] = true
	case "no_consumption_restriction":
		e.skip["consumption_restricted"] = true
	case "no_asset_search":
		e.skip["asset_search"] = true
	default:
		e.skip["approval"] = true
	}
	x.truth(aTerminateRoundNoncompliant, e.p, "variant", variant, "terminated_on", pl.round.String(), "filed_on", F.String())
}

// payVoluntary: the debtor pays in full; the case closes once the money is paid out.
func (x *mg) payVoluntary(e *enfRun) {
	pl, F := e.pl, e.p.c.FiledOn
	d := workBefore(pl.close - date(x.r.between(26, 30)))
	if d <= F {
		d = addWork(F, 2)
	}
	if pl.late > 0 {
		d = workBefore(pl.close - 28)
	}
	e.pay(d, e.p.c.AmountApplied)
	pl.close = max(pl.close, work(e.paidBy+1))
}

// payFromDeposit: a bank deposit is found, frozen and transferred.
func (x *mg) payFromDeposit(e *enfRun) {
	p, pl, F := e.p, e.pl, e.p.c.FiledOn
	applied := p.c.AmountApplied
	found := addWork(F, x.r.between(3, 10))
	e.step("asset_found", found, found, "kind", "deposit", "value", applied*qingfeng.Money(x.r.between(100, 140))/100)
	seized := addWork(found, x.r.between(0, 2))
	e.step("seized", seized, seized, "asset_kind", "deposit", "until", seized.AddMonths(x.w.p.Deadlines.SeizureDepositMonths).String())
	x.objection(p, seized, pl.close)
	got := addWork(seized, x.r.between(3, 10))
	e.step("seizure_lifted", got, got, "asset_kind", "deposit", "reason", "transferred")
	e.pay(got, applied)
	pl.close = max(pl.close, work(e.paidBy+1))
}

// paySettlement: the parties settle (执行和解), sometimes with a deferral, and the debtor pays.
func (x *mg) paySettlement(e *enfRun) {
	pl, F := e.pl, e.p.c.FiledOn
	d := addWork(F, x.r.between(5, 15))
	e.step("settlement_reached", d, d)
	payDay := addWork(d, x.r.between(5, 15))
	if x.r.chance(0.5) {
		x.ev(e.p, srcExec, "deferral_granted", d, e.judge, "until", payDay.String())
	}
	e.pay(payDay, e.p.c.AmountApplied)
	pl.close = max(pl.close, work(e.paidBy+1))
}

// terminateRound: nothing to take; after the report order, the consumption restriction and
// the searches, the round closes by 终本 with the creditor's signature or the 院长's approval.
func (x *mg) terminateRound(e *enfRun) {
	w := x.w
	ep := &w.p.Enforcement
	p, pl, F := e.p, e.pl, e.p.c.FiledOn
	if !e.skip["consumption_restricted"] {
		e.step("consumption_restricted", addWork(F, x.r.between(5, 15)), pl.round)
	}
	if x.r.chance(ep.DishonestOnRound) {
		x.ev(p, srcExec, "dishonest_listed", min(addWork(F, x.r.between(10, 25)), pl.round), e.judge)
	}
	if !e.skip["asset_search"] {
		e.step("asset_search", addWork(F, x.r.between(25, 50)), pl.round, "channel", "online")
		e.step("asset_search", addWork(F, x.r.between(35, 60)), pl.round, "channel", "onsite")
	}
	if x.r.chance(ep.PartialOnRound) {
		e.pay(min(addWork(F, x.r.between(15, 40)), pl.round-1), p.c.AmountApplied*qingfeng.Money(x.r.bucket(ep.PartialPercent))/100)
	}
	// a small deposit frozen and then forgotten, so that the freeze runs out.
	d := addWork(F, x.r.between(10, 20))
	until := d.AddMonths(w.p.Deadlines.SeizureDepositMonths)
	if d < pl.round && x.roll(aSeizureLapsed, until) {
		e.step("asset_found", d, d, "kind", "deposit", "value", qingfeng.Money(x.r.between(50, 900))*100)
		e.step("seized", d, d, "asset_kind", "deposit", "until", until.String())
		x.truth(aSeizureLapsed, p, "asset_kind", "deposit", "seized_on", d.String(), "until", until.String())
	}
	x.objection(p, addWork(F, 20), pl.round)
	if pl.ext {
		x.enforcementExtension(p, e.judge, pl.round)
	}
	signed := !e.skip["approval"] && x.r.chance(0.7)
	kv := []any{"creditor_signed", signed}
	if !signed && !e.skip["approval"] {
		kv = append(kv, "approver_id", w.personID(x.president(p.court, pl.round)))
	}
	x.ev(p, srcExec, "terminated_this_round", pl.round, e.judge, kv...)
}
