package risk

import (
	"slices"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/rules"
)

// foldFrom is the number of changes from which a batch is folded in on every core (foldMany);
// a smaller one is folded in change by change, in log order (apply).
const foldFrom = 256

// fold folds the changes after seq after into the state, on workers cores when the batch is
// large, and returns the last sequence folded in (after when there is none).
func (s *state) fold(changes []feed.Change, after int64, workers int) int64 {
	if len(changes) < foldFrom {
		for _, c := range changes {
			if c.Seq > after {
				s.apply(c, nil)
				after = c.Seq
			}
		}
		return after
	}
	return s.foldMany(changes, after, workers)
}

// foldMany folds a large batch in. On one core, in log order, it folds in every record that
// is not an event and finds the proceeding of each event. On every core, shard by shard of the
// event index, it sorts out the events whose key is new to the engine from the revisions of
// events it holds (or that came earlier in the batch), and indexes the new ones. Then,
// proceeding by proceeding on every core, it converts the new events and merges them into the
// proceeding's list, and builds the views of the proceedings whose records changed. Last, on
// one core and in log order, it folds in the revisions, which may move an event from one
// proceeding to another.
//
// The state is the one change-by-change folding gives: a proceeding's events are kept in one
// order (time, then log sequence) whatever order they arrive in; a key's revisions still
// apply one after the other; records other than events never read events. The proceedings
// marked to evaluate are those change-by-change folding marks, with the origin and derived
// proceedings of an event's proceeding taken as they are after the batch rather than at the
// event: a proceeding that stopped being an origin during the batch reads none of its events.
func (s *state) foldMany(changes []feed.Change, after int64, workers int) int64 {
	if s.eventCase.len() == 0 {
		s.eventCase = newEventIndex(len(changes))
	}
	var (
		evs   []int32                            // the batch's events (indexes into changes), in log order
		owner = make([]*caseState, len(changes)) // per event: its proceeding
		stale []*caseState                       // proceedings whose view is built at the end
		last  *caseState                         // events come in runs of one proceeding: skip the lookup
	)
	s.stale = &stale
	for i, c := range changes {
		if c.Seq <= after {
			continue
		}
		after = c.Seq
		ev, ok := c.Value.(*qingfeng.Event)
		if !ok {
			s.apply(c, nil)
			continue
		}
		if last == nil || last.number != ev.CaseNumber {
			last = s.get(ev.CaseNumber)
		}
		owner[i] = last
		evs = append(evs, int32(i))
	}
	s.stale = nil
	late := s.indexEvents(changes, evs, owner, workers)

	// Each proceeding's new events, in log order, in one array: proceeding k's are
	// idx[from[k]:from[k+1]].
	var touched []*caseState
	var count []int32
	for j, i := range evs {
		if late[j] {
			continue
		}
		cs := owner[i]
		if cs.fold == 0 {
			touched = append(touched, cs)
			count = append(count, 0)
			cs.fold = int32(len(touched))
		}
		count[cs.fold-1]++
	}
	from := make([]int32, len(touched)+1)
	for k, n := range count {
		from[k+1] = from[k] + n
	}
	idx := make([]int32, from[len(touched)])
	next := slices.Clone(from[:len(touched)])
	for j, i := range evs {
		if !late[j] {
			k := owner[i].fold - 1
			idx[next[k]] = i
			next[k]++
		}
	}
	fanOut(workers, len(touched), caseChunk, func(_, k int) { mergeEvents(touched[k], changes, idx[from[k]:from[k+1]]) })
	fanOut(workers, len(stale), caseChunk, func(_, k int) {
		cs := stale[k]
		cs.staleView = false
		if cs.c != nil {
			cs.view = rules.NewCaseView(cs.c)
		}
	})
	for _, cs := range touched {
		cs.fold = 0
		s.touchEvents(cs)
	}
	for j, i := range evs {
		if late[j] {
			c := changes[i]
			ev := c.Value.(*qingfeng.Event)
			s.applyEvent(c.Key, c.Seq, ev, &prepared{attrs: rules.CompactAttrs(ev), hash: s.eventHash(c.Key)})
		}
	}
	return after
}

// indexEvents indexes the batch's events evs (each of proceeding owner[i]) whose key the
// index does not hold yet, and reports, per event, whether it is a revision instead: its key
// is held, or came earlier in the batch. Each shard of the index is filled on one core, its
// events in log order.
func (s *state) indexEvents(changes []feed.Change, evs []int32, owner []*caseState, workers int) []bool {
	hashes := make([]uint64, len(evs))
	fanOut(workers, len(evs), 512, func(_, j int) { hashes[j] = s.eventHash(changes[evs[j]].Key) })
	var count [eventShards + 1]int32
	for _, h := range hashes {
		count[shardOf(h)+1]++
	}
	for k := 1; k <= eventShards; k++ {
		count[k] += count[k-1]
	}
	byShard := make([]int32, len(evs)) // indexes into evs, shard by shard, in log order
	next := count
	for j, h := range hashes {
		k := shardOf(h)
		byShard[next[k]] = int32(j)
		next[k]++
	}
	late := make([]bool, len(evs))
	fanOut(workers, eventShards, 1, func(_, k int) {
		m := s.eventCase[k]
		for _, j := range byShard[count[k]:count[k+1]] {
			h := hashes[j]
			if m[h] != nil {
				late[j] = true
			} else {
				m[h] = owner[evs[j]]
			}
		}
	})
	return late
}

// mergeEvents converts the events at idx of changes (all of proceeding cs, new to it) and
// merges them into its list, in time then log order.
func mergeEvents(cs *caseState, changes []feed.Change, idx []int32) {
	cs.events = slices.Grow(cs.events, len(idx))
	sorted := true
	for _, i := range idx {
		c := &changes[i]
		ev := c.Value.(*qingfeng.Event)
		x := rules.CompactWith(ev, c.Key, c.Seq, rules.CompactAttrs(ev))
		if k := len(cs.events); k > 0 && !eventAfter(&x, &cs.events[k-1]) {
			sorted = false
		}
		cs.events = append(cs.events, x)
	}
	if !sorted {
		// The new events are in log order, the list in time order: sort the whole list (a
		// stable sort on a total order, so the list is the one inserting one by one gives).
		slices.SortStableFunc(cs.events, cmpEvents)
	}
}

// cmpEvents is the order of a proceeding's list of events: by time, then at the same second
// by log sequence.
func cmpEvents(a, b rules.Event) int {
	if a.Unix != b.Unix {
		return cmp64(a.Unix, b.Unix)
	}
	return cmp64(a.Seq, b.Seq)
}

// eventAfter reports whether a comes after b in that order; it spares the comparison's copies
// on the path every new event takes.
func eventAfter(a, b *rules.Event) bool { return a.Unix > b.Unix || a.Unix == b.Unix && a.Seq > b.Seq }
