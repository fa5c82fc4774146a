package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run executes the command line in-process and returns stdout, stderr and the exit status.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestGenIngestQuarantineEndToEnd(t *testing.T) {
	dir := t.TempDir()
	genDir := filepath.Join(dir, "gen")
	data := filepath.Join(dir, "data")
	if _, errs, code := run(t, "gen", "--matters", "300", "--seed", "7", "--out", genDir); code != 0 {
		t.Fatalf("gen failed: %s", errs)
	}
	for _, f := range []string{"manifest.json", "truth.jsonl", "hr.jsonl", "cms.jsonl"} {
		if _, err := os.Stat(filepath.Join(genDir, f)); err != nil {
			t.Fatalf("gen did not write %s", f)
		}
	}
	out, errs, code := run(t, "ingest", "--data", data, "--format", "json", genDir)
	if code != 0 {
		t.Fatalf("ingest failed: %s", errs)
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(out), &first); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out)
	}
	if first["rejected"].(float64) != 0 || first["stored"].(float64) == 0 {
		t.Fatalf("generated data should ingest cleanly: %s", out)
	}
	out, _, _ = run(t, "ingest", "--data", data, "--format", "json", genDir)
	var second map[string]any
	json.Unmarshal([]byte(out), &second)
	if second["stored"].(float64) != 0 || second["revised"].(float64) != 0 || second["unchanged"] != first["read"] {
		t.Fatalf("re-ingest changed the store: %s", out)
	}

	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("{not json\n{\"kind\":\"case\",\"src\":\"x\",\"src_id\":\"1\"}\n"), 0o644)
	if _, errs, code := run(t, "ingest", "--data", data, bad); code != 0 {
		t.Fatalf("ingest with rejections must still succeed: %s", errs)
	}
	if _, _, code := run(t, "ingest", "--data", data, "--strict", bad); code == 0 {
		t.Fatal("--strict ignored rejections")
	}
	out, _, code = run(t, "quarantine", "--data", data, "--format", "json")
	var q []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &q) != nil || len(q) != 2 {
		t.Fatalf("quarantine: %d %s", code, out)
	}
	if q[0]["line"].(float64) != 1 || q[1]["line"].(float64) != 2 || !strings.HasSuffix(q[0]["file"].(string), "bad.jsonl") {
		t.Fatalf("quarantine entries do not name file and line: %s", out)
	}
	text, _, _ := run(t, "quarantine", "--data", data, "--lang", "en")
	if !strings.Contains(text, "bad.jsonl:2") || !strings.Contains(text, "2 entries") {
		t.Fatalf("text listing: %s", text)
	}
}

func TestFailuresExitNonZeroWithAMessage(t *testing.T) {
	for _, args := range [][]string{
		{"ingest", "--data", t.TempDir(), "/does/not/exist.jsonl"},
		{"ingest", t.TempDir()},
		{"gen", "--matters", "10", "--out", t.TempDir(), "--rate", "nonsense=0.1"},
		{"no-such-command"},
	} {
		_, errs, code := run(t, args...)
		if code == 0 || !strings.HasPrefix(errs, "qingfeng: ") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

// TestDemoServesStatus runs the README's first command as a real process would: generate,
// ingest, serve; then reads the status API and page, and stops the server.
func TestDemoServesStatus(t *testing.T) {
	dir := t.TempDir()
	addr, _, stop := serving(t, "demo", "--data", dir, "--matters", "200", "--seed", "3", "--addr", "127.0.0.1:0")
	resp, err := http.Get("http://" + addr + "/api/v1/status")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Kinds   map[string]int64 `json:"kinds"`
		Matters int64            `json:"matters"`
	}
	json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if st.Kinds["case"] == 0 || st.Kinds["event"] == 0 || st.Kinds["court"] < 90 || st.Matters < 200 {
		t.Fatalf("status counts: %+v", st)
	}
	page, err := http.Get("http://" + addr + "/?lang=en")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if !strings.Contains(string(body), "Data status") || !strings.Contains(string(body), "Proceedings") {
		t.Fatalf("status page: %s", body)
	}
	zh, _ := http.Get("http://" + addr + "/")
	zbody, _ := io.ReadAll(zh.Body)
	zh.Body.Close()
	if !strings.Contains(string(zbody), "数据状态") {
		t.Fatalf("default page is not Chinese: %s", zbody)
	}
	stop()
}
