package postgres

import (
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
)

// lookupHeads fetches the current head of every distinct key of the batch in one query.
func (w *writer) lookupHeads(p *plan) error {
	if len(p.keys) == 0 {
		return nil
	}
	index := make(map[string]int, len(p.keys))
	ask := make([][]byte, len(p.keys))
	for j, k := range p.keys {
		index[k.key] = j
		ask[j] = []byte(k.key)
	}
	rows, err := w.tx.Query(w.ctx, `SELECT k, seq, hash FROM heads WHERE k = ANY($1)`, ask)
	if err != nil {
		return fmt.Errorf("heads: %w", err)
	}
	defer rows.Close()
	var k, hash []byte
	var seq int64
	for rows.Next() {
		if err := rows.Scan(&k, &seq, &hash); err != nil {
			return fmt.Errorf("heads: %w", err)
		}
		ks := &p.keys[index[string(k)]]
		ks.head, ks.before = head{seq: seq, hash: hashText(hash)}, seq
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("heads: %w", err)
	}
	return nil
}

// loadSuperseded fetches the superseded hashes of the stored keys for which the batch brings
// content other than the head: those records are either revisions or re-sends of history.
func (w *writer) loadSuperseded(recs []qingfeng.Record, p *plan) error {
	var ask [][]byte
	asked := map[int]bool{}
	for i := range recs {
		j := p.of[i]
		if ks := &p.keys[j]; ks.before != 0 && ks.head.hash != recs[i].Hash && !asked[j] {
			asked[j] = true
			ask = append(ask, []byte(ks.key))
		}
	}
	if len(ask) == 0 {
		return nil
	}
	rows, err := w.tx.Query(w.ctx, `SELECT k, hash FROM superseded WHERE k = ANY($1)`, ask)
	if err != nil {
		return fmt.Errorf("superseded: %w", err)
	}
	defer rows.Close()
	w.superseded = map[string]bool{}
	var k, hash []byte
	for rows.Next() {
		if err := rows.Scan(&k, &hash); err != nil {
			return fmt.Errorf("superseded: %w", err)
		}
		w.superseded[supersededKey(string(k), hashText(hash))] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("superseded: %w", err)
	}
	return nil
}

// writeHeads records the last revision of each written key, and counts the new keys per kind:
// new heads with COPY, moved ones and the counts in one pipelined round trip.
func (w *writer) writeHeads(recs []qingfeng.Record, p *plan) error {
	added := map[qingfeng.Kind]int64{}
	var fresh [][]any
	q := &pgx.Batch{}
	for j := range p.keys {
		k := &p.keys[j]
		if k.last < 0 {
			continue
		}
		if k.before == 0 {
			added[recs[k.last].Kind]++
			fresh = append(fresh, []any{[]byte(k.key), k.head.seq, storedHash(k.head.hash)})
		} else {
			q.Queue(`UPDATE heads SET seq = $1, hash = $2 WHERE k = $3`, k.head.seq, storedHash(k.head.hash), []byte(k.key))
		}
	}
	if err := w.copyRows("heads", []string{"k", "seq", "hash"}, fresh); err != nil {
		return err
	}
	kinds := make([]qingfeng.Kind, 0, len(added))
	for kind := range added {
		kinds = append(kinds, kind)
	}
	slices.Sort(kinds)
	first := q.Len()
	for _, kind := range kinds {
		q.Queue(`UPDATE kind_counts SET n = n + $2 WHERE kind = $1`, string(kind), added[kind])
	}
	n, err := w.sendBatch(q)
	if err != nil {
		return fmt.Errorf("heads: %w", err)
	}
	for i, kind := range kinds {
		if n[first+i] == 0 {
			// A kind the schema did not list: it gets its row now.
			if _, err := w.exec(`INSERT INTO kind_counts (kind, n) VALUES ($1, $2)`, string(kind), added[kind]); err != nil {
				return fmt.Errorf("kind counts: %w", err)
			}
		}
	}
	return nil
}
