package rules

import (
	"sync"
	"sync/atomic"
)

// The event types rules name get small numbers when a pack loads, so that evaluation tests an
// event's type against a rule's types with a bit rather than a string hashed into a map: every
// event of a proceeding meets the type tests of most rules.

// typeNum numbers an event type; 0 is a type no rule names (it is in no set).
type typeNum uint16

var (
	typeNums   atomic.Pointer[map[string]typeNum] // read without a lock; replaced whole on a new type
	typeNumsMu sync.Mutex
)

// numberType returns the number of type t, giving it one when it has none (rule load).
func numberType(t string) typeNum {
	if n := typeNumOf(t); n != 0 {
		return n
	}
	typeNumsMu.Lock()
	defer typeNumsMu.Unlock()
	old := map[string]typeNum{}
	if p := typeNums.Load(); p != nil {
		old = *p
	}
	if n, ok := old[t]; ok {
		return n
	}
	if len(old) >= 1<<16-1 {
		panic("rules: more than 65,535 event types named by rules") // LoadVocabulary allows far fewer
	}
	next := make(map[string]typeNum, len(old)+1)
	for k, v := range old {
		next[k] = v
	}
	n := typeNum(len(old) + 1)
	next[t] = n
	typeNums.Store(&next)
	return n
}

// typeNumOf returns the number of type t, 0 when no rule names it.
func typeNumOf(t string) typeNum {
	if p := typeNums.Load(); p != nil {
		return (*p)[t]
	}
	return 0
}

// typeNumAt returns the number of type t and how many types were numbered when it looked.
func typeNumAt(t string) (typeNum, uint16) {
	p := typeNums.Load()
	if p == nil {
		return 0, 0
	}
	return (*p)[t], uint16(len(*p))
}

// typeNum is the number of the event's type: as compacted, or looked up when the type had
// none then and types were numbered since (a pack naming it loaded). Numbers never change
// once given, so a type unnamed while no type was numbered since is unnamed still: most
// events are of types no rule names, and are not looked up at every evaluation.
func (e *Event) typeNum() typeNum {
	if e.tn != 0 {
		return e.tn
	}
	if p := typeNums.Load(); p == nil || len(*p) == int(e.tg) {
		return 0
	}
	return typeNumOf(e.Type)
}

// typeBits is a set of event types by number.
type typeBits []uint64

// bitsOf numbers the types of a set. Its result is nil for a nil set.
func bitsOf(set map[string]bool) typeBits {
	if set == nil {
		return nil
	}
	var b typeBits
	for t, ok := range set {
		if ok {
			b = b.with(numberType(t))
		}
	}
	if b == nil {
		b = typeBits{}
	}
	return b
}

func (b typeBits) with(n typeNum) typeBits {
	for int(n/64) >= len(b) {
		b = append(b, 0)
	}
	b[n/64] |= 1 << (n % 64)
	return b
}

// has reports whether type n is in the set (never for 0, a type no rule names).
func (b typeBits) has(n typeNum) bool {
	return n != 0 && int(n/64) < len(b) && b[n/64]&(1<<(n%64)) != 0
}

// meets reports whether the two sets share a type.
func (b typeBits) meets(o typeBits) bool {
	for i := range min(len(b), len(o)) {
		if b[i]&o[i] != 0 {
			return true
		}
	}
	return false
}
