package ingest

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng/store"
)

// commitClock is a store that adds up the CPU time its Commit calls take on their own thread.
// The single committer is the critical path of a bulk import: on a machine shared with other
// work, its CPU per row says what wall time a quiet machine would take far better than the
// wall clock does.
type commitClock struct {
	store.Store
	total time.Duration
}

func (c *commitClock) Commit(ctx context.Context, b *store.Batch) (store.Result, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	at := threadCPU()
	res, err := c.Store.Commit(ctx, b)
	c.total += threadCPU() - at
	return res, err
}

// report reports the commits' CPU nanoseconds per unit, when the platform measures them.
func (c *commitClock) report(b *testing.B, n int, unit string) {
	if c.total > 0 && n > 0 {
		b.ReportMetric(float64(c.total.Nanoseconds())/float64(n), "commit-cpu-ns/"+unit)
	}
}
