package postgres_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
	"github.com/qingfeng-court/qingfeng/store"
)

// TestSameAsSQLite ingests one generated province (with its revisions, and a file of bad
// lines) into the embedded store and into PostgreSQL, in two runs the second of which re-sends
// everything, and requires the two stores to show exactly the same thing: log, projections,
// matters, quarantine and counts.
func TestSameAsSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	cfg := gen.DefaultConfig()
	cfg.Matters, cfg.Out = 300, filepath.Join(dir, "province")
	if _, err := gen.Run(ctx, cfg, nil); err != nil {
		t.Fatal(err)
	}
	bad := `{"kind":"case","src":"cms","src_id":"bad-1","number":"not a case number"}` + "\n{oops\n"
	if err := os.WriteFile(filepath.Join(cfg.Out, "zz-bad.jsonl"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(dir, "secret.key")
	clock := func() time.Time { return time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC) }
	var views []view
	for _, db := range []string{"", pgtest.DB(t)} {
		data := t.TempDir()
		if k, err := os.ReadFile(key); err == nil {
			// The same identity-hash key for both, so that their bodies are byte-identical.
			if err := os.WriteFile(filepath.Join(data, "secret.key"), k, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		d, err := datadir.Open(data, datadir.WithDatabase(db))
		if err != nil {
			t.Fatal(err)
		}
		if db == "" {
			k, _ := os.ReadFile(filepath.Join(data, "secret.key"))
			if err := os.WriteFile(key, k, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		for range 2 {
			if _, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, ingest.Options{BatchSize: 1000, Now: clock}).Run(ctx, []string{cfg.Out}); err != nil {
				t.Fatal(err)
			}
		}
		views = append(views, look(t, d.Store))
		d.Close()
	}
	if views[0].Counts.Revisions == 0 || views[0].Counts.Quarantined == 0 {
		t.Fatalf("the province should store records and quarantine the bad lines: %+v", views[0].Counts)
	}
	a, b := reflect.ValueOf(views[0]), reflect.ValueOf(views[1])
	for i := range a.NumField() {
		if !reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface()) {
			t.Errorf("%s differs between SQLite and PostgreSQL", a.Type().Field(i).Name)
		}
	}
}

// view is what a store shows through the contract, batch ids and commit times aside.
type view struct {
	Counts     store.Counts
	Log        []store.LogEntry
	Cases      []*qingfeng.Case
	Events     [][]qingfeng.Event
	Matters    []*store.Matter
	Mediations []*qingfeng.Mediation
	Reference  []any
	Quarantine []qingfeng.Rejection
}

func look(t *testing.T, s store.Store) view {
	t.Helper()
	ctx := context.Background()
	var v view
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var err error
	v.Counts, err = s.Counts(ctx)
	check(err)
	check(s.ScanLog(ctx, 0, func(e store.LogEntry) error { v.Log = append(v.Log, e); return nil }))
	check(s.ScanCases(ctx, func(c *qingfeng.Case) error { v.Cases = append(v.Cases, c); return nil }))
	for _, c := range v.Cases {
		evs, err := s.CaseEvents(ctx, c.Number)
		check(err)
		v.Events = append(v.Events, evs)
		m, err := s.Matter(ctx, c.Number)
		check(err)
		v.Matters = append(v.Matters, m)
	}
	check(s.ScanMediations(ctx, func(m *qingfeng.Mediation) error { v.Mediations = append(v.Mediations, m); return nil }))
	courts, err := s.Courts(ctx)
	check(err)
	divisions, err := s.Divisions(ctx)
	check(err)
	people, err := s.People(ctx)
	check(err)
	relatives, err := s.Relatives(ctx)
	check(err)
	lawyers, err := s.Lawyers(ctx)
	check(err)
	v.Reference = []any{courts, divisions, people, relatives, lawyers}
	v.Quarantine, err = s.Quarantine(ctx, store.QuarantineFilter{IncludeResolved: true})
	check(err)
	for i := range v.Quarantine {
		v.Quarantine[i].At = v.Quarantine[i].At.UTC()
	}
	return v
}
