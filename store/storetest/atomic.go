package storetest

import (
	"context"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// snapshot is everything a failed commit must leave as it was.
type snapshot struct {
	counts     store.Counts
	log        []store.LogEntry
	quarantine []qingfeng.Rejection
	courts     []qingfeng.Court
	cases      []qingfeng.Case
	events     []qingfeng.Event
}

func takeSnapshot(t *testing.T, s store.Store) snapshot {
	t.Helper()
	ctx := context.Background()
	sn := snapshot{counts: counts(t, s), log: logEntries(t, s, 0),
		quarantine: quarantineList(t, s, store.QuarantineFilter{IncludeResolved: true})}
	var err error
	if sn.courts, err = s.Courts(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.ScanCases(ctx, func(c *qingfeng.Case) error {
		sn.cases = append(sn.cases, *c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.ScanEvents(ctx, func(e *qingfeng.Event) error {
		sn.events = append(sn.events, *e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return sn
}

func (a snapshot) same(b snapshot) bool {
	if len(a.events) != len(b.events) {
		return false
	}
	for i := range a.events {
		if !sameEvent(&a.events[i], &b.events[i]) {
			return false
		}
	}
	a.events, b.events = nil, nil
	for _, q := range [][]qingfeng.Rejection{a.quarantine, b.quarantine} {
		for i := range q {
			q[i].At = q[i].At.UTC()
		}
	}
	return reflect.DeepEqual(a, b)
}

// failingBatch writes something to every part of the store (new records, a revision, a case
// of an existing matter, events, a rejection, a resolution) and has a bad record in the middle,
// after enough records that an implementation writing as it goes has written some.
func failingBatch(r *records, bad qingfeng.Record) *store.Batch {
	court := sampleCourt()
	court.Name = "改名"
	b := batch(
		r.rec("hr", "court-1", court),
		r.rec("cms", "case-2", civilCase(num("闽01", "民终", 1), num("闽0102", "民初", 1), day("2024-05-01"))),
		r.rec("cms", "ev-2", sampleEvent(num("闽0102", "民初", 1), "closed", "2024-04-01T09:00:00+08:00")),
	)
	for i := range 1000 {
		b.Records = append(b.Records, r.rec("cms", fmt.Sprint("bulk-", i), sampleEvent(num("闽0102", "民初", 1+i%7), "asset_search", "2024-04-02T09:00:00+08:00")))
	}
	b.Records = append(b.Records, bad,
		r.rec("cms", "ev-3", sampleEvent(num("闽0102", "民初", 1), "archived", "2024-04-11T09:00:00+08:00")))
	b.Rejections = []qingfeng.Rejection{{File: "cms.jsonl", Line: 99, Code: "x", Raw: "{"}}
	return b
}

func seedForAtomicity(t *testing.T, s store.Store, r *records) {
	b := batch(
		r.rec("hr", "court-1", sampleCourt()),
		r.rec("cms", "case-1", civilCase(num("闽0102", "民初", 1), "", day("2024-01-01"))),
		r.rec("cms", "ev-1", sampleEvent(num("闽0102", "民初", 1), "filed", "2024-01-01T09:00:00+08:00")),
	)
	b.Rejections = []qingfeng.Rejection{{File: "cms.jsonl", Line: 50, Key: qingfeng.Key{Kind: qingfeng.KindEvent, Src: "cms", SrcID: "ev-2"}, Code: "x"}}
	commit(t, s, b)
}

func testAtomicFailingRecord(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	seedForAtomicity(t, s, r)
	before := takeSnapshot(t, s)

	bad := r.rec("cms", "lawyer-9", sampleLawyer())
	bad.Kind = qingfeng.KindCourt // the payload is a lawyer: the store cannot project it as a court
	if _, err := s.Commit(context.Background(), failingBatch(r, bad)); err == nil {
		t.Fatal("a batch with a record whose payload does not match its kind was accepted")
	}
	if after := takeSnapshot(t, s); !before.same(after) {
		t.Fatalf("a failed commit left traces:\nbefore %+v\nafter  %+v", before, after)
	}
	// The store still works, and the failed batch consumed no sequence numbers.
	res := commit(t, s, batch(r.rec("cms", "ev-4", sampleEvent(num("闽0102", "民初", 1), "archived", "2024-05-01T09:00:00+08:00"))))
	if res.LastSeq != before.counts.Revisions+1 {
		t.Fatalf("LastSeq %d after a failed commit, want %d", res.LastSeq, before.counts.Revisions+1)
	}
}

// cancelAfter is a context that reports cancellation once Err has been asked n times, so that
// a commit is cancelled part-way through whatever the implementation's checking rhythm.
type cancelAfter struct {
	context.Context
	n atomic.Int32
}

func (c *cancelAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func testAtomicCancelledContext(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	seedForAtomicity(t, s, r)
	before := takeSnapshot(t, s)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Commit(ctx, failingBatch(r, r.rec("cms", "ev-x", sampleEvent("x", "filed", "2024-01-01T09:00:00Z")))); err == nil {
		t.Fatal("commit with a cancelled context succeeded")
	}
	if after := takeSnapshot(t, s); !before.same(after) {
		t.Fatal("a cancelled commit left traces")
	}

	// Cancel a large batch from another goroutine at varying moments: the commit either
	// completes whole or leaves nothing.
	big := &store.Batch{}
	for i := range 20000 {
		n := num("闽0102", "民初", 1+i%500)
		big.Records = append(big.Records, r.rec("cms", fmt.Sprint("big-", i), sampleEvent(n, "asset_search", "2024-03-01T09:00:00+08:00")))
	}
	for _, delay := range []time.Duration{0, time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond} {
		before := takeSnapshot(t, s)
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(delay)
			cancel()
		}()
		res, err := s.Commit(ctx, big)
		cancel()
		after := counts(t, s)
		if err != nil {
			if !before.same(takeSnapshot(t, s)) {
				t.Fatalf("cancelled after %v: the commit failed (%v) but left traces", delay, err)
			}
			continue
		}
		if after.Revisions != res.LastSeq || res.Stored+res.Unchanged != len(big.Records) {
			t.Fatalf("cancelled after %v: the commit succeeded but %+v / %+v", delay, res, after)
		}
	}

	// A context that turns cancelled after a few checks.
	for n := int32(1); n < 4; n++ {
		before := takeSnapshot(t, s)
		b := &store.Batch{}
		for i := range 2000 {
			b.Records = append(b.Records, r.rec("cms", fmt.Sprint("late-", n, "-", i),
				sampleEvent(num("闽0102", "民初", 1), "asset_check", "2024-03-01T09:00:00+08:00")))
		}
		ctx := &cancelAfter{Context: context.Background()}
		ctx.n.Store(n)
		if _, err := s.Commit(ctx, b); err == nil {
			continue // the implementation checked less often than n times: nothing to verify
		}
		if !before.same(takeSnapshot(t, s)) {
			t.Fatalf("commit cancelled after %d checks left traces", n)
		}
	}
}
