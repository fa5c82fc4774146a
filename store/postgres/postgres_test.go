package postgres

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// migrated is the template every test database is copied from: the schema is built once.
func migrated(t testing.TB) string {
	return pgtest.Template(t, "store/postgres", func(url string) error {
		s, err := Open(context.Background(), url)
		if err != nil {
			return err
		}
		return s.Close()
	})
}

func openAt(t testing.TB, url string) *Store {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

func openTemp(t testing.TB) *Store { return openAt(t, pgtest.DBFrom(t, migrated(t))) }

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

// TestConformanceWithoutMemory runs the suite again with a store that does not trust its
// dictionary of case numbers, as one opened on a database that already holds data: every
// number is then looked up.
func TestConformanceWithoutMemory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store {
		s := openTemp(t)
		s.numbers.complete = false
		return s
	})
}

// TestMigrateFromEmpty builds the schema on a database that has none, as a first start does
// (the other tests copy a template), and again on the same database, which must change nothing.
func TestMigrateFromEmpty(t *testing.T) {
	url := pgtest.DB(t)
	s := openAt(t, url)
	if _, err := s.Commit(context.Background(), &store.Batch{Records: testRecords(t, 3, "")}); err != nil {
		t.Fatal(err)
	}
	again := openAt(t, url)
	if c, err := again.Counts(context.Background()); err != nil || c.Revisions != 6 {
		t.Fatalf("counts after opening again: %+v, %v", c, err)
	}
}

func testRecords(t testing.TB, n int, tag string) []qingfeng.Record {
	var out []qingfeng.Record
	for i := range n {
		number := fmt.Sprintf("（2024）闽0102民初%d号", i+1)
		c, err := qingfeng.NewRecord("cms", fmt.Sprint("case-", i), &qingfeng.Case{Number: number, CourtID: "c1" + tag}, qingfeng.Origin{})
		if err != nil {
			t.Fatal(err)
		}
		e, err := qingfeng.NewRecord("cms", fmt.Sprint("ev-", i), &qingfeng.Event{CaseNumber: number, Type: "filed" + tag}, qingfeng.Origin{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c, e)
	}
	return out
}

func TestReopenKeepsEverything(t *testing.T) {
	ctx := context.Background()
	url := pgtest.DBFrom(t, migrated(t))
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	recs := testRecords(t, 50, "")
	if _, err := s.Commit(ctx, &store.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	before, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openAt(t, url)
	if s.numbers.complete {
		t.Fatal("a store opened on existing data must not trust its empty memory")
	}
	after, err := s.Counts(ctx)
	if err != nil || !reflect.DeepEqual(before, after) {
		t.Fatalf("counts after reopening: %+v (%v), before %+v", after, err, before)
	}
	res, err := s.Commit(ctx, &store.Batch{Records: recs})
	if err != nil || res.Unchanged != len(recs) {
		t.Fatalf("re-committing after reopening: %+v, %v", res, err)
	}
	res, err = s.Commit(ctx, &store.Batch{Records: testRecords(t, 60, "-v2")})
	if err != nil || res.Revised != 100 || res.Stored != 20 || res.LastSeq != 220 {
		t.Fatalf("revising after reopening: stored %d revised %d last %d, %v", res.Stored, res.Revised, res.LastSeq, err)
	}
}

// TestTwoWritersOnOneDatabase: two stores on one database, as two workers are, take turns:
// the second notices the first's commits instead of taking its keys and numbers for new ones.
func TestTwoWritersOnOneDatabase(t *testing.T) {
	ctx := context.Background()
	url := pgtest.DBFrom(t, migrated(t))
	a, b := openAt(t, url), openAt(t, url)
	recs := testRecords(t, 20, "")
	if _, err := a.Commit(ctx, &store.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	res, err := b.Commit(ctx, &store.Batch{Records: append(recs, testRecords(t, 25, "")[40:]...)})
	if err != nil {
		t.Fatalf("second writer: %v", err)
	}
	if res.Unchanged != 40 || res.Stored != 10 || res.LastSeq != 50 {
		t.Fatalf("second writer: %+v", res)
	}
	c, err := a.Case(ctx, "（2024）闽0102民初25号")
	if err != nil || c.CourtID != "c1" {
		t.Fatalf("case written by the other store: %+v, %v", c, err)
	}
	if evs, err := a.CaseEvents(ctx, "（2024）闽0102民初25号"); err != nil || len(evs) != 1 {
		t.Fatalf("events of a number the other store added: %+v, %v", evs, err)
	}
}

// TestConcurrentWriters commits from several stores on one database at once: the log comes
// out gap-free and every record is stored exactly once, whatever the interleaving.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	url := pgtest.DBFrom(t, migrated(t))
	const writers, batches, per = 3, 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		s := openAt(t, url)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				var recs []qingfeng.Record
				for i := range per {
					// Every writer sends the same cases, and events of its own.
					n := fmt.Sprintf("（2024）闽0102民初%d号", b*per+i+1)
					c, _ := qingfeng.NewRecord("cms", fmt.Sprint("case-", b*per+i), &qingfeng.Case{Number: n}, qingfeng.Origin{})
					e, _ := qingfeng.NewRecord("cms", fmt.Sprint("ev-", w, "-", b*per+i), &qingfeng.Event{CaseNumber: n, Type: "filed"}, qingfeng.Origin{})
					recs = append(recs, c, e)
				}
				if _, err := s.Commit(ctx, &store.Batch{Records: recs}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	s := openAt(t, url)
	c, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := store.Counts{Kinds: map[qingfeng.Kind]int64{qingfeng.KindCase: batches * per, qingfeng.KindEvent: writers * batches * per},
		Revisions: batches*per + writers*batches*per, Matters: batches * per}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("counts %+v, want %+v", c, want)
	}
	var seq int64
	if err := s.ScanLog(ctx, 0, func(e store.LogEntry) error {
		if seq++; e.Seq != seq {
			return fmt.Errorf("seq %d at position %d", e.Seq, seq)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= batches*per; i += 37 {
		n := fmt.Sprintf("（2024）闽0102民初%d号", i)
		if evs, err := s.CaseEvents(ctx, n); err != nil || len(evs) != writers {
			t.Fatalf("%s: %d events (%v), want one from each writer", n, len(evs), err)
		}
	}
}

// TestHashesOfAnyForm: hashes in NewRecord's form are kept as 16 bytes, any other form as
// given — of every length around 16 bytes — and both come back as they went in and compare
// equal on the next commit.
func TestHashesOfAnyForm(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	recs := testRecords(t, 8, "")
	recs[0].Hash = "0123456789ABCDEF0123456789ABCDEF" // upper case: must not come back lower case
	recs[2].Hash = "sha256:2f1e"
	recs[3].Hash = "fifteen-bytes-x"    // with its length byte, 16 bytes
	recs[4].Hash = "sixteen-bytes-xy"   // the length of a canonical hash's bytes
	recs[5].Hash = "0123456789abcdef"   // hex, but half the length
	recs[6].Hash = "\x00\xff binary \n" // anything a string can hold
	for _, pass := range []store.Outcome{store.Stored, store.Unchanged} {
		res, err := s.Commit(ctx, &store.Batch{Records: recs})
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range res.Outcomes {
			if o != pass {
				t.Fatalf("record %d: outcome %d, want %d", i, o, pass)
			}
		}
	}
	var got []string
	if err := s.ScanLog(ctx, 0, func(e store.LogEntry) error { got = append(got, e.Hash); return nil }); err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		if got[i] != r.Hash {
			t.Errorf("entry %d: hash %q, want %q", i, got[i], r.Hash)
		}
	}
}

// TestBytesRoundTrip: strings from source data come back byte for byte, NUL and invalid
// UTF-8 included (a quarantined line is whatever the file held), and sort byte-wise.
func TestBytesRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	odd := "bad \xff\xfe line with NUL \x00 and 中文"
	rej := qingfeng.Rejection{File: "in\xffput.jsonl", Line: 7, Key: qingfeng.Key{Kind: qingfeng.KindEvent, Src: "cms", SrcID: "e\x00-1"},
		Field: "at", Value: odd, Code: "json.syntax", Reason: "不是合法的 JSON", ReasonEn: "not valid JSON", Raw: odd}
	var recs []qingfeng.Record
	for _, n := range []string{"（2024）闽0102民初2号", "（2024）闽0102民初10号", "(2024)A1", "（2023）闽0102民初1号"} {
		r, err := qingfeng.NewRecord("cms", "k"+n, &qingfeng.Case{Number: n}, qingfeng.Origin{File: "a\xff.jsonl", Line: 1})
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := s.Commit(ctx, &store.Batch{Records: recs, Rejections: []qingfeng.Rejection{rej}}); err != nil {
		t.Fatal(err)
	}
	q, err := s.Quarantine(ctx, store.QuarantineFilter{})
	if err != nil || len(q) != 1 {
		t.Fatalf("quarantine: %+v, %v", q, err)
	}
	got := q[0]
	got.ID, got.At = 0, rej.At
	if got != rej {
		t.Fatalf("quarantine entry\n got %#v\nwant %#v", got, rej)
	}
	var order []string
	if err := s.ScanCases(ctx, func(c *qingfeng.Case) error { order = append(order, c.Number); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []string{"(2024)A1", "（2023）闽0102民初1号", "（2024）闽0102民初10号", "（2024）闽0102民初2号"}
	if !reflect.DeepEqual(order, want) {
		t.Fatalf("case order %q, want byte order %q", order, want)
	}
	var files []string
	if err := s.ScanLog(ctx, 0, func(e store.LogEntry) error { files = append(files, e.Origin.File); return nil }); err != nil {
		t.Fatal(err)
	}
	if files[0] != "a\xff.jsonl" {
		t.Fatalf("origin file %q", files[0])
	}
}
