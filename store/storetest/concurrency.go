package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// testConcurrentReaders runs readers while batches are committed. Every batch stores one case
// with its three events, so any consistent view has three events per case and a log whose
// length is a multiple of four; readers must never see half a batch, and never go back.
func testConcurrentReaders(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	const batches = 40
	var recs [][]qingfeng.Record
	for i := range batches {
		n := num("闽0102", "民初", i+1)
		recs = append(recs, []qingfeng.Record{
			r.rec("cms", fmt.Sprint("case-", i), civilCase(n, "", day("2024-01-01").AddDays(i))),
			r.rec("cms", fmt.Sprint("ev-", i, "-a"), sampleEvent(n, "filed", "2024-01-02T09:00:00+08:00")),
			r.rec("cms", fmt.Sprint("ev-", i, "-b"), sampleEvent(n, "assigned", "2024-01-02T10:00:00+08:00")),
			r.rec("cms", fmt.Sprint("ev-", i, "-c"), sampleEvent(n, "closed", "2024-02-02T10:00:00+08:00")),
		})
	}

	ctx := context.Background()
	var done atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	fail := func(format string, args ...any) {
		select {
		case errs <- fmt.Errorf(format, args...):
		default:
		}
	}
	readers := []func() error{
		func() error { // counts are one consistent state, and only grow
			var last int64
			for !done.Load() {
				c, err := s.Counts(ctx)
				if err != nil {
					return err
				}
				if c.Kinds[qingfeng.KindEvent] != 3*c.Kinds[qingfeng.KindCase] || c.Revisions != 4*c.Kinds[qingfeng.KindCase] {
					fail("counts show part of a batch: %+v", c)
				}
				if c.Revisions < last {
					fail("revisions went back from %d to %d", last, c.Revisions)
				}
				last = c.Revisions
			}
			return nil
		},
		func() error { // the log is gap-free and made of whole batches
			for !done.Load() {
				var n int64
				err := s.ScanLog(ctx, 0, func(e store.LogEntry) error {
					n++
					if e.Seq != n {
						return fmt.Errorf("log seq %d at position %d", e.Seq, n)
					}
					return nil
				})
				if err != nil {
					return err
				}
				if n%4 != 0 {
					fail("log of %d entries: part of a batch", n)
				}
			}
			return nil
		},
		func() error { // every case seen comes with its events
			for !done.Load() {
				var numbers []string
				if err := s.ScanCases(ctx, func(c *qingfeng.Case) error {
					numbers = append(numbers, c.Number)
					return nil
				}); err != nil {
					return err
				}
				for _, n := range numbers {
					evs, err := s.CaseEvents(ctx, n)
					if err != nil {
						return err
					}
					if len(evs) != 3 {
						fail("case %s visible with %d events", n, len(evs))
					}
				}
			}
			return nil
		},
	}
	for _, read := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := read(); err != nil {
				fail("reader: %v", err)
			}
		}()
	}
	for _, b := range recs {
		if _, err := s.Commit(ctx, &store.Batch{Records: b}); err != nil {
			done.Store(true)
			wg.Wait()
			t.Fatalf("commit: %v", err)
		}
	}
	done.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if c := counts(t, s); c.Kinds[qingfeng.KindCase] != batches {
		t.Fatalf("counts after all commits: %+v", c)
	}
}
