package backup

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
	"github.com/qingfeng-court/qingfeng/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// province generates a small province into a folder of the test, with a file of bad lines
// that end in quarantine.
func province(t *testing.T) string {
	t.Helper()
	cfg := gen.DefaultConfig()
	cfg.Matters, cfg.Out = 200, filepath.Join(t.TempDir(), "province")
	if _, err := gen.Run(context.Background(), cfg, nil); err != nil {
		t.Fatal(err)
	}
	bad := `{"kind":"event","src":"cms","src_id":"bad-1","case_number":"（2024）闽0102民初1号","type":"filed","at":"2024-02-30T09:00:00+08:00"}` +
		"\n{not json\n"
	if err := os.WriteFile(filepath.Join(cfg.Out, "zz-bad.jsonl"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg.Out
}

// ingestProvince loads the province in dir into an opened data directory.
func ingestProvince(t *testing.T, d *datadir.Dir, dir string) {
	t.Helper()
	sum, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, ingest.Options{}).Run(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored == 0 || sum.Rejected == 0 {
		t.Fatalf("the province should store records and reject the bad lines: %+v", sum)
	}
}

// contents is everything a store shows, for comparing a restored store with its original.
type contents struct {
	Counts     store.Counts
	Log        []store.LogEntry
	Cases      []*qingfeng.Case
	Events     []*qingfeng.Event
	Mediations []*qingfeng.Mediation
	Courts     []qingfeng.Court
	Divisions  []qingfeng.Division
	People     []qingfeng.Person
	Relatives  []qingfeng.Relative
	Lawyers    []qingfeng.Lawyer
	Quarantine []qingfeng.Rejection
	Matters    []*store.Matter
}

func read(t *testing.T, s store.Store) contents {
	t.Helper()
	ctx := context.Background()
	var c contents
	var err error
	must := func(e error) {
		t.Helper()
		if e != nil {
			t.Fatal(e)
		}
	}
	c.Counts, err = s.Counts(ctx)
	must(err)
	must(s.ScanLog(ctx, 0, func(e store.LogEntry) error { c.Log = append(c.Log, e); return nil }))
	must(s.ScanCases(ctx, func(v *qingfeng.Case) error { c.Cases = append(c.Cases, v); return nil }))
	must(s.ScanEvents(ctx, func(v *qingfeng.Event) error { c.Events = append(c.Events, v); return nil }))
	must(s.ScanMediations(ctx, func(v *qingfeng.Mediation) error { c.Mediations = append(c.Mediations, v); return nil }))
	c.Courts, err = s.Courts(ctx)
	must(err)
	c.Divisions, err = s.Divisions(ctx)
	must(err)
	c.People, err = s.People(ctx)
	must(err)
	c.Relatives, err = s.Relatives(ctx)
	must(err)
	c.Lawyers, err = s.Lawyers(ctx)
	must(err)
	c.Quarantine, err = s.Quarantine(ctx, store.QuarantineFilter{IncludeResolved: true})
	must(err)
	for i := 0; i < len(c.Cases); i += 97 {
		m, err := s.Matter(ctx, c.Cases[i].Number)
		must(err)
		c.Matters = append(c.Matters, m)
	}
	for i := range c.Quarantine {
		c.Quarantine[i].At = c.Quarantine[i].At.UTC()
	}
	return c
}

// same reports the first difference between two stores' contents, or "".
func same(a, b contents) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return va.Type().Field(i).Name
		}
	}
	return ""
}

// roundTrip backs up an ingested data directory, restores it elsewhere and checks that the
// restored one shows exactly what the original does, and keeps the same identity-hash key.
func roundTrip(t *testing.T, src, dst string, srcDB, dstDB string) {
	ctx := context.Background()
	a, err := datadir.Open(src, datadir.WithDatabase(srcDB))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	prov := province(t)
	ingestProvince(t, a, prov)
	if err := os.MkdirAll(filepath.Join(src, "defs", "local"), 0o755); err != nil {
		t.Fatal(err)
	}
	note := []byte("# a court's own notes, kept with its definitions\n")
	if err := os.WriteFile(filepath.Join(src, "defs", "local", "notes.md"), note, 0o644); err != nil {
		t.Fatal(err)
	}
	want := read(t, a.Store)

	archive := filepath.Join(t.TempDir(), "qingfeng.backup")
	m, err := Create(ctx, a, archive, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Counts, want.Counts) || !m.Key || !reflect.DeepEqual(m.Defs, []string{"local/notes.md"}) {
		t.Fatalf("manifest %+v", m)
	}
	if fi, err := os.Stat(archive); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the archive holds the key and must be private: %v, %v", fi.Mode(), err)
	}

	if _, err := Restore(ctx, archive, dst, RestoreOptions{Database: dstDB}); err != nil {
		t.Fatal(err)
	}
	b, err := datadir.Open(dst, datadir.WithDatabase(dstDB))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if diff := same(want, read(t, b.Store)); diff != "" {
		t.Fatalf("the restored store differs from the original in %s", diff)
	}
	for _, f := range []string{"secret.key", filepath.Join("defs", "local", "notes.md")} {
		x, _ := os.ReadFile(filepath.Join(src, f))
		y, err := os.ReadFile(filepath.Join(dst, f))
		if err != nil || !bytes.Equal(x, y) {
			t.Fatalf("%s not restored as it was: %v", f, err)
		}
	}
	// The same files ingested again change nothing: the key hashes identity numbers as before.
	sum, err := ingest.New(b.Store, b.Types, b.Codes, b.Hasher, ingest.Options{}).Run(ctx, []string{prov})
	if err != nil || sum.Stored != 0 || sum.Revised != 0 || sum.Unchanged == 0 {
		t.Fatalf("re-ingesting into the restored store: %+v, %v", sum, err)
	}

	// A second restore onto what is now there is refused, and changes nothing.
	if _, err := Restore(ctx, archive, dst, RestoreOptions{Database: dstDB}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restoring over a store without --force: %v", err)
	}
	if _, err := Restore(ctx, archive, dst, RestoreOptions{Database: dstDB, Force: true}); err != nil {
		t.Fatalf("restoring over a store with --force: %v", err)
	}
}

func TestSQLiteRoundTrip(t *testing.T) {
	t.Parallel()
	roundTrip(t, t.TempDir(), t.TempDir(), "", "")
}

func TestPostgresRoundTrip(t *testing.T) {
	t.Parallel()
	needTools(t)
	roundTrip(t, t.TempDir(), t.TempDir(), pgtest.DB(t), pgtest.DB(t))
}

// needTools makes sure pg_dump and pg_restore are there; PostgreSQL tests never skip in CI.
func needTools(t *testing.T) {
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := toolPath(tool); err != nil {
			if os.Getenv(pgtest.EnvRequire) != "" {
				t.Fatal(err)
			}
			t.Skip(err)
		}
	}
}

// TestBackupWhileCommitting takes a backup while batches are being committed: the archive is
// one consistent state — its log is a prefix of the final log, cut between two batches — and
// restoring it counts what the manifest says.
func TestBackupWhileCommitting(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{KindSQLite, KindPostgres} {
		t.Run(kind, func(t *testing.T) {
			var db, db2 string
			if kind == KindPostgres {
				needTools(t)
				db, db2 = pgtest.DB(t), pgtest.DB(t)
			}
			backupWhileCommitting(t, db, db2)
		})
	}
}

func backupWhileCommitting(t *testing.T, db, db2 string) {
	ctx := context.Background()
	a, err := datadir.Open(t.TempDir(), datadir.WithDatabase(db))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	const batches, per = 40, 200
	errs := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		defer close(errs)
		for b := range batches {
			if b == 5 {
				close(started)
			}
			var recs []qingfeng.Record
			for i := range per {
				n := fmt.Sprintf("（2024）闽0102民初%d号", b*per+i+1)
				r, err := qingfeng.NewRecord("cms", fmt.Sprint("e-", b, "-", i), &qingfeng.Event{CaseNumber: n, Type: "filed"}, qingfeng.Origin{})
				if err != nil {
					errs <- err
					return
				}
				recs = append(recs, r)
			}
			if _, err := a.Store.Commit(ctx, &store.Batch{Records: recs}); err != nil {
				errs <- err
				return
			}
		}
	}()
	archive := filepath.Join(t.TempDir(), "b")
	select {
	case <-started:
	case err := <-errs:
		t.Fatal(err)
	}
	m, err := Create(ctx, a, archive, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	if m.LastSeq == 0 || m.LastSeq%per != 0 {
		t.Fatalf("the backup holds %d log entries: part of a batch", m.LastSeq)
	}
	dst := t.TempDir()
	if _, err := Restore(ctx, archive, dst, RestoreOptions{Database: db2}); err != nil {
		t.Fatal(err)
	}
	b, err := datadir.Open(dst, datadir.WithDatabase(db2))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var full, restored []store.LogEntry
	collect := func(s store.Store, into *[]store.LogEntry) {
		if err := s.ScanLog(ctx, 0, func(e store.LogEntry) error { *into = append(*into, e); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	collect(a.Store, &full)
	collect(b.Store, &restored)
	if int64(len(restored)) != m.LastSeq || len(full) != batches*per || !reflect.DeepEqual(restored, full[:len(restored)]) {
		t.Fatalf("restored log of %d entries is not the first %d of the original's %d", len(restored), m.LastSeq, len(full))
	}
}

// TestRestoreRefusals: an archive that does not fit the target is refused before anything
// changes.
func TestRestoreRefusals(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	a, err := datadir.Open(src, datadir.WithDatabase(""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store.Commit(ctx, &store.Batch{Rejections: []qingfeng.Rejection{{File: "x.jsonl", Line: 1, Code: "x", Raw: "{"}}}); err != nil {
		t.Fatal(err)
	}
	keyless := filepath.Join(t.TempDir(), "keyless")
	if _, err := Create(ctx, a, keyless, Options{WithoutKey: true}); err != nil {
		t.Fatal(err)
	}
	withKey := filepath.Join(t.TempDir(), "with-key")
	if _, err := Create(ctx, a, withKey, Options{}); err != nil {
		t.Fatal(err)
	}
	a.Close()

	empty := t.TempDir()
	if _, err := Restore(ctx, keyless, empty, RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "secret.key") {
		t.Fatalf("a keyless archive into a directory without a key: %v", err)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Fatalf("a refused restore left %d entries behind", len(entries))
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "secret.key"), bytes.Repeat([]byte{7}, 32), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, withKey, other, RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "secret.key") {
		t.Fatalf("an archive into a directory with another key: %v", err)
	}
	if _, err := Restore(ctx, withKey, t.TempDir(), RestoreOptions{Database: "postgres://127.0.0.1:1/x"}); err == nil {
		t.Fatal("a SQLite archive restored into a database")
	}
	notArchive := filepath.Join(t.TempDir(), "x")
	if err := os.WriteFile(notArchive, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, notArchive, t.TempDir(), RestoreOptions{}); err == nil {
		t.Fatal("a file that is no archive was restored")
	}
	// The keyless archive restores where the key already is.
	keyed := t.TempDir()
	key, _ := os.ReadFile(filepath.Join(src, "secret.key"))
	if err := os.WriteFile(filepath.Join(keyed, "secret.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, keyless, keyed, RestoreOptions{}); err != nil {
		t.Fatalf("keyless archive where the key is: %v", err)
	}
}

// TestPasswordStaysOffTheCommandLine: the URL given to pg_dump carries no password, and
// pgx-only parameters are dropped.
func TestPasswordStaysOffTheCommandLine(t *testing.T) {
	u, pw, err := libpqURL("postgres://q:s3cret@db.example:5433/prov?sslmode=require&pool_max_conns=8")
	if err != nil || pw != "s3cret" || strings.Contains(u, "s3cret") || strings.Contains(u, "pool_") || !strings.Contains(u, "sslmode=require") {
		t.Fatalf("%q, %q, %v", u, pw, err)
	}
	if _, _, err := libpqURL("host=x dbname=y"); err == nil {
		t.Fatal("a keyword/value string was taken for a URL")
	}
}
