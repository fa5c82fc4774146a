package app

import (
	"log/slog"
	"time"

	"github.com/qingfeng-court/qingfeng/feed"
)

// Snapshot policy while the indicator engine follows the log. The shutdown snapshot covers a
// clean stop; these bound the tail a start after a crash must catch up on (20–40 µs an entry),
// while writing rarely: the engine takes no updates while it writes (some 6 s at 10M
// proceedings; readers are not held up).
const (
	snapshotEvery  = 200_000          // log entries applied since the last snapshot
	snapshotMinGap = 15 * time.Minute // between two snapshots written while following
)

// snapshotPolicy says when the next snapshot is due.
type snapshotPolicy struct {
	every   int64
	minGap  time.Duration
	lastSeq int64
	lastAt  time.Time
}

func newSnapshotPolicy(seq int64, now time.Time) *snapshotPolicy {
	return &snapshotPolicy{every: snapshotEvery, minGap: snapshotMinGap, lastSeq: seq, lastAt: now}
}

func (p *snapshotPolicy) due(seq int64, now time.Time) bool {
	return seq-p.lastSeq >= p.every && now.Sub(p.lastAt) >= p.minGap
}

// written records an attempt, failed ones included: a failing disk is retried at the next
// due point, not after every batch.
func (p *snapshotPolicy) written(seq int64, now time.Time) { p.lastSeq, p.lastAt = seq, now }

// applyAndSnapshot is the indicator engine's feed handler: it applies the changes and, when the
// policy says so, writes the engine's snapshot.
func (ind *Indicators) applyAndSnapshot(p *snapshotPolicy) func([]feed.Change) error {
	return func(changes []feed.Change) error {
		if err := ind.Apply(changes); err != nil {
			return err
		}
		if ind.Snapshot == "" || !p.due(ind.Seq(), time.Now()) {
			return nil
		}
		started := time.Now()
		if err := ind.WriteSnapshot(ind.Snapshot); err != nil {
			slog.Warn("indicator engine: snapshot while following", "err", err)
		} else {
			slog.Info("indicator engine: snapshot written", "seq", ind.Seq(), "took", time.Since(started).Round(time.Millisecond))
		}
		p.written(ind.Seq(), time.Now())
		return nil
	}
}
