package app

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
)

func TestSnapshotPolicyDue(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)
	p := &snapshotPolicy{every: 100, minGap: time.Minute, lastSeq: 1000, lastAt: t0}
	for _, c := range []struct {
		seq  int64
		at   time.Duration
		want bool
	}{
		{1099, time.Hour, false},   // too few entries
		{1100, time.Second, false}, // too soon
		{1100, time.Minute, true},  // both reached
		{5000, 59 * time.Second, false},
	} {
		if got := p.due(c.seq, t0.Add(c.at)); got != c.want {
			t.Errorf("due(%d, +%v) = %v, want %v", c.seq, c.at, got, c.want)
		}
	}
	p.written(1100, t0.Add(time.Minute))
	if p.due(1150, t0.Add(time.Hour)) {
		t.Error("due 50 entries after a snapshot")
	}
}

// TestSnapshotWhileFollowing: the feed handler writes the snapshot once the policy says it is
// due, and a new engine restored from it stands at the seq applied.
func TestSnapshotWhileFollowing(t *testing.T) {
	a := testApp(t, "lin", qingfeng.UserAnalyst)
	eng, err := a.buildEngines()
	if err != nil {
		t.Fatal(err)
	}
	ind, ctx := eng.Indicators, context.Background()
	if err := ind.Load(ctx, a.Store); err != nil {
		t.Fatal(err)
	}
	p := &snapshotPolicy{every: 2, lastSeq: ind.Seq()}
	apply := ind.applyAndSnapshot(p)
	change := func(n int) []feed.Change {
		return []feed.Change{{Seq: ind.Seq() + 1, Key: qingfeng.Key{Kind: qingfeng.KindCase, Src: "cms", SrcID: closedCase(n).Number}, Value: closedCase(n)}}
	}
	if err := apply(change(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ind.Snapshot); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("snapshot after 1 entry of 2: %v", err)
	}
	if err := apply(change(2)); err != nil {
		t.Fatal(err)
	}
	again, err := a.buildEngines()
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Indicators.Restore(ctx, ind.Snapshot, nil); err != nil {
		t.Fatalf("restore the snapshot written while following: %v", err)
	}
	if got, want := again.Indicators.Seq(), ind.Seq(); got != want || p.lastSeq != want {
		t.Errorf("snapshot at seq %d, policy at %d, engine at %d", got, p.lastSeq, want)
	}
	if got, want := again.Indicators.Proceedings(), ind.Proceedings(); got != want || want < 2 {
		t.Errorf("restored %d proceedings, engine holds %d", got, want)
	}
}
