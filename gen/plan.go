package gen

import (
	"slices"

	"github.com/qingfeng-court/qingfeng"
)

// ev is one planned event of a proceeding. Events are planned on dates; the time of day is set
// when the matter is finished, so that events of one day keep the order they were planned in.
type ev struct {
	src   string
	typ   string
	d     date
	min   int16 // minutes after midnight
	actor string
	attrs map[string]any
}

// proc is one planned proceeding (件) with its events.
type proc struct {
	idx    int
	c      qingfeng.Case
	typ    string
	court  int
	div    int
	origin int // index of the proceeding it derives from, -1 for the root
	src    string
	evs    []ev
	revise bool // also write a pending revision before the final record
	delay  int  // chunks by which the final record is held back when revise is set

	number string // case number, set by the sequencer
	srcID  string // record id in its source, set by the sequencer

	// planning state
	judge      int
	limitEnd   date
	flags      []string   // 四类 sub-types in force
	unflagged  bool       // R-30 injected: no flag may follow
	flagEvents []flagPlan // flags to record at assignment
	sentence   int        // custodial months (criminal)
	probation  bool
	class      string
	awarded    qingfeng.Money
}

func (p *proc) closed() bool { return !p.c.ClosedOn.IsZero() }

// flagPlan is a 四类 flag recorded when the proceeding is assigned.
type flagPlan struct{ typ, reason string }

// mediationRec is a pre-filing mediation; proc is the proceeding it led to, or -1.
type mediationRec struct {
	m    qingfeng.Mediation
	proc int
}

// truthRec is one injected anomaly. Values of detail that name proceedings are kept as
// procRef until the sequencer has numbered them.
type truthRec struct {
	a      anom
	proc   int
	detail map[string]any
}

// procRef stands for the case number of a proceeding of the same matter in truth details.
type procRef int

// assignRec feeds the designated-assignment clusters, complaintRec the complaint
// clusters; the sequencer sees them in order across matters.
type assignRec struct {
	div        int
	month      int
	designated bool
	hot        bool
	proc       int
}

type complaintRec struct {
	judge int
	half  int
	d     date
	hot   bool
	proc  int
}

// matter is everything one root matter produces.
type matter struct {
	idx        int
	procs      []*proc
	meds       []mediationRec
	truth      []truthRec
	assigns    []assignRec
	complaints []complaintRec
}

// finish sorts each proceeding's events by date, gives them times of day, and cuts the
// matter at the as-of date: later events are dropped and proceedings closed later are shown
// pending.
func (m *matter) finish(asOf date, r *rng) {
	for _, p := range m.procs {
		slices.SortStableFunc(p.evs, func(a, b ev) int { return int(a.d) - int(b.d) })
		n := 0
		var last date
		var minute int
		for _, e := range p.evs {
			if e.d > asOf {
				continue
			}
			if e.d != last {
				last, minute = e.d, 510+r.intn(90) // from 08:30
			} else {
				minute += 3 + r.intn(35)
				if minute > 1070 { // 17:50
					minute = 1070
				}
			}
			e.min = int16(minute)
			p.evs[n] = e
			n++
		}
		p.evs = p.evs[:n]
		if p.c.ClosedOn > asOf {
			p.open()
		}
		if p.revise && !p.closed() {
			p.revise = false
		}
	}
	for i := range m.meds {
		md := &m.meds[i].m
		if md.ConcludedOn > asOf {
			md.ConcludedOn, md.Success = 0, false
			m.meds[i].proc = -1
		}
	}
}

// open clears what a proceeding only has once it is closed.
func (p *proc) open() {
	p.c.ClosedOn = 0
	p.c.ClosingMethod = ""
	p.c.Outcome = ""
	p.c.Appealable = false
	p.c.AmountRecovered = 0
}
