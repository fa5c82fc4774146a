package postgres

import "fmt"

// numberCacheMax bounds the in-memory dictionary of case numbers; past it the cache starts
// afresh (the table is the truth, the cache only saves look-ups).
const numberCacheMax = 1 << 20

// numberCache maps case numbers to their ids in the numbers table, for committed rows only.
// It is complete (holds every row) when the table was empty at Open, nothing has been dropped
// since and no other process has written: then a number it does not hold is new. It is
// guarded by Store.mu.
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

// numberTx gives ids to case numbers within one commit. Ids come from store_state.last_number,
// read under the commit's lock; those assigned by the commit reach the cache only once it has
// committed.
type numberTx struct {
	w       *writer
	cache   *numberCache
	last    int64            // the highest id assigned so far
	added   map[string]int64 // assigned by this commit
	pending [][]any          // rows of added not yet written
}

// prefetch resolves every number a batch refers to in one query, and assigns ids to the ones
// the table does not hold, so that id rarely needs the database.
func (n *numberTx) prefetch(numbers []string) error {
	var missing []string
	seen := map[string]bool{}
	for _, s := range numbers {
		if _, ok := n.cache.ids[s]; ok || seen[s] || s == "" {
			continue
		}
		seen[s] = true
		missing = append(missing, s)
	}
	if len(missing) > 0 && !n.cache.complete {
		rows, err := n.w.tx.Query(n.w.ctx, `SELECT case_number, id FROM numbers WHERE case_number = ANY($1)`, byteArgs(missing))
		if err != nil {
			return fmt.Errorf("case numbers: %w", err)
		}
		var s []byte
		var id int64
		for rows.Next() {
			if err := rows.Scan(&s, &id); err != nil {
				rows.Close()
				return fmt.Errorf("case numbers: %w", err)
			}
			n.cache.put(string(s), id)
			delete(seen, string(s))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("case numbers: %w", err)
		}
	}
	for _, s := range missing {
		if seen[s] {
			n.assign(s)
		}
	}
	return nil
}

// assign gives the next id to a number new to the store.
func (n *numberTx) assign(number string) int64 {
	n.last++
	if n.added == nil {
		n.added = map[string]int64{}
	}
	n.added[number] = n.last
	n.pending = append(n.pending, []any{n.last, []byte(number)})
	return n.last
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
		id, ok, err := n.w.queryInt(`SELECT id FROM numbers WHERE case_number = $1`, []byte(number))
		if err != nil {
			return 0, false, fmt.Errorf("case number %s: %w", number, err)
		}
		if ok {
			n.cache.put(number, id)
			return id, false, nil
		}
	}
	return n.assign(number), true, nil
}

// flush writes the numbers the commit added.
func (n *numberTx) flush() error {
	err := n.w.copyRows("numbers", []string{"id", "case_number"}, n.pending)
	n.pending = nil
	return err
}

// keep moves the ids assigned by a committed transaction into the cache.
func (n *numberTx) keep() {
	for number, id := range n.added {
		n.cache.put(number, id)
	}
}
