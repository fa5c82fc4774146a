package risk

import (
	"sync"
	"sync/atomic"
)

// caseChunk is how many proceedings (or events) a worker takes at a time: small enough that a
// run of slow proceedings does not leave the other core idle at the end, large enough that
// the shared counter is not contended.
const caseChunk = 16

// fanOut calls fn(w, i) for every i in [0, n) on up to workers goroutines, handing out chunk
// indexes at a time; w is the worker's index, for buffers of its own. Each i is handed out
// once; the order of the calls is not defined, so fn writes only to what belongs to i (or w).
func fanOut(workers, n, chunk int, fn func(w, i int)) {
	if workers > (n+chunk-1)/chunk {
		workers = (n + chunk - 1) / chunk
	}
	if workers <= 1 {
		for i := range n {
			fn(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				from := int(next.Add(int64(chunk))) - chunk
				if from >= n {
					return
				}
				for i := from; i < min(from+chunk, n); i++ {
					fn(w, i)
				}
			}
		}()
	}
	wg.Wait()
}
