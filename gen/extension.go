package gen

// extension plans a timely request and approval (2019 规定 Art. 1: request at least 15 days
// and decision at least 5 days before expiry, here with margin); R-15 makes them late.
func (x *mg) extension(p *proc, src string, F date, limit limitSpec, ext int) {
	end := limit.end(F, 0)
	days := int(limit.end(F, ext) - end)
	req := workBefore(end - date(x.r.between(20, 35)))
	appr := min(addWork(req, x.r.between(1, 4)), workBefore(end-8))
	variant := ""
	if x.roll(aExtensionIrregular, end) {
		variant = "late"
		req = workBefore(end - date(x.r.between(5, 12)))
		appr = max(req, workBefore(end-date(x.r.between(1, 3))))
	}
	if req <= F {
		return
	}
	x.ev(p, src, "extension_requested", req, p.judge, "days", days)
	approver := x.president(p.court, appr)
	x.ev(p, src, "extension_approved", appr, approver, "days", days, "approver_id", x.w.personID(approver), "level", "president")
	if variant != "" {
		x.truth(aExtensionIrregular, p, "variant", variant, "requested", req.String(), "approved", appr.String(), "limit_end", end.String())
	}
}

// higherExtension plans the further extension the court above approves, asked for before the
// first extension runs out, with the same lead times.
func (x *mg) higherExtension(p *proc, src string, end, newEnd date) {
	req := workBefore(end - date(x.r.between(20, 30)))
	appr := min(addWork(req, x.r.between(2, 5)), workBefore(end-8))
	above := x.appellate(p.court)
	approver := x.vicePresident(above, appr)
	days := int(newEnd - end)
	x.ev(p, src, "extension_requested", req, p.judge, "days", days)
	x.ev(p, src, "extension_approved", appr, approver, "days", days, "approver_id", x.w.personID(approver), "level", "higher_court")
}

// unapprovedExtension is the other R-15 variant: an extension requested in time that is never
// approved, in a proceeding that then closes inside its original limit.
func (x *mg) unapprovedExtension(p *proc, src string, F date, limit limitSpec, close date) {
	end := limit.end(F, 0)
	req := workBefore(end - date(x.r.between(20, 30)))
	if req <= F+10 || req >= close || !x.roll(aExtensionIrregular, end) {
		return
	}
	x.ev(p, src, "extension_requested", req, p.judge, "days", int(limit.end(F, limit.ExtensionMonths)-end))
	x.truth(aExtensionIrregular, p, "variant", "never_approved", "requested", req.String(), "limit_end", end.String())
}
