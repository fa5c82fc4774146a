package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/qingfeng-court/qingfeng/store"
)

// TestConcurrentOpenOfANewFile: processes started together (a server and a worker on a new
// data directory) open the same new file at the same moment; each must find the schema up to
// date rather than fail on tables the other has just created.
func TestConcurrentOpenOfANewFile(t *testing.T) {
	const rounds, openers = 8, 4
	for round := range rounds {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("q%d.db", round))
		var start, wg sync.WaitGroup
		start.Add(1)
		stores := make([]*Store, openers)
		errs := make([]error, openers)
		for i := range openers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start.Wait()
				stores[i], errs[i] = Open(path)
			}()
		}
		start.Done()
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, opener %d: %v", round, i, err)
			}
		}
		// Every store works on the one schema: what one writes, the others read.
		if _, err := stores[0].Commit(context.Background(), &store.Batch{Records: testRecords(t, 1, "")}); err != nil {
			t.Fatal(err)
		}
		for i, s := range stores {
			c, err := s.Counts(context.Background())
			if err != nil || c.Revisions != 2 {
				t.Fatalf("round %d, store %d: counts %+v, %v", round, i, c, err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestMigrateRetriesWithoutTheLock: where there is no file lock, migrate itself settles openers
// that race on a new file.
func TestMigrateRetriesWithoutTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.db")
	const openers = 3
	var start, wg sync.WaitGroup
	start.Add(1)
	errs := make([]error, openers)
	for i := range openers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := openDB(path, "immediate", writerPragmas)
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			db.SetMaxOpenConns(1)
			start.Wait()
			errs[i] = migrate(db)
		}()
	}
	start.Done()
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("opener %d: %v", i, err)
		}
	}
	s := openAt(t, path)
	if _, err := s.Commit(context.Background(), &store.Batch{Records: testRecords(t, 1, "")}); err != nil {
		t.Fatal(err)
	}
}
