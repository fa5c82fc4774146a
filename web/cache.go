package web

import "sync"

// viewCache keeps computed views of the indicator engine for the data sequence they were
// computed at: a 体检表 with its sparklines and distributions costs milliseconds to tens of
// milliseconds, and many people open the same ones. A view computed at an older sequence is
// never served. Requests that miss together wait for one computation rather than each making
// their own. It holds at most max entries and forgets them all when full, which is crude but
// bounded: the next requests rebuild what is in use.
type viewCache struct {
	mu      sync.Mutex
	max     int
	m       map[string]cached
	running map[string]*flight
}

type cached struct {
	seq int64
	v   any
}

// flight is a computation others wait for.
type flight struct {
	seq  int64
	done chan struct{}
	v    any
	err  error
}

func newViewCache(max int) *viewCache {
	return &viewCache{max: max, m: map[string]cached{}, running: map[string]*flight{}}
}

// get returns the view under key computed at seq, computing and keeping it when absent. A
// cache of size 0 keeps nothing (the benchmark measures the computation that way).
func (c *viewCache) get(key string, seq int64, compute func() (any, error)) (any, error) {
	if c.max <= 0 {
		return compute()
	}
	c.mu.Lock()
	if e, ok := c.m[key]; ok && e.seq == seq {
		c.mu.Unlock()
		return e.v, nil
	}
	if f, ok := c.running[key]; ok && f.seq == seq {
		c.mu.Unlock()
		<-f.done
		return f.v, f.err
	}
	f := &flight{seq: seq, done: make(chan struct{})}
	c.running[key] = f
	c.mu.Unlock()

	f.v, f.err = compute()
	close(f.done)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running[key] == f {
		delete(c.running, key)
	}
	if f.err != nil {
		return nil, f.err
	}
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[key] = cached{seq: seq, v: f.v}
	return f.v, nil
}
