package rules

import "github.com/qingfeng-court/qingfeng"

// A rule's scope names categories, stages and procedures from the domain's enumerations; it
// holds each set as bits over the enumeration's order too, and an evaluation holds the bits
// of the proceeding's three values, so that each rule checks that part of its scope with
// masks rather than three lookups of the proceeding's strings.

// kindBit is the bit of v in the enumeration known: 1 << its place, or 0 when v is not one of
// the first 64 values (no set holds it, see kindBits).
func kindBit[T ~string](known []T, v string) uint64 {
	for i, k := range known {
		if string(k) == v {
			if i < 64 {
				return 1 << i
			}
			return 0
		}
	}
	return 0
}

// kindBits is the set vals of the enumeration known as bits (0 when vals is empty: any
// value), and false when one of them has no bit: the scope is then checked on its sets.
func kindBits[T ~string](vals []string, known []T) (uint64, bool) {
	var b uint64
	for _, v := range vals {
		bit := kindBit(known, v)
		if bit == 0 {
			return 0, false
		}
		b |= bit
	}
	return b, true
}

// setKinds sets the bits of a scope whose sets are loaded.
func (s *scope) setKinds(cats, stages, procs []string) {
	var ok [3]bool
	s.kinds[0], ok[0] = kindBits(cats, qingfeng.Categories)
	s.kinds[1], ok[1] = kindBits(stages, qingfeng.Stages)
	s.kinds[2], ok[2] = kindBits(procs, qingfeng.Procedures)
	s.bySets = !ok[0] || !ok[1] || !ok[2]
}

// inKinds reports whether the proceeding is of the categories, stages and procedures rule r
// looks at: the part of its scope that needs no expression.
func (ev *evaluation) inKinds(r *Rule) bool {
	s := &r.scope
	if s.bySets {
		v := ev.view
		return (s.categories == nil || s.categories[v.Category]) && (s.stages == nil || s.stages[v.Stage]) &&
			(s.procedures == nil || s.procedures[v.Procedure])
	}
	k := &s.kinds
	return (k[0] == 0 || k[0]&ev.kinds[0] != 0) && (k[1] == 0 || k[1]&ev.kinds[1] != 0) && (k[2] == 0 || k[2]&ev.kinds[2] != 0)
}
