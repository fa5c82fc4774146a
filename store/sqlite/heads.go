package sqlite

import (
	"fmt"
	"slices"
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// lookupHeads fetches the current head of every distinct key of the batch, a chunk of keys
// per query. Keys that the key filter has never seen are new and need no look-up.
func (w *writer) lookupHeads(p *plan) error {
	index := make(map[string]int, len(p.keys))
	var ask []any
	for j, k := range p.keys {
		if w.known == nil || w.known.mayContain(k.key) {
			index[k.key] = j
			ask = append(ask, k.key)
		}
	}
	for start := 0; start < len(ask); start += chunk {
		part := ask[start:min(start+chunk, len(ask))]
		rows, err := w.stmt(w.st.headsLookup).QueryContext(w.ctx, padded(nil, part)...)
		if err != nil {
			return fmt.Errorf("heads: %w", err)
		}
		for rows.Next() {
			var k string
			var h head
			var hash any
			if err := rows.Scan(&k, &h.seq, &hash); err != nil {
				rows.Close()
				return fmt.Errorf("heads: %w", err)
			}
			h.hash = hashText(hash)
			ks := &p.keys[index[k]]
			ks.head, ks.before = h, h.seq
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("heads: %w", err)
		}
	}
	return nil
}

// writeHeads records the last revision of each written key, and counts the new keys per kind.
// New keys are inserted in key order, so that the inserts walk the index rather than jump about.
func (w *writer) writeHeads(recs []qingfeng.Record, p *plan) error {
	added := map[qingfeng.Kind]int{}
	var fresh []*keyState
	for j := range p.keys {
		k := &p.keys[j]
		if k.last < 0 {
			continue
		}
		if k.before == 0 {
			added[recs[k.last].Kind]++
			fresh = append(fresh, k)
		} else if _, err := w.exec(w.st.headsUpdate, k.head.seq, storedHash(k.head.hash), k.key); err != nil {
			return fmt.Errorf("heads: %w", err)
		}
	}
	slices.SortFunc(fresh, func(a, b *keyState) int { return strings.Compare(a.key, b.key) })
	rows := w.bulk("heads", w.st.headsInsert)
	for _, k := range fresh {
		if err := rows.add(k.key, k.head.seq, storedHash(k.head.hash)); err != nil {
			return err
		}
	}
	if err := rows.flush(); err != nil {
		return err
	}
	for kind, n := range added {
		if _, err := w.exec(w.st.kindCount, string(kind), n); err != nil {
			return fmt.Errorf("kind counts: %w", err)
		}
	}
	return nil
}
