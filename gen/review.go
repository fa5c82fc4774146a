package gen

// 四类案件 types used by the generator (法发〔2021〕30号 Art. 2 items, with the sub-type the
// generator gives): 1.1 national or public interest (a state organ is sued), 1.2 major dispute
// over facts or law (remanded, protested, or pending over twelve months), 2.1 group dispute
// (ten or more parties), 4 a report that the judge acted unlawfully (a complaint).

// flag marks a proceeding as 四类 for a feature it has at filing, unless R-30 leaves it
// unflagged; trial records the flag when it assigns the proceeding.
func (x *mg) flag(p *proc, typ, reason, feature string) {
	if p.unflagged || (len(p.flags) == 0 && x.unflagged(p, typ, feature, p.c.FiledOn)) {
		return
	}
	p.flags = append(p.flags, typ)
	p.flagEvents = append(p.flagEvents, flagPlan{typ, reason})
}

// unflagged decides whether a proceeding with a 四类 feature that shows on the given day goes
// unflagged. Only a proceeding with no flag at all can be: the rule looks for features
// without any flag.
func (x *mg) unflagged(p *proc, typ, feature string, shows date) bool {
	if !x.roll(aFourTypeUnflagged, shows) {
		return false
	}
	x.truth(aFourTypeUnflagged, p, "feature", feature, "expected_type", typ)
	p.unflagged = true // and so it stays: a later flag would hide the anomaly
	return true
}

// lateFlag flags a proceeding, on day d, for a feature that appears during the trial and
// shows (to a rule) on day shows.
func (x *mg) lateFlag(p *proc, typ, reason, feature string, d, shows date, by int) {
	if p.unflagged || contains(p.flags, typ) || (len(p.flags) == 0 && x.unflagged(p, typ, feature, shows)) {
		return
	}
	p.flags = append(p.flags, typ)
	x.ev(p, srcReview, "four_type_flagged", d, by, "type", typ, "reason", reason, "by", x.w.personID(by))
}

// reviewer is who reads the draft (阅核): the division chief, or a vice president when the
// chief sits on the panel or is away (review by rank, reference notes §C.2).
func (x *mg) reviewer(p *proc, from, to date) int {
	if p.div >= 0 {
		dv := &x.w.divs[p.div]
		if dv.chief >= 0 && !contains(p.c.Panel, x.w.personID(dv.chief)) && x.w.available(dv.chief, from, to) {
			return dv.chief
		}
	}
	c := &x.w.courts[p.court]
	if len(c.vps) == 0 {
		return x.president(p.court, from)
	}
	return x.staffOver(c.vps, from, to)
}

// review plans 阅核 of the draft decision before the closing day, finished before the last
// 15 days of the limit where possible (rule R-21). A reviewer never edits the operative part
// (§C.3 I1) unless R-32 is injected; a 四类 decision always goes through review unless I3 is.
func (x *mg) review(p *proc, F, close, limitEnd date) {
	w := x.w
	ft := &w.p.FourType
	if len(p.flags) > 0 && x.roll(aFourTypeUnreviewed, close) {
		x.truth(aFourTypeUnreviewed, p, "types", append([]string(nil), p.flags...), "closed", close.String())
		return
	}
	end := workBefore(min(close-1, limitEnd-16))
	if end < F+2 {
		end = workBefore(close - 1)
	}
	if end < F {
		end = F
	}
	path := "agree"
	switch room := int(end - F); {
	case room >= 16 && x.r.chance(ft.Committee):
		path = "committee"
	case room >= 10 && x.r.chance(ft.Disagree):
		path = "reconsider"
	}
	back := map[string][2]int{"agree": {2, 5}, "reconsider": {8, 10}, "committee": {12, 15}}[path]
	s := workBefore(end - date(x.r.between(back[0], back[1])))
	if s < F {
		s = F
	}
	rv := x.reviewer(p, s, end)
	judge := p.judge
	step := func(d date, n int) date { return min(end, work(d+date(n))) }
	x.ev(p, srcReview, "review_submitted", s, judge, "reviewer_id", w.personID(rv), "document_version", 1)
	d := s
	if x.roll(aReviewerEditedOperative, s) {
		d = step(d, 1)
		x.ev(p, srcReview, "document_edited", d, rv, "by", w.personID(rv), "part", "operative")
		x.truth(aReviewerEditedOperative, p, "reviewer_id", w.personID(rv), "on", d.String())
	}
	version := 1
	switch path {
	case "reconsider":
		d = step(d, 1)
		x.ev(p, srcReview, "review_disagreed", d, rv, "measure", "reconsider", "reason", "事实认定部分需进一步说明")
		d = step(d, x.r.between(2, 3))
		result := pick(&x.r, []string{"changed", "maintained"})
		x.ev(p, srcReview, "panel_reconsidered", d, judge, "result", result)
		if result == "changed" {
			x.ev(p, srcReview, "document_edited", d, judge, "by", w.personID(judge), "part", "reasoning")
		}
		version++
		x.ev(p, srcReview, "review_submitted", d, judge, "reviewer_id", w.personID(rv), "document_version", version)
	case "committee":
		d = step(d, 1)
		x.ev(p, srcReview, "review_disagreed", d, rv, "measure", "committee", "reason", "法律适用存在较大分歧")
		pres := x.staffOver([]int{x.w.courts[p.court].president}, d, end)
		if len(x.w.courts[p.court].vps) > 0 && !x.w.available(pres, d, end) {
			pres = x.staffOver(x.w.courts[p.court].vps, d, end)
		}
		d = step(d, x.r.between(1, 3))
		x.ev(p, srcReview, "committee_approved_by", d, pres, "president_id", w.personID(pres))
		d = step(d, x.r.between(3, 6))
		decision := pick(&x.r, []string{"维持合议庭意见", "改变合议庭意见"})
		x.ev(p, srcReview, "committee_decided", d, pres, "decision", decision)
		if decision == "改变合议庭意见" {
			x.ev(p, srcReview, "document_edited", d, judge, "by", w.personID(judge), "part", "operative")
		}
		version++
		x.ev(p, srcReview, "review_submitted", d, judge, "reviewer_id", w.personID(rv), "document_version", version)
	}
	if x.r.chance(ft.PanelEdit) {
		x.ev(p, srcReview, "document_edited", d, judge, "by", w.personID(judge), "part", "reasoning")
	}
	d = step(d, x.r.between(1, 2))
	x.ev(p, srcReview, "review_agreed", d, rv)
	if len(p.flags) > 0 && x.r.chance(0.05) {
		vp := x.vicePresident(p.court, s)
		x.ev(p, srcReview, "interference_logged", s, vp, "by", w.personID(vp), "content", "院领导依职权询问审理进度，已全程留痕")
	}
}
