package pacer_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// ingestReal converts the real dockets and ingests them into a new SQLite store, as `qingfeng
// pacer ingest` does; every record must be stored. The store is closed when the test ends.
func ingestReal(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	res := convertReal(t, path)
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "qingfeng.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var buf bytes.Buffer
	if err := res.WriteJSONL(&buf); err != nil {
		t.Fatal(err)
	}
	h, err := ingest.NewHasher([]byte("tests of the real dockets: a fixed key"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.New(st, casenum.Default(), codetable.Default(), h, ingest.Options{}).RunReader(context.Background(), path, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != 0 || sum.Stored != len(res.Records) {
		t.Fatalf("stored %d of %d records, %d rejected: %v", sum.Stored, len(res.Records), sum.Rejected, sum.Reasons)
	}
	return st
}

// courtCodes maps the stored courts' ids to their codes (the PACER court ids).
func courtCodes(t *testing.T, st *sqlite.Store) map[string]qingfeng.Court {
	t.Helper()
	courts, err := st.Courts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]qingfeng.Court{}
	for _, c := range courts {
		out[c.ID] = c
	}
	return out
}
