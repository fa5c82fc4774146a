package risk

// eventShards is the number of maps the event index is split into: a large batch's events are
// looked up and indexed on every core, each core filling maps of its own.
const eventShards = 16

// eventIndex maps the hash of an event's key to the proceeding the event belongs to, split
// into shards by the hash's top bits.
type eventIndex [eventShards]map[uint64]*caseState

// newEventIndex returns an index sized for about n events.
func newEventIndex(n int) eventIndex {
	var x eventIndex
	for i := range x {
		x[i] = make(map[uint64]*caseState, n/eventShards)
	}
	return x
}

// shardOf is the shard of hash h.
func shardOf(h uint64) int { return int(h >> 60) }

func (x *eventIndex) get(h uint64) *caseState { return x[shardOf(h)][h] }

func (x *eventIndex) set(h uint64, cs *caseState) { x[shardOf(h)][h] = cs }

func (x *eventIndex) len() int {
	n := 0
	for _, m := range x {
		n += len(m)
	}
	return n
}
