package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

func testEventOrderAndOffsets(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	n := num("闽0102", "民初", 1)
	late := sampleEvent(n, "closed", "2024-03-05T23:30:00-08:00")        // 03-06 07:30 UTC, local date 03-05
	first := sampleEvent(n, "hearing_held", "2024-03-05T09:00:00+08:00") // 03-05 01:00 UTC
	same := sampleEvent(n, "hearing_postponed", "2024-03-04T20:00:00-05:00")
	early := sampleEvent(n, "filed", "2024-03-05T00:30:00Z")
	unknownCase := sampleEvent(num("闽0102", "民初", 404), "filed", "2024-03-01T09:00:00+08:00")
	// Arrival: late, first, same (the same instant as first, arriving after it), early.
	commit(t, s, batch(r.rec("cms", "e-late", late), r.rec("cms", "e-first", first)))
	commit(t, s, batch(r.rec("review", "e-same", same), r.rec("cms", "e-early", early), r.rec("cms", "e-x", unknownCase)))

	got := caseEvents(t, s, n)
	want := []*qingfeng.Event{early, first, same, late}
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range want {
		if !sameEvent(&got[i], want[i]) {
			t.Fatalf("event %d: got %s %v, want %s %v", i, got[i].Type, got[i].At, want[i].Type, want[i].At)
		}
	}
	// The local date is the date in the event's own offset, not in UTC or the server's zone.
	for i, d := range []string{"2024-03-05", "2024-03-05", "2024-03-04", "2024-03-05"} {
		if got[i].Date() != day(d) {
			t.Errorf("%s at %v: date %v, want %s", got[i].Type, got[i].At, got[i].Date(), d)
		}
	}
	if v, ok := got[0].Int("days"); !ok || v != 15 || got[0].Str("reason") != "appraisal" || !got[0].Bool("open") {
		t.Errorf("attributes did not survive: %+v", got[0].Attrs)
	}

	// An event whose case is not stored is kept all the same.
	if evs := caseEvents(t, s, unknownCase.CaseNumber); len(evs) != 1 || !sameEvent(&evs[0], unknownCase) {
		t.Errorf("event of an absent case: %+v", evs)
	}
	if evs := caseEvents(t, s, num("闽0102", "民初", 405)); len(evs) != 0 {
		t.Errorf("events of a number never seen: %+v", evs)
	}

	var arrival []string
	if err := s.ScanEvents(context.Background(), func(e *qingfeng.Event) error {
		arrival = append(arrival, e.Type)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	wantArrival := []string{"closed", "hearing_held", "hearing_postponed", "filed", "filed"}
	if len(arrival) != len(wantArrival) {
		t.Fatalf("scan: %v, want %v", arrival, wantArrival)
	}
	for i := range wantArrival {
		if arrival[i] != wantArrival[i] {
			t.Fatalf("scan order: %v, want %v", arrival, wantArrival)
		}
	}
}

func testEventRevisionMovesCase(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	n1, n2 := num("闽0102", "民初", 1), num("闽0102", "民初", 2)
	e := sampleEvent(n1, "filed", "2024-01-02T09:00:00+08:00")
	commit(t, s, batch(r.rec("cms", "e", e)))
	moved := *e
	moved.CaseNumber = n2
	moved.At = at("2024-01-03T09:00:00+08:00")
	if res := commit(t, s, batch(r.rec("cms", "e", &moved))); res.Outcomes[0] != store.Revised {
		t.Fatalf("outcome %v, want Revised", res.Outcomes)
	}
	if evs := caseEvents(t, s, n1); len(evs) != 0 {
		t.Fatalf("the revised event is still listed under its old case: %+v", evs)
	}
	if evs := caseEvents(t, s, n2); len(evs) != 1 || !sameEvent(&evs[0], &moved) {
		t.Fatalf("events of the new case: %+v", evs)
	}
	count := 0
	if err := s.ScanEvents(context.Background(), func(*qingfeng.Event) error { count++; return nil }); err != nil || count != 1 {
		t.Fatalf("scan: %d events (%v), want the current revision only", count, err)
	}
}

func testScanLog(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	var batches [][]qingfeng.Record
	var results []store.Result
	for i := range 3 {
		b := batch(
			r.rec("cms", "case", civilCase(num("闽0102", "民初", 1), "", day("2024-01-01").AddDays(i))), // a revision each time
			r.rec("cms", "ev-"+string(rune('a'+i)), sampleEvent(num("闽0102", "民初", 1), "filed", "2024-01-02T09:00:00+08:00")),
		)
		batches = append(batches, b.Records)
		results = append(results, commit(t, s, b))
	}
	all := logEntries(t, s, 0)
	if len(all) != 6 {
		t.Fatalf("%d log entries, want 6", len(all))
	}
	var lastBatch int64
	for i, e := range all {
		rec := batches[i/2][i%2]
		if e.Seq != int64(i+1) {
			t.Fatalf("entry %d has seq %d: seqs must be 1, 2, 3 … without gaps", i, e.Seq)
		}
		if e.Key != rec.Key || e.Hash != rec.Hash || string(e.Body) != string(rec.Body) || e.Origin != rec.Origin {
			t.Fatalf("entry %d: %+v\nwant record %+v", i, e, rec)
		}
		if i%2 == 1 && e.Batch != all[i-1].Batch || i%2 == 0 && e.Batch <= lastBatch {
			t.Fatalf("entry %d: batch %d; a batch's entries share an id that grows from batch to batch", i, e.Batch)
		}
		lastBatch = e.Batch
	}
	if results[2].LastSeq != 6 {
		t.Fatalf("LastSeq %d, want 6", results[2].LastSeq)
	}
	tail := logEntries(t, s, results[0].LastSeq)
	if len(tail) != 4 || tail[0].Seq != results[0].LastSeq+1 {
		t.Fatalf("scan after %d: %d entries starting at %d", results[0].LastSeq, len(tail), tail[0].Seq)
	}
	if rest := logEntries(t, s, results[2].LastSeq); len(rest) != 0 {
		t.Fatalf("scan after the last seq: %d entries", len(rest))
	}
	stop := errors.New("stop")
	calls := 0
	err := s.ScanLog(context.Background(), 0, func(store.LogEntry) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("scan stopped by fn: %v after %d calls", err, calls)
	}
}
