package indicator

import (
	"slices"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
)

// Apply brings the engine up to date with committed changes, in log order. Each change
// updates only what it affects: the contributions of the proceedings of its matter tree are
// taken out, the change is applied, and they are put back.
func (e *Engine) Apply(changes []feed.Change) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range changes {
		e.applyOne(changes[i].Key, changes[i].Seq, changes[i].Value, true)
		e.sawHash(changes[i].Seq, changes[i].Hash)
	}
	return nil
}

// applyOne applies one record; live maintains the aggregates as it goes, otherwise (a bulk
// load) they are rebuilt at the end.
func (e *Engine) applyOne(k qingfeng.Key, seq int64, v any, live bool) {
	switch v := v.(type) {
	case *qingfeng.Case:
		e.applyCase(k, seq, v, live)
	case *qingfeng.Event:
		e.applyEvent(k, v, live)
	case *qingfeng.Mediation:
		e.applyMediation(v, live)
	case *qingfeng.Person:
		e.u.setPerson(v) // judges are counted from the people at query time
	case *qingfeng.Court:
		e.u.setCourt(v)
	case *qingfeng.Division:
		if d := e.u.divIdx(v.ID); d >= 0 {
			old := e.u.divCt[d]
			e.u.setDivision(v)
			e.divisionCourtChanged(d, old)
		}
	}
	if seq > e.seq {
		e.seq = seq
	}
	e.u.tree() // queries read the court tree under the read lock: keep it built
}

func (e *Engine) applyCase(k qingfeng.Key, seq int64, c *qingfeng.Case, live bool) {
	if c.Number == "" {
		return
	}
	h := e.keyHash(k)
	n := e.row(c.Number)
	origin := int32(-1)
	if c.OriginNumber != "" {
		origin = e.row(c.OriginNumber)
	}
	prev, known := e.caseKeys.get(h)
	moved := known && prev != n
	if live {
		e.touchTree(n)
		if moved {
			e.touchTree(prev)
		}
		if origin >= 0 {
			e.touchTree(origin)
		}
	}
	if moved {
		e.dropContributor(prev, h)
	}
	e.caseKeys.put(h, n)
	e.putContributor(n, h, seq, e.rowOf(c, origin), known && !moved)
	if live {
		e.settle()
	}
}

// rowOf reads what the engine keeps of a case record.
func (e *Engine) rowOf(c *qingfeng.Case, origin int32) caseRow {
	r := caseRow{
		court: e.u.courtIdx(c.CourtID), div: e.u.divIdx(c.DivisionID), judge: e.u.personIdx(c.JudgeID),
		cat: code(qingfeng.Categories, c.Category), stage: code(qingfeng.Stages, c.Stage),
		proc: code(qingfeng.Procedures, c.Procedure), closing: code(qingfeng.ClosingMethods, c.ClosingMethod),
		outcome: code(qingfeng.Outcomes, c.Outcome), filed: c.FiledOn, closed: c.ClosedOn, origin: origin,
		applied: int64(c.AmountApplied), recovered: int64(c.AmountRecovered),
	}
	set := func(b bool, f pflags) {
		if b {
			r.bits |= f
		}
	}
	set(c.Appealable, fAppealable)
	set(c.HearingOpen, fHearingOpen)
	set(c.Flags.LongerLimit, fLongerLimit)
	set(c.Flags.NonLitigation, fNonLit)
	return r
}

// columnsRow reads row n back from the columns (the record that was alone until now).
func (e *Engine) columnsRow(n int32) caseRow {
	p := &e.p
	r := caseRow{court: e.court(n), div: p.div[n], judge: p.judge[n], cat: p.cat[n], stage: p.stage[n],
		proc: p.proc[n], closing: p.closing[n], outcome: p.outcome[n], filed: p.filed[n], closed: p.closed[n],
		origin: p.origin[n], bits: p.flags[n] & recordBits}
	am := p.amountsOf(n)
	r.applied, r.recovered = am.applied, am.recovered
	return r
}

// putContributor records a case record of number n and rewrites n as the merge of its records
// in log order (store.MergeCase's rule); a number with one record is that record as it is.
func (e *Engine) putContributor(n int32, h uint64, seq int64, r caseRow, sameKey bool) {
	list, present := e.multi[n], e.p.flags[n]&fPresent != 0
	switch {
	case list == nil && (!present || sameKey):
		e.writeRow(n, &r)
		return
	case list == nil:
		list = []contrib{{key: 0, seq: 0, row: e.columnsRow(n)}, {key: h, seq: seq, row: r}}
	default:
		at := slices.IndexFunc(list, func(c contrib) bool { return c.key == h })
		if at < 0 && sameKey {
			at = slices.IndexFunc(list, func(c contrib) bool { return c.key == 0 })
		}
		if at >= 0 {
			list[at] = contrib{key: h, seq: seq, row: r}
		} else {
			list = append(list, contrib{key: h, seq: seq, row: r})
		}
	}
	e.multi[n] = list
	e.writeMerged(n, list)
}

// dropContributor removes record h from number n (its revision moved to another number): n is
// rebuilt from the records that remain, or stops being a proceeding.
func (e *Engine) dropContributor(n int32, h uint64) {
	list := e.multi[n]
	if list == nil {
		e.p.flags[n] &^= fPresent | recordBits | fHasOrigin
		e.unlink(n)
		e.markDirty(n)
		return
	}
	at := slices.IndexFunc(list, func(c contrib) bool { return c.key == h })
	if at < 0 {
		at = slices.IndexFunc(list, func(c contrib) bool { return c.key == 0 })
	}
	if at >= 0 {
		list = slices.Delete(list, at, at+1)
	}
	if len(list) == 1 {
		delete(e.multi, n)
		e.writeRow(n, &list[0].row)
		return
	}
	e.multi[n] = list
	e.writeMerged(n, list)
}

func (e *Engine) writeMerged(n int32, list []contrib) {
	slices.SortStableFunc(list, func(a, b contrib) int { return int(a.seq - b.seq) })
	m := list[0].row
	for k := 1; k < len(list); k++ {
		m.merge(&list[k].row)
	}
	e.writeRow(n, &m)
}

// writeRow stores a proceeding's fields in its columns and links it under its origin.
func (e *Engine) writeRow(n int32, r *caseRow) {
	p := &e.p
	p.div[n], p.judge[n] = r.div, r.judge
	e.setCourt(n, r.court)
	p.cat[n], p.stage[n], p.proc[n], p.closing[n], p.outcome[n] = r.cat, r.stage, r.proc, r.closing, r.outcome
	p.filed[n], p.closed[n] = r.filed, r.closed
	p.setAmounts(n, amounts{applied: r.applied, recovered: r.recovered})
	fl := p.flags[n]&^(recordBits|fHasOrigin) | fPresent | r.bits
	if r.origin >= 0 {
		fl |= fHasOrigin
	}
	p.flags[n] = fl
	e.link(n, r.origin)
	e.seeDate(r.filed)
	e.seeDate(r.closed)
	e.markDirty(n)
	for c := p.child[n]; c >= 0; c = p.sib[c] {
		e.markDirty(c) // their limits may depend on this one's closing method
	}
}

func (e *Engine) applyEvent(k qingfeng.Key, ev *qingfeng.Event, live bool) {
	h := e.keyHash(k)
	prev, had := e.evOwner.get(h)
	t, keep := e.evType[ev.Type]
	if !had && !keep || ev.CaseNumber == "" && !had {
		return
	}
	n := int32(-1)
	if keep && ev.CaseNumber != "" {
		n = e.row(ev.CaseNumber)
	}
	if live {
		if had {
			e.touchTree(prev)
		}
		if n >= 0 {
			e.touchTree(n)
		}
	}
	if had {
		list := e.events[prev]
		if at := slices.IndexFunc(list, func(c cevent) bool { return c.key == h }); at >= 0 {
			list = slices.Delete(list, at, at+1)
		}
		if len(list) == 0 {
			delete(e.events, prev)
		} else {
			e.events[prev] = list
		}
		e.evOwner.del(h)
		e.markDirty(prev)
	}
	if n >= 0 {
		_, off := ev.At.Zone()
		ce := cevent{key: h, typ: t, at: ev.At.Unix(), off: int32(off), reason: e.reason(ev.Str("reason")),
			from: code(qingfeng.Procedures, qingfeng.Procedure(ev.Str("from"))),
			to:   code(qingfeng.Procedures, qingfeng.Procedure(ev.Str("to")))}
		if d, ok := ev.Int("days"); ok {
			ce.days = int32(d)
		}
		e.events[n] = append(e.events[n], ce)
		e.evOwner.put(h, n)
		e.markDirty(n)
		e.seeDate(ce.date())
	}
	if live {
		e.settle()
	}
}

func (e *Engine) applyMediation(m *qingfeng.Mediation, live bool) {
	md := &e.med
	j, fresh := md.ids.row(m.ID)
	if fresh {
		md.court = append(md.court, -1)
		md.started = append(md.started, 0)
		md.concluded = append(md.concluded, 0)
		md.success = append(md.success, false)
	} else if live {
		e.emitMediation(j, e.medAggs, -1, e.addCell)
	}
	md.court[j], md.started[j], md.concluded[j], md.success[j] = e.u.courtIdx(m.CourtID), m.StartedOn, m.ConcludedOn, m.Success
	e.seeDate(m.ConcludedOn)
	if live {
		e.emitMediation(j, e.medAggs, 1, e.addCell)
	}
}

// touchTree takes out the contributions of every proceeding in the matter tree of row r (they
// may depend on r through origins, roots and descendants) and remembers them for settle.
func (e *Engine) touchTree(r int32) {
	var members []int32
	e.walk(e.top(r), &e.stack, func(i int32) { members = append(members, i) })
	for _, i := range members {
		if !e.mark[i] {
			e.mark[i] = true
			e.touched = append(e.touched, i)
			e.emitProc(i, -1, e.addCell, &e.stack)
		}
	}
}

func (e *Engine) markDirty(i int32) {
	if !e.bulk {
		e.dirty = append(e.dirty, i)
	}
}

// settle refreshes the facts of the rows that changed and puts back the contributions of
// every proceeding touched.
func (e *Engine) settle() {
	for _, i := range e.dirty {
		e.refreshFacts(i)
	}
	e.dirty = e.dirty[:0]
	for _, i := range e.touched {
		e.emitProc(i, 1, e.addCell, &e.stack)
		delete(e.mark, i)
	}
	e.touched = e.touched[:0]
}

// addCell is the sink that keeps the aggregates.
func (e *Engine) addCell(a *aggDef, u unitsOf, m int32, v int64, _ int32) {
	e.cells.addUnits(&[3]int32{kCourt: u.court, kDiv: u.div, kJudge: u.judge}, a, m, v)
}

// rebuild recomputes every fact and aggregate from the columns: the full computation.
func (e *Engine) rebuild() {
	for i := range e.p.flags {
		e.refreshFacts(int32(i))
	}
	e.dirty = e.dirty[:0]
	e.recompute()
}

// span is the range of months the data's dates cover.
func (e *Engine) span() (int32, int32) {
	lo, hi := int32(1<<30), int32(-1)
	see := func(d qingfeng.Date) {
		if d != 0 {
			m := monthOf(d)
			lo, hi = min(lo, m), max(hi, m)
		}
	}
	for i, f := range e.p.flags {
		if f&fPresent != 0 {
			see(e.p.filed[i])
			see(e.p.closed[i])
			see(e.p.appealOf(int32(i)).received)
			if e.p.closed[i] == 0 { // the months its pending age passes each threshold
				for k := range e.ages {
					see(e.ageThreshold(int32(i), k))
				}
			}
		}
	}
	for _, evs := range e.events {
		for k := range evs {
			see(evs[k].date())
		}
	}
	for _, d := range e.med.concluded {
		see(d)
	}
	for _, d := range e.med.started {
		see(d)
	}
	see(e.asOf)
	return lo, hi
}
