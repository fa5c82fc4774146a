package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

// jsonExportProfile reads a JSON document whose rows sit at $.data.cases, with nested fields,
// dates as text and as Unix milliseconds, a code map, rules for invalid and skipped rows, and
// an event from a date.
const jsonExportProfile = `
name: 某法院审判系统 JSON 导出
kind: case
format: json
rows: $.data.cases
src: json_export
src_id: "{$.id}"
maps:
  courts: {鼓楼法院: gl}
fields:
  case_number: {path: $.case.ah, required: true}
  court_id: {path: $.case.court, map_name: courts}
  filed_on: {path: $.dates.filed, format: ["2006-01-02T15:04:05", unix_ms]}
  closed_on: {path: "$.dates['closed']", format: ["2006-01-02T15:04:05", unix_ms]}
  closing_method: {path: $.result, map: {判决: judgment, 调解: mediation}}
  parties.0.name: {path: "$.parties[0].name"}
  parties.0.role: {value: plaintiff}
  parties.0.type: {value: natural}
events:
  - type: filed
    at: {path: $.dates.filed, format: ["2006-01-02T15:04:05", unix_ms]}
invalid:
  - {path: $.status, equals: 已撤销, reason: 立案已撤销, reason_en: the filing was cancelled}
skip:
  - {path: $.case.ah, matches: "^合计"}
`

const jsonExport = `{"data": {"total": 6, "cases": [
  {"id": "J1", "case": {"ah": "（2024）闽0102民初601号", "court": "鼓楼法院"},
   "dates": {"filed": "2024-03-05T09:00:00", "closed": 1714521600000}, "result": "判决",
   "parties": [{"name": "王五"}]},
  {"id": "J2", "case": {"ah": "（2024）闽0102民初602号", "court": "鼓楼法院"},
   "dates": {"filed": "2024-03-06T10:00:00", "closed": "2024-03-01T00:00:00"}, "result": "判决"},
  {"id": "J3", "case": {"ah": "（2024）闽0102民初603号", "court": "鼓楼法院"},
   "dates": {"filed": "2027-01-04T10:00:00"}},
  {"id": "J4", "status": "已撤销", "case": {"ah": "（2024）闽0102民初604号", "court": "鼓楼法院"},
   "dates": {"filed": "2024-03-07T10:00:00"}},
  {"id": "J5", "case": {"ah": "合计 4 件"}},
  {"id": "J6", "case": {"ah": "（2024）闽0102民初606号", "court": "鼓楼法院"},
   "dates": {"filed": "2024/03/08"}}
]}}
`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// quarantineByLine gives each rejected line's code and field.
func (e *env) quarantineByLine() map[int][2]string {
	out := map[int][2]string{}
	for _, r := range e.quarantine() {
		out[r.Line] = [2]string{r.Code, r.Field}
	}
	return out
}

func TestJSONExportThroughPaths(t *testing.T) {
	e := newEnv(t, Options{})
	dir := writeFiles(t, map[string]string{"p.yaml": jsonExportProfile, "export.json": jsonExport})
	prof, err := LoadProfile(filepath.Join(dir, "p.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	e.run("testdata/small/hr.jsonl") // before the profile, which would read it as an export
	e.in.opts.Profile = prof
	s := e.run(filepath.Join(dir, "export.json"))
	// J1 gives a case and its filed event; J5 is a totals row; the rest are rejected.
	if s.Stored != 2 || s.Rejected != 4 || s.Skipped != 1 {
		t.Fatalf("stored %d rejected %d skipped %d; quarantine %+v", s.Stored, s.Rejected, s.Skipped, e.quarantine())
	}
	c, err := e.st.Case(context.Background(), "（2024）闽0102民初601号")
	if err != nil {
		t.Fatal(err)
	}
	// 1714521600000 ms is 2024-05-01T00:00:00Z, 08:00 that day in China.
	if c.FiledOn.String() != "2024-03-05" || c.ClosedOn.String() != "2024-05-01" || c.ClosingMethod != qingfeng.CloseJudgment ||
		len(c.Parties) != 1 || c.Parties[0].Name != "王五" {
		t.Errorf("case %+v", c)
	}
	evs, _ := e.st.CaseEvents(context.Background(), c.Number)
	if len(evs) != 1 || evs[0].Type != "filed" || evs[0].At.Format("2006-01-02T15:04:05-07:00") != "2024-03-05T09:00:00+08:00" {
		t.Errorf("events %+v", evs)
	}
	want := map[int][2]string{
		5:  {"date.order", "closed_on（$.dates['closed']）"},
		7:  {"date.future", "filed_on（$.dates.filed）"},
		9:  {"profile.invalid", "$.status"},
		12: {"profile.date", "filed_on（$.dates.filed）"},
	}
	if got := e.quarantineByLine(); len(got) != len(want) {
		t.Errorf("quarantine %v, want %v", got, want)
	}
	for _, r := range e.quarantine() {
		if w := want[r.Line]; w[0] != r.Code || w[1] != r.Field {
			t.Errorf("line %d: %s %s (%s), want %v", r.Line, r.Code, r.Field, r.ReasonEn, w)
		}
		if r.Code == "profile.invalid" && (r.Reason != "字段 $.status = \"已撤销\"：立案已撤销" || !strings.Contains(r.ReasonEn, "the filing was cancelled")) {
			t.Errorf("invalid-row reason %q / %q", r.Reason, r.ReasonEn)
		}
		if !strings.HasPrefix(r.Raw, `{"id": "J`) {
			t.Errorf("line %d: raw %q is not the row as exported", r.Line, r.Raw)
		}
	}
}

// A JSON Lines export, read by top-level member names (column: is shorthand for $["name"]),
// for a foreign court whose cases carry the court's own numbers.
func TestJSONLinesExportOfAForeignCourt(t *testing.T) {
	e := newEnv(t, Options{})
	profile := `
kind: case
format: json
files: ["*.export.jsonl"]
src: us_export
src_id: "{Docket}"
offset: "-05:00"
fields:
  court_id: {value: us-nysd}
  external_number: {column: Docket}
  category: {column: Type, map: {cv: civil, cr: criminal}}
  stage: {value: first_instance}
  filed_on: {column: Filed, format: ["01/02/2006", unix]}
  closed_on: {column: Terminated, format: ["01/02/2006"]}
  assigned_to: {column: Judge}
`
	rows := `{"Docket": "1:15-cv-00001", "Type": "cv", "Filed": "04/20/2015", "Terminated": "05/01/2015", "Judge": "Kimba M. Wood"}
{"Docket": "1:15-cr-00002", "Type": "cr", "Filed": 1429574400, "Terminated": null}
{"Docket": "1:15-cv-00003", "Type": "cv", "Filed": "04/20/2015", "Terminated": "04/01/2015"}
{"Docket": "1:15-xx-00004", "Type": "xx", "Filed": "04/20/2015"}
`
	dir := writeFiles(t, map[string]string{"p.yaml": profile, "nysd.export.jsonl": rows, "courts.jsonl": foreignCourts})
	prof, err := LoadProfile(filepath.Join(dir, "p.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	e.in.opts.Profile = prof
	// the canonical courts file beside the export is not read through the profile
	s := e.run(dir)
	if s.Kinds[qingfeng.KindCase].Stored != 2 || s.Kinds[qingfeng.KindCase].Rejected != 2 {
		t.Fatalf("cases %+v; quarantine %+v", s.Kinds[qingfeng.KindCase], e.quarantine())
	}
	c, err := e.st.Case(context.Background(), "us-nysd:1:15-cv-00001")
	if err != nil || c.AssignedTo != "Kimba M. Wood" || c.ClosedOn.String() != "2015-05-01" {
		t.Fatalf("case %+v %v", c, err)
	}
	// 1429574400 is 2015-04-21T00:00:00Z: 2015-04-20 at 19:00 in New York (-05:00).
	if c, err := e.st.Case(context.Background(), "us-nysd:1:15-cr-00002"); err != nil || c.FiledOn.String() != "2015-04-20" {
		t.Fatalf("case %+v %v", c, err)
	}
	got := map[string][2]string{}
	for _, r := range e.quarantine() {
		if strings.HasSuffix(r.File, ".export.jsonl") {
			got[r.Key.SrcID] = [2]string{r.Code, r.Field}
		}
	}
	want := map[string][2]string{
		"1:15-cv-00003": {"date.order", "closed_on（Terminated）"},
		"1:15-xx-00004": {"profile.map", "category（Type）"},
	}
	if len(got) != len(want) || got["1:15-cv-00003"] != want["1:15-cv-00003"] || got["1:15-xx-00004"] != want["1:15-xx-00004"] {
		t.Fatalf("quarantine %v, want %v", got, want)
	}
}

// A CSV export's impossible dates are quarantined with the column named, invalid rows with the
// profile's reason, spreadsheet serial dates read, and a totals row left out.
func TestCSVExportRowRules(t *testing.T) {
	e := newEnv(t, Options{})
	profile := `
kind: case
src: gl_export
src_id: "{序号}"
maps:
  courts: {鼓楼法院: gl}
fields:
  case_number: {column: 案号, required: true}
  court_id: {column: 承办法院, map_name: courts}
  filed_on: {column: 立案日期, format: ["2006/1/2", excel]}
  closed_on: {column: 结案日期, format: ["2006/1/2", excel]}
  closing_method: {column: 结案方式, map: {判决: judgment, "*": other}}
invalid:
  - {column: 案件状态, in: [已删除, 错误数据], reason: 案件已删除或标记为错误数据}
skip:
  - {column: 序号, empty: true}
`
	rows := strings.Join([]string{
		"序号,案号,承办法院,立案日期,结案日期,结案方式,案件状态",
		"1,（2024）闽0102民初701号,鼓楼法院,45356,45412,判决,",       // 2024-03-05 .. 2024-04-30
		"2,（2024）闽0102民初702号,鼓楼法院,2024/3/6,2024/3/1,判决,", // disposed before filed
		"3,（2024）闽0102民初703号,鼓楼法院,2024/3/7,2027/1/1,其他,", // disposed in the future
		"4,（2024）闽0102民初704号,鼓楼法院,2024/3/8,,,已删除",        // invalid by the profile
		",合计,,,,,", // totals
		"6,（2024）闽0102民初706号,鼓楼法院,2024/2/30,,,", // no such day
	}, "\n") + "\n"
	dir := writeFiles(t, map[string]string{"p.yaml": profile, "export.csv": rows})
	prof, err := LoadProfile(filepath.Join(dir, "p.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	e.in.opts.Profile = prof
	e.run("testdata/small/hr.jsonl")
	s := e.run(filepath.Join(dir, "export.csv"))
	if s.Stored != 1 || s.Rejected != 4 || s.Skipped != 1 {
		t.Fatalf("stored %d rejected %d skipped %d", s.Stored, s.Rejected, s.Skipped)
	}
	c, err := e.st.Case(context.Background(), "（2024）闽0102民初701号")
	if err != nil || c.FiledOn.String() != "2024-03-05" || c.ClosedOn.String() != "2024-04-30" {
		t.Fatalf("excel dates: %+v %v", c, err)
	}
	want := map[int][2]string{
		3: {"date.order", "closed_on（结案日期）"},
		4: {"date.future", "closed_on（结案日期）"},
		5: {"profile.invalid", "案件状态"},
		7: {"profile.date", "filed_on（立案日期）"},
	}
	got := e.quarantineByLine()
	if len(got) != len(want) {
		t.Errorf("quarantine %v, want %v", got, want)
	}
	for line, w := range want {
		if got[line] != w {
			t.Errorf("line %d: %v, want %v", line, got[line], w)
		}
	}
}

func TestProfileChecksPathsAndRules(t *testing.T) {
	base := "kind: case\nsrc: s\nsrc_id: \"{a}\"\nfields:\n  case_number: {column: a}\n"
	cases := []struct{ extra, want string }{
		{"  filed_on: {path: $.x, format: [\"2006\"]}\n", "line 6: \"$.x\": JSON paths need format: json"},
		{"invalid:\n  - {column: a, equals: x}\n", "line 7: an invalid-row rule needs a reason"},
		{"skip:\n  - {column: a, equals: x, empty: true}\n", "line 7: a row rule needs exactly one of"},
		{"skip:\n  - {column: a, matches: \"(\"}\n", "line 7: matches:"},
		{"format: xml\n", "format \"xml\""},
		{"rows: $.a\n", "rows is a JSON path: it needs format: json"},
		{"offset: \"8 hours\"\n", "offset \"8 hours\""},
		{"  filed_on: {column: b, value: x, format: [\"2006\"]}\n", "line 6: field \"filed_on\" needs one of column, path or value"},
		{"events:\n  - type: filed\n    at: {column: b, format: [\"2006\"]}\n", ""},
	}
	for _, c := range cases {
		_, err := ParseProfile("p.yaml", []byte(base+c.extra))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q: %v", c.extra, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%q: error %v, want %q", c.extra, err, c.want)
		}
	}
	jsonBase := "kind: case\nformat: json\nsrc: s\nsrc_id: \"{$.id}\"\nfields:\n  case_number: {path: \"$.a[x]\"}\n"
	if _, err := ParseProfile("p.yaml", []byte(jsonBase)); err == nil || !strings.Contains(err.Error(), "line 6") {
		t.Errorf("bad path: %v", err)
	}
	court := "kind: court\nsrc: s\nsrc_id: \"{a}\"\nfields:\n  id: {column: a}\nevents:\n  - type: filed\n    at: {column: b, format: [\"2006\"]}\n"
	if _, err := ParseProfile("p.yaml", []byte(court)); err == nil || !strings.Contains(err.Error(), "line 7") {
		t.Errorf("events on a court profile: %v", err)
	}
}

func TestJSONPaths(t *testing.T) {
	doc := map[string]any{"a": map[string]any{"b c": []any{"x", map[string]any{"d]": "y"}}}, "n": nil}
	cases := []struct{ path, want string }{
		{"$.a['b c'][0]", "x"},
		{`$.a["b c"][1]['d]']`, "y"},
		{"$.a['b c'][2]", ""},
		{"$.n", ""},
		{"$.a.missing", ""},
	}
	for _, c := range cases {
		p, err := parseJSONPath(c.path)
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		v, _ := p.lookup(doc)
		if got := jsonText(v); got != c.want {
			t.Errorf("%s = %q, want %q", c.path, got, c.want)
		}
	}
	for _, bad := range []string{"a.b", "$..a", "$.a[", "$.a[-1]", "$.a['b", "$a"} {
		if _, err := parseJSONPath(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// Retry reads quarantined lines as canonical records; an export row is not one and needs its
// file and profile, so retry leaves it for a new run of the export.
func TestRetryLeavesExportRows(t *testing.T) {
	e := newEnv(t, Options{})
	dir := writeFiles(t, map[string]string{"p.yaml": jsonExportProfile, "export.json": jsonExport})
	prof, err := LoadProfile(filepath.Join(dir, "p.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	e.in.opts.Profile = prof
	s := e.run(filepath.Join(dir, "export.json")) // no court loaded: every row is refused
	if s.Stored != 0 || s.Rejected != 5 {
		t.Fatalf("stored %d rejected %d", s.Stored, s.Rejected)
	}
	r, err := e.in.Retry(context.Background(), e.quarantine())
	if err != nil {
		t.Fatal(err)
	}
	if r.Read != 0 {
		t.Fatalf("retry read %d export rows as records", r.Read)
	}
}
