package ingest

import (
	"context"
	"fmt"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// committer writes a run's batches to the store in the order they are handed over, on a
// goroutine of its own, so that reading and decoding the next batch go on while one is being
// written: the reference pass's last batch is written while casework is already being read.
type committer struct {
	st         store.Store
	quarantine bool
	queue      chan *store.Batch
	failed     chan struct{} // closed when a commit has failed; err says why
	done       chan struct{} // closed when the goroutine has ended
	err        error
	tally      *Summary // what the commits did, kept apart from the reading side's counts
	gate       *decodeGate
}

// startCommitter starts the committer of one run. With quarantine false, rejections are
// counted but not put in quarantine (they are there already).
func startCommitter(ctx context.Context, st store.Store, quarantine bool) *committer {
	c := &committer{
		st: st, quarantine: quarantine,
		// One batch waiting while one is written: enough to keep the store busy, and memory
		// bounded by two batches.
		queue:  make(chan *store.Batch, 1),
		failed: make(chan struct{}),
		done:   make(chan struct{}),
		tally:  &Summary{Kinds: map[qingfeng.Kind]*KindSummary{}, Reasons: map[string]int{}},
		gate:   newDecodeGate(),
	}
	go c.run(ctx)
	return c
}

func (c *committer) run(ctx context.Context) {
	defer close(c.done)
	for b := range c.queue {
		if c.err != nil {
			continue // drain: the run is failing
		}
		if err := c.commit(ctx, b); err != nil {
			c.err = err
			close(c.failed)
		}
	}
}

// add queues a batch; it returns the error of an earlier commit, if one failed.
func (c *committer) add(ctx context.Context, b *store.Batch) error {
	select {
	case c.queue <- b:
		return nil
	case <-c.failed:
		return c.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// finish waits for the queued batches to be written, adds what the commits did to sum and
// returns the first commit error.
func (c *committer) finish(sum *Summary) error {
	close(c.queue)
	<-c.done
	t := c.tally
	sum.Stored += t.Stored
	sum.Unchanged += t.Unchanged
	sum.Revised += t.Revised
	sum.Rejected += t.Rejected
	sum.Resolved += t.Resolved
	for k, ks := range t.Kinds {
		into := sum.kind(k)
		into.Stored += ks.Stored
		into.Unchanged += ks.Unchanged
		into.Revised += ks.Revised
		into.Rejected += ks.Rejected
	}
	for code, n := range t.Reasons {
		sum.Reasons[code] += n
	}
	return c.err
}

// commit writes one batch and tallies its outcome. Rejections are counted here; when the run
// does not quarantine, they are dropped from the batch after counting.
func (c *committer) commit(ctx context.Context, b *store.Batch) error {
	t := c.tally
	for _, rj := range b.Rejections {
		t.kind(rj.Key.Kind).Rejected++
		t.Reasons[rj.Code]++
	}
	t.Rejected += len(b.Rejections)
	if !c.quarantine {
		b.Rejections = nil
	}
	if len(b.Records) == 0 && len(b.Rejections) == 0 {
		return nil
	}
	c.gate.writing(true)
	res, err := c.st.Commit(ctx, b)
	c.gate.writing(false)
	if err != nil {
		first := ""
		if len(b.Records) > 0 {
			o := b.Records[0].Origin
			first = fmt.Sprintf(" (from %s line %d)", o.File, o.Line)
		}
		return fmt.Errorf("ingest: commit batch of %d records%s: %w", len(b.Records), first, err)
	}
	for i, o := range res.Outcomes {
		ks := t.kind(b.Records[i].Kind)
		switch o {
		case store.Stored:
			ks.Stored++
			t.Stored++
		case store.Unchanged:
			ks.Unchanged++
			t.Unchanged++
		case store.Revised:
			ks.Revised++
			t.Revised++
		}
	}
	t.Resolved += res.Resolved
	return nil
}
