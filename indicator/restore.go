package indicator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/qingfeng-court/qingfeng/store"
)

// Restore replaces the engine's data with the snapshot at path (WriteSnapshot) and brings it
// up to date with the entries of st's log after the snapshot's position (st nil: none), each
// applied as Apply does. It fails, leaving the engine empty, when the file is missing,
// damaged, of another format or written with other definitions, or when st's log no longer
// holds the entry the snapshot ends at (another store, or a store restored from an older
// backup).
func (e *Engine) Restore(ctx context.Context, path string, st store.Store) (err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reset()
	defer func() {
		if err != nil {
			e.reset()
			e.dirty = e.dirty[:0]
			err = fmt.Errorf("indicator snapshot %s: %w", path, err)
		}
	}()
	if _, err := e.readSnapshot(path); err != nil {
		return err
	}
	e.u.tree()
	if st != nil {
		if err := e.checkLog(ctx, st); err != nil {
			return err
		}
		// The snapshot holds the aggregates: the entries after it update them one by one, at
		// Apply's cost per entry (tens of µs), where a full pass takes seconds per million
		// proceedings.
		if err := e.scanLog(ctx, st, e.seq, true); err != nil {
			return fmt.Errorf("catching up from the log: %w", err)
		}
	}
	return nil
}

var errStopScan = errors.New("stop")

// checkLog checks that st's log holds, at the snapshot's position, the entry it was taken at.
func (e *Engine) checkLog(ctx context.Context, st store.Store) error {
	if e.seq == 0 {
		return nil
	}
	found := false
	err := st.ScanLog(ctx, e.seq-1, func(le store.LogEntry) error {
		if le.Seq == e.seq && le.Hash == e.seqHash {
			found = true
		}
		return errStopScan
	})
	if err != nil && !errors.Is(err, errStopScan) {
		return fmt.Errorf("reading the log: %w", err)
	}
	if !found {
		return fmt.Errorf("the store's log does not hold the entry %d the snapshot was taken at", e.seq)
	}
	return nil
}

// LoadOrRestore fills the engine for serving: from the snapshot at path and the log after
// it when that can be used, else from the whole log (Load), after which it writes a snapshot
// for the next start. A snapshot that cannot be used is logged with the reason and ignored;
// path "" means no snapshot. restored says which way the engine was filled.
func (e *Engine) LoadOrRestore(ctx context.Context, st store.Store, path string) (restored bool, err error) {
	if path != "" {
		t0 := time.Now()
		err := e.Restore(ctx, path, st)
		if err == nil {
			slog.Info("indicator engine: restored from snapshot", "path", path, "seq", e.Seq(), "took", time.Since(t0).Round(time.Millisecond))
			return true, nil
		}
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		level := slog.LevelWarn
		if errors.Is(err, fs.ErrNotExist) {
			level = slog.LevelInfo
		}
		slog.Log(ctx, level, "indicator engine: snapshot not used, loading from the store", "reason", err)
	}
	if err := e.Load(ctx, st); err != nil {
		return false, err
	}
	if path != "" {
		if err := e.WriteSnapshot(path); err != nil {
			slog.Warn("indicator engine: writing the snapshot", "err", err)
		}
	}
	return false, nil
}
