package gen

import (
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// Event sources (src of every record).
const (
	srcCMS       = "cms"
	srcExec      = "exec"
	srcFunds     = "funds"
	srcPetition  = "petition"
	srcCommute   = "commute"
	srcHR        = "hr"
	srcReview    = "review"
	srcMediation = "mediation"
)

// mg generates one matter. It is used by one goroutine at a time.
type mg struct {
	w    *world
	r    rng // the matter's flow
	ra   rng // anomaly decisions, apart so that rates do not shift the flow of other matters
	m    *matter
	used []int // everyone who sat on a panel in this matter (回避规定 Art. 3)
	st   *chunkStats
}

// chunkStats counts what the ordered stage sums up: eligible units per anomaly and, in the
// sizing pass, the workload per division and agent appointments per city.
type chunkStats struct {
	eligible [numAnomalies]int
	divLoad  []int
	slots    []int
}

func (x *mg) asOf() date { return x.w.cfg.AsOf }

// roll decides an anomaly for an eligible unit whose anomaly would show by the date given.
func (x *mg) roll(a anom, shows date) bool {
	if x.w.sizing || shows > x.asOf() {
		return false
	}
	x.st.eligible[a]++
	return x.ra.chance(x.w.rates[a])
}

// truth records an injected anomaly on a proceeding; kv are detail pairs.
func (x *mg) truth(a anom, p *proc, kv ...any) {
	d := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		d[kv[i].(string)] = kv[i+1]
	}
	x.m.truth = append(x.m.truth, truthRec{a: a, proc: p.idx, detail: d})
}

// newProc starts a proceeding filed on day filed, or returns nil when it would be filed after
// the as-of date.
func (x *mg) newProc(typ string, court int, origin *proc, filed date) *proc {
	if filed > x.asOf() {
		return nil
	}
	info := caseTypes[typ]
	p := &proc{idx: len(x.m.procs), typ: typ, court: court, origin: -1, src: info.src, judge: -1, div: -1}
	if origin != nil {
		p.origin = origin.idx
	}
	p.c.CourtID = x.w.courts[court].id
	p.c.Category = info.category
	p.c.Stage = info.stage
	p.c.FiledOn = filed
	if x.r.chance(0.05) {
		p.revise, p.delay = true, x.r.between(1, 8)
	}
	x.m.procs = append(x.m.procs, p)
	return p
}

// setDiv puts the proceeding in the court's division for the role.
func (x *mg) setDiv(p *proc, role int) {
	p.div = x.w.courts[p.court].div[role]
	if p.div >= 0 {
		p.c.DivisionID = x.w.divs[p.div].id
	}
	if x.st.divLoad != nil && p.div >= 0 {
		x.st.divLoad[p.div]++
	}
}

// ev plans an event; kv are attribute pairs.
func (x *mg) ev(p *proc, src, typ string, d date, actor int, kv ...any) {
	var attrs map[string]any
	if len(kv) > 0 {
		attrs = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			attrs[kv[i].(string)] = kv[i+1]
		}
	}
	p.evs = append(p.evs, ev{src: src, typ: typ, d: d, actor: x.w.personID(actor), attrs: attrs})
}

// staff picks someone of the pools, in order, who is at work on day d; -1 when everyone is
// away (the event then has no actor: nobody acts while HR shows them absent, rule R-63).
func (x *mg) staff(pool []int, d date, more ...[]int) int {
	if x.w.sizing {
		return -1
	}
	for _, pl := range append([][]int{pool}, more...) {
		if len(pl) == 0 {
			continue
		}
		for try := 0; try < 6; try++ {
			if i := pl[x.r.intn(len(pl))]; x.w.available(i, d, d) {
				return i
			}
		}
		for _, i := range pl {
			if x.w.available(i, d, d) {
				return i
			}
		}
	}
	return -1
}

// clerk is a clerk of the proceeding's division, or of the court when they are all away.
func (x *mg) clerk(p *proc, d date) int {
	if p.div < 0 {
		return -1
	}
	dv := &x.w.divs[p.div]
	return x.staff(dv.clerks, d, dv.handlers, x.w.courts[p.court].clerks)
}

// filingClerk is who registers material and filings: staff of the court's filing division.
func (x *mg) filingClerk(court int, d date) int {
	c := &x.w.courts[court]
	if c.div[rFiling] < 0 {
		return -1
	}
	dv := &x.w.divs[c.div[rFiling]]
	if x.r.chance(0.7) {
		return x.staff(dv.clerks, d, dv.handlers, c.clerks)
	}
	return x.staff(dv.handlers, d, dv.clerks, c.clerks)
}

// chief is the head of the proceeding's division, or a deputy when the head is away.
func (x *mg) chief(p *proc, d date) int {
	if p.div < 0 || x.w.sizing {
		return -1
	}
	dv := &x.w.divs[p.div]
	if dv.chief >= 0 && x.w.available(dv.chief, d, d) {
		return dv.chief
	}
	if i := x.staff(dv.handlers[:min(len(dv.handlers), 3)], d); i >= 0 {
		return i
	}
	return x.vicePresident(p.court, d)
}

// president returns the court's president, or a vice president when the president is away.
func (x *mg) president(court int, d date) int {
	c := &x.w.courts[court]
	if x.w.sizing {
		return -1
	}
	if c.president >= 0 && x.w.available(c.president, d, d) {
		return c.president
	}
	return x.staff(c.vps, d, []int{c.committee})
}

// vicePresident returns a vice president at work on day d.
func (x *mg) vicePresident(court int, d date) int {
	c := &x.w.courts[court]
	if len(c.vps) == 0 {
		return x.president(court, d)
	}
	return x.staff(c.vps, d, []int{c.president, c.committee})
}

// pickHandler chooses the 承办人 among the division's handlers: someone who sat in no other
// procedure of the matter (回避规定 Art. 3) and has no leave between from and to. When the
// whole division has sat in the matter already, a judge of another trial division of the court
// takes the case, as courts do; -1 when there is none.
func (x *mg) pickHandler(div int, from, to date) int {
	if div < 0 || x.w.sizing {
		return -1
	}
	hs := x.w.divs[div].handlers
	for try := 0; try < 12 && len(hs) > 0; try++ {
		h := hs[x.r.intn(len(hs))]
		if !contains(x.used, h) && x.w.available(h, from, to) {
			return h
		}
	}
	for _, h := range hs {
		if !contains(x.used, h) && x.w.available(h, from, to) {
			return h
		}
	}
	c := &x.w.courts[x.w.divs[div].court]
	for _, role := range []int{rCivil, rCommercial, rCriminal, rAdministrative, rSupervision, rEnforcement} {
		if od := c.div[role]; od >= 0 && od != div {
			for _, h := range x.w.divs[od].handlers {
				if !contains(x.used, h) && x.w.available(h, from, to) {
					return h
				}
			}
		}
	}
	return -1
}

// panel returns the judge and size-1 further handlers of the division not used in the matter.
func (x *mg) panel(div, judge, size int, from, to date) []int {
	if judge < 0 {
		return nil
	}
	out := []int{judge}
	hs := x.w.divs[div].handlers
	for try := 0; len(out) < size && try < 20; try++ {
		h := hs[x.r.intn(len(hs))]
		if !contains(out, h) && !contains(x.used, h) && x.w.available(h, from, to) {
			out = append(out, h)
		}
	}
	// A small division borrows judges of the court's other trial divisions.
	c := &x.w.courts[x.w.divs[div].court]
	for _, role := range []int{rCivil, rCommercial, rCriminal, rAdministrative, rSupervision} {
		od := c.div[role]
		if od < 0 || od == div {
			continue
		}
		for _, h := range x.w.divs[od].handlers {
			if len(out) >= size {
				return out
			}
			if !contains(out, h) && !contains(x.used, h) && x.w.available(h, from, to) {
				out = append(out, h)
			}
		}
	}
	return out
}

func (x *mg) useJudges(p *proc, panel []int) {
	p.c.Panel = p.c.Panel[:0]
	for _, h := range panel {
		if h < 0 {
			continue
		}
		p.c.Panel = append(p.c.Panel, x.w.people[h].id)
		if !contains(x.used, h) {
			x.used = append(x.used, h)
		}
	}
	if len(panel) > 0 && panel[0] >= 0 {
		p.judge = panel[0]
		p.c.JudgeID = x.w.people[panel[0]].id
	}
	if len(p.c.Panel) == 0 {
		p.c.Panel = nil
	}
}

// staffOver picks someone of the pool at work on every day of [from, to], else on day from.
func (x *mg) staffOver(pool []int, from, to date) int {
	if len(pool) == 0 || x.w.sizing {
		return -1
	}
	for try := 0; try < 8; try++ {
		i := pool[x.r.intn(len(pool))]
		if x.w.available(i, from, to) {
			return i
		}
	}
	return x.staff(pool, from)
}

// name draws a synthetic person name.
func (w *world) personName(r *rng, male bool) string {
	var b strings.Builder
	b.WriteString(w.names.Surnames.drawKey(r))
	given := w.names.GivenFemale
	if male {
		given = w.names.GivenMale
	}
	b.WriteString(pick(r, given))
	if r.chance(0.7) {
		b.WriteString(pick(r, given))
	}
	return b.String()
}

// countyOf picks the region code of a county in the court's city, for identity numbers.
func (x *mg) countyOf(court int) string {
	c := &x.w.courts[court]
	if c.kind == kBasic {
		if x.r.chance(0.8) {
			return c.region
		}
	}
	mid := &x.w.courts[x.w.cities[c.city].court]
	if x.r.chance(0.1) {
		mid = &x.w.courts[x.w.intermediates.draw(&x.r)]
	}
	return x.w.courts[pick(&x.r, mid.basics)].region
}

// natural makes a natural-person party living in the court's area.
func (x *mg) natural(role qingfeng.PartyRole, court int, minAge, maxAge int) qingfeng.Party {
	male := x.r.chance(0.55)
	y := x.asOf().Year() - x.r.between(minAge, maxAge)
	birth := qingfeng.NewDate(y, 1, 1) + date(x.r.intn(365))
	return qingfeng.Party{Name: x.w.personName(&x.r, male), IDNumber: idNumber(&x.r, x.countyOf(court), birth, male, false),
		Role: role, Type: qingfeng.PartyNatural}
}

func (x *mg) company(role qingfeng.PartyRole, court int) qingfeng.Party {
	n := x.w.names
	name := x.w.cities[x.w.courts[court].city].name + pick(&x.r, n.CompanyPrefix) + pick(&x.r, n.CompanyIndustry) + "有限公司"
	return qingfeng.Party{Name: name, Role: role, Type: qingfeng.PartyLegal}
}

func (x *mg) lender(role qingfeng.PartyRole) qingfeng.Party {
	return qingfeng.Party{Name: pick(&x.r, x.w.names.Lenders), Role: role, Type: qingfeng.PartyLegal}
}

// organ makes a state organ of the court's area as a party.
func (x *mg) organ(role qingfeng.PartyRole, court int) qingfeng.Party {
	c := &x.w.courts[court]
	place := strings.TrimSuffix(c.name, "人民法院")
	switch c.kind {
	case kIntermediate, kHigh:
		place = x.w.cities[c.city].name + "市"
	case kMaritime, kRailway:
		place = x.w.cities[c.city].name + "市"
	}
	return qingfeng.Party{Name: place + pick(&x.r, x.w.names.Organs), Role: role, Type: qingfeng.PartyStateOrgan}
}

// party makes a natural person with probability natural, otherwise a company.
func (x *mg) party(role qingfeng.PartyRole, court int, natural float64) qingfeng.Party {
	if x.r.chance(natural) {
		return x.natural(role, court, 20, 75)
	}
	return x.company(role, court)
}

func (x *mg) money(buckets []int) qingfeng.Money { return yuan(int64(x.r.bucket(buckets))) }

// hasTruth reports whether an anomaly was injected into the proceeding already.
func (x *mg) hasTruth(p *proc) bool {
	for _, t := range x.m.truth {
		if t.proc == p.idx {
			return true
		}
	}
	return false
}
