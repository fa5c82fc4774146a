package risk

import (
	"hash/maphash"
	"slices"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
)

// maxPartyCases bounds the proceedings indexed per party identity: a bank that is a party to
// thousands of proceedings says nothing about refiling, and would make each of them slow.
const maxPartyCases = 200

// caseState is one proceeding as the engine holds it.
type caseState struct {
	number  string
	c       *qingfeng.Case // the merge of its records; nil while only events have arrived
	view    *rules.CaseView
	records []caseRecord // contributing records, current revision each, in log order
	events  []rules.Event
	derived []string // proceedings whose origin is this one
	origin  string   // origin_case_number of c, as indexed

	raised map[int]bool   // case rules (by index) with a raised warning
	items  [][]rules.Item // what the proceeding contributes to each aggregate rule (nil: nothing yet)
	hashes []string       // party identity hashes indexed for it
	fold   int32          // while a batch is folded in: 1 + its place among the proceedings given events

	staleView bool // its view is built at the end of the batch being folded in
}

// contributed returns what the proceeding contributes to aggregate rule ai.
func (cs *caseState) contributed(ai int) []rules.Item {
	if cs.items == nil {
		return nil
	}
	return cs.items[ai]
}

type caseRecord struct {
	key qingfeng.Key
	seq int64
	c   *qingfeng.Case
}

// state is everything the rules read.
type state struct {
	cases     map[string]*caseState
	eventCase eventIndex // hash of an event's key → the proceeding it belongs to
	seed      maphash.Seed
	recCase   map[qingfeng.Key]string // case record key → the proceeding it describes
	people    map[string]*qingfeng.Person
	lawyers   map[string]*qingfeng.Lawyer
	courts    map[string]*qingfeng.Court
	relatives map[qingfeng.Key]*qingfeng.Relative
	relByHash map[string][]*qingfeng.Relative
	byParty   map[string][]*caseState // party identity hash → proceedings

	dirty    map[string]bool // proceedings to evaluate
	allDirty bool            // reference data changed: evaluate everything

	// stale, while a batch is folded in on every core, collects the proceedings whose view
	// is built at the end of the batch (nil: a view is built as its proceeding is merged).
	stale *[]*caseState
	path  []*caseState // markMatter's buffers
	up    []*caseState
}

func newState() *state {
	return &state{cases: map[string]*caseState{}, eventCase: newEventIndex(0), seed: maphash.MakeSeed(), recCase: map[qingfeng.Key]string{},
		people: map[string]*qingfeng.Person{}, lawyers: map[string]*qingfeng.Lawyer{}, courts: map[string]*qingfeng.Court{},
		relatives: map[qingfeng.Key]*qingfeng.Relative{}, relByHash: map[string][]*qingfeng.Relative{},
		byParty: map[string][]*caseState{}, dirty: map[string]bool{}}
}

// clean forgets what is dirty.
func (s *state) clean() {
	clear(s.dirty)
	s.allDirty = false
}

func (s *state) get(number string) *caseState {
	cs := s.cases[number]
	if cs == nil {
		cs = &caseState{number: number}
		s.cases[number] = cs
	}
	return cs
}

// apply folds one committed change into the state and marks what it touches dirty; pre is the
// change's event prepared ahead (prepare), or nil.
func (s *state) apply(ch feed.Change, pre *prepared) {
	switch v := ch.Value.(type) {
	case *qingfeng.Event:
		if pre == nil || !pre.ok {
			pre = &prepared{attrs: rules.CompactAttrs(v), hash: s.eventHash(ch.Key)}
		}
		s.applyEvent(ch.Key, ch.Seq, v, pre)
	case *qingfeng.Case:
		s.applyCase(ch.Key, ch.Seq, v)
	case *qingfeng.Person:
		s.people[v.ID] = v
		s.allDirty = true
	case *qingfeng.Lawyer:
		s.lawyers[v.ID] = v
		s.allDirty = true
	case *qingfeng.Court:
		if old := s.courts[v.ID]; countryOf(old) != countryOf(v) {
			s.allDirty = true // rules apply by country: its proceedings are judged by other rules now
		}
		s.courts[v.ID] = v
	case *qingfeng.Relative:
		if old := s.relatives[ch.Key]; old != nil && old.IDHash != "" {
			s.relByHash[old.IDHash] = slices.DeleteFunc(s.relByHash[old.IDHash], func(r *qingfeng.Relative) bool { return r == old })
		}
		s.relatives[ch.Key] = v
		if v.IDHash != "" {
			s.relByHash[v.IDHash] = append(s.relByHash[v.IDHash], v)
		}
		s.allDirty = true
	}
}

// countryOf is the country of a court, CN when it is unknown or names none.
func countryOf(c *qingfeng.Court) string {
	if c == nil || c.Country == "" {
		return rules.DefaultCountry
	}
	return c.Country
}

// eventHash identifies an event key (events are one kind; src and src_id tell them apart). A
// collision of two keys could only leave a stale copy of an event that a revision moved to
// another proceeding, and 64 bits make it as good as impossible.
func (s *state) eventHash(key qingfeng.Key) uint64 {
	var h maphash.Hash
	h.SetSeed(s.seed)
	h.WriteString(key.Src)
	h.WriteByte(0x1f)
	h.WriteString(key.SrcID)
	return h.Sum64()
}

func (s *state) applyEvent(key qingfeng.Key, seq int64, e *qingfeng.Event, pre *prepared) {
	hk := pre.hash
	if prev := s.eventCase.get(hk); prev != nil {
		n := len(prev.events)
		prev.events = slices.DeleteFunc(prev.events, func(x rules.Event) bool { return x.Src == key.Src && x.SrcID == key.SrcID })
		if len(prev.events) != n {
			s.touchEvents(prev)
		}
	}
	cs := s.get(e.CaseNumber)
	ev := rules.CompactWith(e, key, seq, pre.attrs)
	if n := len(cs.events); n == 0 || eventAfter(&ev, &cs.events[n-1]) {
		cs.events = append(cs.events, ev)
	} else {
		i, _ := slices.BinarySearchFunc(cs.events, ev, cmpEvents)
		cs.events = slices.Insert(cs.events, i, ev)
	}
	s.eventCase.set(hk, cs)
	s.touchEvents(cs)
}

// prepared is what folding an event in needs that depends on the event alone and costs most:
// its attributes in the engine's form and the hash of its key.
type prepared struct {
	attrs []rules.Attr
	hash  uint64
	ok    bool
}

// prepareFrom is the number of changes from which a batch's events are prepared on every core
// before they are folded in, one by one, in log order.
const prepareFrom = 256

// prepare converts the attributes of a large batch's events and hashes their keys on workers
// cores (nil for a small batch: each event is prepared as it is folded in), and sizes the
// event index and the proceedings' event lists for the batch.
func (s *state) prepare(changes []feed.Change, workers int) []prepared {
	if len(changes) < prepareFrom {
		return nil
	}
	out := make([]prepared, len(changes))
	fanOut(workers, len(changes), 128, func(_, i int) {
		if e, ok := changes[i].Value.(*qingfeng.Event); ok {
			out[i] = prepared{attrs: rules.CompactAttrs(e), hash: s.eventHash(changes[i].Key), ok: true}
		}
	})
	if s.eventCase.len() == 0 {
		s.eventCase = newEventIndex(len(changes))
	}
	s.reserve(changes)
	return out
}

// reserve grows each proceeding's event list once for the events a large batch brings it,
// rather than by doubling as they are folded in.
func (s *state) reserve(changes []feed.Change) {
	counts := make(map[string]int, len(changes)/8)
	for _, c := range changes {
		if e, ok := c.Value.(*qingfeng.Event); ok {
			counts[e.CaseNumber]++
		}
	}
	for n, k := range counts {
		cs := s.get(n)
		cs.events = slices.Grow(cs.events, k)
	}
}

// preparedAt is the prepared form of change i, or nil.
func preparedAt(pre []prepared, i int) *prepared {
	if pre == nil {
		return nil
	}
	return &pre[i]
}

// touchEvents marks a proceeding whose events changed, with its origin and derived
// proceedings, which read its events.
func (s *state) touchEvents(cs *caseState) {
	s.dirty[cs.number] = true
	if cs.origin != "" {
		s.dirty[cs.origin] = true
	}
	for _, d := range cs.derived {
		s.dirty[d] = true
	}
}

func (s *state) applyCase(key qingfeng.Key, seq int64, c *qingfeng.Case) {
	if prev, ok := s.recCase[key]; ok {
		cs := s.cases[prev]
		cs.records = slices.DeleteFunc(cs.records, func(r caseRecord) bool { return r.key == key })
		if prev != c.Number {
			s.remerge(cs)
		}
	}
	cs := s.get(c.Number)
	cs.records = append(cs.records, caseRecord{key: key, seq: seq, c: c})
	s.recCase[key] = c.Number
	s.remerge(cs)
}

// remerge rebuilds a proceeding from its records (store.MergeCase, in log order), re-links it
// into its matter and re-indexes its parties. Its whole matter is marked dirty: panels, dates
// and stages are read across the matter.
func (s *state) remerge(cs *caseState) {
	s.markMatter(cs)
	var merged *qingfeng.Case
	switch len(cs.records) {
	case 0:
	case 1:
		merged = cs.records[0].c // most proceedings have one record: it is the merge, unchanged
	default:
		cp := *cs.records[0].c
		merged = &cp
		for _, r := range cs.records[1:] {
			store.MergeCase(merged, r.c)
		}
	}
	cs.c = merged
	cs.view = nil
	switch {
	case merged == nil:
	case s.stale != nil:
		if !cs.staleView {
			cs.staleView = true
			*s.stale = append(*s.stale, cs)
		}
	default:
		cs.view = rules.NewCaseView(merged)
	}
	origin := ""
	if merged != nil {
		origin = merged.OriginNumber
	}
	if origin != cs.origin {
		if cs.origin != "" {
			if o := s.cases[cs.origin]; o != nil {
				o.derived = slices.DeleteFunc(o.derived, func(n string) bool { return n == cs.number })
			}
		}
		if origin != "" {
			o := s.get(origin)
			if !slices.Contains(o.derived, cs.number) {
				o.derived = append(o.derived, cs.number)
			}
		}
		cs.origin = origin
	}
	s.indexParties(cs)
	s.markMatter(cs)
}

func (s *state) indexParties(cs *caseState) {
	for _, h := range cs.hashes {
		s.byParty[h] = slices.DeleteFunc(s.byParty[h], func(x *caseState) bool { return x == cs })
	}
	cs.hashes = cs.hashes[:0]
	if cs.c == nil {
		return
	}
	for _, p := range cs.c.Parties {
		if p.IDHash == "" || slices.Contains(cs.hashes, p.IDHash) {
			continue
		}
		cs.hashes = append(cs.hashes, p.IDHash)
		list := s.byParty[p.IDHash]
		if len(list) < maxPartyCases {
			s.byParty[p.IDHash] = append(list, cs)
			for _, other := range list { // a refiling is judged on the later proceeding
				s.dirty[other.number] = true
			}
		}
	}
}

// matter returns the proceedings of the matter cs belongs to: up to its root through the
// origins known, then down through every derived proceeding. A matter has a few proceedings:
// they are told apart by a scan of the list rather than a set.
func (s *state) matter(cs *caseState) []*caseState {
	out, _ := s.matterInto(cs, nil, nil)
	return out
}

// matterInto is matter, appending to out[:0] and using up[:0] as a buffer, for a caller that
// keeps both from one call to the next.
func (s *state) matterInto(cs *caseState, out, up []*caseState) ([]*caseState, []*caseState) {
	root := cs
	up = append(up[:0], cs) // an origin cycle ends where it comes back
	for root.origin != "" {
		o := s.cases[root.origin]
		if o == nil || slices.Contains(up, o) {
			break
		}
		up = append(up, o)
		root = o
	}
	out = append(out[:0], root)
	var seen map[*caseState]bool // once the matter is large (bad data: many proceedings naming one origin)
	for i := 0; i < len(out); i++ {
		for _, d := range out[i].derived {
			dc := s.cases[d]
			if dc == nil {
				continue
			}
			if seen == nil && len(out) > 32 {
				seen = make(map[*caseState]bool, 2*len(out))
				for _, x := range out {
					seen[x] = true
				}
			}
			if seen != nil && !seen[dc] || seen == nil && !slices.Contains(out, dc) {
				out = append(out, dc)
				if seen != nil {
					seen[dc] = true
				}
			}
		}
	}
	return out, up
}

func (s *state) markMatter(cs *caseState) {
	s.path, s.up = s.matterInto(cs, s.path, s.up)
	for _, m := range s.path {
		s.dirty[m.number] = true
	}
}

// The reference data rules join with (rules.Refs).

func (s *state) Person(id string) *qingfeng.Person { return s.people[id] }

func (s *state) Lawyer(id string) *qingfeng.Lawyer { return s.lawyers[id] }

func (s *state) RelativesByHash(h string) []*qingfeng.Relative { return s.relByHash[h] }

func (s *state) CasesByParty(h string) []*rules.CaseView {
	var out []*rules.CaseView
	for _, cs := range s.byParty[h] {
		if cs.view != nil {
			out = append(out, cs.view)
		}
	}
	return out
}

func (s *state) CaseEvents(number string) []rules.Event {
	if cs := s.cases[number]; cs != nil {
		return cs.events
	}
	return nil
}

var _ rules.Refs = (*state)(nil)

func cmp(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
