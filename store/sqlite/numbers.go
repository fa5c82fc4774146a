package sqlite

import "fmt"

// numberCacheMax bounds the in-memory map of recently used case numbers; past it the map
// starts afresh (the table is the truth, the map only saves look-ups).
const numberCacheMax = 1 << 16

// numberCache is what the store remembers of the numbers table between commits, guarded by
// Store.mu: the ids of recently used numbers, and, for a store that has seen every number
// written to its file, a filter of all of them, so that a number the filter has never seen is
// known to be new without asking the table.
type numberCache struct {
	ids    map[string]int64
	filter *keyFilter // nil unless the table was empty at Open and no other writer has been at it
}

// put remembers a number's id. The map is made at its full size and cleared, not made afresh,
// when full: a bulk load puts tens of thousands of new numbers per commit, and growing the map
// step by step rehashed them over and over.
func (c *numberCache) put(number string, id int64) {
	switch {
	case c.ids == nil:
		c.ids = make(map[string]int64, numberCacheMax)
	case len(c.ids) >= numberCacheMax:
		clear(c.ids)
	}
	c.ids[number] = id
}

// numberTx gives ids to case numbers within one commit. Ids assigned by the commit reach the
// cache only once it has committed: a rolled-back id may be given to another number later.
type numberTx struct {
	w     *writer
	cache *numberCache
	first int64            // the first id this commit assigned: ids from it on are its own
	next  int64            // the next id to assign; 0 until read from the table
	ids   map[string]int64 // every number the commit has resolved, added ones included
}

// prefetch resolves every number a batch refers to, asking the table a chunk at a time for
// those neither remembered nor known to be new, and adds the new ones in bulk, so that id
// rarely needs the database. A number asked about is marked in ids with the id 0 (no number
// has it) until the answer comes, so that a number the batch names twice is asked once.
// It returns the id of every number, by its place in numbers (0 for ""), so that the commit
// need not look them up again.
func (n *numberTx) prefetch(numbers []string) ([]int64, error) {
	if n.ids == nil {
		n.ids = make(map[string]int64, len(numbers))
	}
	out := make([]int64, len(numbers))
	late := false // some ids are only known once the table has answered
	var ask []any
	rows := n.w.bulk("numbers", n.w.st.numberInsert)
	add := func(s string) error {
		id, err := n.assign(s)
		if err != nil {
			return err
		}
		return rows.addAt(id, s)
	}
	for k, s := range numbers {
		if s == "" {
			continue
		}
		if id, ok := n.ids[s]; ok {
			out[k] = id
			late = late || id == 0
			continue
		}
		// A number the filter has never seen is new, and then not remembered either: on a bulk
		// load of new proceedings that spares a look-up in a large map per number.
		if f := n.cache.filter; f != nil && !f.mayContain(s) {
			if err := add(s); err != nil {
				return nil, err
			}
			out[k] = n.next - 1
			continue
		}
		if id, ok := n.cache.ids[s]; ok {
			n.ids[s] = id
			out[k] = id
			continue
		}
		n.ids[s] = 0
		ask = append(ask, s)
		late = true
	}
	for start := 0; start < len(ask); start += chunk {
		part := ask[start:min(start+chunk, len(ask))]
		rows, err := n.w.stmt(n.w.st.numbersLookup).QueryContext(n.w.ctx, padded(nil, part)...)
		if err != nil {
			return nil, fmt.Errorf("case numbers: %w", err)
		}
		for rows.Next() {
			var s string
			var id int64
			if err := rows.Scan(&s, &id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("case numbers: %w", err)
			}
			n.ids[s] = id
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("case numbers: %w", err)
		}
	}
	for _, s := range ask {
		if n.ids[s.(string)] == 0 {
			if err := add(s.(string)); err != nil {
				return nil, err
			}
		}
	}
	if late {
		for k, s := range numbers {
			if out[k] == 0 && s != "" {
				out[k] = n.ids[s]
			}
		}
	}
	return out, rows.flush()
}

// assign reserves the next id for a number new to the store.
func (n *numberTx) assign(number string) (int64, error) {
	if n.next == 0 {
		max, _, err := n.w.queryInt(n.w.st.maxNumber)
		if err != nil {
			return 0, fmt.Errorf("case numbers: %w", err)
		}
		n.first, n.next = max+1, max+1
	}
	id := n.next
	n.next++
	n.ids[number] = id
	return id, nil
}

// added reports whether this commit assigned the id.
func (n *numberTx) added(id int64) bool { return n.first != 0 && id >= n.first }

// id returns the id of a case number, adding the number to the dictionary when it is new;
// fresh reports that this commit added it.
func (n *numberTx) id(number string) (id int64, fresh bool, err error) {
	if id, ok := n.ids[number]; ok {
		return id, n.added(id), nil
	}
	// Not prefetched (a number read back from a stored body): ask the table.
	id, ok, err := n.w.queryInt(n.w.st.numberLookup, number)
	if err != nil {
		return 0, false, fmt.Errorf("case number %s: %w", number, err)
	}
	if ok {
		n.ids[number] = id
		return id, false, nil
	}
	if id, err = n.assign(number); err != nil {
		return 0, false, err
	}
	r, err := n.w.exec(n.w.st.numberInsert.rows[len(n.w.st.numberInsert.rows)-1], number)
	if err != nil {
		return 0, false, fmt.Errorf("case number %s: %w", number, err)
	}
	if got, err := r.LastInsertId(); err != nil || got != id {
		return 0, false, fmt.Errorf("case number %s: got id %d, not %d (%v)", number, got, id, err)
	}
	return id, true, nil
}

// keep moves what a committed transaction learnt into the cache. A commit that resolved many
// numbers (a bulk load) hands its map over as the cache rather than copying it entry by entry,
// which cost a bulk load as much as a table insert: the numbers it resolved are those the next
// commits are most likely to ask about again, and the entries it drops are older ones the
// cache would soon have dropped anyway (put starts afresh when full).
func (n *numberTx) keep() {
	if f := n.cache.filter; f != nil && n.first != 0 {
		for number, id := range n.ids {
			if n.added(id) {
				f.add(number)
			}
		}
	}
	if len(n.ids) >= numberCacheMax/4 {
		n.cache.ids = n.ids
		return
	}
	for number, id := range n.ids {
		n.cache.put(number, id)
	}
}
