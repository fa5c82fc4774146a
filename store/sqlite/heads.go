package sqlite

import (
	"database/sql"
	"fmt"

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
			var number sql.NullInt64
			if err := rows.Scan(&k, &h.seq, &hash, &number); err != nil {
				rows.Close()
				return fmt.Errorf("heads: %w", err)
			}
			h.hash = hashText(hash)
			ks := &p.keys[index[k]]
			ks.head, ks.before, ks.number = h, h.seq, number.Int64
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("heads: %w", err)
		}
	}
	return nil
}

// receivedBefore reports whether a revision with this hash was received for the key before
// and has since been superseded (in an earlier batch or earlier in this one). Such a record is
// a re-send of history, not a change: re-ingesting an old export must not flip the head.
func (w *writer) receivedBefore(p *plan, j int, hash string) (bool, error) {
	ks := &p.keys[j]
	for _, h := range p.earlier[j] {
		if h == hash {
			return true, nil
		}
	}
	if ks.before == 0 {
		return false, nil
	}
	n, _, err := w.queryInt(w.st.revisionHas, ks.key, storedHash(hash))
	if err != nil {
		return false, fmt.Errorf("revisions: %w", err)
	}
	return n > 0, nil
}

// countKeys adds the keys the batch stored for the first time to the counts per kind.
func (w *writer) countKeys(recs []qingfeng.Record, p *plan) error {
	added := map[qingfeng.Kind]int{}
	for j := range p.keys {
		if k := &p.keys[j]; k.last >= 0 && k.before == 0 {
			added[recs[k.last].Kind]++
		}
	}
	for kind, n := range added {
		if _, err := w.exec(w.st.kindCount, string(kind), n); err != nil {
			return fmt.Errorf("kind counts: %w", err)
		}
	}
	return nil
}
