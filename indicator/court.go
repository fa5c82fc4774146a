package indicator

// A proceeding's court is not a column: nearly every proceeding is in a division of its own
// court, so its court is read from its division, and only the exceptions are kept by row
// (procs.courtX). Four bytes a proceeding.

// court is proceeding i's court, -1 none.
func (e *Engine) court(i int32) int32 {
	p := &e.p
	if p.flags[i]&fCourtX != 0 {
		return p.courtX[i]
	}
	if d := p.div[i]; d >= 0 {
		return e.u.divCt[d]
	}
	return -1
}

// setCourt gives proceeding i court c; its division must be set first.
func (e *Engine) setCourt(i, c int32) {
	p := &e.p
	d := p.div[i]
	if d >= 0 && c >= 0 && e.u.divCt[d] == c || d < 0 && c < 0 {
		dropSide(p.courtX, p.flags, fCourtX, i)
		return
	}
	putSide(&p.courtX, p.flags, fCourtX, i, c)
}

// divisionCourtChanged keeps the court of the proceedings of division d, whose court was old,
// when the division's record names another: a proceeding's court comes from its own record.
func (e *Engine) divisionCourtChanged(d, old int32) {
	if old < 0 || e.u.divCt[d] == old {
		return
	}
	p := &e.p
	for i, x := range p.div {
		if x == d && p.flags[i]&fCourtX == 0 {
			putSide(&p.courtX, p.flags, fCourtX, int32(i), old)
		}
	}
}

// deriveCourts drops the exceptions that a division's record, arrived after the proceedings,
// made plain: after a bulk load, which takes records in any order.
func (e *Engine) deriveCourts() {
	p := &e.p
	for i, c := range p.courtX {
		if d := p.div[i]; d >= 0 && c >= 0 && e.u.divCt[d] == c {
			dropSide(p.courtX, p.flags, fCourtX, i)
		}
	}
	if len(p.courtX) == 0 {
		p.courtX = nil
	}
}
