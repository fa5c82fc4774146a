package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two copies of one docket and a second docket with an undated entry.
const pacerSample = `{"_source_path":"a.json","court_id":"nysd","docket_number":"1:15-mc-00105","date_filed":"2015-04-20","date_terminated":"2015-04-20","assigned_to_str":"Part One","docket_entries":[{"date_filed":"2015-04-20","date_entered":"2015-04-20","document_number":"1","description":"ORDER"}]}
{"_source_path":"b.json","court_id":"nysd","docket_number":"1:15-mc-00105","date_filed":"2015-04-20","docket_entries":[{"date_filed":"2015-04-20","date_entered":"2015-04-20","document_number":"1","description":""},{"date_filed":"2018-03-15","date_entered":"2018-04-09","document_number":null,"description":"NOTICE"}]}
{"_source_path":"c.json","court_id":"canb","docket_number":"09-30001","date_filed":"2009-01-05","docket_entries":[{"date_filed":null,"date_entered":null,"document_number":"7","description":""}]}
`

func TestPacerConvertAndIngest(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "dockets.jsonl")
	if err := os.WriteFile(in, []byte(pacerSample), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	stdout, errs, code := run(t, "pacer", "convert", in, "--out", out, "--format", "json")
	if code != 0 {
		t.Fatalf("convert failed: %s", errs)
	}
	var stats map[string]any
	if err := json.Unmarshal([]byte(stdout), &stats); err != nil {
		t.Fatalf("stats are not JSON: %v\n%s", err, stdout)
	}
	if stats["proceedings"].(float64) != 2 || stats["events"].(float64) != 2 || stats["undated"].(float64) != 1 || stats["copied_entries"].(float64) != 1 {
		t.Fatalf("stats %s", stdout)
	}
	lines := map[string]int{}
	for _, f := range []string{"courts.jsonl", "cases.jsonl", "events.jsonl"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		lines[f] = strings.Count(string(b), "\n")
	}
	// courts: nysd, ca2, scotus; canb, cand, ca9; plus one judge
	if lines["courts.jsonl"] != 7 || lines["cases.jsonl"] != 2 || lines["events.jsonl"] != 2 {
		t.Fatalf("files %v", lines)
	}

	data := filepath.Join(dir, "data")
	stdout, errs, code = run(t, "ingest", "--data", data, "--format", "json", out)
	if code != 0 {
		t.Fatalf("ingest failed: %s", errs)
	}
	var sum map[string]any
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, stdout)
	}
	if sum["stored"].(float64) != 11 || sum["rejected"].(float64) != 0 {
		t.Fatalf("ingest %s", stdout)
	}
	// The same dockets loaded directly change nothing: the records are the same.
	stdout, errs, code = run(t, "pacer", "ingest", in, "--data", data, "--format", "json")
	if code != 0 {
		t.Fatalf("pacer ingest failed: %s", errs)
	}
	var both struct{ Ingest map[string]any }
	if err := json.Unmarshal([]byte(stdout), &both); err != nil {
		t.Fatal(err)
	}
	if both.Ingest["unchanged"].(float64) != 11 || both.Ingest["stored"].(float64) != 0 {
		t.Fatalf("pacer ingest %s", stdout)
	}
}
