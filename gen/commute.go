package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// commuteTerms are the time rules of 减刑假释规定 (2016) Art. 6–7 for one sentence.
type commuteTerms struct {
	sentence int  // months
	start    int  // months served before the first reduction, counted from the day the judgment took effect (Art. 6)
	interval int  // months between two reductions
	strict   bool // an Art. 7 group (official, financial, organised crime …)
	class    string
}

func (x *mg) commuteTerms(sentence int, class string) commuteTerms {
	cm := &x.w.p.Commutation
	t := commuteTerms{sentence: sentence, start: cm.StartUnder5y, interval: cm.IntervalUnder10y, strict: class != "", class: class}
	switch {
	case sentence >= 120:
		t.start, t.interval = cm.StartOver10y, cm.IntervalOver10y
	case sentence >= 60:
		t.start = cm.Start5to10y
	}
	if t.strict {
		t.start = max(t.start, cm.StartStrict)
	}
	if t.class == "" {
		t.class = "ordinary"
	}
	return t
}

// commutations plans up to max_rounds reductions of a fixed-term sentence at the intermediate
// court of the trial court's city: each proposed after the minimum time served and interval,
// with a reduction under the cap for its grounds, decided within a month of the proposal
// (审理程序规定 Art. 1, 3, 18). break the time rules or the cap.
func (x *mg) commutations(eff effective, trialProc *proc) {
	sentence := trialProc.sentence
	if eff.p != trialProc {
		sentence = eff.p.sentence
	}
	terms := x.commuteTerms(sentence, trialProc.class)
	remaining := sentence
	var last *proc
	lastReduction := 0
	for round := 0; round < x.w.p.Commutation.MaxRounds; round++ {
		p, reduction := x.commutationRound(eff, trialProc, terms, round, last, lastReduction, remaining)
		if p == nil {
			return
		}
		last, lastReduction = p, reduction
		remaining -= reduction
	}
}

// commutationRound plans one reduction; it returns nil when there is none (too late, or the
// sentence nearly served).
func (x *mg) commutationRound(eff effective, trialProc *proc, t commuteTerms, round int, last *proc, lastReduction, remaining int) (*proc, int) {
	w := x.w
	cm := &w.p.Commutation
	grounds := cm.Grounds.drawKey(&x.r)
	merit := grounds == "major_merit" // exempt from the start and interval rules (Art. 6)
	var proposal date
	var served int
	early := false
	if last == nil {
		served = t.start + x.r.between(2, 6)
		if !merit && x.roll(aCommutationTooEarly, eff.day.AddMonths(t.start)) {
			served, early = max(t.start-x.r.between(2, 5), 3), true
		}
		proposal = work(eff.day.AddMonths(served))
	} else {
		gap := max(t.interval, lastReduction) + x.r.between(2, 6)
		if !merit && x.roll(aCommutationTooEarly, last.c.ClosedOn.AddMonths(t.interval)) {
			gap, early = max(t.interval-x.r.between(2, 5), 3), true
		}
		proposal = work(last.c.ClosedOn.AddMonths(gap))
		served = monthsBetween(eff.day, proposal)
	}
	if proposal > x.asOf() || served+8 >= remaining {
		return nil, 0
	}
	reduction := x.r.bucket(cm.Reduction)
	limit := cm.Cap[grounds]
	if t.strict {
		limit = min(limit, cm.StrictCap)
	}
	large := x.roll(aCommutationReductionTooLarge, proposal)
	if large {
		reduction = limit + x.r.between(1, 6)
	}
	court := w.cities[w.courts[eff.p.court].city].court
	F := addWork(proposal, x.r.between(1, 4))
	p := x.newProc(tCommutation, court, eff.p, F)
	if p == nil {
		return nil, 0
	}
	p.c.ReceivedOn = proposal
	p.c.CauseCode = trialProc.c.CauseCode
	p.c.Flags.MeritService = merit
	p.c.Parties = []qingfeng.Party{trialProc.c.Parties[0]}
	x.setDiv(p, rCriminal)
	open := t.strict || merit || early || large || x.r.chance(0.3) // Art. 6 cases are heard in open court
	x.commutationEvents(p, proposal, open)
	x.ev(p, srcCommute, "commutation_proposed", proposal, -1, "sentence_months", t.sentence, "served_months", served,
		"reduction_months", reduction, "grounds", grounds, "crime_class", t.class)
	if early {
		prev := ""
		if last != nil {
			prev = last.c.ClosedOn.String()
		}
		x.truth(aCommutationTooEarly, p, "round", round+1, "served_months", served, "minimum_months", t.start,
			"interval_months", t.interval, "previous_ruling", prev)
	}
	if large {
		x.truth(aCommutationReductionTooLarge, p, "reduction_months", reduction, "cap_months", limit, "grounds", grounds)
	}
	return p, reduction
}

// commutationEvents plans the court's steps: filed, published within 5 days for 5 days, heard,
// ruled within a month of the proposal, served within 7 days.
func (x *mg) commutationEvents(p *proc, proposal date, open bool) {
	w := x.w
	F, court := p.c.FiledOn, p.court
	published := addWork(F, x.r.between(0, 2))
	heard := addWork(published+5, x.r.between(1, 4))
	ruled := addWork(heard, x.r.between(1, 3))
	if ruled > proposal+27 {
		ruled = workBefore(proposal + 27)
		heard = min(heard, ruled)
	}
	served := addWork(ruled, x.r.between(1, 3))
	judge := x.pickHandler(p.div, F, served)
	var panel []int
	if judge >= 0 {
		panel = x.panel(p.div, judge, 3, F, served)
	}
	if forced := x.sameJudge(p); forced > 0 {
		panel = []int{forced - 1}
	}
	x.useJudges(p, panel)
	x.ev(p, srcCMS, "filed", F, x.filingClerk(court, F))
	x.ev(p, srcCMS, "assigned", F, x.filingClerk(court, F), "method", "random", "judge_id", w.personID(p.judge))
	x.ev(p, srcCommute, "commutation_filed", F, x.filingClerk(court, F))
	x.ev(p, srcCommute, "commutation_published", published, p.judge, "days", w.p.Deadlines.CommutationPublishDays)
	x.ev(p, srcCommute, "commutation_heard", heard, p.judge, "open", open)
	x.ev(p, srcCommute, "commutation_ruled", ruled, p.judge)
	x.ev(p, srcCommute, "commutation_served", served, x.clerk(p, served))
	p.c.ClosedOn = ruled
	p.c.ClosingMethod = qingfeng.CloseRuling
	p.c.Outcome = qingfeng.OutGranted
	x.ev(p, srcCMS, "closed", ruled, p.judge, "closing_method", string(qingfeng.CloseRuling))
}

// monthsBetween counts whole calendar months from a to b.
func monthsBetween(a, b date) int {
	ya, ma, da := a.YMD()
	yb, mb, db := b.YMD()
	n := (yb-ya)*12 + int(mb) - int(ma)
	if db < da {
		n--
	}
	return n
}
