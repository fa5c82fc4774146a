package sqlite

import (
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// keySep joins the parts of a key into heads.k; validation keeps it out of src and src_id so
// that the joined form is unambiguous.
const keySep = "\x1f"

func keyString(k qingfeng.Key) string { return string(k.Kind) + keySep + k.Src + keySep + k.SrcID }

func parseKey(s string) qingfeng.Key {
	kind, rest, _ := strings.Cut(s, keySep)
	src, id, _ := strings.Cut(rest, keySep)
	return qingfeng.Key{Kind: qingfeng.Kind(kind), Src: src, SrcID: id}
}

// head is the current revision of a key.
type head struct {
	seq  int64
	hash string
}

// keyState is what a commit knows about one distinct key of its batch.
type keyState struct {
	key    string
	head   head  // the head as the batch goes; seq 0 when the key has none
	before int64 // head seq before the batch, 0 for a key new to the store
	number int64 // case records: numbers.id of the case the head before the batch describes
	last   int   // index of the record with the last revision written, -1 if none
}

// plan is the commit's view of its batch: the distinct keys, and for each record its key and
// the seq of its log row (0 when it was unchanged).
type plan struct {
	keys []keyState
	of   []int
	seqs []int64
	// earlier holds, by key index, the hashes of revisions this batch wrote for the key and
	// then superseded: they may not have reached the log table yet when a later record of the
	// key is checked against them.
	earlier map[int][]string
	// numbers holds, for events and case records, the numbers.id of their proceeding as the
	// commit resolved it beforehand (0 when the record names none).
	numbers []int64
}

// setNumbers records the proceeding ids resolved for the batch: own[i] is the place of record
// i's number among ids, -1 when its kind has none.
func (p *plan) setNumbers(own []int, ids []int64) {
	p.numbers = make([]int64, len(own))
	for i, k := range own {
		if k >= 0 {
			p.numbers[i] = ids[k]
		}
	}
}

// final reports whether record i carries the last revision written for its key in the batch:
// only that one is projected.
func (p *plan) final(i int) bool { return p.seqs[i] != 0 && p.keys[p.of[i]].last == i }

func newPlan(recs []qingfeng.Record) *plan {
	p := &plan{keys: make([]keyState, 0, len(recs)), of: make([]int, len(recs)), seqs: make([]int64, len(recs))}
	index := make(map[string]int, len(recs))
	for i := range recs {
		k := keyString(recs[i].Key)
		j, ok := index[k]
		if !ok {
			j = len(p.keys)
			index[k] = j
			p.keys = append(p.keys, keyState{key: k, last: -1})
		}
		p.of[i] = j
	}
	return p
}
