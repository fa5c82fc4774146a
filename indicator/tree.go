package indicator

// maxDepth bounds walks up origin chains; real matters are a few levels deep.
const maxDepth = 64

// top returns the highest row reached from i by origin links: a matter root, or the missing
// origin (a placeholder) of an orphan tree, or i itself when its origin is not linked.
func (e *Engine) top(i int32) int32 {
	for n := 0; n < maxDepth; n++ {
		o := e.p.origin[i]
		if o < 0 {
			return i
		}
		i = o
	}
	return i
}

// isMatterRoot reports whether row t starts a matter: a proceeding in the data without origin.
func (e *Engine) isMatterRoot(t int32) bool {
	fl := e.p.flags[t]
	return fl&fPresent != 0 && fl&fHasOrigin == 0
}

// treeSize counts the proceedings of the tree under root r, r included; buf is scratch space.
func (e *Engine) treeSize(r int32, buf *[]int32) int64 {
	var n int64
	e.walk(r, buf, func(i int32) {
		if e.p.flags[i]&fPresent != 0 {
			n++
		}
	})
	return n
}

// walk calls fn for r and every row below it, using buf as its stack (readers bring their
// own, so that concurrent queries share nothing).
func (e *Engine) walk(r int32, buf *[]int32, fn func(int32)) {
	stack := (*buf)[:0]
	stack = append(stack, r)
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		fn(i)
		for c := e.p.child[i]; c >= 0; c = e.p.sib[c] {
			stack = append(stack, c)
		}
	}
	*buf = stack[:0]
}

// hasDescendant reports whether a proceeding below i has one of the stages in mask.
func (e *Engine) hasDescendant(i int32, mask uint32) bool {
	p := &e.p
	var stack [32]int32
	s := stack[:0]
	for c := p.child[i]; c >= 0; c = p.sib[c] {
		s = append(s, c)
	}
	for len(s) > 0 {
		c := s[len(s)-1]
		s = s[:len(s)-1]
		if p.flags[c]&fPresent != 0 && mask&(1<<p.stage[c]) != 0 {
			return true
		}
		for g := p.child[c]; g >= 0; g = p.sib[g] {
			s = append(s, g)
		}
	}
	return false
}

// link makes o the origin of i, unless that would close a loop.
func (e *Engine) link(i, o int32) {
	p := &e.p
	if p.origin[i] == o {
		return
	}
	e.unlink(i)
	p.flags[i] &^= fCycle
	if o < 0 {
		return
	}
	for a, n := o, 0; a >= 0 && n < maxDepth; a, n = p.origin[a], n+1 {
		if a == i {
			p.flags[i] |= fCycle
			return
		}
	}
	p.origin[i] = o
	p.sib[i] = p.child[o]
	p.child[o] = i
}

func (e *Engine) unlink(i int32) {
	p := &e.p
	o := p.origin[i]
	if o < 0 {
		return
	}
	if p.child[o] == i {
		p.child[o] = p.sib[i]
	} else {
		for c := p.child[o]; c >= 0; c = p.sib[c] {
			if p.sib[c] == i {
				p.sib[c] = p.sib[i]
				break
			}
		}
	}
	p.origin[i], p.sib[i] = -1, -1
}
