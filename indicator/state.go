package indicator

import (
	"slices"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// pflags are a proceeding's bits; sixteen are enough and each byte counts ten million times.
type pflags = uint16

// Bits of a proceeding's flags column.
const (
	fPresent     pflags = 1 << iota // a case record exists for the number (else a placeholder)
	fAppealable                     // appealable
	fHearingOpen                    // hearing_open
	fLongerLimit                    // flags.longer_limit
	fNonLit                         // flags.non_litigation
	fHasOrigin                      // origin_case_number is set
	fWithinLimit                    // closed within the limit (calendar.Clock)
	fHasLimit                       // the time-limit table selects it
	fExtended                       // an extension was approved
	fCycle                          // its origin chain loops back to it (bad data): not linked
	fClockEvents                    // it has events the clock reads: its ages need the clock
	fAmounts                        // it has an entry in procs.amounts (spares the lookup for most rows)
	fAppeal                         // it has an entry in procs.appeals
	fCourtX                         // its court is in procs.courtX, not its division's

	recordBits = fAppealable | fHearingOpen | fLongerLimit | fNonLit // bits a record sets
)

// procs holds one row per case number: a proceeding when fPresent, else a placeholder for a
// number named only as an origin or by events. Enumerations are 1 + their index in the
// domain's value list, 0 for unset.
type procs struct {
	flags                              []pflags
	div, judge                         []int32
	cat, stage, proc, closing, outcome []uint8
	filed, closed                      []qingfeng.Date
	origin, child, sib                 []int32 // origin row (-1 none); first child; next sibling
	ageClose                           []int32 // age at closing net of excluded days
	// Facts few proceedings have are kept by row, not in columns: money (enforcement), and
	// the file's receipt after an appeal (E5).
	amounts amountTable
	appeals map[int32]appeal
	// A proceeding's court is its division's (see Engine.court); the few whose court is
	// another, or who have a court and no division, are kept here.
	courtX map[int32]int32
}

// amounts are a proceeding's money, in fen.
type amounts struct{ applied, recovered int64 }

// appeal is the appellate court's receipt of the file after the last appeal, and the days it
// took.
type appeal struct {
	received qingfeng.Date
	transmit int32
}

func (p *procs) amountsOf(i int32) amounts {
	if p.flags[i]&fAmounts == 0 {
		return amounts{}
	}
	return p.amounts.get(i)
}

func (p *procs) setAmounts(i int32, a amounts) {
	if a == (amounts{}) {
		if p.flags[i]&fAmounts != 0 {
			p.amounts.del(i)
			p.flags[i] &^= fAmounts
		}
		return
	}
	p.amounts.put(i, a)
	p.flags[i] |= fAmounts
}

func (p *procs) appealOf(i int32) appeal {
	if p.flags[i]&fAppeal == 0 {
		return appeal{}
	}
	return p.appeals[i]
}

func (p *procs) setAppeal(i int32, a appeal) {
	if a == (appeal{}) {
		dropSide(p.appeals, p.flags, fAppeal, i)
		return
	}
	putSide(&p.appeals, p.flags, fAppeal, i, a)
}

// putSide and dropSide keep a side map: a value only a few rows have, held in a map beside the
// columns, with a flag bit on each row that has an entry so that readers skip the map lookup.
func putSide[V any](m *map[int32]V, flags []pflags, bit pflags, i int32, v V) {
	if *m == nil {
		*m = map[int32]V{}
	}
	(*m)[i] = v
	flags[i] |= bit
}

func dropSide[V any](m map[int32]V, flags []pflags, bit pflags, i int32) {
	if flags[i]&bit != 0 {
		delete(m, i)
		flags[i] &^= bit
	}
}

// clip drops the spare capacity appending left in the columns, after a bulk load: up to a
// quarter of each.
func (p *procs) clip() {
	p.flags = slices.Clone(p.flags)
	p.div, p.judge = slices.Clone(p.div), slices.Clone(p.judge)
	p.cat, p.stage, p.proc = slices.Clone(p.cat), slices.Clone(p.stage), slices.Clone(p.proc)
	p.closing, p.outcome = slices.Clone(p.closing), slices.Clone(p.outcome)
	p.filed, p.closed = slices.Clone(p.filed), slices.Clone(p.closed)
	p.origin, p.child, p.sib = slices.Clone(p.origin), slices.Clone(p.child), slices.Clone(p.sib)
	p.ageClose = slices.Clone(p.ageClose)
	p.amounts.pack()
}

func (p *procs) grow() {
	p.flags = append(p.flags, 0)
	p.div = append(p.div, -1)
	p.judge = append(p.judge, -1)
	p.cat = append(p.cat, 0)
	p.stage = append(p.stage, 0)
	p.proc = append(p.proc, 0)
	p.closing = append(p.closing, 0)
	p.outcome = append(p.outcome, 0)
	p.filed = append(p.filed, 0)
	p.closed = append(p.closed, 0)
	p.origin = append(p.origin, -1)
	p.child = append(p.child, -1)
	p.sib = append(p.sib, -1)
	p.ageClose = append(p.ageClose, 0)
}

// caseRow is what the engine keeps of one case record: the fields indicators read. Merging
// rows follows store.MergeCase: a field the later record sets replaces the earlier one.
type caseRow struct {
	court, div, judge                  int32
	cat, stage, proc, closing, outcome uint8
	filed, closed                      qingfeng.Date
	origin                             int32 // row of origin_case_number, -1 none
	applied, recovered                 int64
	bits                               pflags // recordBits
}

func (r *caseRow) merge(src *caseRow) {
	setI := func(d *int32, s int32) {
		if s >= 0 {
			*d = s
		}
	}
	setB := func(d *uint8, s uint8) {
		if s != 0 {
			*d = s
		}
	}
	setI(&r.court, src.court)
	setI(&r.div, src.div)
	setI(&r.judge, src.judge)
	setB(&r.cat, src.cat)
	setB(&r.stage, src.stage)
	setB(&r.proc, src.proc)
	setB(&r.closing, src.closing)
	setB(&r.outcome, src.outcome)
	if src.filed != 0 {
		r.filed = src.filed
	}
	if src.closed != 0 {
		r.closed = src.closed
	}
	setI(&r.origin, src.origin)
	if src.applied != 0 {
		r.applied = src.applied
	}
	if src.recovered != 0 {
		r.recovered = src.recovered
	}
	r.bits |= src.bits
}

// contrib is one of several case records that make up one proceeding (several source systems
// reporting the same number). key 0 stands for the record that was alone before the second
// arrived, whose key the engine did not keep.
type contrib struct {
	key uint64
	seq int64
	row caseRow
}

// cevent is an event the engine keeps: one the clock reads, one E5 reads, or one an events
// measure counts. Everything else is dropped at once. Fields go largest first: 32 bytes, not 40.
type cevent struct {
	key    uint64
	at     int64 // Unix seconds
	off    int32 // the offset it was written in, seconds east of UTC
	days   int32 // extension_approved: days
	reason uint16
	typ    uint8 // index in Engine.evTypes
	from   uint8 // procedure_converted
	to     uint8
}

func (c *cevent) date() qingfeng.Date {
	return qingfeng.Date(floorDiv(c.at+int64(c.off), 86400) + unixDay1)
}

func (c *cevent) time() time.Time {
	return time.Unix(c.at, 0).In(time.FixedZone("", int(c.off)))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// mediations are pre-filing mediations, one row per mediation id: the ids table's row.
type mediations struct {
	ids       *numbers // id → row, and back for the ledger
	court     []int32
	started   []qingfeng.Date
	concluded []qingfeng.Date
	success   []bool
}

func code[T comparable](set []T, v T) uint8 {
	for i, s := range set {
		if s == v {
			return uint8(i + 1)
		}
	}
	return 0
}

func value[T any](set []T, c uint8) T {
	var zero T
	if c == 0 || int(c) > len(set) {
		return zero
	}
	return set[c-1]
}
