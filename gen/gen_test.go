package gen

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
)

// The same config gives the same bytes, whatever the number of workers.
func TestDeterministicAcrossRunsAndWorkers(t *testing.T) {
	cfg := smallConfig(1500)
	var dirs []string
	for i, workers := range []int{1, 4, 4} {
		c := cfg
		c.Workers = workers
		c.Out = filepath.Join(t.TempDir(), "run")
		if _, err := Run(context.Background(), c, nil); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, c.Out)
		_ = i
	}
	for _, name := range append(fileNames[:], "manifest.json") {
		a := readFile(t, filepath.Join(dirs[0], name))
		for _, d := range dirs[1:] {
			if b := readFile(t, filepath.Join(d, name)); !bytes.Equal(a, b) {
				t.Errorf("%s differs between runs (%d and %d bytes)", name, len(a), len(b))
			}
		}
	}
	other := cfg
	other.Seed++
	other.Out = filepath.Join(t.TempDir(), "other")
	if _, err := Run(context.Background(), other, nil); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(readFile(t, filepath.Join(dirs[0], "cms.jsonl")), readFile(t, filepath.Join(other.Out, "cms.jsonl"))) {
		t.Error("a different seed gave the same cases")
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every line is valid JSON with kind, src and src_id, decodes into its domain type with no
// field left over, and every src_id is unique within (kind, src) — except proceedings written
// twice, pending first and closed later in the file.
func TestEveryRecordDecodesAndKeysAreUnique(t *testing.T) {
	d := generated(t, "base", smallConfig(6000))
	type seenAt struct {
		line  int
		file  string
		body  string
		count int
	}
	seen := map[qingfeng.Key]*seenAt{}
	wantSrc := map[string]string{"cms.jsonl": "cms", "exec.jsonl": "exec", "funds.jsonl": "funds", "petition.jsonl": "petition",
		"commute.jsonl": "commute", "hr.jsonl": "hr", "review.jsonl": "review", "mediation.jsonl": "mediation"}
	referenceDone := false
	for _, name := range fileNames {
		if name == "truth.jsonl" {
			continue
		}
		referenceDone = false
		eachLine(t, filepath.Join(d.dir, name), func(n int, line []byte) {
			var k qingfeng.Key
			if err := json.Unmarshal(line, &k); err != nil {
				t.Fatalf("%s:%d: not JSON: %v", name, n, err)
			}
			if k.Kind == "" || k.Src == "" || k.SrcID == "" {
				t.Fatalf("%s:%d: missing kind/src/src_id: %s", name, n, line)
			}
			if k.Src != wantSrc[name] {
				t.Errorf("%s:%d: src %q in the %s file", name, n, k.Src, name)
			}
			if err := strictDecode(k.Kind, line); err != nil {
				t.Fatalf("%s:%d: %v: %s", name, n, err, line)
			}
			if k.Kind.IsReference() && referenceDone {
				t.Errorf("%s:%d: reference record after case data", name, n)
			}
			if !k.Kind.IsReference() {
				referenceDone = true
			}
			if s, dup := seen[k]; dup {
				s.count++
				var prev, cur qingfeng.Case
				if k.Kind != qingfeng.KindCase || s.count > 2 || json.Unmarshal([]byte(s.body), &prev) != nil || json.Unmarshal(line, &cur) != nil {
					t.Fatalf("%s:%d: key %s already used at %s:%d", name, n, k, s.file, s.line)
				}
				if prev.Number != cur.Number || !prev.ClosedOn.IsZero() || cur.ClosedOn.IsZero() {
					t.Errorf("%s:%d: revision of %s must go from pending to closed", name, n, k)
				}
				return
			}
			seen[k] = &seenAt{line: n, file: name, body: string(line), count: 1}
		})
	}
	if d.man.Revisions == 0 {
		t.Error("no proceeding was written twice")
	}
	share := float64(d.man.Revisions) / float64(d.man.Proceedings)
	if share < 0.02 || share > 0.07 {
		t.Errorf("revised share %.3f, want about 5%%", share)
	}
}

// Every case number parses with the project's parser and formats back to itself; its court
// code and year agree with the record; origins refer to generated proceedings filed earlier.
func TestCaseNumbersAndOrigins(t *testing.T) {
	d := generated(t, "base", smallConfig(6000))
	courtByID := d.courts
	for num, c := range d.cases {
		n, err := casenum.Parse(num)
		if err != nil {
			t.Fatalf("%s does not parse: %v", num, err)
		}
		if n.String() != num {
			t.Errorf("%s formats back as %s", num, n.String())
		}
		if n.Year != c.FiledOn.Year() {
			t.Errorf("%s: year %d, filed %s", num, n.Year, c.FiledOn)
		}
		if court := courtByID[c.CourtID]; court == nil || court.Code != n.Court {
			t.Errorf("%s: court %s has another code", num, c.CourtID)
		}
		info, ok := casenum.Default().Lookup(n.Type)
		if !ok || info.Category != c.Category || info.Stage != c.Stage {
			t.Errorf("%s: category/stage %s/%s disagree with the type table", num, c.Category, c.Stage)
		}
		if c.OriginNumber != "" {
			o, ok := d.cases[c.OriginNumber]
			if !ok {
				t.Errorf("%s: origin %s was not generated", num, c.OriginNumber)
			} else if o.FiledOn > c.FiledOn {
				t.Errorf("%s filed %s before its origin %s (%s)", num, c.FiledOn, o.Number, o.FiledOn)
			}
		}
	}
	for _, m := range d.meds {
		if m.CaseNumber != "" && d.cases[m.CaseNumber] == nil {
			t.Errorf("mediation %s names unknown case %s", m.ID, m.CaseNumber)
		}
	}
	for num := range d.events {
		if d.cases[num] == nil {
			t.Errorf("events for unknown case %s", num)
		}
	}
}

// References resolve: courts, divisions, people, lawyers, relatives.
func TestReferencesResolve(t *testing.T) {
	d := generated(t, "base", smallConfig(6000))
	for _, c := range d.courts {
		if c.ParentID != "" && d.courts[c.ParentID] == nil {
			t.Errorf("court %s: unknown parent %s", c.ID, c.ParentID)
		}
	}
	if len(d.courts) != 97 {
		t.Errorf("%d courts, want the 97 of Fujian", len(d.courts))
	}
	for _, p := range d.people {
		if d.courts[p.CourtID] == nil || (p.DivisionID != "" && d.divisions[p.DivisionID] == nil) {
			t.Errorf("person %s: unknown court or division", p.ID)
		}
	}
	for _, r := range d.relatives {
		if d.people[r.PersonID] == nil {
			t.Errorf("relative of unknown person %s", r.PersonID)
		}
	}
	for num, c := range d.cases {
		if d.courts[c.CourtID] == nil || (c.DivisionID != "" && d.divisions[c.DivisionID] == nil) {
			t.Errorf("%s: unknown court or division", num)
		}
		if c.DivisionID != "" && d.divisions[c.DivisionID].CourtID != c.CourtID {
			t.Errorf("%s: division of another court", num)
		}
		for _, id := range c.Panel {
			if p := d.people[id]; p == nil || p.CourtID != c.CourtID {
				t.Errorf("%s: panel member %s not of the court", num, id)
			}
		}
		if c.JudgeID != "" && (len(c.Panel) == 0 || c.Panel[0] != c.JudgeID) {
			t.Errorf("%s: judge %s is not first on the panel %v", num, c.JudgeID, c.Panel)
		}
		for _, a := range c.Agents {
			if d.lawyers[a.LawyerID] == nil || a.PartyIndex >= len(c.Parties) {
				t.Errorf("%s: bad agent %+v", num, a)
			}
		}
	}
	for num, evs := range d.events {
		for _, e := range evs {
			if e.ActorID != "" && d.people[e.ActorID] == nil {
				t.Errorf("%s %s: unknown actor %s", num, e.Type, e.ActorID)
			}
		}
	}
}

// Events fall on working days in working hours (+08:00), after filing and on or before the
// as-of date; closed proceedings have a closed event on their closing day.
func TestEventTimes(t *testing.T) {
	d := generated(t, "base", smallConfig(6000))
	asOf := d.asOf(t)
	for num, evs := range d.events {
		c := d.cases[num]
		closedSeen := false
		for _, e := range evs {
			_, off := e.At.Zone()
			h := e.At.Hour()*60 + e.At.Minute()
			if off != 8*3600 || h < 8*60 || h > 18*60 {
				t.Fatalf("%s %s at %s: not in working hours of +08:00", num, e.Type, e.At.Format(time.RFC3339))
			}
			if wd := e.At.Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("%s %s on a %s", num, e.Type, wd)
			}
			day := e.Date()
			if day > asOf {
				t.Errorf("%s %s on %s, after the as-of date", num, e.Type, day)
			}
			if day < c.FiledOn && e.Type != "material_received" && e.Type != "commutation_proposed" {
				t.Errorf("%s %s on %s, before filing on %s", num, e.Type, day, c.FiledOn)
			}
			if e.Type == "closed" {
				closedSeen = true
				if day != c.ClosedOn {
					t.Errorf("%s closed event on %s, closed_on %s", num, day, c.ClosedOn)
				}
			}
		}
		if c.ClosedOn.IsZero() == closedSeen {
			t.Errorf("%s: closed_on %q but closed event seen %v", num, c.ClosedOn, closedSeen)
		}
	}
}

func (d *dataset) asOf(t testing.TB) qingfeng.Date {
	v, err := qingfeng.ParseDate(d.man.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Identity numbers are valid GB 11643 numbers of Fujian residents with plausible birth dates.
func TestIdentityNumbers(t *testing.T) {
	d := generated(t, "base", smallConfig(6000))
	check := func(where, id string) {
		if len(id) != 18 || !strings.HasPrefix(id, "35") {
			t.Fatalf("%s: %q is not an 18-digit Fujian number", where, id)
		}
		if c := idCheck([]byte(id[:17])); c != id[17] {
			t.Fatalf("%s: %s has check character %c, want %c", where, id, id[17], c)
		}
		birth, err := time.Parse("20060102", id[6:14])
		if err != nil || birth.Year() < 1920 || birth.After(time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("%s: %s has an impossible birth date", where, id)
		}
	}
	n := 0
	for num, c := range d.cases {
		for _, p := range c.Parties {
			if p.Type == qingfeng.PartyNatural {
				check(num, p.IDNumber)
				n++
			} else if p.IDNumber != "" {
				t.Errorf("%s: organisation %s has an identity number", num, p.Name)
			}
		}
	}
	for _, r := range d.relatives {
		check("relative of "+r.PersonID, r.IDNumber)
	}
	for _, l := range d.lawyers {
		check("lawyer "+l.ID, l.IDNumber)
	}
	if n == 0 {
		t.Fatal("no natural-person party")
	}
	// Relatives who are lawyers appear as lawyers with the same name and number.
	byID := map[string]*qingfeng.Lawyer{}
	for _, l := range d.lawyers {
		byID[l.IDNumber] = l
	}
	lawyersAmongRelatives := 0
	for _, r := range d.relatives {
		if r.Occupation == "lawyer" || r.Occupation == "legal_worker" {
			lawyersAmongRelatives++
			if l := byID[r.IDNumber]; l == nil || l.Name != r.Name {
				t.Errorf("relative %s (%s) is a lawyer without a matching lawyer record", r.Name, r.Occupation)
			}
		}
	}
	if lawyersAmongRelatives == 0 {
		t.Error("no declared relative is a lawyer")
	}
}

// Every truth line names a generated proceeding and a known anomaly with its rule.
func TestTruthLines(t *testing.T) {
	d := generated(t, "base", smallConfig(6000))
	rules := map[string]string{}
	for _, a := range Anomalies() {
		rules[a.Name] = a.Rule
	}
	counts := map[string]int{}
	for i, tl := range d.truth {
		if d.cases[tl.CaseNumber] == nil {
			t.Errorf("truth line %d: unknown case %s", i+1, tl.CaseNumber)
		}
		rule, ok := rules[tl.Anomaly]
		if !ok || rule != tl.Rule {
			t.Errorf("truth line %d: anomaly %q with rule %q", i+1, tl.Anomaly, tl.Rule)
		}
		counts[tl.Anomaly]++
	}
	for name, n := range d.man.Anomalies {
		if counts[name] != n {
			t.Errorf("%s: manifest says %d, truth.jsonl has %d", name, n, counts[name])
		}
	}
	if len(d.truth) == 0 {
		t.Error("no anomaly injected at default rates")
	}
}

// The manifest's counts agree with the files.
func TestManifestCounts(t *testing.T) {
	d := generated(t, "base", smallConfig(6000))
	for name, want := range d.man.Files {
		got := 0
		eachLine(t, filepath.Join(d.dir, name), func(int, []byte) { got++ })
		if got != want {
			t.Errorf("%s: manifest %d lines, file %d", name, want, got)
		}
	}
	if len(d.cases) != d.man.Proceedings {
		t.Errorf("%d distinct proceedings, manifest %d", len(d.cases), d.man.Proceedings)
	}
	if d.man.Counts["case"] != d.man.Proceedings+d.man.Revisions {
		t.Errorf("case records %d != proceedings %d + revisions %d", d.man.Counts["case"], d.man.Proceedings, d.man.Revisions)
	}
}
