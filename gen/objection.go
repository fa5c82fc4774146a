package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// objection plans an execution objection (执异) raised while assets are held, sometimes
// followed by a review (执复) at the court above and supervision (执监).
func (x *mg) objection(p *proc, from, to date) {
	w := x.w
	ep := &w.p.Enforcement
	if to-from < 10 || !x.r.chance(ep.Objection) {
		return
	}
	raised := work(from + date(x.r.intn(int(to-from)/2+1)))
	F := addWork(raised, x.r.between(0, 1))
	q := x.newProc(tObjection, p.court, p, F)
	if q == nil {
		return
	}
	q.c.ReceivedOn = raised
	q.c.CauseCode = p.c.CauseCode
	objector := x.natural(qingfeng.PartyApplicant, p.court, 25, 70)
	if x.r.chance(0.5) && len(p.c.Parties) > 1 {
		objector = p.c.Parties[len(p.c.Parties)-1]
		objector.Role = qingfeng.PartyApplicant
		objector.Account = ""
	}
	respondent := p.c.Parties[0]
	respondent.Role, respondent.Account = qingfeng.PartyRespondent, ""
	q.c.Parties = []qingfeng.Party{objector, respondent}
	x.setDiv(q, rEnforcement)
	out := qingfeng.OutRejected
	if x.r.chance(ep.ObjectionGranted) {
		out = qingfeng.OutGranted
	}
	t := x.trial(q, trialOpts{limit: w.p.Limits["enforcement_objection"], dur: []int{30, 50, 65, 78}, method: qingfeng.CloseRuling,
		outcome: out, panelSize: 3, eventSrc: srcExec, forceJudge: x.sameJudge(q)})
	if !x.r.chance(ep.ObjectionReview) || t.close > x.asOf() {
		return
	}
	F2 := addWork(t.lastService, x.r.between(4, 8))
	r := x.newProc(tObjectionReview, x.appellate(p.court), q, F2)
	if r == nil {
		return
	}
	r.c.ReceivedOn = workBefore(F2 - date(x.r.between(0, 2)))
	r.c.CauseCode = q.c.CauseCode
	r.c.Parties = append(r.c.Parties, q.c.Parties...)
	x.setDiv(r, rEnforcement)
	rout := pick(&x.r, []qingfeng.Outcome{qingfeng.OutRejected, qingfeng.OutRejected, qingfeng.OutRejected, qingfeng.OutGranted})
	t2 := x.trial(r, trialOpts{limit: w.p.Limits["enforcement_review"], dur: []int{30, 50, 65, 78}, method: qingfeng.CloseRuling,
		outcome: rout, panelSize: 3, eventSrc: srcExec})
	if !x.r.chance(ep.Supervision) || t2.close > x.asOf() {
		return
	}
	F3 := addWork(t2.lastService, x.r.between(20, 90))
	s := x.newProc(tSupervision, x.appellate(r.court), r, F3)
	if s == nil {
		return
	}
	s.c.ReceivedOn = workBefore(F3 - date(x.r.between(0, 2)))
	s.c.CauseCode = r.c.CauseCode
	s.c.Parties = append(s.c.Parties, r.c.Parties...)
	x.setDiv(s, rEnforcement)
	x.trial(s, trialOpts{limit: w.p.Limits["enforcement_supervision"], dur: []int{20, 40, 60, 78}, method: qingfeng.CloseRuling,
		outcome: qingfeng.OutRejected, panelSize: 3, eventSrc: srcExec})
}
