package web

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestViewCache: callers that miss together share one computation; a new data sequence
// computes again; an error is not kept; a cache of size 0 computes every time.
func TestViewCache(t *testing.T) {
	c := newViewCache(4)
	var calls atomic.Int32
	slow := func() (any, error) {
		calls.Add(1)
		time.Sleep(20 * time.Millisecond)
		return "v", nil
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if v, err := c.get("k", 1, slow); err != nil || v != "v" {
				t.Errorf("get: %v %v", v, err)
			}
		})
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("10 concurrent misses computed %d times", calls.Load())
	}
	c.get("k", 1, slow)
	c.get("k", 2, slow)
	if calls.Load() != 2 {
		t.Fatalf("a hit or a new sequence: %d computations", calls.Load())
	}
	boom := errors.New("boom")
	if _, err := c.get("e", 1, func() (any, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if v, _ := c.get("e", 1, func() (any, error) { return "ok", nil }); v != "ok" {
		t.Fatal("an error was kept")
	}
	for i := range 5 {
		c.get(string(rune('a'+i)), 1, slow)
	}
	if len(c.m) > 4 {
		t.Fatalf("the cache holds %d entries, more than its size", len(c.m))
	}
	off := newViewCache(0)
	off.get("k", 1, slow)
	off.get("k", 1, slow)
	if calls.Load() != 2+5+2 {
		t.Fatalf("computations: %d", calls.Load())
	}
}
