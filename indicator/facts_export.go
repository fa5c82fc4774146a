package indicator

import "github.com/qingfeng-court/qingfeng"

// FactRow is one proceeding as the engine holds it, with the facts it derived (the clock's
// verdict, the appeal's transmission, the matter it belongs to). Benchmarks hand the same rows
// to a SQL engine to compute the same indicators as a cross-check and an anchor.
type FactRow struct {
	Row                        int32
	Court, Division, Judge     int32 // unit rows, -1 none
	Category, Stage, Procedure uint8 // 1 + index in the domain's lists, 0 unset
	Closing, Outcome           uint8
	Filed, Closed              qingfeng.Date
	Origin                     int32 // origin row, -1 none (or not in the data)
	Top                        int32 // the row its origins lead to: its matter root, or a missing origin
	Root, InMatter             bool  // starts a matter; belongs to one whose root is in the data
	Appealable, HearingOpen    bool
	WithinLimit, HasLimit      bool
	Applied, Recovered         int64 // fen
	AgeAtClose                 int32
	Over365                    qingfeng.Date // first day its pending age exceeds 365 days (0 never)
	Received                   qingfeng.Date // E5: file received after the last appeal
	TransmitDays               int32
}

// Facts calls fn for every proceeding the engine holds, in row order.
func (e *Engine) Facts(fn func(*FactRow)) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	k := e.ageIndexOf(365)
	p := &e.p
	var r FactRow
	for i := range p.flags {
		fl := p.flags[i]
		if fl&fPresent == 0 {
			continue
		}
		row := int32(i)
		top := e.top(row)
		am, ap := p.amountsOf(row), p.appealOf(row)
		r = FactRow{Row: row, Court: e.court(int32(i)), Division: p.div[i], Judge: p.judge[i], Category: p.cat[i],
			Stage: p.stage[i], Procedure: p.proc[i], Closing: p.closing[i], Outcome: p.outcome[i],
			Filed: p.filed[i], Closed: p.closed[i], Origin: p.origin[i], Top: top, Root: fl&fHasOrigin == 0,
			InMatter: e.isMatterRoot(top), Appealable: fl&fAppealable != 0, HearingOpen: fl&fHearingOpen != 0,
			WithinLimit: fl&fWithinLimit != 0, HasLimit: fl&fHasLimit != 0, Applied: am.applied,
			Recovered: am.recovered, AgeAtClose: p.ageClose[i], Received: ap.received, TransmitDays: ap.transmit}
		if k >= 0 {
			r.Over365 = e.ageThreshold(row, k)
		}
		fn(&r)
	}
}

// MediationFacts calls fn for every mediation: its court row, conclusion day and success.
func (e *Engine) MediationFacts(fn func(court int32, concluded qingfeng.Date, success bool)) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	for j := range e.med.court {
		fn(e.med.court[j], e.med.concluded[j], e.med.success[j])
	}
}

// CourtParents returns each court row's parent row (-1 for none).
func (e *Engine) CourtParents() []int32 {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := make([]int32, len(e.u.courts))
	for i := range e.u.courts {
		out[i] = e.u.courts[i].parent
	}
	return out
}

// Recompute recomputes every aggregate from the columns in one pass, as a full load does
// after reading; benchmarks time it against the incremental path.
func (e *Engine) Recompute() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.recompute()
}

// MemoryBytes estimates the memory the engine's columns, events and aggregates take.
func (e *Engine) MemoryBytes() int64 {
	e.mu.RLock()
	defer e.mu.RUnlock()
	n := int64(len(e.p.flags))
	cols := n * (2 + 2*4 + 5 + 2*4 + 3*4 + 4) // the procs columns
	cols += int64(len(e.p.courtX)) * 12
	cols += e.p.amounts.bytes() + int64(len(e.p.appeals))*24 // sparse facts
	nums := e.nums.bytes()
	keys := e.caseKeys.bytes() + e.evOwner.bytes() + e.med.ids.bytes()
	keys += int64(len(e.med.court)) * 13
	var evs int64
	for _, l := range e.events {
		evs += int64(cap(l))*32 + 48
	}
	evs += int64(len(e.thresholds)) * 16
	return cols + nums + keys + evs + e.cells.bytes()
}

func (e *Engine) ageIndexOf(n int) int {
	for i, a := range e.ages {
		if a == n {
			return i
		}
	}
	return -1
}

// CaseNumber is the case number of a FactRow's row.
func (e *Engine) CaseNumber(row int32) string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.nums.at(row)
}
