package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/indicator"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// storeStartup commits the province into a real SQLite store file (untimed: that is
// ingestion) and times what serving needs at start: opening the store and Load replaying its
// log into a fresh engine of the same pack.
func storeStartup(ctx context.Context, dir string, newEngine func() *indicator.Engine) {
	tmp, err := os.MkdirTemp("", "bench-store-")
	check(err)
	defer os.RemoveAll(tmp)
	path := filepath.Join(tmp, "qingfeng.db")
	st, err := sqlite.Open(path)
	check(err)
	t0 := time.Now()
	var batch store.Batch
	flush := func() {
		if len(batch.Records) > 0 {
			_, err := st.Commit(ctx, &batch)
			check(err)
			batch.Records = batch.Records[:0]
		}
	}
	n := stream(dir, func(ch feed.Change) {
		r, err := qingfeng.NewRecord(ch.Key.Src, ch.Key.SrcID, ch.Value, qingfeng.Origin{File: "bench", Line: int(ch.Seq)})
		check(err)
		batch.Records = append(batch.Records, r)
		if len(batch.Records) == 5000 {
			flush()
		}
	})
	flush()
	check(st.Close())
	fi, err := os.Stat(path)
	check(err)
	fmt.Printf("store: %d records committed to %s (%d MiB) in %v (not part of start-up)\n", n, filepath.Base(path), fi.Size()>>20, time.Since(t0))

	t1 := time.Now()
	st, err = sqlite.Open(path)
	check(err)
	defer st.Close()
	e := newEngine()
	check(e.Load(ctx, st))
	d := time.Since(t1)
	fmt.Printf("engine start-up from the SQLite store (open + Load): %v for %d proceedings (%.1f µs/proceeding)\n",
		d, e.Proceedings(), float64(d.Microseconds())/float64(e.Proceedings()))
}
