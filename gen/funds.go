package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// funds plans the money of one payment: received into the court's account, claimed into the
// case, paid to the creditor's confirmed account with the approval its amount needs, within
// 30 days (法发〔2017〕6号). break one of these. It returns the day the
// money would have been paid had it been paid in time.
func (x *mg) funds(p *proc, received date, amount qingfeng.Money) date {
	w := x.w
	ep := &w.p.Enforcement
	c := &w.courts[p.court]
	fin := -1
	if c.div[rFinance] >= 0 {
		fin = x.staff(w.divs[c.div[rFinance]].staff, received, []int{w.divs[c.div[rFinance]].chief})
	}
	x.ev(p, srcFunds, "funds_received", received, fin, "amount", amount, "account", c.account)
	claimed := addWork(received, x.r.between(0, 1))
	x.ev(p, srcFunds, "funds_claimed", claimed, x.clerk(p, claimed), "amount", amount)
	paid := addWork(claimed, x.r.bucket(ep.DisburseDays)*5/7)
	if paid > received+25 {
		paid = workBefore(received + 25)
	}
	if x.r.chance(ep.Deferral) {
		d := addWork(claimed, x.r.between(2, 5))
		appr := x.chief(p, d)
		x.ev(p, srcFunds, "disbursement_deferred", d, appr, "reason", "需要分配案款", "approver_id", w.personID(appr))
		paid = workBefore(received + date(x.r.between(20, 27)))
	}
	regular := paid
	if x.roll(aLateDisbursement, received+date(w.p.Deadlines.DisburseDays)+1) {
		paid = work(received + date(w.p.Deadlines.DisburseDays+x.r.between(5, 60)))
		x.truth(aLateDisbursement, p, "received", received.String(), "disbursed", paid.String(), "amount", amount.String())
	}
	creditor := p.c.Parties[0]
	payee, account, isParty := creditor.Name, creditor.Account, true
	if x.roll(aPayeeNotParty, paid) {
		payee, account, isParty = x.w.personName(&x.r, x.r.chance(0.5)), bankAccount(&x.r, false), false
		x.truth(aPayeeNotParty, p, "payee_name", payee, "payee_account", account, "amount", amount.String())
	}
	level, approver := "chief", x.chief(p, paid)
	if amount >= yuan(ep.ApprovalThreshold) {
		if x.roll(aApprovalLevelLow, paid) {
			x.truth(aApprovalLevelLow, p, "amount", amount.String(), "approval_level", level,
				"threshold", yuan(ep.ApprovalThreshold).String())
		} else {
			level, approver = "vice_president", x.vicePresident(p.court, paid)
		}
	}
	if c.div[rFinance] >= 0 {
		fin = x.staff(w.divs[c.div[rFinance]].staff, paid, []int{w.divs[c.div[rFinance]].chief})
	}
	x.ev(p, srcFunds, "funds_disbursed", paid, fin, "amount", amount, "payee_name", payee, "payee_account", account,
		"payee_is_party", isParty, "approver_id", w.personID(approver), "approval_level", level)
	return regular
}
