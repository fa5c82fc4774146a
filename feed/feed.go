// Package feed delivers what the store has committed to the engines that keep their own state
// (indicators, risk rules, reviews): every record from a sequence number on, in log order,
// then each new batch as it commits — whether the batch came from this process (ingest over
// HTTP or NATS) or from another process writing to the same store (`qingfeng ingest` beside a
// running server), which is noticed by polling.
package feed

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Change is one committed revision, decoded.
type Change struct {
	Seq   int64
	Key   qingfeng.Key
	Value any // *qingfeng.Case, *qingfeng.Event, … as in qingfeng.Record.Value
	Hash  string
}

// Feed follows a store. Wrap gives the store to write through, so that in-process commits
// wake followers at once; Poll bounds how late a commit by another process is seen.
type Feed struct {
	st   store.Store
	Poll time.Duration

	mu      sync.Mutex
	waiters []chan struct{}
}

// New returns a feed over st that polls every second.
func New(st store.Store) *Feed { return &Feed{st: st, Poll: time.Second} }

// Wrap returns a store that behaves like the feed's own and wakes the feed's followers after
// every successful commit.
func (f *Feed) Wrap() store.Store { return notifying{Store: f.st, f: f} }

type notifying struct {
	store.Store
	f *Feed
}

func (n notifying) Commit(ctx context.Context, b *store.Batch) (store.Result, error) {
	res, err := n.Store.Commit(ctx, b)
	if err == nil {
		n.f.Nudge()
	}
	return res, err
}

// Nudge wakes every follower to read the log now.
func (f *Feed) Nudge() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, w := range f.waiters {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

func (f *Feed) subscribe() (chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	f.mu.Lock()
	f.waiters = append(f.waiters, ch)
	f.mu.Unlock()
	return ch, func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		for i, w := range f.waiters {
			if w == ch {
				f.waiters = append(f.waiters[:i], f.waiters[i+1:]...)
				return
			}
		}
	}
}

// CatchUp delivers every change after seq in chunks of at most max changes, and returns the
// last sequence delivered (seq itself when there was nothing new).
func (f *Feed) CatchUp(ctx context.Context, seq int64, max int, fn func([]Change) error) (int64, error) {
	if max <= 0 {
		max = 10000
	}
	buf := make([]Change, 0, max)
	last := seq
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		if err := fn(buf); err != nil {
			return err
		}
		last = buf[len(buf)-1].Seq
		buf = buf[:0]
		return nil
	}
	err := f.st.ScanLog(ctx, seq, func(e store.LogEntry) error {
		key, v, err := qingfeng.DecodeBody(e.Body)
		if err != nil {
			return fmt.Errorf("feed: log entry %d: %w", e.Seq, err)
		}
		buf = append(buf, Change{Seq: e.Seq, Key: key, Value: v, Hash: e.Hash})
		if len(buf) == max {
			return flush()
		}
		return nil
	})
	if err != nil {
		return last, err
	}
	return last, flush()
}

// Follow delivers every change after seq, then keeps delivering new ones as they commit, until
// ctx ends or fn fails. fn is called from one goroutine, in log order.
func (f *Feed) Follow(ctx context.Context, seq int64, fn func([]Change) error) error {
	wake, stop := f.subscribe()
	defer stop()
	tick := time.NewTicker(f.Poll)
	defer tick.Stop()
	for {
		var err error
		if seq, err = f.CatchUp(ctx, seq, 0, fn); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		case <-tick.C:
		}
	}
}
