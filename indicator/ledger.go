package indicator

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// LedgerQuery asks for the members behind one side of a value, a page at a time (Page from 1).
type LedgerQuery struct {
	Query
	Side string `json:"side"` // numerator or denominator
	Page int    `json:"page"`
	Size int    `json:"size"`
}

// Ledger is the exact list behind one side of a value: proceedings (by case number),
// mediations (by id), judges (by person id) or events (by case number), each with what it adds.
// The values of all rows add up to the side's number.
type Ledger struct {
	Pack        string      `json:"pack"`
	PackVersion string      `json:"pack_version"`
	Indicator   string      `json:"indicator"`
	Unit        UnitInfo    `json:"unit"`
	Period      string      `json:"period"`
	Side        string      `json:"side"`
	Population  string      `json:"population"`
	DataSeq     int64       `json:"data_seq"` // the data time: the log sequence it was computed at
	AsOf        string      `json:"as_of"`
	Total       int         `json:"total"`
	Sum         float64     `json:"sum"`
	Page        int         `json:"page"`
	Size        int         `json:"size"`
	Rows        []LedgerRow `json:"rows"`
}

// LedgerRow is one member and its contribution.
type LedgerRow struct {
	ID    string  `json:"id"`
	Value float64 `json:"value"`
}

// Ledger lists the members of the numerator or denominator of a value.
func (e *Engine) Ledger(q LedgerQuery) (*Ledger, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ci, err := e.indicator(q.Pack, q.Indicator)
	if err != nil {
		return nil, err
	}
	s, err := e.sel(q.Unit)
	if err != nil {
		return nil, err
	}
	p := e.Resolve(q.Period)
	var m measure
	switch q.Side {
	case "numerator":
		m = ci.num
	case "denominator":
		m = ci.den
	default:
		return nil, fmt.Errorf("ledger side %q is not numerator or denominator", q.Side)
	}
	if q.Size <= 0 {
		q.Size = 50
	}
	q.Page = max(q.Page, 1)
	var rows []LedgerRow
	for _, mb := range e.members(m, s, p) {
		rows = append(rows, e.ledgerRows(mb.a, mb.row, mb.v)...)
	}
	slices.SortFunc(rows, func(a, b LedgerRow) int { return strings.Compare(a.ID, b.ID) })
	out := &Ledger{Pack: ci.pack.ID, PackVersion: ci.pack.Version, Indicator: ci.ind.ID, Unit: e.u.info(s.k, s.idx),
		Period: p.String(), Side: q.Side, DataSeq: e.seq, AsOf: e.asOf.String(), Total: len(rows),
		Page: q.Page, Size: q.Size, Population: population(m, e)}
	for _, r := range rows {
		out.Sum += r.Value
	}
	from := min((q.Page-1)*q.Size, len(rows))
	out.Rows = rows[from:min(from+q.Size, len(rows))]
	if out.Rows == nil {
		out.Rows = []LedgerRow{}
	}
	return out, nil
}

func population(m measure, e *Engine) string {
	if len(m.terms) == 0 {
		return ""
	}
	return [...]string{"proceedings", "matters", "mediations", "events", "judges"}[e.aggs[m.terms[0].col].pop]
}

// member is a row counted in a measure, and what it adds (money in yuan).
type member struct {
	a   *aggDef
	row int32 // proceeding row; -1-j for mediation or person j
	v   float64
}

// members scans the columns for the rows that make up a measure for a unit and period.
func (e *Engine) members(m measure, s unitSel, p Period) []member {
	m0, m1 := p.months()
	in := map[int32]bool{}
	for _, u := range s.members {
		in[u] = true
	}
	unitOK := func(u unitsOf) bool {
		switch s.kind {
		case kDiv:
			return in[u.div]
		case kJudge:
			return in[u.judge]
		}
		return in[u.court]
	}
	var rows []member
	for _, t := range m.terms {
		a := &e.aggs[t.col]
		at := m1 // the day a stock is read: end of the period, or the day before it
		if t.eval == evalStockStart {
			at = m0 - 1
		}
		scale := 1.0
		if a.wide {
			scale = 100
		}
		// A stock member is counted when it started by the month read and had not stopped.
		var start int32
		var startV int64
		started := false
		collect := func(a *aggDef, u unitsOf, mo int32, v int64, row int32) {
			if !unitOK(u) {
				return
			}
			if t.eval == evalFlow {
				if mo >= m0 && mo <= m1 {
					rows = append(rows, member{a, row, float64(v) / scale})
				}
				return
			}
			if !started {
				start, startV, started = mo, v, true
				return
			}
			started = false
			if start <= at && mo > at {
				rows = append(rows, member{a, row, float64(startV) / scale})
			}
		}
		flush := func(row int32) {
			if started && start <= at {
				rows = append(rows, member{a, row, float64(startV) / scale})
			}
			started = false
		}
		one := []int{t.col}
		switch a.pop {
		case popMediations:
			for j := range e.med.court {
				e.emitMediation(int32(j), one, 1, collect)
			}
		case popJudges:
			for _, mb := range e.judgeRows(s, at) {
				mb.a = a
				rows = append(rows, mb)
			}
		default:
			var buf []int32
			for i := range e.p.flags {
				e.emitCol(int32(i), a, &buf, collect)
				flush(int32(i))
			}
		}
	}
	return rows
}

// ledgerRows names a member: a proceeding by number, a mediation by id, a judge by person id;
// a matter counted by its size gives each proceeding of its tree, one each, so that the rows
// add up to the sum of sizes.
func (e *Engine) ledgerRows(a *aggDef, row int32, v float64) []LedgerRow {
	switch a.pop {
	case popMediations:
		return []LedgerRow{{ID: e.med.ids.at(-1 - row), Value: v}}
	case popJudges:
		return []LedgerRow{{ID: e.u.people[-1-row].ID, Value: v}}
	case popMatters:
		if a.sum == sumSize {
			var out []LedgerRow
			var buf []int32
			sign := math.Copysign(1, v)
			e.walk(row, &buf, func(i int32) {
				if e.p.flags[i]&fPresent != 0 {
					out = append(out, LedgerRow{ID: e.nums.decode(e.nums.codes[i]), Value: sign})
				}
			})
			return out
		}
	}
	return []LedgerRow{{ID: e.nums.decode(e.nums.codes[row]), Value: v}}
}

// emitCol sends proceeding i's contributions to one column (for readers: buf is their own).
func (e *Engine) emitCol(i int32, a *aggDef, buf *[]int32, out sink) {
	if e.p.flags[i]&fPresent == 0 {
		return
	}
	switch a.pop {
	case popMatters:
		if e.p.flags[i]&fHasOrigin != 0 || e.p.filed[i] == 0 || !e.match(i, &a.f) {
			return
		}
		v := int64(1)
		if a.sum == sumSize {
			v = e.treeSize(i, buf)
		}
		out(a, e.unitsOf(i), monthOf(e.p.filed[i]), v, i)
	case popEvents:
		e.emitEvents(i, a, 1, out)
	default:
		e.emitOne(i, a, 1, out)
	}
}
