package indicator

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/store"
)

// snapshotStore ingests the first part of a generated province into a real SQLite data
// directory and returns it with a function that ingests the rest.
func snapshotStore(t *testing.T) (*datadir.Dir, func()) {
	t.Helper()
	ctx := context.Background()
	src := province(t, 120, 7)
	d, err := datadir.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	run := func(paths ...string) {
		t.Helper()
		if _, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, ingest.Options{}).Run(ctx, paths); err != nil {
			t.Fatal(err)
		}
	}
	run(filepath.Join(src, "hr.jsonl"), filepath.Join(src, "cms.jsonl"))
	return d, func() {
		var rest []string
		for _, n := range []string{"exec.jsonl", "funds.jsonl", "mediation.jsonl", "review.jsonl"} {
			rest = append(rest, filepath.Join(src, n))
		}
		run(rest...)
	}
}

// sameEngine checks that two engines hold the same aggregates and, with tables, compute the
// same tables of every pack for the data's year.
func sameEngine(t *testing.T, got, want *Engine, tables bool) {
	t.Helper()
	if got.Seq() != want.Seq() || got.AsOf() != want.AsOf() || got.Proceedings() != want.Proceedings() {
		t.Fatalf("seq %d, as of %v, %d proceedings; want %d, %v, %d", got.Seq(), got.AsOf(), got.Proceedings(),
			want.Seq(), want.AsOf(), want.Proceedings())
	}
	sameDump(t, int(want.Seq()), dump(got), dump(want))
	if !tables {
		return
	}
	year := want.AsOf().Year()
	for _, pack := range want.PackIDs() {
		g, err := got.ComputeAll(pack, year)
		if err != nil {
			t.Fatal(err)
		}
		w, err := want.ComputeAll(pack, year)
		if err != nil {
			t.Fatal(err)
		}
		for k := range w {
			if !slices.Equal(g[k].Units, w[k].Units) || !slices.Equal(g[k].num, w[k].num) || !slices.Equal(g[k].den, w[k].den) {
				t.Fatalf("pack %s: the %s table differs from a full load's", pack, w[k].Kind)
			}
		}
	}
}

// A snapshot written after a full load, read back and caught up with the records committed
// since, gives the engine a full load of the whole log gives: the same aggregates and the
// same tables of every pack.
func TestSnapshotCatchUpEqualsLoad(t *testing.T) {
	ctx := context.Background()
	d, rest := snapshotStore(t)
	path := filepath.Join(t.TempDir(), "indicators.snapshot")
	first := newTestEngine(t)
	if restored, err := first.LoadOrRestore(ctx, d.Store, path); err != nil || restored {
		t.Fatalf("first start: restored %v, err %v; want a load", restored, err)
	}
	// Straight after writing, the snapshot alone is the loaded engine.
	same := newTestEngine(t)
	if err := same.Restore(ctx, path, d.Store); err != nil {
		t.Fatal(err)
	}
	sameEngine(t, same, first, false)

	rest()
	full := newTestEngine(t)
	if err := full.Load(ctx, d.Store); err != nil {
		t.Fatal(err)
	}
	if full.Seq() <= first.Seq() {
		t.Fatal("the second ingest committed nothing")
	}
	next := newTestEngine(t)
	if restored, err := next.LoadOrRestore(ctx, d.Store, path); err != nil || !restored {
		t.Fatalf("second start: restored %v, err %v; want the snapshot", restored, err)
	}
	sameEngine(t, next, full, true)

	// The restored engine then follows the log as a loaded one does.
	if err := next.WriteSnapshot(path); err != nil {
		t.Fatal(err)
	}
	again := newTestEngine(t)
	if err := again.Restore(ctx, path, d.Store); err != nil {
		t.Fatal(err)
	}
	sameEngine(t, again, full, false)
}

// A damaged, truncated or foreign snapshot, one written with other definitions, and one whose
// position the store's log does not hold are refused with the reason, and LoadOrRestore then
// loads from the store as if there were none.
func TestSnapshotRefused(t *testing.T) {
	ctx := context.Background()
	d, _ := snapshotStore(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.snapshot")
	full := newTestEngine(t)
	if err := full.Load(ctx, d.Store); err != nil {
		t.Fatal(err)
	}
	if err := full.WriteSnapshot(good); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flipped := slices.Clone(data)
	flipped[len(flipped)/2] ^= 0x40
	other, err := datadir.Open(filepath.Join(t.TempDir(), "other"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := ingest.New(other.Store, other.Types, other.Codes, other.Hasher, ingest.Options{}).Run(ctx,
		[]string{filepath.Join(province(t, 40, 3), "hr.jsonl")}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path, reason string
		st                 store.Store
		eng                *Engine
	}{
		{"flipped byte", write("flipped", flipped), "checksum", d.Store, nil},
		{"truncated", write("truncated", data[:len(data)*2/3]), "checksum", d.Store, nil},
		{"empty", write("empty", nil), "too short", d.Store, nil},
		{"missing", filepath.Join(dir, "none"), "no such file", d.Store, nil},
		{"other definitions", good, "other definitions", d.Store, since2010(t)},
		{"another store", good, "does not hold the entry", other.Store, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := c.eng
			if e == nil {
				e = newTestEngine(t)
			}
			err := e.Restore(ctx, c.path, c.st)
			if err == nil || !strings.Contains(err.Error(), c.reason) {
				t.Fatalf("Restore: %v; want an error saying %q", err, c.reason)
			}
			if e.Proceedings() != 0 || e.Seq() != 0 {
				t.Fatalf("a refused snapshot left %d proceedings at seq %d", e.Proceedings(), e.Seq())
			}
		})
	}
	// Falling back: the flipped file is ignored, the store loaded, a good snapshot written.
	e := newTestEngine(t)
	path := write("fallback", flipped)
	if restored, err := e.LoadOrRestore(ctx, d.Store, path); err != nil || restored {
		t.Fatalf("restored %v, err %v; want a load", restored, err)
	}
	sameEngine(t, e, full, false)
	if err := newTestEngine(t).Restore(ctx, path, d.Store); err != nil {
		t.Fatalf("the snapshot written after the fallback load: %v", err)
	}
}

// since2010 is the default engine keeping months from 2010 only: other definitions.
func since2010(t *testing.T) *Engine {
	t.Helper()
	ref := newTestEngine(t)
	var packs []*Pack
	for _, id := range ref.PackIDs() {
		p, _ := ref.Pack(id)
		packs = append(packs, p)
	}
	e, err := NewEngine(Config{Packs: packs, Limits: ref.limits, Calendar: ref.cal, Since: qingfeng.NewDate(2010, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	return e
}
