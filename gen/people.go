package gen

import (
	"math"
	"slices"
	"sort"

	"github.com/qingfeng-court/qingfeng"
)

var (
	judgeRoles   = []qingfeng.Role{qingfeng.RoleJudge}
	chiefRoles   = []qingfeng.Role{qingfeng.RoleChief, qingfeng.RoleJudge}
	deputyRoles  = []qingfeng.Role{qingfeng.RoleDeputyChief, qingfeng.RoleJudge}
	leaderRoles  = []qingfeng.Role{qingfeng.RolePresident, qingfeng.RoleJudge, qingfeng.RoleCommitteeMember}
	vpRoles      = []qingfeng.Role{qingfeng.RoleVicePresident, qingfeng.RoleJudge, qingfeng.RoleCommitteeMember}
	memberRoles  = []qingfeng.Role{qingfeng.RoleCommitteeMember, qingfeng.RoleJudge}
	committeeDiv = []int{rCriminal, rCivil, rCommercial, rAdministrative, rSupervision, rEnforcement}
)

// buildPeople staffs every court: leaders, and for each division a head, deputies and enough
// judges for its expected workload (loads: proceedings per year from the sizing pass, at
// closed_per_judge_year each), with assistants, clerks, executors, inspectors and finance staff.
func (w *world) buildPeople(loads []float64) {
	pp := &w.p.People
	r := newRNG(w.cfg.Seed, streamRef, 1)
	for ci := range w.courts {
		c := &w.courts[ci]
		c.president = w.addPerson(&r, ci, -1, leaderRoles)
		nvp := r.bucket(pp.VicePresidents)
		if c.kind == kBasic && c.weight < 1.5 {
			nvp = min(nvp, 2)
		}
		for k := 0; k < nvp; k++ {
			c.vps = append(c.vps, w.addPerson(&r, ci, -1, vpRoles))
		}
		if c.kind != kBasic {
			c.committee = w.addPerson(&r, ci, -1, memberRoles)
		}
		c.account = "3500" + padInt(ci+1, 4) + digits(&r, 12)
		for _, di := range w.divsOf(ci) {
			d := &w.divs[di]
			d.load = loads[di]
			switch d.role {
			case rManagement:
				d.chief = w.addPerson(&r, ci, di, chiefRoles)
				d.staff = append(d.staff, d.chief, w.addPerson(&r, ci, di, []qingfeng.Role{qingfeng.RoleClerk}))
			case rInspection:
				d.chief = w.addPerson(&r, ci, di, []qingfeng.Role{qingfeng.RoleChief, qingfeng.RoleInspector})
				d.staff = append(d.staff, d.chief)
				for k := r.between(1, 2); k > 0; k-- {
					d.staff = append(d.staff, w.addPerson(&r, ci, di, []qingfeng.Role{qingfeng.RoleInspector}))
				}
			case rFinance:
				d.chief = w.addPerson(&r, ci, di, []qingfeng.Role{qingfeng.RoleChief, qingfeng.RoleFinance})
				for k := r.between(2, 3); k > 0; k-- {
					d.staff = append(d.staff, w.addPerson(&r, ci, di, []qingfeng.Role{qingfeng.RoleFinance}))
				}
			default:
				w.staffDivision(&r, d)
			}
		}
	}
}

func (w *world) staffDivision(r *rng, d *division) {
	pp := &w.p.People
	floor := pp.MinHandlers["default"]
	switch {
	case d.tribunal:
		floor = pp.MinHandlers["tribunal"]
	case d.role == rFiling:
		floor = pp.MinHandlers["filing"]
	}
	n := max(floor, int(math.Round(d.load/float64(pp.ClosedPerJudgeYear))))
	roles := chiefRoles
	if !d.tribunal && contains(committeeDiv, d.role) {
		roles = append(slices.Clone(chiefRoles), qingfeng.RoleCommitteeMember)
	}
	d.chief = w.addPerson(r, d.court, d.idx, roles)
	d.handlers = append(d.handlers, d.chief)
	deputies := 0
	switch {
	case n >= 10:
		deputies = 2
	case n >= 4:
		deputies = 1
	}
	for k := 0; k < deputies; k++ {
		d.handlers = append(d.handlers, w.addPerson(r, d.court, d.idx, deputyRoles))
	}
	for len(d.handlers) < n {
		d.handlers = append(d.handlers, w.addPerson(r, d.court, d.idx, judgeRoles))
	}
	for k := int(math.Round(float64(n) * pp.AssistantsPerHandler)); k > 0; k-- {
		d.assistants = append(d.assistants, w.addPerson(r, d.court, d.idx, []qingfeng.Role{qingfeng.RoleAssistant}))
	}
	for k := max(1, int(math.Round(float64(n)*pp.ClerksPerHandler))); k > 0; k-- {
		d.clerks = append(d.clerks, w.addPerson(r, d.court, d.idx, []qingfeng.Role{qingfeng.RoleClerk}))
	}
	w.courts[d.court].clerks = append(w.courts[d.court].clerks, d.clerks...)
	if d.role == rEnforcement {
		for k := max(2, int(math.Round(float64(n)*pp.ExecutorsPerHandler))); k > 0; k-- {
			d.executors = append(d.executors, w.addPerson(r, d.court, d.idx, []qingfeng.Role{qingfeng.RoleExecutor}))
		}
	}
}

// addPerson adds a member of staff who joined before the window and has some HR status
// periods (leave, training) inside it.
func (w *world) addPerson(r *rng, court, div int, roles []qingfeng.Role) int {
	male := r.chance(0.55)
	from := qingfeng.NewDate(1990, 1, 1) + date(r.intn(int(w.cfg.From-200-qingfeng.NewDate(1990, 1, 1))))
	y := from.Year() - r.between(22, 30)
	p := person{idx: len(w.people), court: court, div: div, name: w.personName(r, male), male: male,
		birth: qingfeng.NewDate(y, 1, 1) + date(r.intn(365)), roles: roles, from: from}
	p.id = "P" + padInt(p.idx+1, 6)
	p.leaves = w.leaves(r)
	w.people = append(w.people, p)
	return p.idx
}

// leaves draws non-overlapping HR status periods inside the window.
func (w *world) leaves(r *rng) []qingfeng.StatusPeriod {
	pp := &w.p.People
	var out []qingfeng.StatusPeriod
	span := int(w.cfg.AsOf - w.cfg.From)
	for n := r.count(pp.LeavePeriods); n > 0; n-- {
		from := work(w.cfg.From + date(r.intn(span)))
		to := addWork(from, r.bucket(pp.LeaveDays)-1)
		status := "leave"
		if r.chance(0.3) {
			status = "training"
		}
		clash := false
		for _, s := range out {
			if s.From <= to+7 && s.To+7 >= from {
				clash = true
			}
		}
		if !clash && to <= w.cfg.AsOf {
			out = append(out, qingfeng.StatusPeriod{Status: status, From: from, To: to})
		}
	}
	slices.SortFunc(out, func(a, b qingfeng.StatusPeriod) int { return int(a.From) - int(b.From) })
	return out
}

// expectedHalf is how many proceedings a judge of the division receives in half a year.
func (w *world) expectedHalf(judge int) float64 {
	d := &w.divs[w.people[judge].div]
	return d.load / float64(max(1, len(d.handlers))) / 2
}

// buildLawyers creates the bar of each city (sized to the agent appointments the sizing pass
// expects), former members of staff who became lawyers, and the staff's declared relatives,
// some of whom are lawyers themselves.
func (w *world) buildLawyers(slots []float64) {
	pp := &w.p.People
	r := newRNG(w.cfg.Seed, streamRef, 2)
	for ci := range w.cities {
		ct := &w.cities[ci]
		n := max(20, int(math.Ceil(slots[ci]/float64(pp.LawyerCasesPerYear))))
		seen := map[string]bool{}
		for nf := min(600, max(3, n/12)); len(ct.firms) < nf; {
			name := ct.name + pick(&r, w.names.FirmWords) + pick(&r, w.names.FirmWords) + "律师事务所"
			if !seen[name] {
				seen[name] = true
				ct.firms = append(ct.firms, name)
			}
		}
		for k := 0; k < n; k++ {
			w.addLawyer(&r, ci, "", "", -1, 0)
		}
	}
	// Former staff: they served in a court and left (some of them inside the window).
	for ci := range w.courts {
		c := &w.courts[ci]
		for k := r.bucket(pp.FormerStaffPerCourt); k > 0; k-- {
			left := qingfeng.NewDate(2012, 1, 1) + date(r.intn(int(w.cfg.AsOf-90-qingfeng.NewDate(2012, 1, 1))))
			role := pick(&r, []qingfeng.Role{qingfeng.RoleJudge, qingfeng.RoleJudge, qingfeng.RoleAssistant, qingfeng.RoleClerk})
			div := w.divsOf(ci)[r.intn(3)]
			pi := w.addPerson(&r, ci, div, []qingfeng.Role{role})
			p := &w.people[pi]
			p.from = min(p.from, left-date(r.between(1500, 6000)))
			p.to, p.leaves = left, nil
			region := w.regionOf(&r, ci)
			l := w.addLawyer(&r, c.city, p.name, idNumber(&r, region, p.birth, p.male, true), ci, left)
			w.formerAll = append(w.formerAll, l)
		}
	}
	sort.SliceStable(w.formerAll, func(i, j int) bool { return w.lawyers[w.formerAll[i]].leftOn < w.lawyers[w.formerAll[j]].leftOn })
	w.buildRelatives(&r)
	w.relLawyersByCourt = make([][]int, len(w.courts))
	w.formerByCourt = make([][]int, len(w.courts))
	for li := range w.lawyers {
		l := &w.lawyers[li]
		for _, c := range l.close {
			w.relLawyersByCourt[c] = append(w.relLawyersByCourt[c], li)
		}
		if l.formerCourt >= 0 {
			w.formerByCourt[l.formerCourt] = append(w.formerByCourt[l.formerCourt], li)
		}
		w.cities[l.city].lawyers = append(w.cities[l.city].lawyers, li)
	}
}

func (w *world) regionOf(r *rng, court int) string {
	c := &w.courts[court]
	if c.kind == kBasic {
		return c.region
	}
	mid := &w.courts[w.cities[c.city].court]
	return w.courts[pick(r, mid.basics)].region
}

// addLawyer adds a lawyer of the city; name and idNumber are given for people who exist
// already (former staff, relatives), drawn otherwise.
func (w *world) addLawyer(r *rng, cityIdx int, name, idNum string, formerCourt int, leftOn date) int {
	ct := &w.cities[cityIdx]
	if name == "" {
		male := r.chance(0.55)
		name = w.personName(r, male)
		birth := qingfeng.NewDate(w.cfg.AsOf.Year()-r.between(26, 62), 1, 1) + date(r.intn(365))
		idNum = idNumber(r, w.regionOf(r, ct.court), birth, male, true)
	}
	l := lawyer{idx: len(w.lawyers), name: name, idNumber: idNum, city: cityIdx, formerCourt: formerCourt, leftOn: leftOn,
		firm: pick(r, ct.firms)}
	l.id = "L" + padInt(l.idx+1, 6)
	l.license = "135" + padInt(cityIdx+1, 2) + itoa(r.between(1998, 2023)) + itoa(r.between(1, 2)) + digits(r, 7)
	w.lawyers = append(w.lawyers, l)
	return l.idx
}

// buildRelatives declares close relatives for judges, leaders and executors. A few relatives
// are lawyers: they practise in another city, so that in normal data they never act in a court
// where a relative works (回避规定 Art. 9); every court has at least one such relative so that
// R-09 can be injected anywhere.
func (w *world) buildRelatives(r *rng) {
	pp := &w.p.People
	relations := newWeights([]string{"spouse", "parent", "child", "sibling"}, []float64{0.45, 0.25, 0.2, 0.1})
	hasLawyer := make([]bool, len(w.courts))
	staffCount := len(w.people)
	for pi := 0; pi < staffCount; pi++ {
		p := &w.people[pi]
		if !p.to.IsZero() || !(hasRole(p, qingfeng.RoleJudge) || hasRole(p, qingfeng.RoleExecutor)) {
			continue
		}
		for n := r.count(pp.Relatives); n > 0; n-- {
			rel := relations.drawKey(r)
			if rel == "spouse" && w.hasSpouse(pi) {
				rel = "parent"
			}
			if w.addRelative(r, pi, rel, r.chance(pp.RelativeLawyer)) && rel != "sibling" {
				hasLawyer[p.court] = true
			}
		}
	}
	for ci := range w.courts {
		if hasLawyer[ci] {
			continue
		}
		var judges []int
		for pi := 0; pi < staffCount; pi++ {
			if w.people[pi].court == ci && w.people[pi].to.IsZero() && hasRole(&w.people[pi], qingfeng.RoleJudge) {
				judges = append(judges, pi)
			}
		}
		pi := pick(r, judges)
		rel := "spouse"
		if w.hasSpouse(pi) {
			rel = "child"
		}
		w.addRelative(r, pi, rel, true)
	}
}

func hasRole(p *person, role qingfeng.Role) bool { return contains(p.roles, role) }

func (w *world) hasSpouse(pi int) bool {
	for _, rl := range w.relatives {
		if rl.person == pi && rl.relation == "spouse" {
			return true
		}
	}
	return false
}

// addRelative declares one relative of staff member pi and reports whether it became a lawyer.
func (w *world) addRelative(r *rng, pi int, relation string, lawyerWanted bool) bool {
	p := &w.people[pi]
	py := p.birth.Year()
	var male bool
	var y int
	surname := []rune(p.name)[0:1]
	name := ""
	switch relation {
	case "spouse":
		male = !p.male
		y = py + r.between(-4, 4)
		name = w.personName(r, male)
	case "parent":
		male = r.chance(0.5)
		y = py - r.between(24, 34)
		name = w.personName(r, male)
		if male { // the father shares the surname
			name = string(surname) + string([]rune(name)[1:])
		}
	case "child":
		male = r.chance(0.5)
		y = min(py+r.between(24, 34), w.cfg.AsOf.Year()-1)
		name = string(surname) + string([]rune(w.personName(r, male))[1:])
	default:
		male = r.chance(0.5)
		y = py + r.between(-6, 6)
		name = string(surname) + string([]rune(w.personName(r, male))[1:])
	}
	birth := qingfeng.NewDate(y, 1, 1) + date(r.intn(365))
	age := w.cfg.AsOf.Year() - y
	rel := relative{person: pi, name: name, relation: relation, lawyer: -1,
		idNumber: idNumber(r, w.regionOf(r, p.court), birth, male, true)}
	switch {
	case age < 18:
		rel.occupation = "学生"
	case lawyerWanted && age >= 25 && age <= 66:
		occupation := "lawyer"
		if r.chance(0.2) {
			occupation = "legal_worker"
		}
		home := w.courts[p.court].city
		practice := (home + 1 + r.intn(len(w.cities)-1)) % len(w.cities)
		li := w.addLawyer(r, practice, name, rel.idNumber, -1, 0)
		rel.occupation, rel.employer, rel.lawyer = occupation, w.lawyers[li].firm, li
	default:
		rel.occupation = pick(r, w.names.Occupations)
		if age > 65 {
			rel.occupation = "退休"
		}
	}
	w.relatives = append(w.relatives, rel)
	if rel.lawyer < 0 {
		return false
	}
	l := &w.lawyers[rel.lawyer]
	l.relCourts = append(l.relCourts, p.court)
	if relation != "sibling" {
		l.close = append(l.close, p.court)
	}
	return true
}
