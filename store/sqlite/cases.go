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
// case number, writes the record as it is; a number with several records (several source
// systems) is rebuilt as the merge of their current revisions in log order.
func (w *writer) projectCase(k string, seq, prev int64, c *qingfeng.Case, body []byte) error {
	id, fresh, err := w.numbers.id(c.Number)
	if err != nil {
		return err
	}
	var prevNumber int64
	if prev != 0 {
		if err := w.caseKeys.flush(); err != nil {
			return err
		}
		if prevNumber, _, err = w.queryInt(w.st.caseKeyGet, k); err != nil {
			return err
		}
		if _, err = w.exec(w.st.caseKeyUpdate, id, seq, k); err != nil {
			return fmt.Errorf("case keys: %w", err)
		}
	} else if err := w.caseKeys.add(k, id, seq); err != nil {
		return err
	}

	// A number first seen in this commit and not yet written by it has no other record.
	single := fresh && !w.touched[id]
	if !single {
		if err := w.caseKeys.flush(); err != nil {
			return err
		}
		n, _, err := w.queryInt(w.st.caseKeyCount, id)
		if err != nil {
			return err
		}
		single = n == 1
	}
	if single {
		err = w.putCase(id, c, body, fresh && !w.touched[id])
	} else {
		err = w.rebuildCase(id)
	}
	w.touched[id] = true
	if err != nil {
		return err
	}
	if prevNumber != 0 && prevNumber != id {
		// The revision moved the record to another number: what it left behind is rebuilt
		// from the records that remain, or removed.
		return w.rebuildCase(prevNumber)
	}
	return nil
}

// rebuildCase recomputes a proceeding from the current revisions of all its records, merged
// in log order, and deletes it when no record remains.
func (w *writer) rebuildCase(id int64) error {
	if err := w.caseKeys.flush(); err != nil {
		return err
	}
	rows, err := w.stmt(w.st.caseContributors).QueryContext(w.ctx, id)
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
	if err := rows.Close(); err != nil {
		return err
	}
	if merged == nil {
		return w.deleteCase(id)
	}
	body, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	return w.putCase(id, merged, body, false)
}

// putCase writes a proceeding and keeps its matter tree right. A new proceeding takes the
// root of its origin (or the origin's number when the origin is absent), and the proceedings
// that were waiting for it as the root of an orphan tree take its root: one indexed UPDATE,
// whatever the order in which the tree arrives. fresh says the row cannot exist yet.
func (w *writer) putCase(id int64, c *qingfeng.Case, body []byte, fresh bool) error {
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
		err := w.stmt(w.st.caseGet).QueryRowContext(w.ctx, id).Scan(&oldRoot, &oldOrigin)
		switch {
		case err == nil:
			exists = true
		case err != sql.ErrNoRows:
			return err
		}
	}
	if exists {
		if _, err := w.exec(w.st.caseUpdate, origin, int64(c.FiledOn), body, id); err != nil {
			return err
		}
		if origin != oldOrigin {
			return w.recomputeTree(oldRoot)
		}
		return nil
	}
	root := id
	if origin != 0 {
		r, ok, err := w.queryInt(w.st.caseRoot, origin)
		if err != nil {
			return err
		}
		root = origin
		if ok {
			root = r
		}
	}
	if _, err := w.exec(w.st.caseInsert, id, root, origin, int64(c.FiledOn), body); err != nil {
		return err
	}
	// Only a number used as an origin can be the root of waiting proceedings: a number new
	// to the store and not used as an origin by this commit has none.
	if root != id && !(fresh && !w.origins[id]) {
		if _, err := w.exec(w.st.caseReroot, root, id); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) deleteCase(id int64) error {
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
