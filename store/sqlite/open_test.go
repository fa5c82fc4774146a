package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
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

// childEnv names the role a re-run of this test binary plays in the tests below.
const childEnv = "QINGFENG_SQLITE_CHILD"

// TestChildProcess is not a test of its own: it is the other process of the tests below, run
// as a copy of the test binary with childEnv set, and returns at once otherwise.
func TestChildProcess(t *testing.T) {
	role := os.Getenv(childEnv)
	if role == "" {
		return
	}
	path := os.Getenv(childEnv + "_DB")
	if at, err := strconv.ParseInt(os.Getenv(childEnv+"_AT"), 10, 64); err == nil {
		time.Sleep(time.Until(time.Unix(0, at))) // start together with the other children
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	switch role {
	case "commit": // one case record of a source of its own
		src := os.Getenv(childEnv + "_SRC")
		rec, err := qingfeng.NewRecord(src, "case-1", &qingfeng.Case{Number: "（2024）闽0102民初1号", CourtID: "c1"},
			qingfeng.Origin{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Commit(context.Background(), &store.Batch{Records: []qingfeng.Record{rec}}); err != nil {
			t.Fatal(err)
		}
	case "count":
		c, err := s.Counts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("revisions=%d\n", c.Revisions)
	}
}

// child runs the test binary as another process in the given role on the database at path and
// returns its output.
func child(t *testing.T, role, path string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), append([]string{childEnv + "=" + role, childEnv + "_DB=" + path}, env...)...)
	return cmd
}

// TestProcessesOpenANewFileTogether: processes (not goroutines) started at the same moment on
// a new file all open it, migrate it once between them and commit.
func TestProcessesOpenANewFileTogether(t *testing.T) {
	const children = 3
	path := filepath.Join(t.TempDir(), "q.db")
	at := fmt.Sprint(time.Now().Add(500 * time.Millisecond).UnixNano())
	cmds := make([]*exec.Cmd, children)
	outs := make([]bytes.Buffer, children)
	for i := range cmds {
		cmds[i] = child(t, "commit", path, childEnv+"_AT="+at, fmt.Sprint(childEnv, "_SRC=src", i))
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("process %d: %v\n%s", i, err, outs[i].Bytes())
		}
	}
	c, err := openAt(t, path).Counts(context.Background())
	if err != nil || c.Revisions != children {
		t.Fatalf("counts %+v, %v; want %d revisions, one per process", c, err, children)
	}
}

// TestAnotherProcessClosingKeepsTheLog: a store that has been opened keeps the lock SQLite
// holds for it, so another process that opens and closes the file does not take itself for
// the last one and delete the write-ahead log; what the first store commits afterwards stays
// visible to every process.
func TestAnotherProcessClosingKeepsTheLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.db")
	s := openAt(t, path)
	if out, err := child(t, "open", path).CombinedOutput(); err != nil {
		t.Fatalf("open and close in another process: %v\n%s", err, out)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("the write-ahead log of the open store is gone: %v", err)
	}
	if _, err := s.Commit(context.Background(), &store.Batch{Records: testRecords(t, 3, "")}); err != nil {
		t.Fatal(err)
	}
	out, err := child(t, "count", path).Output()
	if err != nil {
		t.Fatalf("count in another process: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("revisions=6\n")) {
		t.Fatalf("another process sees %q, want the 6 revisions committed", out)
	}
}
