package gen

import (
	"sort"

	"github.com/qingfeng-court/qingfeng"
)

// agentFor picks a lawyer of the city who may act in the court on day d, or -1.
func (x *mg) agentFor(cityIdx, court int, d date) int {
	if x.st.slots != nil {
		x.st.slots[cityIdx]++
	}
	pool := x.w.cities[cityIdx].lawyers
	if len(pool) == 0 {
		return -1
	}
	for try := 0; try < 10; try++ {
		l := pool[x.r.intn(len(pool))]
		if x.w.lawyerOK(l, court, d) {
			return l
		}
	}
	return -1
}

// addAgents gives each party a lawyer with the probability for its side (index 0: the side
// that started the proceeding, 1: the other side).
func (x *mg) addAgents(p *proc, share [2]float64, starters int) {
	cityIdx := x.w.courts[p.court].city
	for i, party := range p.c.Parties {
		side := 1
		if i < starters {
			side = 0
		}
		if party.Role == qingfeng.PartyThirdParty || !x.r.chance(share[side]) {
			continue
		}
		if l := x.agentFor(cityIdx, p.court, p.c.FiledOn); l >= 0 {
			p.c.Agents = append(p.c.Agents, qingfeng.Agent{LawyerID: x.w.lawyers[l].id, PartyIndex: i})
		}
	}
	x.agentAnomalies(p)
}

// carryAgents keeps the origin's lawyers for the same parties where they may still act, as
// happens on appeal; the party order is the same.
func (x *mg) carryAgents(p, from *proc) {
	for _, a := range from.c.Agents {
		l := x.lawyerIndex(a.LawyerID)
		if l >= 0 && a.PartyIndex < len(p.c.Parties) && x.w.lawyerOK(l, p.court, p.c.FiledOn) {
			p.c.Agents = append(p.c.Agents, a)
		}
	}
	x.agentAnomalies(p)
}

func (x *mg) lawyerIndex(id string) int {
	if len(id) < 2 {
		return -1
	}
	n := 0
	for _, c := range id[1:] {
		n = n*10 + int(c-'0')
	}
	if n < 1 || n > len(x.w.lawyers) {
		return -1
	}
	return n - 1
}

// agentAnomalies may put a staff member's relative or a former member of staff
// among the agents of a proceeding that has agents.
func (x *mg) agentAnomalies(p *proc) {
	if len(p.c.Agents) == 0 {
		return
	}
	F := p.c.FiledOn
	relative := false
	if rel := x.w.relLawyersByCourt[p.court]; len(rel) > 0 && x.roll(aAgentStaffRelative, F) {
		relative = true
		l := pick(&x.r, rel)
		i := x.r.intn(len(p.c.Agents))
		p.c.Agents[i].LawyerID = x.w.lawyers[l].id
		x.truth(aAgentStaffRelative, p, "lawyer_id", x.w.lawyers[l].id, "party_index", p.c.Agents[i].PartyIndex,
			"court_id", p.c.CourtID)
	}
	recent := x.recentFormer(F)
	local := x.w.formerByCourt[p.court]
	if !relative && (recent >= 0 || len(local) > 0) && x.roll(aAgentFormerStaff, F) {
		l, variant := recent, "left_within_bar"
		if l < 0 || (len(local) > 0 && x.r.chance(0.4)) {
			l, variant = pick(&x.r, local), "former_court"
		}
		i := x.r.intn(len(p.c.Agents))
		p.c.Agents[i].LawyerID = x.w.lawyers[l].id
		lw := &x.w.lawyers[l]
		x.truth(aAgentFormerStaff, p, "lawyer_id", lw.id, "variant", variant,
			"former_court_id", x.w.courts[lw.formerCourt].id, "left_on", lw.leftOn.String())
	}
}

// recentFormer returns a former member of staff who left less than the bar's months before d
// (at least 30 days before), or -1.
func (x *mg) recentFormer(d date) int {
	all := x.w.formerAll
	lo := d.AddMonths(-x.w.p.Deadlines.FormerStaffBarMonths) + 30
	hi := d - 30
	a := sort.Search(len(all), func(i int) bool { return x.w.lawyers[all[i]].leftOn >= lo })
	b := sort.Search(len(all), func(i int) bool { return x.w.lawyers[all[i]].leftOn > hi })
	if b <= a {
		return -1
	}
	return all[a+x.r.intn(b-a)]
}
