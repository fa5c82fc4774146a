package indicator

import (
	"fmt"
	"slices"

	"github.com/qingfeng-court/qingfeng/i18n"
)

// TopCourt returns the id of the court with the largest subtree among those without a parent:
// the province's high court in a provincial instance.
func (e *Engine) TopCourt() string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	best, size := "", -1
	for i := range e.u.courts {
		if e.u.courts[i].parent < 0 {
			if n := len(e.u.subtree(int32(i))); n > size {
				best, size = e.u.courts[i].ID, n
			}
		}
	}
	return best
}

// Within computes a pack for every division or judge (or court) inside a court's subtree that
// has data in the period, from one full computation; abnormal movement is judged against the
// other units of the same kind and class in the table.
func (e *Engine) Within(pack, court string, k UnitKind, p Period, l i18n.Lang) ([]Value, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	c, err := e.u.resolve(UnitRef{Kind: UnitCourt, ID: court})
	if err != nil {
		return nil, err
	}
	p = e.Resolve(p)
	pi := slices.Index(PeriodsOfYear(p.Year), p)
	if pi < 0 {
		return nil, fmt.Errorf("period %s", p)
	}
	tables, err := e.computeAll(pack, p.Year)
	if err != nil {
		return nil, err
	}
	t := tables[kindIndex(k)]
	active := map[int32]bool{}
	for ui, u := range t.Units {
		for ind := range t.inds {
			if _, den := t.Raw(ui, pi, ind); den != 0 && e.u.isAncestor(c, e.u.courtOf(k, u)) {
				active[u] = true
			}
		}
	}
	vals := e.tableValues(t, pi, l, func(u int32) bool { return active[u] })
	e.peerFlags(t, vals)
	return vals, nil
}

// peerFlags marks the values whose robust z-score against the other values of the same
// indicator and peer class reaches the pack's threshold.
func (e *Engine) peerFlags(t *Table, vals []Value) {
	type group struct{ ind, class string }
	idx := map[group][]int{}
	for i, v := range vals {
		class := string(v.Unit.Level)
		if t.Kind != UnitCourt {
			class = string(v.Unit.Line)
		}
		idx[group{v.Indicator, class}] = append(idx[group{v.Indicator, class}], i)
	}
	for g, members := range idx {
		ci := e.inds[t.Pack.ID][g.ind]
		a := t.Pack.Abnormal
		if ci.ind.Abnormal != nil {
			a = *ci.ind.Abnormal
		}
		var xs []float64
		for _, i := range members {
			if v := vals[i]; v.Value != nil && v.Denominator >= a.MinDenominator {
				xs = append(xs, *v.Value)
			}
		}
		if len(xs) < a.MinPeers+1 {
			continue
		}
		for _, i := range members {
			if v := &vals[i]; v.Value != nil && v.Denominator >= a.MinDenominator {
				v.Abnormal = flag(*v.Value, xs, a.Z, "peers")
			}
		}
	}
}
