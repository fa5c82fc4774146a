package postgres

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// caseWriter projects a commit's case records: the same rules as the embedded store (one
// record per number written as it is, several merged in log order, matter roots following
// origins), arranged so that the common case costs no round trip. A record for a number new to
// the store, from a key new to the store, is queued and written with COPY; the roots of the
// proceedings it may derive from are read once per batch. Anything else (a revision, a second
// record for a number, a proceeding that adopts a waiting tree) first writes what is queued
// and then asks the database, one statement at a time, as the embedded store does.
type caseWriter struct {
	w       *writer
	keys    [][]any // queued case_keys rows
	rows    [][]any // queued cases rows
	touched map[int64]bool
	origins map[int64]bool     // case numbers used as an origin by this commit
	roots   map[int64]rootMemo // what is known of proceedings' roots, queued rows included
}

// rootMemo is the root of a proceeding, or its absence (ok false).
type rootMemo struct {
	root int64
	ok   bool
}

func newCaseWriter(w *writer) *caseWriter {
	return &caseWriter{w: w, touched: map[int64]bool{}, origins: map[int64]bool{}, roots: map[int64]rootMemo{}}
}

// flush writes the queued rows.
func (cw *caseWriter) flush() error {
	if err := cw.w.copyRows("case_keys", []string{"k", "num_id", "seq"}, cw.keys); err != nil {
		return err
	}
	if err := cw.w.copyRows("cases", []string{"id", "root", "origin", "filed_on", "body"}, cw.rows); err != nil {
		return err
	}
	cw.keys, cw.rows = cw.keys[:0], cw.rows[:0]
	return nil
}

// forget drops what is known of roots after a statement that may have changed them. Queued
// rows are always written before such a statement, so the database then has the truth.
func (cw *caseWriter) forget() { clear(cw.roots) }

// rootOf returns the root of a proceeding and whether it is stored.
func (cw *caseWriter) rootOf(id int64) (int64, bool, error) {
	if m, ok := cw.roots[id]; ok {
		return m.root, m.ok, nil
	}
	r, ok, err := cw.w.queryInt(`SELECT root FROM cases WHERE id = $1`, id)
	if err != nil {
		return 0, false, err
	}
	cw.roots[id] = rootMemo{root: r, ok: ok}
	return r, ok, nil
}

// lookupOrigins reads the roots of every origin the batch's case records name, in one query.
func (cw *caseWriter) lookupOrigins(recs []qingfeng.Record) error {
	var ids []int64
	for i := range recs {
		c, ok := recs[i].Value.(*qingfeng.Case)
		if !ok || c.OriginNumber == "" {
			continue
		}
		id, _, err := cw.w.numbers.id(c.OriginNumber)
		if err != nil {
			return err
		}
		if _, known := cw.roots[id]; !known {
			cw.roots[id] = rootMemo{}
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := cw.w.tx.Query(cw.w.ctx, `SELECT id, root FROM cases WHERE id = ANY($1)`, ids)
	if err != nil {
		return fmt.Errorf("origins: %w", err)
	}
	defer rows.Close()
	var id, root int64
	for rows.Next() {
		if err := rows.Scan(&id, &root); err != nil {
			return fmt.Errorf("origins: %w", err)
		}
		cw.roots[id] = rootMemo{root: root, ok: true}
	}
	return rows.Err()
}

// project updates the proceeding a case record describes: k is the record's key, seq its log
// row, prev the key's head before the batch (0 for a new key).
func (cw *caseWriter) project(k string, seq, prev int64, c *qingfeng.Case, body []byte) error {
	w := cw.w
	id, fresh, err := w.numbers.id(c.Number)
	if err != nil {
		return err
	}
	var prevNumber int64
	if prev != 0 {
		if err := cw.flush(); err != nil {
			return err
		}
		if prevNumber, _, err = w.queryInt(`SELECT num_id FROM case_keys WHERE k = $1`, []byte(k)); err != nil {
			return err
		}
		if _, err = w.exec(`UPDATE case_keys SET num_id = $1, seq = $2 WHERE k = $3`, id, seq, []byte(k)); err != nil {
			return fmt.Errorf("case keys: %w", err)
		}
	} else {
		cw.keys = append(cw.keys, []any{[]byte(k), id, seq})
	}

	// A number first seen in this commit and not yet written by it has no other record.
	single := fresh && !cw.touched[id]
	if !single {
		if err := cw.flush(); err != nil {
			return err
		}
		n, _, err := w.queryInt(`SELECT count(*) FROM case_keys WHERE num_id = $1`, id)
		if err != nil {
			return err
		}
		single = n == 1
	}
	if single {
		err = cw.put(id, c, body, fresh && !cw.touched[id])
	} else {
		err = cw.rebuild(id)
	}
	cw.touched[id] = true
	if err != nil {
		return err
	}
	if prevNumber != 0 && prevNumber != id {
		// The revision moved the record to another number: what it left behind is rebuilt
		// from the records that remain, or removed.
		return cw.rebuild(prevNumber)
	}
	return nil
}

// rebuild recomputes a proceeding from the current revisions of all its records, merged in
// log order, and deletes it when no record remains.
func (cw *caseWriter) rebuild(id int64) error {
	if err := cw.flush(); err != nil {
		return err
	}
	rows, err := cw.w.tx.Query(cw.w.ctx, `SELECT l.body FROM case_keys ck JOIN record_log l ON l.seq = ck.seq
		WHERE ck.num_id = $1 ORDER BY ck.seq`, id)
	if err != nil {
		return err
	}
	var merged *qingfeng.Case
	for rows.Next() {
		var body []byte
		var c qingfeng.Case
		if err := rows.Scan(&body); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal(body, &c); err != nil {
			rows.Close()
			return fmt.Errorf("case %d: %w", id, err)
		}
		if merged == nil {
			merged = &c
		} else {
			store.MergeCase(merged, &c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if merged == nil {
		return cw.remove(id)
	}
	body, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	return cw.put(id, merged, body, false)
}

// put writes a proceeding and keeps its matter tree right. A new proceeding takes the root of
// its origin (or the origin's number when the origin is absent), and the proceedings that were
// waiting for it as the root of an orphan tree take its root. fresh says the row cannot exist
// yet: it is then queued.
func (cw *caseWriter) put(id int64, c *qingfeng.Case, body []byte, fresh bool) error {
	w := cw.w
	var origin int64
	if c.OriginNumber != "" {
		var err error
		if origin, _, err = w.numbers.id(c.OriginNumber); err != nil {
			return err
		}
		cw.origins[origin] = true
	}
	var oldRoot, oldOrigin int64
	exists := false
	if !fresh {
		if err := cw.flush(); err != nil {
			return err
		}
		err := w.tx.QueryRow(w.ctx, `SELECT root, origin FROM cases WHERE id = $1`, id).Scan(&oldRoot, &oldOrigin)
		switch {
		case err == nil:
			exists = true
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
	}
	if exists {
		if _, err := w.exec(`UPDATE cases SET origin = $1, filed_on = $2, body = $3 WHERE id = $4`,
			origin, int32(c.FiledOn), body, id); err != nil {
			return err
		}
		if origin != oldOrigin {
			return cw.recomputeTree(oldRoot)
		}
		return nil
	}
	root := id
	if origin != 0 {
		r, ok, err := cw.rootOf(origin)
		if err != nil {
			return err
		}
		root = origin
		if ok {
			root = r
		}
	}
	if fresh {
		cw.rows = append(cw.rows, []any{id, root, origin, int32(c.FiledOn), body})
	} else if _, err := w.exec(`INSERT INTO cases (id, root, origin, filed_on, body) VALUES ($1, $2, $3, $4, $5)`,
		id, root, origin, int32(c.FiledOn), body); err != nil {
		return err
	}
	cw.roots[id] = rootMemo{root: root, ok: true}
	// Only a number used as an origin can be the root of waiting proceedings: a number new
	// to the store and not used as an origin by this commit has none.
	if root != id && !(fresh && !cw.origins[id]) {
		if err := cw.flush(); err != nil {
			return err
		}
		if _, err := w.exec(`UPDATE cases SET root = $1 WHERE root = $2`, root, id); err != nil {
			return err
		}
		cw.forget()
	}
	return nil
}

func (cw *caseWriter) remove(id int64) error {
	root, ok, err := cw.w.queryInt(`SELECT root FROM cases WHERE id = $1`, id)
	if err != nil || !ok {
		return err
	}
	if _, err := cw.w.exec(`DELETE FROM cases WHERE id = $1`, id); err != nil {
		return err
	}
	return cw.recomputeTree(root)
}

// recomputeTree recomputes the root of every proceeding of a matter tree by following origins,
// after a revision changed an origin or removed a proceeding. Trees are small; this path is
// rare. Queued rows have been written by the caller.
func (cw *caseWriter) recomputeTree(root int64) error {
	cw.forget()
	defer cw.forget()
	rows, err := cw.w.tx.Query(cw.w.ctx, `SELECT id, origin FROM cases WHERE root = $1`, root)
	if err != nil {
		return err
	}
	origins := map[int64]int64{}
	for rows.Next() {
		var id, origin int64
		if err := rows.Scan(&id, &origin); err != nil {
			rows.Close()
			return err
		}
		origins[id] = origin
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	members := make([]int64, 0, len(origins))
	for id := range origins {
		members = append(members, id)
	}
	slices.Sort(members)
	roots := map[int64]int64{}
	for _, m := range members {
		r, err := cw.walkToRoot(m, origins, roots)
		if err != nil {
			return err
		}
		if r != root {
			if _, err := cw.w.exec(`UPDATE cases SET root = $1 WHERE id = $2`, r, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// walkToRoot follows origins from a member of the tree being recomputed until it reaches a
// proceeding without origin, an absent origin (the root of an orphan tree), a proceeding of
// another tree (whose root it takes) or a cycle (bad data: the cycle is rooted where it closes).
func (cw *caseWriter) walkToRoot(m int64, origins, roots map[int64]int64) (int64, error) {
	var path []int64
	onPath := map[int64]bool{}
	cur := m
	var r int64
	for {
		if known, ok := roots[cur]; ok {
			r = known
			break
		}
		origin, member := origins[cur]
		if !member {
			other, ok, err := cw.w.queryInt(`SELECT root FROM cases WHERE id = $1`, cur)
			if err != nil {
				return 0, err
			}
			r = cur
			if ok {
				r = other
			}
			break
		}
		if onPath[cur] || origin == 0 {
			r = cur
			break
		}
		onPath[cur] = true
		path = append(path, cur)
		cur = origin
	}
	for _, p := range path {
		roots[p] = r
	}
	return r, nil
}
