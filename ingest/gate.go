package ingest

import (
	"runtime"
	"sync"
)

// decodeGate bounds how many chunks are decoded at once: by the number of cores while the
// committer waits for a batch, one fewer while it writes one. The committer is the critical
// path of a bulk load when the store is the slower stage; with as many decoders running as
// cores, the scheduler shares the cores among them all and the writer waits its turn behind
// the decoders for a part of every batch.
type decodeGate struct {
	mu         sync.Mutex
	cond       sync.Cond
	procs      int
	active     int
	committing bool
}

func newDecodeGate() *decodeGate {
	g := &decodeGate{procs: runtime.GOMAXPROCS(0)}
	g.cond.L = &g.mu
	return g
}

// limit is how many chunks may be decoded at once now.
func (g *decodeGate) limit() int {
	if g.committing {
		return max(1, g.procs-1)
	}
	return g.procs
}

// enter waits until one more chunk may be decoded.
func (g *decodeGate) enter() {
	g.mu.Lock()
	for g.active >= g.limit() {
		g.cond.Wait()
	}
	g.active++
	g.mu.Unlock()
}

// leave ends the decoding of a chunk.
func (g *decodeGate) leave() {
	g.mu.Lock()
	g.active--
	g.mu.Unlock()
	g.cond.Signal()
}

// writing says whether the committer is writing a batch.
func (g *decodeGate) writing(on bool) {
	g.mu.Lock()
	g.committing = on
	g.mu.Unlock()
	if !on {
		g.cond.Broadcast()
	}
}
