package ingest

import (
	"testing"
	"time"
)

// TestDecodeGate: with two cores, two chunks are decoded at once while the committer waits and
// one while it writes; a decoder held back goes on once a chunk is done or the write is over.
func TestDecodeGate(t *testing.T) {
	g := newDecodeGate()
	g.procs = 2
	g.enter()
	g.enter() // both cores while nothing is written
	g.leave()
	g.writing(true)
	entered := make(chan struct{})
	go func() { g.enter(); close(entered) }()
	select {
	case <-entered:
		t.Fatal("a second chunk was decoded while a batch was being written")
	case <-time.After(50 * time.Millisecond):
	}
	g.writing(false)
	select {
	case <-entered:
	case <-time.After(5 * time.Second):
		t.Fatal("the decoder held back did not go on once the write was over")
	}
	g.leave()
	g.leave()
	g.writing(true)
	g.enter() // one core's worth while writing
	entered2 := make(chan struct{})
	go func() { g.enter(); g.leave(); close(entered2) }()
	g.leave()
	select {
	case <-entered2:
	case <-time.After(5 * time.Second):
		t.Fatal("the decoder held back did not go on once a chunk was done")
	}
}
