package gen

import (
	"github.com/qingfeng-court/qingfeng"
)

// genMatter plans matter i: its root, everything derived from it, and the pre-filing
// mediations that never reached a court case.
func (w *world) genMatter(i int, st *chunkStats) *matter {
	m := &matter{idx: i}
	x := &mg{w: w, m: m, st: st,
		r:  newRNG(w.cfg.Seed, streamFlow, uint64(i)),
		ra: newRNG(w.cfg.Seed, streamAnomaly, uint64(i)),
	}
	F := w.tl.at(i, w.cfg.Matters, &x.r)
	switch w.p.Roots.drawKey(&x.r) {
	case "civil_first":
		x.civilRoot(F)
	case "criminal_first":
		x.criminalRoot(F)
	case "admin_first":
		x.adminRoot(F)
	case "state_compensation":
		x.stateCompRoot(F)
	case "non_litigation_enforcement":
		x.nonLitRoot(F)
	default:
		x.preservationRoot(F)
	}
	x.standaloneMediations(F)
	tr := newRNG(w.cfg.Seed, streamFlow+100, uint64(i))
	m.finish(w.cfg.AsOf, &tr)
	return m
}

// standaloneMediations plans pre-filing mediations around the matter's date that ended without
// a court case (settled, or given up).
func (x *mg) standaloneMediations(F date) {
	mp := &x.w.p.Mediation
	for n := x.r.count(mp.Standalone); n > 0; n-- {
		court := x.w.basicCourts.draw(&x.r)
		started := work(F + date(x.r.between(-20, 20)))
		if started > x.asOf() || started < x.w.cfg.From {
			continue
		}
		concluded := addWork(started, x.r.bucket(mp.Days)*5/7)
		x.m.meds = append(x.m.meds, mediationRec{proc: -1, m: qingfeng.Mediation{CourtID: x.w.courts[court].id,
			StartedOn: started, ConcludedOn: concluded, Success: x.r.chance(mp.StandaloneSuccess),
			CauseCode: x.w.causes.civil.draw(&x.r).Code}})
	}
}
