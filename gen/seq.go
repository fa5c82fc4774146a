package gen

import (
	"sort"

	"github.com/qingfeng-court/qingfeng/casenum"
)

// sequencer is the ordered stage: it sees the matters in index order and gives out what must
// be unique or counted across matters — case-number serials per court, type and year, record
// ids — and gathers the clusters that span matters. Its state is small: one
// counter per court, type and year, and one cell per division-month and per hot judge.
type sequencer struct {
	w          *world
	serials    map[serialKey]int
	nextCase   int
	nextMed    int
	cells      map[[2]int]*cell
	complaints map[[2]int][]complaintHit
	typeCounts map[string]int
}

type serialKey struct {
	court int
	typ   string
	year  int
}

type cell struct {
	total, designated int
	hot               bool
	first             string // first designated proceeding
}

type complaintHit struct {
	d      date
	number string
}

func newSequencer(w *world) *sequencer {
	return &sequencer{w: w, serials: map[serialKey]int{}, cells: map[[2]int]*cell{},
		complaints: map[[2]int][]complaintHit{}, typeCounts: map[string]int{}}
}

// number numbers the proceedings and mediations of one matter.
func (s *sequencer) number(m *matter) {
	for _, p := range m.procs {
		k := serialKey{p.court, p.typ, p.c.FiledOn.Year()}
		s.serials[k]++
		p.number = casenum.Number{Year: k.year, Court: s.w.courts[p.court].code, Type: p.typ, Serial: s.serials[k]}.String()
		p.c.Number = p.number
		s.nextCase++
		prefix := "c"
		if p.src == srcExec {
			prefix = "x"
		}
		p.srcID = prefix + padInt(s.nextCase, 9)
		if p.origin >= 0 {
			p.c.OriginNumber = m.procs[p.origin].number
		}
		s.typeCounts[p.typ]++
	}
	for i := range m.meds {
		s.nextMed++
		md := &m.meds[i]
		md.m.ID = "M" + padInt(s.nextMed, 9)
		if md.proc >= 0 {
			md.m.CaseNumber = m.procs[md.proc].number
		}
	}
	for _, a := range m.assigns {
		c := s.cells[[2]int{a.div, a.month}]
		if c == nil {
			c = &cell{hot: a.hot}
			s.cells[[2]int{a.div, a.month}] = c
		}
		c.total++
		if a.designated {
			c.designated++
			if c.first == "" {
				c.first = m.procs[a.proc].number
			}
		}
	}
	for _, c := range m.complaints {
		if c.hot {
			k := [2]int{c.judge, c.half}
			s.complaints[k] = append(s.complaints[k], complaintHit{d: c.d, number: m.procs[c.proc].number})
		}
	}
}

// clusterTruth returns the truth lines of the clusters that formed: a hot division-month with
// at least three designated assignments making at least 30% of its assignments, a hot
// judge with at least three complaints within six months. It also reports how many units
// were eligible.
func (s *sequencer) clusterTruth() (lines []truthLine, eligibleCells, eligibleJudges int) {
	w := s.w
	keys := make([][2]int, 0, len(s.cells))
	for k := range s.cells {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		c := s.cells[k]
		if c.hot && c.designated >= 3 && c.designated*10 >= c.total*3 {
			lines = append(lines, truthLine{Anomaly: aDesignatedCluster.String(), CaseNumber: c.first, Rule: w.rule(aDesignatedCluster),
				Detail: map[string]any{"division_id": w.divs[k[0]].id, "month": monthString(k[1]), "assigned": c.total, "designated": c.designated}})
		}
	}
	eligibleCells = len(s.cells)
	jk := make([][2]int, 0, len(s.complaints))
	for k := range s.complaints {
		jk = append(jk, k)
	}
	sort.Slice(jk, func(i, j int) bool { return jk[i][0] < jk[j][0] || jk[i][0] == jk[j][0] && jk[i][1] < jk[j][1] })
	for _, k := range jk {
		hits := s.complaints[k]
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].d < hits[j].d })
		for i := range hits {
			j := i
			for j+1 < len(hits) && hits[j+1].d-hits[i].d <= 182 {
				j++
			}
			if j-i+1 >= 3 {
				cases := []string{}
				for _, h := range hits[i : j+1] {
					cases = append(cases, h.number)
				}
				lines = append(lines, truthLine{Anomaly: aComplaintCluster.String(), CaseNumber: hits[i].number, Rule: w.rule(aComplaintCluster),
					Detail: map[string]any{"judge_id": w.people[k[0]].id, "complaints": j - i + 1, "from": hits[i].d.String(),
						"to": hits[j].d.String(), "cases": cases}})
				break
			}
		}
	}
	return lines, eligibleCells, w.judgeHalves()
}

// judgeHalves counts the (judge, half-year) units of R-62: every case handler in every half
// year of the window.
func (w *world) judgeHalves() int {
	handlers := 0
	for i := range w.divs {
		handlers += len(w.divs[i].handlers)
	}
	return handlers * (halfYear(w.cfg.AsOf) - halfYear(w.cfg.From) + 1)
}

func monthString(ym int) string {
	return itoa(ym/12) + "-" + padInt(ym%12+1, 2)
}
