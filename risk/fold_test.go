package risk

import (
	stdcmp "cmp"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/rules"
)

// withRevisions returns the province's log with revisions of some of its events appended
// after it, as a source correcting its data sends them: one moved to another proceeding and
// an hour earlier, one revised twice (the second time back to its first proceeding), one
// revised in place.
func withRevisions(t *testing.T, changes []feed.Change) ([]feed.Change, int) {
	t.Helper()
	out := slices.Clone(changes)
	seq := changes[len(changes)-1].Seq
	var evs []feed.Change
	for _, c := range changes {
		if _, ok := c.Value.(*qingfeng.Event); ok {
			evs = append(evs, c)
		}
	}
	if len(evs) < 1000 {
		t.Fatalf("%d events: too few to revise", len(evs))
	}
	revise := func(c feed.Change, number string, shift time.Duration) {
		ev := *c.Value.(*qingfeng.Event)
		ev.CaseNumber, ev.At = number, ev.At.Add(shift)
		seq++
		out = append(out, feed.Change{Seq: seq, Key: c.Key, Value: &ev})
	}
	n := 0
	for i := 0; i+500 < len(evs); i += 97 {
		a, b := evs[i], evs[i+500]
		other := b.Value.(*qingfeng.Event).CaseNumber
		revise(a, other, -time.Hour)
		if i%2 == 0 {
			revise(a, a.Value.(*qingfeng.Event).CaseNumber, 0)
		}
		revise(b, other, time.Minute)
		n++
	}
	return out, n
}

// Folding a large batch in on two cores leaves the state folding it in change by change
// leaves — each proceeding's events, in the same order, its merged record and view, and the
// event index — and marks at
// least the proceedings change-by-change folding marks, with revisions of events moving them
// between proceedings in the same batch and in a later one.
func TestFoldManyMatchesOneByOne(t *testing.T) {
	base := changesOf(t, benchProvince(t))
	changes, revised := withRevisions(t, base)
	for _, split := range []int{len(changes), len(base)} {
		one, many := newState(), newState()
		many.seed = one.seed
		for _, part := range [][]feed.Change{changes[:split], changes[split:]} {
			for _, c := range part {
				one.apply(c, nil)
			}
			many.foldMany(part, 0, 2)
			for n := range one.dirty {
				if !many.dirty[n] && one.cases[n] != nil && one.cases[n].c != nil {
					t.Fatalf("split %d: %s is marked by folding one by one, not by folding the batch", split, n)
				}
			}
			one.clean()
			many.clean()
		}
		if len(one.cases) != len(many.cases) || one.eventCase.len() != many.eventCase.len() {
			t.Fatalf("split %d: %d proceedings, %d event keys one by one; %d, %d as a batch",
				split, len(one.cases), one.eventCase.len(), len(many.cases), many.eventCase.len())
		}
		events := 0
		for n, cs := range one.cases {
			got := many.cases[n]
			if !reflect.DeepEqual(normalized(cs.events), normalized(got.events)) {
				t.Fatalf("split %d: %s: %d events one by one, %d as a batch, not the same", split, n, len(cs.events), len(got.events))
			}
			if got.fold != 0 || got.staleView {
				t.Fatalf("split %d: %s still marked as being folded", split, n)
			}
			if !reflect.DeepEqual(cs.c, got.c) || !reflect.DeepEqual(cs.view, got.view) || cs.origin != got.origin {
				t.Fatalf("split %d: %s: its merged record, view or origin differs", split, n)
			}
			events += len(cs.events)
		}
		for _, shard := range one.eventCase {
			for h, cs := range shard {
				if got := many.eventCase.get(h); got == nil || got.number != cs.number {
					t.Fatalf("split %d: an event key indexed on %s one by one, not as a batch", split, cs.number)
				}
			}
		}
		t.Logf("split %d: %d proceedings, %d events, %d revised", split, len(one.cases), events, revised)
	}
}

// normalized returns events with their attributes in one order (they are converted from a
// map, in its order).
func normalized(evs []rules.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		as := slices.Clone(e.Attrs)
		slices.SortFunc(as, func(a, b rules.Attr) int { return stdcmp.Compare(a.F, b.F) })
		e.Attrs = nil
		out[i] = fmt.Sprintf("%+v %v", e, as)
	}
	return out
}
