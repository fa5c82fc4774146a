package sqlite

import "fmt"

// numberCacheMax bounds the in-memory dictionary of case numbers; past it the cache starts
// afresh (the table is the truth, the cache only saves look-ups).
const numberCacheMax = 1 << 20

// numberCache maps case numbers to their ids in the numbers table, for committed rows only.
// It is complete (holds every row) when the table was empty at Open and nothing has been
// dropped since: then a number it does not hold is new. It is guarded by Store.mu.
type numberCache struct {
	ids      map[string]int64
	complete bool
}

func (c *numberCache) put(number string, id int64) {
	if c.ids == nil {
		c.ids = make(map[string]int64, 1024)
	}
	if len(c.ids) >= numberCacheMax {
		c.ids = make(map[string]int64, 1024)
		c.complete = false
	}
	c.ids[number] = id
}

// numberTx gives ids to case numbers within one commit. Ids assigned by the commit reach the
// cache only once it has committed: a rolled-back id may be given to another number later.
type numberTx struct {
	w     *writer
	cache *numberCache
	next  int64            // the next id to assign; 0 until read from the table
	added map[string]int64 // assigned by this commit
}

// prefetch resolves every number a batch refers to, a chunk per query, and adds the unknown
// ones in bulk, so that id rarely needs the database.
func (n *numberTx) prefetch(numbers []string) error {
	var missing []any
	seen := map[string]bool{}
	for _, s := range numbers {
		if _, ok := n.cache.ids[s]; ok || seen[s] || s == "" {
			continue
		}
		seen[s] = true
		missing = append(missing, s)
	}
	for start := 0; start < len(missing) && !n.cache.complete; start += chunk {
		part := missing[start:min(start+chunk, len(missing))]
		rows, err := n.w.stmt(n.w.st.numbersLookup).QueryContext(n.w.ctx, padded(nil, part)...)
		if err != nil {
			return fmt.Errorf("case numbers: %w", err)
		}
		for rows.Next() {
			var s string
			var id int64
			if err := rows.Scan(&s, &id); err != nil {
				rows.Close()
				return fmt.Errorf("case numbers: %w", err)
			}
			n.cache.put(s, id)
			delete(seen, s)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("case numbers: %w", err)
		}
	}
	rows := n.w.bulk("numbers", n.w.st.numberInsert)
	for _, s := range missing {
		if !seen[s.(string)] {
			continue
		}
		id, err := n.assign(s.(string))
		if err != nil {
			return err
		}
		if err := rows.add(id, s); err != nil {
			return err
		}
	}
	return rows.flush()
}

// assign reserves the next id for a number new to the store.
func (n *numberTx) assign(number string) (int64, error) {
	if n.next == 0 {
		max, _, err := n.w.queryInt(n.w.st.maxNumber)
		if err != nil {
			return 0, fmt.Errorf("case numbers: %w", err)
		}
		n.next = max + 1
	}
	id := n.next
	n.next++
	if n.added == nil {
		n.added = map[string]int64{}
	}
	n.added[number] = id
	return id, nil
}

// id returns the id of a case number, adding the number to the dictionary when it is new;
// fresh reports that this commit added it.
func (n *numberTx) id(number string) (id int64, fresh bool, err error) {
	if id, ok := n.cache.ids[number]; ok {
		return id, false, nil
	}
	if id, ok := n.added[number]; ok {
		return id, true, nil
	}
	if !n.cache.complete {
		// Not prefetched (the cache was reset since): ask the table.
		id, ok, err := n.w.queryInt(n.w.st.numberLookup, number)
		if err != nil {
			return 0, false, fmt.Errorf("case number %s: %w", number, err)
		}
		if ok {
			n.cache.put(number, id)
			return id, false, nil
		}
	}
	id, err = n.assign(number)
	if err != nil {
		return 0, false, err
	}
	if _, err := n.w.exec(n.w.st.numberInsert.one, id, number); err != nil {
		return 0, false, fmt.Errorf("case number %s: %w", number, err)
	}
	return id, true, nil
}

// keep moves the ids assigned by a committed transaction into the cache.
func (n *numberTx) keep() {
	for number, id := range n.added {
		n.cache.put(number, id)
	}
}
