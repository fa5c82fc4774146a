package cli

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// ingestJSON runs ingest --format json and returns its summary.
func ingestJSON(t *testing.T, args ...string) map[string]float64 {
	t.Helper()
	out, errs, code := run(t, append([]string{"ingest", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("ingest %v: %s", args, errs)
	}
	var sum map[string]any
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out)
	}
	nums := map[string]float64{}
	for k, v := range sum {
		if f, ok := v.(float64); ok {
			nums[k] = f
		}
	}
	return nums
}

// TestServerModeEndToEnd: ingest --db and serve --db work on PostgreSQL, and a command without
// the flag finds the database through QINGFENG_DB; the data directory keeps the key.
func TestServerModeEndToEnd(t *testing.T) {
	db := pgtest.DB(t)
	dir := t.TempDir()
	genDir, data := filepath.Join(dir, "gen"), filepath.Join(dir, "data")
	if _, errs, code := run(t, "gen", "--matters", "150", "--seed", "5", "--out", genDir); code != 0 {
		t.Fatalf("gen: %s", errs)
	}
	first := ingestJSON(t, "--data", data, "--db", db, genDir)
	if first["stored"] == 0 || first["rejected"] != 0 {
		t.Fatalf("first ingest into PostgreSQL: %v", first)
	}
	t.Setenv(datadir.EnvDatabase, db)
	again := ingestJSON(t, "--data", data, genDir)
	if again["stored"] != 0 || again["revised"] != 0 || again["unchanged"] != first["read"] {
		t.Fatalf("re-ingest through QINGFENG_DB changed the store: %v", again)
	}
	// --db "" wins over the environment: the SQLite file, still empty, is a different store.
	local := ingestJSON(t, "--data", data, "--db", "", genDir)
	if local["stored"] != first["stored"] {
		t.Fatalf("--db \"\" should ingest into the empty SQLite file: %v", local)
	}

	addr, _, stop := serving(t, "serve", "--data", data, "--db", db, "--addr", "127.0.0.1:0")
	resp, err := http.Get("http://" + addr + "/api/v1/status")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Kinds     map[string]int64 `json:"kinds"`
		Revisions int64            `json:"revisions"`
	}
	err = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if err != nil || float64(st.Revisions) != first["stored"]+first["revised"] || st.Kinds["case"] == 0 {
		t.Fatalf("status served from PostgreSQL: %+v, %v (ingest %v)", st, err, first)
	}
	stop()
}

// TestBackupRestoreCommands: backup and restore through the command line, on SQLite.
func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	genDir, data, copyDir := filepath.Join(dir, "gen"), filepath.Join(dir, "data"), filepath.Join(dir, "copy")
	archive := filepath.Join(dir, "qingfeng.backup")
	if _, errs, code := run(t, "gen", "--matters", "100", "--seed", "9", "--out", genDir); code != 0 {
		t.Fatalf("gen: %s", errs)
	}
	first := ingestJSON(t, "--data", data, "--db", "", genDir)
	out, errs, code := run(t, "backup", "--data", data, "--db", "", "--out", archive, "--format", "json")
	if code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	var m struct {
		Store   string `json:"store"`
		Key     bool   `json:"key"`
		LastSeq int64  `json:"last_seq"`
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil || m.Store != "sqlite" || !m.Key || float64(m.LastSeq) != first["stored"]+first["revised"] {
		t.Fatalf("backup manifest: %s (%v)", out, err)
	}
	if out, errs, code := run(t, "restore", "--data", copyDir, "--lang", "en", archive); code != 0 || !strings.Contains(out, "restored into") {
		t.Fatalf("restore: %s %s", out, errs)
	}
	if _, errs, code := run(t, "restore", "--data", copyDir, archive); code == 0 || !strings.Contains(errs, "--force") {
		t.Fatalf("restoring over a store must be refused: exit %d, %s", code, errs)
	}
	again := ingestJSON(t, "--data", copyDir, "--db", "", genDir)
	if again["stored"] != 0 || again["revised"] != 0 || again["unchanged"] != first["read"] {
		t.Fatalf("the restored directory is not the original: re-ingest gave %v", again)
	}
}
