package indicator

// judges counts the judges of a unit serving on the last day of month m: people with the judge
// role who joined by then and had not left (a judge who left on a month's last day still
// counts for it). People are few, so they are counted from the people list when asked.
func (e *Engine) judges(s unitSel, m int32) int {
	in := map[int32]bool{}
	for _, u := range s.members {
		in[u] = true
	}
	end := monthStart(m+1) - 1
	n := 0
	for j := range e.u.people {
		pr := &e.u.people[j]
		if !pr.judge || pr.From > end || pr.To != 0 && pr.To < end {
			continue
		}
		switch s.kind {
		case kDiv:
			if in[pr.div] {
				n++
			}
		case kJudge:
			if in[int32(j)] {
				n++
			}
		default:
			if in[pr.court] {
				n++
			}
		}
	}
	return n
}

// judgeRows lists the judges judges counts.
func (e *Engine) judgeRows(s unitSel, m int32) []member {
	var out []member
	for j := range e.u.people {
		pr := &e.u.people[j]
		end := monthStart(m+1) - 1
		if !pr.judge || pr.From > end || pr.To != 0 && pr.To < end {
			continue
		}
		u := map[int]int32{kCourt: pr.court, kDiv: pr.div, kJudge: int32(j)}[s.kind]
		for _, x := range s.members {
			if x == u {
				out = append(out, member{a: nil, row: -1 - int32(j), v: 1})
				break
			}
		}
	}
	return out
}
