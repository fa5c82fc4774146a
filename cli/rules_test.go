package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// riskRecords are a court, a judge and two proceedings: one filed late and one on time.
const riskRecords = `{"kind":"court","src":"hr","src_id":"c1","id":"C350102","code":"闽0102","name":"鼓楼区人民法院","level":"basic"}
{"kind":"person","src":"hr","src_id":"p1","id":"P1","court_id":"C350102","name":"张法官","roles":["judge"],"from":"2015-01-01"}
{"kind":"case","src":"cms","src_id":"k1","case_number":"（2024）闽0102民初1号","court_id":"C350102","judge_id":"P1","received_on":"2024-03-01","filed_on":"2024-03-20"}
{"kind":"case","src":"cms","src_id":"k2","case_number":"（2024）闽0102民初2号","court_id":"C350102","judge_id":"P1","received_on":"2024-03-01","filed_on":"2024-03-04"}
`

func TestRulesCheckAndTest(t *testing.T) {
	out, errs, code := run(t, "rules", "check", "--format", "json")
	if code != 0 {
		t.Fatalf("rules check: %s", errs)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) < 50 {
		t.Fatalf("rules check --format json: %v, %d rules", err, len(rows))
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("group: g\nname: 组\nname_en: G\nrules:\n  - id: X-1\n    name: 甲\n    name_en: A\n    family: care\n"+
		"    severity: warning\n    sources: [cms]\n    basis: b\n    message: {zh: z, en: e}\n    condition: {when: case.stagee == \"x\"}\n"), 0o644)
	if _, errs, code := run(t, "rules", "check", bad); code == 0 || !strings.Contains(errs, "line 13") || !strings.Contains(errs, "X-1") {
		t.Fatalf("a typo must fail with its line and rule: %d %s", code, errs)
	}
	// One test file of the pack's own, run from a copy on disk with its reference file.
	dir := t.TempDir()
	for _, f := range []string{"reference.yaml", "streaming.yaml"} {
		b, err := os.ReadFile(filepath.Join("..", "defs", "rules", "tests", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	out, errs, code = run(t, "rules", "test", filepath.Join(dir, "streaming.yaml"))
	if code != 0 || !strings.Contains(out, "PASS") {
		t.Fatalf("rules test: %d %s %s", code, out, errs)
	}
	failing := filepath.Join(dir, "failing.yaml")
	os.WriteFile(failing, []byte("reference: reference.yaml\ntests:\n  - name: wrong\n    rules: [R-01]\n    now: 2024-06-30\n"+
		"    expect: [{rule: R-01, case: （2024）闽0102民初1号}]\n"), 0o644)
	if out, _, code := run(t, "rules", "test", failing); code == 0 || !strings.Contains(out, "FAIL") {
		t.Fatalf("a failing test must fail: %d %s", code, out)
	}
}

func TestWarningsCommands(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(riskRecords), 0o644)
	if _, errs, code := run(t, "ingest", "--data", data, in); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	out, errs, code := run(t, "warnings", "--data", data, "--as-of", "2024-06-30", "--format", "json", "--rule", "R-01")
	if code != 0 {
		t.Fatalf("warnings: %s", errs)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("warnings --format json is not a JSON array: %v\n%s", err, out)
	}
	if len(list) != 1 {
		t.Fatalf("%d warnings, want the late filing only: %s", len(list), out)
	}
	w := list[0]
	for _, k := range []string{"id", "rule", "case_number", "severity", "state", "fired_at"} {
		if _, ok := w[k]; !ok {
			t.Errorf("a warning lacks %s", k)
		}
	}
	if w["rule"] != "R-01" || w["case_number"] != "（2024）闽0102民初1号" || w["state"] != "open" {
		t.Fatalf("warning %v", w)
	}
	id := fmt.Sprint(w["id"])
	for _, step := range [][]string{
		{"assign", id, "--actor", "P9", "--to", "P8"},
		{"verify", id, "--actor", "P8"},
		{"dismiss", id, "--actor", "P8", "--reason", "材料补正后当日立案"},
		{"close", id, "--actor", "P9"},
	} {
		if _, errs, code := run(t, append(append([]string{"warnings"}, step[0]), append(step[1:], "--data", data)...)...); code != 0 {
			t.Fatalf("%s: %s", step[0], errs)
		}
	}
	if _, errs, code := run(t, "warnings", "confirm", id, "--data", data, "--actor", "P8"); code == 0 {
		t.Fatal("confirming a closed warning succeeded")
	} else if !strings.Contains(errs, "cannot confirm") {
		t.Fatalf("error %s", errs)
	}
	out, _, _ = run(t, "warnings", "show", id, "--data", data, "--format", "json")
	var det struct {
		Warning struct{ State string }
		History []struct{ Action, Note string }
	}
	if err := json.Unmarshal([]byte(out), &det); err != nil || det.Warning.State != "closed" || len(det.History) != 5 ||
		det.History[3].Note != "材料补正后当日立案" {
		t.Fatalf("show: %v %s", err, out)
	}
	out, _, _ = run(t, "warnings", "stats", "--data", data, "--format", "json")
	var stats []map[string]any
	if err := json.Unmarshal([]byte(out), &stats); err != nil || len(stats) != 2 || stats[0]["key"] != "R-01" ||
		stats[0]["dismissal_rate"].(float64) != 1 || stats[1]["dismissal_rate"].(float64) != 0 {
		t.Fatalf("stats: %v %s", err, out)
	}
	out, _, code = run(t, "warnings", "timeline", "（2024）闽0102民初1号", "--data", data, "--as-of", "2024-06-30")
	if code != 0 || !strings.Contains(out, "R-01") {
		t.Fatalf("timeline: %s", out)
	}
	out, errs, code = run(t, "rules", "backtest", "--data", data, "--rule", "R-01", "--to", "2024-06-30", "--format", "json")
	var bt struct {
		Hits     []map[string]any
		Vanished []string
	}
	if code != 0 || json.Unmarshal([]byte(out), &bt) != nil || len(bt.Hits) != 1 || bt.Hits[0]["raised"] != true {
		t.Fatalf("backtest: %s %s", out, errs)
	}
}
