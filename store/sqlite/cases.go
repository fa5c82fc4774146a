package sqlite

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// projectCase updates the proceeding a case record describes. The common case, one record per
// case number, points the proceeding at the record's log row; a number with several records
// (several source systems) is rebuilt as the merge of their current revisions in log order.
// The heads of the batch are written before, so heads.number already says which records each
// number has.
func (w *writer) projectCase(ks *keyState, seq, id int64, c *qingfeng.Case) error {
	// A number first seen in this commit and not yet written by it: either this is its only
	// record, or a later record of the batch will find it touched and rebuild it.
	fresh := w.numbers.added(id) && !w.touched[id]
	var err error
	single := fresh
	if !single {
		n, _, err := w.queryInt(w.st.caseRecords, id)
		if err != nil {
			return err
		}
		single = n == 1
	}
	if single {
		err = w.putCase(id, c, seq, nil, fresh)
	} else {
		err = w.rebuildCase(id)
	}
	w.touched[id] = true
	if err != nil {
		return err
	}
	if ks.before != 0 && ks.number != 0 && ks.number != id {
		// The revision moved the record to another number: what it left behind is rebuilt
		// from the records that remain, or removed.
		return w.rebuildCase(ks.number)
	}
	return nil
}

// rebuildCase recomputes a proceeding from the current revisions of all its records, merged
// in log order, and deletes it when no record remains.
func (w *writer) rebuildCase(id int64) error {
	rows, err := w.stmt(w.st.caseContributors).QueryContext(w.ctx, id)
	if err != nil {
		return err
	}
	var merged *qingfeng.Case
	var seq int64
	n := 0
	for rows.Next() {
		var body []byte
		var c qingfeng.Case
		if err := rows.Scan(&seq, &body); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal(body, &c); err != nil {
			rows.Close()
			return fmt.Errorf("case %d: %w", id, err)
		}
		if n++; merged == nil {
			merged = &c
		} else {
			store.MergeCase(merged, &c)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	switch n {
	case 0:
		return w.deleteCase(id)
	case 1:
		return w.putCase(id, merged, seq, nil, false)
	}
	body, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	return w.putCase(id, merged, 0, body, false)
}

// putCase writes a proceeding — its one record's log row (seq), or the merge of its records —
// and keeps its matter tree right. A new proceeding takes the root of its origin (or the
// origin's number when the origin is absent), and the proceedings that were waiting for it as
// the root of an orphan tree take its root: one indexed UPDATE, whatever the order in which
// the tree arrives. fresh says the row cannot exist yet.
func (w *writer) putCase(id int64, c *qingfeng.Case, seq int64, merged []byte, fresh bool) error {
	var origin int64
	if c.OriginNumber != "" {
		var err error
		if origin, _, err = w.numbers.id(c.OriginNumber); err != nil {
			return err
		}
		w.origins[origin] = true
	}
	var oldRoot, oldOrigin int64
	exists := false
	if !fresh {
		if err := w.settleCases(); err != nil {
			return err
		}
		err := w.stmt(w.st.caseGet).QueryRowContext(w.ctx, id).Scan(&oldRoot, &oldOrigin)
		switch {
		case err == nil:
			exists = true
		case err != sql.ErrNoRows:
			return err
		}
	}
	if exists {
		var m any
		if merged != nil {
			m = merged
		}
		if _, err := w.exec(w.st.caseUpdate, origin, int64(c.FiledOn), seq, m, id); err != nil {
			return err
		}
		if origin != oldOrigin {
			return w.recomputeTree(oldRoot)
		}
		return nil
	}
	root := id
	if origin != 0 {
		r, ok, err := w.rootOf(origin)
		if err != nil {
			return err
		}
		root = origin
		if ok {
			root = r
		}
	}
	var m any // NULL, not an empty blob, for a proceeding of one record
	if merged != nil {
		m = merged
	}
	if err := w.caseRows.add(id, root, origin, int64(c.FiledOn), seq, m); err != nil {
		return err
	}
	w.pendingRoots[id] = root
	// Only a number used as an origin can be the root of waiting proceedings: a number new
	// to the store and not used as an origin by this commit has none.
	if root != id && !(fresh && !w.origins[id]) {
		if err := w.settleCases(); err != nil {
			return err
		}
		if _, err := w.exec(w.st.caseReroot, root, id); err != nil {
			return err
		}
	}
	return nil
}

// settleCases writes the new proceedings collected so far, before a statement that reads or
// changes proceedings already written.
func (w *writer) settleCases() error {
	clear(w.pendingRoots)
	return w.caseRows.flush()
}

// rootOf returns the root of a proceeding, from the new ones not yet written or the table; ok
// is false when the proceeding is absent.
func (w *writer) rootOf(id int64) (root int64, ok bool, err error) {
	if r, ok := w.pendingRoots[id]; ok {
		return r, true, nil
	}
	return w.queryInt(w.st.caseRoot, id)
}

func (w *writer) deleteCase(id int64) error {
	if err := w.settleCases(); err != nil {
		return err
	}
	root, ok, err := w.queryInt(w.st.caseRoot, id)
	if err != nil || !ok {
		return err
	}
	if _, err := w.exec(w.st.caseDelete, id); err != nil {
		return err
	}
	return w.recomputeTree(root)
}

// recomputeTree recomputes the root of every proceeding of a matter tree by following origins,
// after a revision changed an origin or removed a proceeding. Trees are small; this path is
// rare.
func (w *writer) recomputeTree(root int64) error {
	if err := w.settleCases(); err != nil {
		return err
	}
	rows, err := w.stmt(w.st.treeMembers).QueryContext(w.ctx, root)
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
	if err := rows.Close(); err != nil {
		return err
	}
	members := make([]int64, 0, len(origins))
	for id := range origins {
		members = append(members, id)
	}
	slices.Sort(members)
	roots := map[int64]int64{}
	for _, m := range members {
		r, err := w.walkToRoot(m, origins, roots)
		if err != nil {
			return err
		}
		if r != root {
			if _, err := w.exec(w.st.caseSetRoot, r, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// walkToRoot follows origins from a member of the tree being recomputed until it reaches a
// proceeding without origin, an absent origin (the root of an orphan tree), a proceeding of
// another tree (whose root it takes) or a cycle (bad data: the cycle is rooted where it closes).
func (w *writer) walkToRoot(m int64, origins, roots map[int64]int64) (int64, error) {
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
			other, ok, err := w.queryInt(w.st.caseRoot, cur)
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
