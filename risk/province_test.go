package risk

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// A generated province, shared by the tests of this package: generated once, ingested into a
// real SQLite store once per test that needs its own.

type province struct {
	dir   string // generated files
	asOf  qingfeng.Date
	truth []truthLine
	man   *gen.Manifest

	once    sync.Once
	st      *sqlite.Store // ingested once, shared read-only by the tests (engines keep their own warnings)
	changes []feed.Change // its log, decoded
}

type truthLine struct {
	Anomaly    string         `json:"anomaly"`
	CaseNumber string         `json:"case_number"`
	Rule       string         `json:"rule"`
	Detail     map[string]any `json:"detail"`
}

var (
	provMu    sync.Mutex
	provCache = map[string]*province{}
	provRoot  string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "risk-test-")
	if err != nil {
		panic(err)
	}
	provRoot = dir
	code := m.Run()
	for _, p := range provCache {
		if p.st != nil {
			p.st.Close()
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// raisedConfig is a province with every anomaly's rate raised so that each appears.
func raisedConfig(matters int) gen.Config {
	cfg := gen.DefaultConfig()
	cfg.Matters, cfg.Seed = matters, 7
	cfg.Rates = map[string]float64{}
	for _, a := range gen.Anomalies() {
		cfg.Rates[a.Name] = min(0.08, a.Rate*6)
	}
	return cfg
}

func generated(t testing.TB, name string, cfg gen.Config) *province {
	t.Helper()
	provMu.Lock()
	defer provMu.Unlock()
	if p, ok := provCache[name]; ok {
		return p
	}
	cfg.Out = filepath.Join(provRoot, name)
	man, err := gen.Run(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	p := &province{dir: cfg.Out, asOf: cfg.AsOf, man: man}
	f, err := os.Open(filepath.Join(cfg.Out, "truth.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var tl truthLine
		if err := json.Unmarshal(sc.Bytes(), &tl); err != nil {
			t.Fatal(err)
		}
		p.truth = append(p.truth, tl)
	}
	provCache[name] = p
	return p
}

// ingested opens a fresh store in dir and ingests the province into it.
func ingested(t testing.TB, p *province, dir string) *sqlite.Store {
	t.Helper()
	st, err := ingestInto(p, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func ingestInto(p *province, dir string) (*sqlite.Store, error) {
	st, err := sqlite.Open(filepath.Join(dir, "qingfeng.db"))
	if err != nil {
		return nil, err
	}
	types, err := casenum.LoadTypes(defs.Default())
	if err != nil {
		return nil, err
	}
	codes, err := codetable.Load(defs.Default())
	if err != nil {
		return nil, err
	}
	h, err := ingest.NewHasher([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		return nil, err
	}
	sum, err := ingest.New(st, types, codes, h, ingest.Options{}).Run(context.Background(), []string{p.dir})
	if err != nil {
		return nil, err
	}
	if sum.Rejected > 0 {
		return nil, fmt.Errorf("%d generated records rejected", sum.Rejected)
	}
	return st, nil
}

// shared returns the province ingested once into a store that tests only read, and its log.
func shared(t testing.TB, p *province) (*sqlite.Store, []feed.Change) {
	t.Helper()
	var err error
	p.once.Do(func() {
		dir := p.dir + "-store"
		if err = os.MkdirAll(dir, 0o755); err != nil {
			return
		}
		p.st, err = ingestInto(p, dir)
		if err != nil {
			return
		}
		_, err = feed.New(p.st).CatchUp(context.Background(), 0, 0, func(cs []feed.Change) error {
			p.changes = append(p.changes, cs...)
			return nil
		})
	})
	if err != nil || p.st == nil {
		t.Fatalf("ingest the province: %v", err)
	}
	return p.st, p.changes
}

// warningsStore is a fresh, empty store for an engine's warnings.
func warningsStore(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "warnings.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// tables returns the default pack, calendar and limits.
func tables(t testing.TB) (*rules.Pack, *calendar.Calendar, *calendar.Limits) {
	t.Helper()
	lim, err := calendar.LoadLimits(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	cal, err := calendar.LoadCalendar(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	pack, err := rules.Load(defs.Default(), rules.DefaultPack, lim)
	if err != nil {
		t.Fatal(err)
	}
	return pack, cal, lim
}

func allWarnings(t testing.TB, ws store.Warnings) []qingfeng.Warning {
	t.Helper()
	list, _, err := ws.Warnings(context.Background(), store.WarningFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// score compares the raised warnings with the truth: per rule, the injected anomalies found
// (recall) and the warnings raised where nothing was injected.
type ruleScore struct {
	injected, found, fired, reminders, explained, unexplained int
	missed, extra                                             []string
}

// sideEffects are the findings another injected anomaly causes as well, as the generator's own
// rule checks name them (gen/rules_test.go): a finding of the key rule on a proceeding where
// one of the listed rules was injected is explained.
var sideEffects = map[string][]string{
	"R-12":  {"R-09"},         // a relative acting in the court may be the panel's own relative
	"R-63":  {"R-11"},         // the judge reused from another procedure may be away
	"R-14":  {"R-35"},         // a preservation ruled late also overruns the preservation limit
	"R-30":  {"R-62"},         // complaints of a cluster on a closed case
	"R-44":  {"R-39", "R-14"}, // stretched timelines
	"C3-I3": {"R-23"},         // a closing day moved before the review's end
	"R-18":  {"R-23"},         // … or before a deduction's end
}

func scoreWarnings(p *province, ws []qingfeng.Warning) map[string]*ruleScore {
	out := map[string]*ruleScore{}
	get := func(r string) *ruleScore {
		if out[r] == nil {
			out[r] = &ruleScore{}
		}
		return out[r]
	}
	raised := map[string]bool{} // rule|subject of violations (not reminders, not withdrawn)
	for _, w := range ws {
		if w.State == qingfeng.StateWithdrawn {
			continue
		}
		raised[w.Rule+"|"+w.Subject] = true
	}
	injected := map[string]bool{}
	byCase := map[string]map[string]bool{} // case → rules injected on it
	for _, tl := range p.truth {
		if byCase[tl.CaseNumber] == nil {
			byCase[tl.CaseNumber] = map[string]bool{}
		}
		byCase[tl.CaseNumber][tl.Rule] = true
		subject := tl.CaseNumber
		switch tl.Anomaly {
		case "designated_cluster":
			subject = fmt.Sprint(tl.Detail["division_id"]) + "|" + fmt.Sprint(tl.Detail["month"])
		case "complaint_cluster":
			subject = fmt.Sprint(tl.Detail["judge_id"])
		}
		k := tl.Rule + "|" + subject
		if injected[k] {
			continue
		}
		injected[k] = true
		s := get(tl.Rule)
		s.injected++
		if raised[k] {
			s.found++
		} else {
			s.missed = append(s.missed, subject)
		}
	}
	for _, w := range ws {
		if w.State == qingfeng.StateWithdrawn {
			continue
		}
		s := get(w.Rule)
		if reminderOnly(w) {
			s.reminders++
			continue
		}
		s.fired++
		if injected[w.Rule+"|"+w.Subject] {
			continue
		}
		explained := false
		for _, cause := range sideEffects[w.Rule] {
			explained = explained || byCase[w.Subject][cause]
		}
		if explained {
			s.explained++
			continue
		}
		s.unexplained++
		if len(s.extra) < 5 {
			s.extra = append(s.extra, w.Subject+": "+w.Message)
		}
	}
	return out
}

func sortedRules(m map[string]*ruleScore) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// reminderOnly reports whether a warning is a reminder before a deadline rather than a
// violation: R-13's reminders, and the reminders of sequence rules (their day precedes the
// deadline they concern).
func reminderOnly(w qingfeng.Warning) bool { return w.Rule == "R-13" || w.Due != 0 && w.On <= w.Due }
