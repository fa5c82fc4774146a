package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestReviewCommands generates a small province with review anomalies raised, ingests it and
// checks that `review anomalies` reports them and `review identify --write` stores flags.
func TestReviewCommands(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "gen")
	data := filepath.Join(dir, "data")
	if _, errs, code := run(t, "gen", "--matters", "600", "--seed", "3", "--out", out,
		"--rate", "reviewer_edited_operative=0.3", "--rate", "four_type_unreviewed=0.3"); code != 0 {
		t.Fatalf("gen: %s", errs)
	}
	if _, errs, code := run(t, "ingest", "--data", data, out); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	stdout, errs, code := run(t, "review", "anomalies", "--data", data, "--format", "json")
	if code != 0 {
		t.Fatalf("review anomalies: %s", errs)
	}
	var findings []struct{ Rule, CaseNumber string }
	if err := json.Unmarshal([]byte(stdout), &findings); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	rules := map[string]int{}
	for _, f := range findings {
		rules[f.Rule]++
	}
	if rules["R-32"] == 0 || rules["C3-I3"] == 0 {
		t.Fatalf("findings by rule %v: want R-32 and C3-I3", rules)
	}
	stdout, errs, code = run(t, "review", "identify", "--data", data, "--as-of", "2026-09-30", "--write", "--lang", "en")
	if code != 0 || !strings.Contains(stdout, "new flags") {
		t.Fatalf("review identify: %d %s %s", code, stdout, errs)
	}
	// A second run stores nothing new.
	stdout, _, _ = run(t, "review", "identify", "--data", data, "--as-of", "2026-09-30", "--write", "--format", "json")
	var res struct {
		Matched  int `json:"matched"`
		NewFlags int `json:"new_flags"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Matched == 0 || res.NewFlags != 0 {
		t.Fatalf("second identify: %+v %v", res, err)
	}
}
