package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/risk"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
)

// Risk is the integrity-risk engine with the state of its load. Its warnings live in the store
// and are served from there at once; what it holds in memory (a case's panorama) waits for the
// load, which replays the whole log.
type Risk struct {
	*risk.Engine
	loaded atomic.Bool
}

var errRiskLoading = errors.New("loading the proceedings into the risk engine")

// Ready is nil once the engine holds the store's data.
func (r *Risk) Ready() error {
	if !r.loaded.Load() {
		return errRiskLoading
	}
	return nil
}

// run loads the engine — its saved position, warnings and timers, then everything committed
// since — and follows f until ctx ends or a step fails. Every start loads afresh: a failed step
// may have left the engine's memory ahead of what it saved.
func (r *Risk) run(ctx context.Context, st store.Store, f *feed.Feed) error {
	r.loaded.Store(false)
	started := time.Now()
	if err := r.Load(ctx, st); err != nil {
		return err
	}
	r.loaded.Store(true)
	seq, day := r.Position()
	slog.Info("risk engine loaded", "seq", seq, "day", day.String(), "took", time.Since(started).Round(time.Millisecond))
	return r.Run(ctx, f)
}

// view keeps a read-only copy of the engine's memory for the timelines while another process
// runs the engine: a replay of the log and the warnings' marks, renewed every period, which
// evaluates and saves nothing.
func (r *Risk) view(ctx context.Context, st store.Store, every time.Duration) error {
	for {
		started := time.Now()
		if err := r.Replay(ctx, st); err != nil {
			return err
		}
		first := !r.loaded.Swap(true)
		if first {
			slog.Info("risk engine replayed for viewing (the rules run in qingfeng work)", "took", time.Since(started).Round(time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(every):
		}
	}
}

// buildRisk makes the risk engine from the rule pack, calendar and time limits in force; a
// broken file stops the server here, naming the file and line.
func (a *App) buildRisk() (*Risk, error) {
	ws, ok := a.Dir.Store.(store.Warnings)
	if !ok {
		return nil, fmt.Errorf("the store of %s keeps no risk warnings", a.Dir.Path)
	}
	lim, err := calendar.LoadLimits(a.Dir.Defs)
	if err != nil {
		return nil, err
	}
	cal, err := calendar.LoadCalendar(a.Dir.Defs)
	if err != nil {
		return nil, err
	}
	pack, err := rules.Load(a.Dir.Defs, rules.DefaultPack, lim)
	if err != nil {
		return nil, err
	}
	now := risk.Today
	if day := a.AsOf; !day.IsZero() {
		now = func() qingfeng.Date { return day }
	}
	return &Risk{Engine: risk.NewEngine(pack, ws, cal, lim, risk.Options{Now: now})}, nil
}
