package indicator

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/ingest"
)

// An engine loaded from a real SQLite store agrees with one kept current by the feed, batch by
// batch, before and after a second ingest that revises and adds records.
func TestLoadFromStoreAndFollow(t *testing.T) {
	ctx := context.Background()
	src := province(t, 200, 5)
	d, err := datadir.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	run := func(paths ...string) {
		t.Helper()
		if _, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, ingest.Options{}).Run(ctx, paths); err != nil {
			t.Fatal(err)
		}
	}
	// First the reference data and trial work, then enforcement, money and mediation.
	run(filepath.Join(src, "hr.jsonl"), filepath.Join(src, "cms.jsonl"))

	followed := newTestEngine(t)
	f := feed.New(d.Store)
	seq, err := f.CatchUp(ctx, 0, 97, followed.Apply)
	if err != nil {
		t.Fatal(err)
	}
	loaded := newTestEngine(t)
	if err := loaded.Load(ctx, d.Store); err != nil {
		t.Fatal(err)
	}
	if loaded.Seq() != seq || followed.Seq() != seq || seq == 0 {
		t.Fatalf("seq: loaded %d, followed %d, log %d", loaded.Seq(), followed.Seq(), seq)
	}
	sameDump(t, int(seq), dump(followed), dump(loaded))

	rest := t.TempDir()
	for _, n := range []string{"exec.jsonl", "funds.jsonl", "mediation.jsonl", "review.jsonl"} {
		b, err := os.ReadFile(filepath.Join(src, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(rest, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(rest)
	if seq, err = f.CatchUp(ctx, followed.Seq(), 500, followed.Apply); err != nil {
		t.Fatal(err)
	}
	if err := loaded.Load(ctx, d.Store); err != nil {
		t.Fatal(err)
	}
	if loaded.Seq() != seq || followed.Seq() != seq {
		t.Fatalf("after the second ingest: loaded %d, followed %d, log %d", loaded.Seq(), followed.Seq(), seq)
	}
	sameDump(t, int(seq), dump(followed), dump(loaded))
	if loaded.Proceedings() == 0 {
		t.Fatal("nothing loaded")
	}
}
