package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// auction plans seizure, valuation and an online auction of real estate (or movables), with
// the auction time deducted from the limit.
func (x *mg) auction(e *enfRun) {
	p, judge, pay := e.p, e.judge, e.pay
	w := x.w
	dl := &w.p.Deadlines
	F := p.c.FiledOn
	kind := "real_estate"
	months, notice := dl.SeizureRealEstateMonths, dl.AuctionNoticeRealEstateDays
	if x.r.chance(0.25) {
		kind, months, notice = "movable", dl.SeizureMovableMonths, dl.AuctionNoticeMovableDays
	}
	applied := p.c.AmountApplied
	found := addWork(F, x.r.between(3, 8))
	value := applied * qingfeng.Money(x.r.between(110, 200)) / 100
	x.ev(p, srcExec, "asset_found", found, x.executor(p.court, found), "kind", kind, "value", value)
	seized := addWork(found, x.r.between(0, 2))
	x.ev(p, srcExec, "seized", seized, x.executor(p.court, seized), "asset_kind", kind, "until", seized.AddMonths(months).String())
	x.objection(p, seized, seized+60)
	vStart := addWork(seized, x.r.between(3, 10))
	x.ev(p, srcExec, "deduction_started", vStart, judge, "reason", "auction", "document", "拍卖裁定书")
	x.ev(p, srcExec, "valuation_started", vStart, x.executor(p.court, vStart))
	reported := addWork(vStart, x.r.between(8, 18))
	x.ev(p, srcExec, "valuation_reported", reported, x.executor(p.court, reported), "value", value)
	noticed := addWork(reported, x.r.between(3, 8))
	on := work(noticed + date(notice+x.r.between(2, 8)))
	x.ev(p, srcExec, "auction_noticed", noticed, x.executor(p.court, noticed), "auction_on", on.String())
	price := value * qingfeng.Money(x.r.between(70, 100)) / 100
	if x.r.chance(w.p.Enforcement.AuctionFailed) {
		x.ev(p, srcExec, "auction_failed", on, x.executor(p.court, on))
		noticed = addWork(on, x.r.between(5, 15))
		on = work(noticed + date(notice/2+x.r.between(2, 6)))
		x.ev(p, srcExec, "auction_noticed", noticed, x.executor(p.court, noticed), "auction_on", on.String())
		price = price * qingfeng.Money(x.r.between(80, 95)) / 100
	}
	x.ev(p, srcExec, "auction_held", on, x.executor(p.court, on), "price", price)
	got := addWork(on, x.r.between(8, 15))
	x.ev(p, srcExec, "seizure_lifted", got, x.executor(p.court, got), "asset_kind", kind, "reason", "sold")
	x.ev(p, srcExec, "deduction_ended", got, judge, "reason", "auction")
	pay(got, min(price, applied))
}

// enforcementExtension plans the 院长's extension of a non-litigation enforcement that will be
// closed by 终本 after three months.
func (x *mg) enforcementExtension(p *proc, judge int, round date) {
	w := x.w
	limit := w.p.Limits["enforcement_non_litigation"]
	F := p.c.FiledOn
	end := limit.end(F, 0)
	if round <= end {
		return
	}
	days := int(limit.end(F, limit.ExtensionMonths) - end)
	req := workBefore(end - date(x.r.between(20, 30)))
	appr := min(addWork(req, x.r.between(1, 4)), workBefore(end-8))
	x.ev(p, srcExec, "extension_requested", req, judge, "days", days)
	pres := x.president(p.court, appr)
	x.ev(p, srcExec, "extension_approved", appr, pres, "days", days, "approver_id", w.personID(pres), "level", "president")
	p.limitEnd = limit.end(F, limit.ExtensionMonths)
}

// assetChecks plans the online asset check every six months (here every five) for five years
// after 终本 (终本规定 Art. 9); assets found at a check resume the enforcement (执恢).
func (x *mg) assetChecks(p *proc, round date, o enfOpts) {
	w := x.w
	dl := &w.p.Deadlines
	stopAt := round.AddMonths(12 * dl.AssetCheckYears)
	resumeAt := -1
	if !o.resumed && x.r.chance(w.p.Enforcement.Resume) {
		resumeAt = x.r.between(0, 3)
	}
	gapAt := x.r.between(0, 2) // the check a no_asset_check anomaly would skip
	d := round
	for k := 0; ; k++ {
		step := x.r.between(140, 165)
		if k == gapAt && x.roll(aNoAssetCheck, d.AddMonths(dl.AssetCheckMonths)+2) {
			step = x.r.between(200, 260)
			x.truth(aNoAssetCheck, p, "terminated_on", round.String(), "previous_check", d.String(),
				"next_check", work(d+date(step)).String())
			resumeAt = -1
		}
		d = work(d + date(step))
		if d > stopAt || d > x.asOf() {
			return
		}
		found := k == resumeAt
		x.ev(p, srcExec, "asset_check", d, x.executor(p.court, d), "channel", "online", "found", found)
		if found {
			x.ev(p, srcExec, "resumed", addWork(d, 2), x.executor(p.court, addWork(d, 2)))
			F := addWork(d, x.r.between(5, 15))
			applied := p.c.AmountApplied - p.c.AmountRecovered
			x.enforce(p.court, F, enfOpts{origin: p, resumed: true, applied: applied, parties: p.c.Parties, cause: x.causeOf(p)})
			return
		}
	}
}

func (x *mg) causeOf(p *proc) *cause {
	for _, l := range []*causeList{&x.w.causes.enforcement, &x.w.causes.nonLit} {
		for i := range l.items {
			if l.items[i].Code == p.c.CauseCode {
				return &l.items[i]
			}
		}
	}
	return nil
}
