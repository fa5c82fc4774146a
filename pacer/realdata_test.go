package pacer_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/pacer"
	"github.com/qingfeng-court/qingfeng/store/sqlite"

	"github.com/qingfeng-court/qingfeng/internal/realdata"
)

// docketsFile locates the juriscraper dockets in shared/data/real next to the repository (the
// directory holding go.mod, then ../shared). It skips when they are absent, unless
// QINGFENG_REQUIRE_SHARED=1.
func docketsFile(t *testing.T) string {
	t.Helper()
	return realdata.Path(t, "pacer_dockets", "juriscraper_pacer_dockets.jsonl")
}

// rawDocket is the second route to the data: the file read with no code of the adapter.
type rawDocket struct {
	Court      string `json:"court_id"`
	Number     string `json:"docket_number"`
	Filed      string `json:"date_filed"`
	Terminated any    `json:"date_terminated"`
	Entries    []struct {
		Filed    *string `json:"date_filed"`
		Entered  *string `json:"date_entered"`
		Document *string `json:"document_number"`
	} `json:"docket_entries"`
}

func readRaw(t *testing.T, path string) []rawDocket {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []rawDocket
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var d rawDocket
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// proceedingKey is (court, docket number) as the raw file writes them.
type proceedingKey struct{ court, number string }

// entryTuple is what identifies a docket entry in a proceeding for these tests.
type entryTuple struct {
	proceedingKey
	filed, entered, document string
}

// maxOverCopies merges per-copy counts of tuples: a proceeding has as many entries of a tuple
// as its fullest copy. (The adapter gets there by letting each entry of a later copy use up an
// earlier one; this is the same result computed the other way round.)
func maxOverCopies(perCopy []map[entryTuple]int) map[entryTuple]int {
	out := map[entryTuple]int{}
	for _, c := range perCopy {
		for k, n := range c {
			out[k] = max(out[k], n)
		}
	}
	return out
}

func convertReal(t *testing.T, path string) *pacer.Result {
	t.Helper()
	dir, err := pacer.LoadDirectory(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := pacer.Convert(path, f, dir)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestRealDocketsConvert checks the conversion of the 620 real dockets against counts taken
// from the file by a second route. The README's figures, and jq commands that give them:
//
//	jq -s length juriscraper_pacer_dockets.jsonl                                   → 620
//	jq -c '[.court_id,.docket_number]' juriscraper_pacer_dockets.jsonl | sort -u | wc -l → 607
//	jq '.docket_entries|length' juriscraper_pacer_dockets.jsonl | paste -sd+ | bc   → 20787
//	jq '[.docket_entries[]|select(.date_filed==null and .date_entered==null)]|length' \
//	   juriscraper_pacer_dockets.jsonl | paste -sd+ | bc                           → 16
func TestRealDocketsConvert(t *testing.T) {
	path := docketsFile(t)
	raw := readRaw(t, path)
	res := convertReal(t, path)

	copies := map[proceedingKey][]map[entryTuple]int{}
	closed := map[proceedingKey]bool{}
	entries, undated := 0, 0
	for _, d := range raw {
		k := proceedingKey{d.Court, d.Number}
		c := map[entryTuple]int{}
		for _, e := range d.Entries {
			entries++
			if e.Filed == nil && e.Entered == nil {
				undated++
				continue
			}
			c[entryTuple{k, str(e.Filed), str(e.Entered), str(e.Document)}]++
		}
		copies[k] = append(copies[k], c)
		if d.Terminated != nil {
			closed[k] = true
		}
	}
	if len(raw) != 620 || len(copies) != 607 || entries != 20787 || undated != 16 {
		t.Fatalf("the file is not the one the README describes: %d dockets, %d proceedings, %d entries, %d undated",
			len(raw), len(copies), entries, undated)
	}
	s := res.Stats
	if s.Dockets != len(raw) || s.Proceedings != len(copies) || s.Copies != len(raw)-len(copies) ||
		s.Entries != entries || s.Undated != undated || len(s.UnknownCourts) != 0 {
		t.Fatalf("stats %+v", s)
	}

	want := map[entryTuple]int{}
	for _, cs := range copies {
		for k, n := range maxOverCopies(cs) {
			want[k] += n
		}
	}
	got := map[entryTuple]int{}
	cases := map[string]*qingfeng.Case{}
	courts := map[string]*qingfeng.Court{}
	for _, r := range res.Records {
		switch v := r.Value.(type) {
		case *qingfeng.Case:
			cases[v.Number] = v
		case *qingfeng.Court:
			courts[v.ID] = v
		}
	}
	for _, r := range res.Records {
		e, ok := r.Value.(*qingfeng.Event)
		if !ok {
			continue
		}
		c := cases[e.CaseNumber]
		if c == nil {
			t.Fatalf("event %s names no converted proceeding: %s", r.Key, e.CaseNumber)
		}
		got[entryTuple{proceedingKey{courts[c.CourtID].Code, c.ExternalNumber}, e.Str("filed_on"), e.Str("entered_on"), e.Str("document_number")}]++
	}
	total := 0
	for k, n := range want {
		total += n
		if got[aliasCourt(k)] != n {
			t.Errorf("%+v: %d events, want %d", k, got[aliasCourt(k)], n)
		}
	}
	if s.Events != total || len(got) != len(want) {
		t.Fatalf("%d events (%d distinct), want %d (%d distinct)", s.Events, len(got), total, len(want))
	}

	nClosed := 0
	for _, c := range cases {
		if !c.ClosedOn.IsZero() {
			nClosed++
		}
		if c.FiledOn.IsZero() || c.Category == "" || c.Stage == "" {
			t.Errorf("case %s incomplete: %+v", c.Number, c)
		}
		for id := c.CourtID; id != "us-scotus"; id = courts[id].ParentID {
			if courts[id] == nil {
				t.Fatalf("case %s: court %s not written, or its chain does not reach the Supreme Court", c.Number, id)
			}
		}
	}
	if len(cases) != len(copies) || nClosed != len(closed) {
		t.Fatalf("%d cases (%d closed), want %d (%d closed)", len(cases), nClosed, len(copies), len(closed))
	}
}

// aliasCourt spells a raw court id the way the directory does (defs/courts/us.yaml aliases).
func aliasCourt(k entryTuple) entryTuple {
	if a, ok := map[string]string{"nebraskab": "neb"}[k.court]; ok {
		k.court = a
	}
	return k
}

// TestRealDocketsEntryLag ingests the converted dockets into a real SQLite store and runs the
// check the integrity rule makes — a docket entry entered more than 30 days after its filing
// date, or before it — over the stored events. It must find exactly the entries a second
// route finds in the raw file. The README's 59 late and 2 early entries count the lines of the
// file:
//
//	jq '[.docket_entries[]|select(.date_entered!=null and .date_filed!=null)
//	    |select(((.date_entered|strptime("%Y-%m-%d")|mktime)-(.date_filed|strptime("%Y-%m-%d")|mktime))>30*86400)]
//	    |length' juriscraper_pacer_dockets.jsonl | paste -sd+ | bc                 → 59
//	jq '[.docket_entries[]|select(.date_entered!=null and .date_filed!=null)
//	    |select(.date_entered<.date_filed)]|length' juriscraper_pacer_dockets.jsonl | paste -sd+ | bc → 2
//
// One late entry is in both copies of cacd 2:06-cv-00350 (cacd.json, cacd_2.json), which are
// one proceeding: the store holds 58 late entries and 2 early ones.
func TestRealDocketsEntryLag(t *testing.T) {
	path := docketsFile(t)
	type lag struct {
		entryTuple
		late bool
	}
	rawLate, rawEarly := 0, 0
	copies := map[proceedingKey][]map[entryTuple]int{}
	for _, d := range readRaw(t, path) {
		k := proceedingKey{d.Court, d.Number}
		c := map[entryTuple]int{}
		for _, e := range d.Entries {
			if e.Filed == nil || e.Entered == nil {
				continue
			}
			f, err1 := time.Parse(time.DateOnly, *e.Filed)
			n, err2 := time.Parse(time.DateOnly, *e.Entered)
			if err1 != nil || err2 != nil {
				t.Fatalf("%v %v", err1, err2)
			}
			days := int(n.Sub(f).Hours() / 24)
			switch {
			case days > 30:
				rawLate++
			case days < 0:
				rawEarly++
			default:
				continue
			}
			c[entryTuple{k, *e.Filed, *e.Entered, str(e.Document)}]++
		}
		copies[k] = append(copies[k], c)
	}
	if rawLate != 59 || rawEarly != 2 {
		t.Fatalf("raw file: %d late, %d early entries; the README says 59 and 2", rawLate, rawEarly)
	}
	want := map[lag]int{}
	for _, cs := range copies {
		for k, n := range maxOverCopies(cs) {
			want[lag{aliasCourt(k), k.entered > k.filed}] += n
		}
	}

	res := convertReal(t, path)
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var buf bytes.Buffer
	if err := res.WriteJSONL(&buf); err != nil {
		t.Fatal(err)
	}
	h, _ := ingest.NewHasher([]byte("0123456789abcdef0123456789abcdef"))
	sum, err := ingest.New(st, casenum.Default(), codetable.Default(), h, ingest.Options{}).RunReader(context.Background(), path, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != 0 || sum.Stored != len(res.Records) {
		t.Fatalf("stored %d of %d records, %d rejected: %v", sum.Stored, len(res.Records), sum.Rejected, sum.Reasons)
	}

	ctx := context.Background()
	courts, _ := st.Courts(ctx)
	code := map[string]string{}
	for _, c := range courts {
		code[c.ID] = c.Code
	}
	got := map[lag]int{}
	late, early := 0, 0
	err = st.ScanEvents(ctx, func(e *qingfeng.Event) error {
		if e.Type != pacer.EventType {
			return nil
		}
		filed, ok1 := e.DateAttr("filed_on")
		entered, ok2 := e.DateAttr("entered_on")
		if !ok1 || !ok2 || (entered-filed <= 30 && entered >= filed) {
			return nil
		}
		c, err := st.Case(ctx, e.CaseNumber)
		if err != nil {
			return fmt.Errorf("event of %s: %w", e.CaseNumber, err)
		}
		l := lag{entryTuple{proceedingKey{code[c.CourtID], c.ExternalNumber}, filed.String(), entered.String(), e.Str("document_number")}, entered > filed}
		got[l]++
		if l.late {
			late++
		} else {
			early++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if late != 58 || early != 2 {
		t.Errorf("the rule finds %d late and %d early entries, want 58 and 2", late, early)
	}
	if len(got) != len(want) {
		t.Errorf("%d distinct entries found, want %d", len(got), len(want))
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%+v: found %d times, want %d", k, got[k], n)
		}
	}
}
