package feed

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

func court(t *testing.T, id string) qingfeng.Record {
	r, err := qingfeng.NewRecord("hr", id, &qingfeng.Court{ID: id, Code: "闽", Name: id, Level: qingfeng.LevelHigh}, qingfeng.Origin{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFollowSeesHistoryThenNewCommits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.db")
	st, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := New(st)
	f.Poll = time.Hour // only nudges may wake it in this test
	w := f.Wrap()
	ctx := context.Background()
	w.Commit(ctx, &store.Batch{Records: []qingfeng.Record{court(t, "a"), court(t, "b")}})

	var mu sync.Mutex
	var got []string
	seen := make(chan struct{}, 10)
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- f.Follow(cctx, 0, func(cs []Change) error {
			mu.Lock()
			for _, c := range cs {
				got = append(got, c.Value.(*qingfeng.Court).ID)
			}
			mu.Unlock()
			seen <- struct{}{}
			return nil
		})
	}()
	<-seen
	w.Commit(ctx, &store.Batch{Records: []qingfeng.Record{court(t, "c")}})
	select {
	case <-seen:
	case <-time.After(5 * time.Second):
		t.Fatal("a commit through the wrapped store did not wake the follower")
	}
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 3 || got[0] != "a" || got[2] != "c" {
		t.Fatalf("changes %v", got)
	}
}

func TestFollowPollsForOtherWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.db")
	st, _ := sqlite.Open(path)
	defer st.Close()
	f := New(st)
	f.Poll = 20 * time.Millisecond
	other, err := sqlite.Open(path) // another process's store on the same file
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	seen := make(chan int64, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.Follow(ctx, 0, func(cs []Change) error { seen <- cs[len(cs)-1].Seq; return nil })
	other.Commit(context.Background(), &store.Batch{Records: []qingfeng.Record{court(t, "x")}})
	select {
	case seq := <-seen:
		if seq != 1 {
			t.Fatalf("seq %d", seq)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a commit by another writer was not noticed")
	}
}
