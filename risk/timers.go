package risk

import (
	"container/heap"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// timers are the engine's durable timers in memory: one per target (a case number), with a
// heap to find the due ones. A moved timer leaves its old heap entry behind; popping skips
// entries that no longer match.
type timers struct {
	due  map[string]qingfeng.Date
	heap timerHeap
}

func newTimers(list []store.Timer) *timers {
	t := &timers{due: map[string]qingfeng.Date{}}
	for _, x := range list {
		t.set(x.Target, x.Due)
	}
	return t
}

// set moves target's timer to d (0 removes it) and reports whether anything changed.
func (t *timers) set(target string, d qingfeng.Date) bool {
	old, ok := t.due[target]
	if d == 0 {
		delete(t.due, target)
		return ok
	}
	if ok && old == d {
		return false
	}
	t.due[target] = d
	heap.Push(&t.heap, store.Timer{Target: target, Due: d})
	return true
}

// popDue removes and returns the targets whose timers are due on or before now.
func (t *timers) popDue(now qingfeng.Date) []string {
	var out []string
	for len(t.heap) > 0 && t.heap[0].Due <= now {
		x := heap.Pop(&t.heap).(store.Timer)
		if d, ok := t.due[x.Target]; ok && d == x.Due {
			delete(t.due, x.Target)
			out = append(out, x.Target)
		}
	}
	return out
}

func (t *timers) len() int { return len(t.due) }

type timerHeap []store.Timer

func (h timerHeap) Len() int           { return len(h) }
func (h timerHeap) Less(i, j int) bool { return h[i].Due < h[j].Due }
func (h timerHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)        { *h = append(*h, x.(store.Timer)) }
func (h *timerHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
