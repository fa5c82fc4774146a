package gen

// petitions plans petitions about a proceeding's progress (信访), naming no one.
func (x *mg) petitions(p *proc, close date) {
	pp := &x.w.p.Petition
	if !x.r.chance(pp.Petition) {
		return
	}
	F := p.c.FiledOn
	d := work(F + date(x.r.between(5, max(5, int(close-F)+30))))
	x.ev(p, srcPetition, "petition_received", d, -1, "kind", "petition", "real_name", x.r.chance(pp.RealName))
	c := addWork(d, x.r.bucket(pp.CloseDays)*5/7)
	x.ev(p, srcPetition, "petition_closed", c, x.inspector(p.court, c))
}

func (x *mg) inspector(court int, d date) int {
	di := x.w.courts[court].div[rInspection]
	if di < 0 {
		return -1
	}
	return x.staff(x.w.divs[di].staff, d)
}

// complaint plans a complaint naming the judge while the proceeding is pending, which makes
// it a 四类 case (item 4). Complaints are rare and never cluster by chance; a hot judge and
// half-year draws several, enough to reach the rule's three in six months.
func (x *mg) complaint(p *proc, F, close date) {
	if p.judge < 0 || close-F < 25 || x.w.sizing {
		return
	}
	half := halfYear(F)
	hot := hashChance(x.w.cfg.Seed, x.w.rates[aComplaintCluster], uint64(p.judge), uint64(half))
	q := x.w.p.Petition.Complaint
	if hot {
		q = min(1, 5/max(1, x.w.expectedHalf(p.judge)))
	}
	if !x.r.chance(q) {
		return
	}
	d := work(F + date(x.r.between(3, int(close-F)/2)))
	x.ev(p, srcPetition, "petition_received", d, -1, "kind", "complaint", "target_person_id", x.w.personID(p.judge),
		"real_name", x.r.chance(x.w.p.Petition.RealName))
	closed := addWork(d, x.r.bucket(x.w.p.Petition.CloseDays)*5/7)
	x.ev(p, srcPetition, "petition_closed", closed, x.inspector(p.court, closed))
	fd := addWork(d, x.r.between(1, 3))
	if fd < close-3 {
		x.lateFlag(p, "4", "有关单位或者个人反映法官有违法审判行为", "complaint_about_judge", fd, d, x.chief(p, fd))
	}
	x.m.complaints = append(x.m.complaints, complaintRec{judge: p.judge, half: half, d: d, hot: hot, proc: p.idx})
}
