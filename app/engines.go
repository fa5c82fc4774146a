package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/indicator"
	"github.com/qingfeng-court/qingfeng/review"
	"github.com/qingfeng-court/qingfeng/store"
)

// Engines are the parts of a running instance that keep their own state from the record log
// and serve the web pages: the indicator engine (in memory, rebuilt at start), 阅核 (its state
// in the store, with a projection of the source systems' review events kept by its engine) and
// the integrity-risk engine (its warnings, timers and position in the store, the proceedings it
// judges in memory; risk.go).
type Engines struct {
	Indicators *Indicators
	Reviews    *review.Service
	Risk       *Risk

	reviewEngine *review.Engine
	// riskReplay, when not zero, is how often the risk engine's memory is replayed for viewing
	// instead of running the rules here (App.RiskElsewhere).
	riskReplay time.Duration
}

// Indicators is the indicator engine with the state of its first load: the web pages answer
// "loading" until it holds the store's data.
type Indicators struct {
	*indicator.Engine
	Snapshot string // the engine's snapshot: read at start, written after a full load and at shutdown ("": none)
	loaded   atomic.Bool
	err      atomic.Pointer[error]
}

var errLoading = errors.New("loading the indicators from the store")

// Ready is nil once the engine has loaded the store, the load's error if it failed.
func (i *Indicators) Ready() error {
	if p := i.err.Load(); p != nil {
		return *p
	}
	if !i.loaded.Load() {
		return errLoading
	}
	return nil
}

// Reviews returns where 阅核 state is kept: the data directory's store, which must keep it.
func (a *App) Reviews() (store.Reviews, error) {
	rv, ok := a.Dir.Store.(store.Reviews)
	if !ok {
		return nil, fmt.Errorf("the store of %s keeps no 阅核 state", a.Dir.Path)
	}
	return rv, nil
}

// buildEngines makes the engines from the definitions in force, without loading any data:
// a broken pack or routing file stops the server here, naming the file and line.
func (a *App) buildEngines() (*Engines, error) {
	ie, err := indicator.NewDefault(a.Dir.Defs)
	if err != nil {
		return nil, err
	}
	cfg, err := review.LoadConfig(a.Dir.Defs)
	if err != nil {
		return nil, err
	}
	rv, err := a.Reviews()
	if err != nil {
		return nil, err
	}
	rk, err := a.buildRisk()
	if err != nil {
		return nil, err
	}
	eng := &Engines{Indicators: &Indicators{Engine: ie, Snapshot: filepath.Join(a.Dir.Path, "indicators.snapshot")}, Reviews: review.NewService(a.Store, rv, cfg), Risk: rk,
		reviewEngine: review.NewEngine(a.Store, rv, cfg)}
	if a.RiskElsewhere {
		eng.riskReplay = cmp.Or(a.RiskReplay, 5*time.Minute)
	}
	return eng, nil
}

// retryAfter is how long a follower that failed waits before it picks up again.
const retryAfter = 5 * time.Second

// Start loads the indicator and risk engines and follows the feed with every engine, each in its
// own goroutine, until ctx ends; the returned wait blocks until they have all stopped. The
// server answers meanwhile: the indicator pages and the warnings' timelines say they are loading
// until the loads are done.
func (e *Engines) Start(ctx context.Context, st store.Store, f *feed.Feed) (wait func()) {
	var wg sync.WaitGroup
	wg.Go(func() {
		ind := e.Indicators
		started := time.Now()
		if _, err := ind.LoadOrRestore(ctx, st, ind.Snapshot); err != nil {
			if ctx.Err() == nil {
				slog.Error("indicator engine: load", "err", err)
				ind.err.Store(&err)
			}
			return
		}
		ind.loaded.Store(true)
		slog.Info("indicator engine loaded", "proceedings", ind.Proceedings(), "seq", ind.Seq(), "took", time.Since(started).Round(time.Millisecond))
		apply := ind.applyAndSnapshot(newSnapshotPolicy(ind.Seq(), time.Now()))
		follow(ctx, "indicator engine", func() error {
			return f.Follow(ctx, ind.Seq(), apply)
		})
		if ind.Snapshot != "" { // the next start reads it and the log after it
			if err := ind.WriteSnapshot(ind.Snapshot); err != nil {
				slog.Warn("indicator engine: snapshot at shutdown", "err", err)
			}
		}
	})
	wg.Go(func() {
		follow(ctx, "review engine", func() error { return e.reviewEngine.Run(ctx, f) })
	})
	wg.Go(func() {
		if e.riskReplay > 0 {
			follow(ctx, "risk engine (viewing)", func() error { return e.Risk.view(ctx, st, e.riskReplay) })
			return
		}
		follow(ctx, "risk engine", func() error { return e.Risk.run(ctx, st, f) })
	})
	return wg.Wait
}

// follow runs a follower until ctx ends, starting it again after a pause when it fails (a
// store that was briefly unavailable, a record it could not read): each picks up from its own
// position, so nothing is applied twice.
func follow(ctx context.Context, name string, run func() error) {
	for {
		err := run()
		if ctx.Err() != nil {
			return
		}
		slog.Error(name+": following the record log", "err", err, "retry_in", retryAfter)
		select {
		case <-ctx.Done():
			return
		case <-time.After(retryAfter):
		}
	}
}
