package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/storetest"
)

func openAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(path)
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

func openTemp(t testing.TB) *Store { return openAt(t, filepath.Join(t.TempDir(), "qingfeng.db")) }

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

// TestConformanceWithoutMemory runs the suite again with a store that remembers nothing
// between commits, as one opened on a file that already holds data: every key and case number
// is then looked up in the database.
func TestConformanceWithoutMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s := openTemp(t)
		s.keys, s.numbers.filter = nil, nil
		return s
	})
}

func testRecords(t *testing.T, n int, tag string) []qingfeng.Record {
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
	path := filepath.Join(t.TempDir(), "q.db")
	s, err := Open(path)
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

	s = openAt(t, path)
	if s.keys != nil || s.numbers.filter != nil {
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

// TestTwoWritersOnOneFile: a store notices that another has written to its file and stops
// trusting what it remembers, instead of taking stored keys for new ones.
func TestTwoWritersOnOneFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	a, b := openAt(t, path), openAt(t, path)
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
}

func TestWALStaysBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	s := openAt(t, path)
	var maxWAL int64
	for _, b := range batches(makeBenchData(3000, 2)) {
		if _, err := s.Commit(context.Background(), b); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(path + "-wal"); err == nil {
			maxWAL = max(maxWAL, fi.Size())
		}
	}
	// The backstop checkpoint runs at 64 MiB (walBackstop); one batch may come on top.
	if maxWAL > 80<<20 {
		t.Fatalf("the write-ahead log grew to %d MiB", maxWAL>>20)
	}
}

func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a?b#c%d")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := openAt(t, filepath.Join(dir, "q.db"))
	if _, err := s.Commit(context.Background(), &store.Batch{Records: testRecords(t, 1, "")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "q.db")); err != nil {
		t.Fatalf("the database is not where it was asked to be: %v", err)
	}
}

// TestHashesOfAnyForm: hashes in NewRecord's form are kept as 16 bytes, any other form as
// given; both come back as they went in and compare equal on the next commit.
func TestHashesOfAnyForm(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	recs := testRecords(t, 3, "")
	recs[0].Hash = "0123456789ABCDEF0123456789ABCDEF" // upper case: must not come back lower case
	recs[2].Hash = "sha256:2f1e"
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
