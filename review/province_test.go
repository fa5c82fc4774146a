package review

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

type truthLine struct {
	Anomaly    string         `json:"anomaly"`
	CaseNumber string         `json:"case_number"`
	Rule       string         `json:"rule"`
	Detail     map[string]any `json:"detail"`
}

// province generates a synthetic province with the review anomalies raised, ingests it into a
// SQLite store and runs the review engine over the log.
func province(t *testing.T) (*sqlite.Store, Config, []truthLine) {
	t.Helper()
	dir := t.TempDir()
	cfg := gen.DefaultConfig()
	cfg.Matters, cfg.Seed, cfg.Out = 3000, 11, filepath.Join(dir, "gen")
	cfg.Rates = map[string]float64{"reviewer_edited_operative": 0.08, "four_type_unreviewed": 0.2, "four_type_unflagged": 0.1}
	if _, err := gen.Run(context.Background(), cfg, nil); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(filepath.Join(dir, "qingfeng.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	types, err := casenum.LoadTypes(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	codes, err := codetable.Load(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	hasher, err := ingest.NewHasher(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.New(st, types, codes, hasher, ingest.Options{}).Run(context.Background(), []string{cfg.Out}); err != nil {
		t.Fatal(err)
	}
	rc, err := LoadConfig(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	if err := NewEngine(st, st, rc).CatchUp(context.Background(), feed.New(st)); err != nil {
		t.Fatal(err)
	}
	var truth []truthLine
	f, err := os.Open(filepath.Join(cfg.Out, "truth.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l truthLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		truth = append(truth, l)
	}
	return st, rc, truth
}

// TestProvinceAnomaliesReported: on a generated province every injected "reviewer edited the
// operative part" (R-32) and "四类 case issued without review" (C3-I3) is reported, and every
// report is an injected anomaly or a named side effect of one.
func TestProvinceAnomaliesReported(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and ingests a province")
	}
	st, rc, truth := province(t)
	ctx := context.Background()
	injected := map[string]map[string]bool{} // rule → case
	for _, l := range truth {
		if injected[l.Rule] == nil {
			injected[l.Rule] = map[string]bool{}
		}
		injected[l.Rule][l.CaseNumber] = true
	}
	findings, err := Anomalies(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]map[string]bool{}
	for _, f := range findings {
		if found[f.Rule] == nil {
			found[f.Rule] = map[string]bool{}
		}
		found[f.Rule][f.CaseNumber] = true
	}
	// A closing day moved before the review's end makes a reviewed case look unreviewed.
	sideEffects := map[string][]string{"C3-I3": {"R-23"}}
	for _, rule := range []string{"R-32", "C3-I3"} {
		if len(injected[rule]) < 5 {
			t.Fatalf("only %d %s anomalies injected: raise the rate", len(injected[rule]), rule)
		}
		missed, extra := 0, 0
		for c := range injected[rule] {
			if !found[rule][c] {
				missed++
				t.Errorf("%s injected on %s but not reported", rule, c)
			}
		}
		for c := range found[rule] {
			explained := injected[rule][c]
			for _, side := range sideEffects[rule] {
				explained = explained || injected[side][c]
			}
			if !explained {
				extra++
				t.Errorf("%s reported on %s, which has no such anomaly", rule, c)
			}
		}
		t.Logf("%s: %d injected, %d reported, %d missed, %d unexplained", rule, len(injected[rule]), len(found[rule]), missed, extra)
	}
	var other []string
	for rule, cs := range found {
		if rule != "R-32" && rule != "C3-I3" {
			for c := range cs {
				other = append(other, rule+" "+c)
			}
		}
	}
	sort.Strings(other)
	if len(other) > 0 {
		t.Errorf("findings of other invariants on generated data: %v", other)
	}

	// Identification: every proceeding left unflagged on purpose has a rule that holds.
	res, err := NewService(st, st, rc).Identify(ctx, gen.DefaultConfig().AsOf, false)
	if err != nil {
		t.Fatal(err)
	}
	unflagged := map[string]bool{}
	for _, id := range res.Found {
		if !id.Flagged {
			unflagged[id.CaseNumber] = true
		}
	}
	missed := 0
	for c := range injected["R-30"] {
		if !unflagged[c] {
			missed++
			t.Errorf("R-30 injected on %s but identification finds no 四类 feature there", c)
		}
	}
	extra := 0
	for _, id := range res.Found {
		if !id.Flagged && !injected["R-30"][id.CaseNumber] {
			extra++
			t.Logf("beyond: %s %+v", id.CaseNumber, id.Matches)
		}
	}
	t.Logf("R-30: %d injected, %d identified without a flag, %d missed, %d beyond the injected", len(injected["R-30"]), len(unflagged), missed, extra)
	if extra > 0 {
		t.Errorf("%d proceedings identified as 四类 without a flag beyond the injected ones", extra)
	}
}
