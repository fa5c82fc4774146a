package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// fixedNow is the clock of every test: the fixtures' dates lie before it.
var fixedNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

type env struct {
	t  *testing.T
	st store.Store
	in *Ingester
	h  *Hasher
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h, _ := NewHasher([]byte("0123456789abcdef0123456789abcdef"))
	opts.Now = func() time.Time { return fixedNow }
	return &env{t: t, st: st, h: h, in: New(st, casenum.Default(), codetable.Default(), h, opts)}
}

func (e *env) run(paths ...string) *Summary {
	e.t.Helper()
	sum, err := e.in.Run(context.Background(), paths)
	if err != nil {
		e.t.Fatal(err)
	}
	return sum
}

func (e *env) quarantine() []qingfeng.Rejection {
	e.t.Helper()
	q, err := e.st.Quarantine(context.Background(), store.QuarantineFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return q
}

func countLines(t *testing.T, paths ...string) int {
	n := 0
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		n += bytes.Count(bytes.TrimSpace(b), []byte("\n")) + 1
	}
	return n
}

func TestIngestSmallAndIdempotent(t *testing.T) {
	e := newEnv(t, Options{})
	// casework first on the command line: reference data must still be loaded first
	files := []string{"testdata/small/cms.jsonl", "testdata/small/hr.jsonl"}
	want := countLines(t, files...)
	s := e.run(files...)
	if s.Read != want || s.Stored != want || s.Rejected != 0 {
		t.Fatalf("first run: read %d stored %d rejected %d, want %d stored; quarantine %+v", s.Read, s.Stored, s.Rejected, want, e.quarantine())
	}
	s = e.run(files...)
	if s.Stored != 0 || s.Revised != 0 || s.Unchanged != want {
		t.Fatalf("second run: stored %d revised %d unchanged %d, want 0/0/%d", s.Stored, s.Revised, s.Unchanged, want)
	}
	c, err := e.st.Case(context.Background(), "（2024）闽01民终7号")
	if err != nil {
		t.Fatalf("normalised number not stored: %v", err)
	}
	if c.NumberAsWritten != "(2024)闽01民终 0007号" {
		t.Errorf("as-written spelling lost: %q", c.NumberAsWritten)
	}
	m, err := e.st.Matter(context.Background(), "（2024）闽0102执100号")
	if err != nil || len(m.Proceedings) != 3 || m.Root != "（2024）闽0102民初1号" {
		t.Fatalf("matter: %+v %v", m, err)
	}
}

func TestIdentityNumbersAreHashed(t *testing.T) {
	e := newEnv(t, Options{})
	e.run("testdata/small")
	var bodies bytes.Buffer
	err := e.st.ScanLog(context.Background(), 0, func(le store.LogEntry) error {
		bodies.Write(le.Body)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"350102199001010016", "350102198503070022"} {
		if bytes.Contains(bodies.Bytes(), []byte(id)) {
			t.Errorf("identity number %s stored in clear", id)
		}
	}
	c, _ := e.st.Case(context.Background(), "（2024）闽0102民初1号")
	rels, _ := e.st.Relatives(context.Background())
	if len(rels) != 1 || rels[0].IDHash == "" || rels[0].IDHash != e.h.Hash("350102198503070022") {
		t.Fatalf("relative hash: %+v", rels)
	}
	if c.Parties[0].IDHash != e.h.Hash("350102199001010016") || c.Parties[0].IDNumber != "" {
		t.Fatalf("party hash: %+v", c.Parties[0])
	}
}

// badLines are malformed variants of good records, each with the field and code its
// rejection must name.
var badLines = []struct {
	line, field, code string
}{
	{`{"kind":"case","src":"cms","src_id":"b1","case_number":"（2024）闽0102民初9号","court_id":"gl","filed_on":"2024-02-30"}`, "filed_on", "json.field"},
	{`{"kind":"case","src":"cms","src_id":"b2","case_number":"（2024）闽0102民初10号","court_id":"gl","filed_on":"2024-03-01","closed_on":"2024-02-01","closing_method":"judgment"}`, "closed_on", "date.order"},
	{`{"kind":"case","src":"cms","src_id":"b3","case_number":"（2024）闽0102民初11号","court_id":"gl","filed_on":"2027-01-01"}`, "filed_on", "date.future"},
	{`{"kind":"case","src":"cms","src_id":"b4","case_number":"〔2015〕25号","court_id":"gl","filed_on":"2024-03-01"}`, "case_number", "case.number"},
	{`{"kind":"case","src":"cms","src_id":"b5","case_number":"（2024）闽0102民初12号","court_id":"nowhere","filed_on":"2024-03-01"}`, "court_id", "ref.unknown"},
	{`{"kind":"case","src":"cms","src_id":"b6","case_number":"（2024）闽0102民初13号","court_id":"gl","stage":"second_instance","filed_on":"2024-03-01"}`, "stage", "case.stage_mismatch"},
	{`{"kind":"case","src":"cms","src_id":"b7","case_number":"（2024）闽0103民初14号","court_id":"gl","filed_on":"2024-03-01"}`, "case_number", "case.court_code"},
	{`{"kind":"case","src":"cms","src_id":"b8","case_number":"（2024）闽0102民初15号","court_id":"gl","filed_on":"2024-03-01","parties":[{"name":"甲","role":"plaintiff","type":"natural"},{"name":"乙","role":"boss","type":"natural"}]}`, "parties[1].role", "field.enum"},
	{`{"kind":"case","src":"cms","src_id":"b9","case_number":"（2024）闽0102民初16号","court_id":"gl","filed_on":"2024-03-01","parties":[{"name":"甲","role":"plaintiff","type":"natural","id_number":"350102199001010017"}]}`, "parties[0].id_number", "id.number"},
	{`{"kind":"case","src":"cms","src_id":"b10","case_number":"（2024）闽0102民初17号","court_id":"gl","filed_on":"2024-03-01","cause_code":"123456"}`, "cause_code", "case.cause"},
	{`{"kind":"case","src":"cms","src_id":"b11","case_number":"（2024）闽0102民初18号","court_id":"gl","filed_on":"2024-03-01","closed_on":"2024-04-01"}`, "closing_method", "case.closing_method"},
	{`{"kind":"case","src":"cms","src_id":"b12","case_number":"（2024）闽0102民初19号","court_id":"gl","filed_on":"2024-03-01","amount_claimed":"12.345"}`, "amount_claimed", "json.field"},
	{`{"kind":"event","src":"cms","src_id":"b13","case_number":"（2024）闽0102民初1号","type":"extension_approved","at":"2024-05-01T10:00:00+08:00","attrs":{"days":"thirty"}}`, "attrs.days", "event.attr"},
	{`{"kind":"event","src":"cms","src_id":"b14","case_number":"（2024）闽0102民初1号","type":"filed","at":"yesterday"}`, "at", "json.field"},
	{`{"kind":"case","src":"cms","src_id":"b15","case_number":"（2024）闽0102民初20号"`, "", "json.syntax"},
	{`{"kind":"verdict","src":"cms","src_id":"b16"}`, "kind", "record.kind"},
	{`{"kind":"case","src":"cms","case_number":"（2024）闽0102民初21号","court_id":"gl","filed_on":"2024-03-01"}`, "src_id", "field.required"},
	{`{"kind":"case","src":"cms","src_id":"b18","case_number":"（2024）闽0102民初22号","court_id":"gl","filed_on":"2024-03-01","agents":[{"lawyer_id":"l1","party_index":3}]}`, "agents[0].party_index", "agent.party_index"},
}

func TestMalformedLinesAreQuarantinedByLine(t *testing.T) {
	e := newEnv(t, Options{BatchSize: 3}) // several batches, so good and bad lines mix across commits
	good, err := os.ReadFile("testdata/small/cms.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	goodLines := strings.Split(strings.TrimSpace(string(good)), "\n")
	var mixed []string
	wantLine := map[int]int{} // bad index → line number
	for i, b := range badLines {
		if i < len(goodLines) {
			mixed = append(mixed, goodLines[i])
		}
		mixed = append(mixed, b.line)
		wantLine[i] = len(mixed)
	}
	path := filepath.Join(t.TempDir(), "mixed.jsonl")
	os.WriteFile(path, []byte(strings.Join(mixed, "\n")+"\n"), 0o644)
	e.run("testdata/small/hr.jsonl")
	s := e.run(path)
	if s.Rejected != len(badLines) || s.Stored != len(mixed)-len(badLines) {
		t.Fatalf("rejected %d stored %d; want %d and %d", s.Rejected, s.Stored, len(badLines), len(mixed)-len(badLines))
	}
	q := e.quarantine()
	if len(q) != len(badLines) {
		t.Fatalf("quarantine holds %d entries, want %d", len(q), len(badLines))
	}
	byLine := map[int]qingfeng.Rejection{}
	for _, r := range q {
		byLine[r.Line] = r
	}
	for i, b := range badLines {
		r, ok := byLine[wantLine[i]]
		if !ok {
			t.Errorf("bad line %d (%s) not in quarantine at line %d", i, b.code, wantLine[i])
			continue
		}
		if r.Code != b.code || r.Field != b.field {
			t.Errorf("line %d: got code %s field %q (%s); want %s %q", r.Line, r.Code, r.Field, r.ReasonEn, b.code, b.field)
		}
		if r.File != absPath(path) || r.Reason == "" || r.ReasonEn == "" || r.Raw == "" {
			t.Errorf("line %d: incomplete entry %+v", r.Line, r)
		}
	}
	// The same bad file again adds nothing: the entries are already there.
	s = e.run(path)
	if s.Stored != 0 || len(e.quarantine()) != len(badLines) {
		t.Fatalf("re-ingest: stored %d, quarantine %d", s.Stored, len(e.quarantine()))
	}
}

func TestQuarantineKeepsNoIdentityNumbers(t *testing.T) {
	e := newEnv(t, Options{})
	e.run("testdata/small/hr.jsonl")
	path := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(path, []byte(`{"kind":"case","src":"cms","src_id":"x","case_number":"（2024）闽0102民初5号","court_id":"nowhere","filed_on":"2024-03-01","parties":[{"name":"甲","id_number":"350102199001010016","role":"plaintiff","type":"natural"}]}`+"\n"), 0o644)
	e.run(path)
	q := e.quarantine()
	if len(q) != 1 || strings.Contains(q[0].Raw, "350102199001010016") || !strings.Contains(q[0].Raw, e.h.Hash("350102199001010016")) {
		t.Fatalf("raw not scrubbed: %+v", q)
	}
}

func TestFixedRecordResolvesQuarantine(t *testing.T) {
	e := newEnv(t, Options{})
	e.run("testdata/small/hr.jsonl")
	dir := t.TempDir()
	path := filepath.Join(dir, "cases.jsonl")
	bad := `{"kind":"case","src":"cms","src_id":"fix-1","case_number":"（2024）闽0102民初30号","court_id":"gl","filed_on":"2024-03-01","closed_on":"2024-01-01","closing_method":"judgment"}`
	os.WriteFile(path, []byte(bad+"\n"), 0o644)
	if s := e.run(path); s.Rejected != 1 {
		t.Fatalf("want 1 rejection, got %+v", s)
	}
	os.WriteFile(path, []byte(strings.Replace(bad, `"closed_on":"2024-01-01"`, `"closed_on":"2024-04-01"`, 1)+"\n"), 0o644)
	s := e.run(path)
	if s.Stored != 1 || s.Resolved != 1 || len(e.quarantine()) != 0 {
		t.Fatalf("fix: stored %d resolved %d open %d", s.Stored, s.Resolved, len(e.quarantine()))
	}
}

func TestRetryAfterReferenceDataArrives(t *testing.T) {
	e := newEnv(t, Options{})
	e.run("testdata/small/cms.jsonl") // no courts yet: every case is rejected
	q := e.quarantine()
	cases := 0
	for _, r := range q {
		if r.Code != "ref.unknown" {
			t.Errorf("unexpected rejection %s: %s", r.Code, r.ReasonEn)
		}
		cases++
	}
	if cases == 0 {
		t.Fatal("cases without their courts were accepted")
	}
	e.run("testdata/small/hr.jsonl")
	s, err := e.in.Retry(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if s.Stored != cases || s.Resolved != cases || len(e.quarantine()) != 0 {
		t.Fatalf("retry: stored %d resolved %d left %d of %d", s.Stored, s.Resolved, len(e.quarantine()), cases)
	}
}

func TestRevisionOfAClosedCase(t *testing.T) {
	e := newEnv(t, Options{})
	e.run("testdata/small/hr.jsonl")
	dir := t.TempDir()
	pending := `{"kind":"case","src":"cms","src_id":"r-1","case_number":"（2024）闽0102民初40号","court_id":"gl","filed_on":"2024-03-01"}`
	closed := `{"kind":"case","src":"cms","src_id":"r-1","case_number":"（2024）闽0102民初40号","court_id":"gl","filed_on":"2024-03-01","closed_on":"2024-04-01","closing_method":"mediation"}`
	path := filepath.Join(dir, "r.jsonl")
	os.WriteFile(path, []byte(pending+"\n"+closed+"\n"), 0o644)
	s := e.run(path)
	if s.Stored != 1 || s.Revised != 1 {
		t.Fatalf("stored %d revised %d", s.Stored, s.Revised)
	}
	c, _ := e.st.Case(context.Background(), "（2024）闽0102民初40号")
	if c.ClosingMethod != qingfeng.CloseMediation {
		t.Fatalf("last revision did not win: %+v", c)
	}
}

func TestSummaryJSONHasTheContractFields(t *testing.T) {
	e := newEnv(t, Options{})
	b, _ := json.Marshal(e.run("testdata/small"))
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, k := range []string{"read", "stored", "unchanged", "revised", "rejected"} {
		if _, ok := m[k]; !ok {
			t.Errorf("summary JSON lacks %q: %s", k, b)
		}
	}
}

func TestSniffKind(t *testing.T) {
	for line, want := range map[string]qingfeng.Kind{
		`{"kind":"case"}`:                          "case",
		`{ "kind" : "event", "x":1}`:               "event",
		`{"src":"a","attrs":{"kind":"complaint"}}`: "complaint",
		`{"src":"a"}`:                              "",
	} {
		if got := sniffKind([]byte(line)); got != want {
			t.Errorf("%s: %q, want %q", line, got, want)
		}
	}
	// A nested "kind" before the top-level one must not lose the record.
	key, v, p := decodeLine([]byte(`{"attrs":{"kind":"complaint"},"kind":"event","src":"petition","src_id":"1","case_number":"（2024）闽0102民初1号","type":"petition_received","at":"2024-01-01T10:00:00+08:00"}`))
	if p != nil || key.Kind != qingfeng.KindEvent || v.(*qingfeng.Event).Attrs["kind"] != "complaint" {
		t.Fatalf("nested kind: %v %+v %v", key, v, p)
	}
}

func ExampleHasher_Scrub() {
	h, _ := NewHasher([]byte("0123456789abcdef"))
	out := h.Scrub([]byte(`{"name":"张三","id_number":"350102199001010016"}`))
	fmt.Println(strings.Contains(string(out), "350102199001010016"), strings.Contains(string(out), `"id_hash":"h1:`))
	// Output: false true
}

func TestRunReaderNamesItsInput(t *testing.T) {
	e := newEnv(t, Options{})
	hr, _ := os.ReadFile("testdata/small/hr.jsonl")
	body := string(hr) + "{broken\n"
	s, err := e.in.RunReader(context.Background(), "POST /api/v1/records", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	q := e.quarantine()
	if s.Rejected != 1 || len(q) != 1 || q[0].File != "POST /api/v1/records" || q[0].Line != countLines(t, "testdata/small/hr.jsonl")+1 {
		t.Fatalf("summary %+v, quarantine %+v", s, q)
	}
}
