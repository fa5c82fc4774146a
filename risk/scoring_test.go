package risk

import (
	"context"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/risk/anchor"
	"github.com/qingfeng-court/qingfeng/rules"
)

// loadProvince ingests a province into a fresh store and brings an engine up to date on its
// as-of day.
func loadProvince(t *testing.T, p *province) ([]qingfeng.Warning, *rules.Pack) {
	t.Helper()
	st, _ := shared(t, p)
	ws := warningsStore(t)
	pack, cal, lim := tables(t)
	e := NewEngine(pack, ws, cal, lim, Options{Now: func() qingfeng.Date { return p.asOf }})
	if err := e.Load(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return allWarnings(t, ws), pack
}

// On a generated province with every anomaly's rate raised, the default pack finds every
// injected anomaly whose rule it has (recall 100%), and no statutory rule raises a warning
// where nothing was injected, but for the side effects the generator's own checks name.
func TestProvinceScoring(t *testing.T) {
	p := generated(t, "raised", raisedConfig(4000))
	ws, pack := loadProvince(t, p)
	scores := scoreWarnings(p, ws)
	for _, id := range sortedRules(scores) {
		s := scores[id]
		r := pack.Rule(id)
		if r == nil {
			t.Errorf("%s: %d anomalies injected for a rule the pack does not have", id, s.injected)
			continue
		}
		t.Logf("%-6s statutory=%-5v injected=%-3d found=%-3d fired=%-4d reminders=%-3d side-effects=%-3d unexplained=%d",
			id, r.Statutory, s.injected, s.found, s.fired, s.reminders, s.explained, s.unexplained)
		if s.found != s.injected {
			t.Errorf("%s: found %d of %d injected anomalies; missed %v", id, s.found, s.injected, s.missed)
		}
		if r.Statutory && s.unexplained > 0 {
			t.Errorf("%s: %d warnings where nothing was injected, e.g. %v", id, s.unexplained, s.extra)
		}
	}
	for _, tl := range p.truth {
		if scores[tl.Rule] == nil {
			t.Errorf("truth names rule %s, which has no score", tl.Rule)
		}
	}
}

// On a province with no anomaly injected, no statutory rule raises a warning (reminders of
// deadlines still to come are not violations).
func TestCleanProvinceBreaksNoStatutoryRule(t *testing.T) {
	cfg := raisedConfig(3000)
	for _, a := range gen.Anomalies() {
		cfg.Rates[a.Name] = 0
	}
	p := generated(t, "clean", cfg)
	if len(p.truth) != 0 {
		t.Fatalf("%d anomalies injected with every rate at zero", len(p.truth))
	}
	ws, pack := loadProvince(t, p)
	scores := scoreWarnings(p, ws)
	for _, id := range sortedRules(scores) {
		s := scores[id]
		r := pack.Rule(id)
		t.Logf("%-6s statutory=%-5v fired=%-4d reminders=%d", id, r.Statutory, s.fired, s.reminders)
		if r.Statutory && s.fired > 0 {
			t.Errorf("%s fired %d times on clean data, e.g. %v", id, s.fired, s.extra)
		}
	}
}

// Streaming the log in batches as it was ingested — file by file, so that a proceeding's money
// and enforcement events arrive long after its trial events — ends with the same warnings as
// evaluating the whole history at once: warnings raised while an answering event had not yet
// arrived are withdrawn when it does.
func TestStreamingMatchesBatch(t *testing.T) {
	p := generated(t, "raised", raisedConfig(4000))
	batch, _ := loadProvince(t, p)
	changes := changesOf(t, p)
	pack, cal, lim := tables(t)
	mem := anchor.NewMemory()
	e := NewEngine(pack, mem, cal, lim, Options{Now: func() qingfeng.Date { return p.asOf }})
	e.loaded = true
	for i := 0; i < len(changes); i += 1000 {
		if err := e.Apply(context.Background(), changes[i:min(i+1000, len(changes))]); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]qingfeng.Severity{}
	for _, w := range batch {
		if w.State != qingfeng.StateWithdrawn {
			want[w.Key] = w.Severity
		}
	}
	got := map[string]qingfeng.Severity{}
	for _, w := range mem.Raised() {
		got[w.Key] = w.Severity
	}
	withdrawn := mem.Len() - len(got)
	for k, sev := range want {
		if got[k] != sev {
			t.Errorf("%s: %q streamed, %q at once", k, got[k], sev)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s raised only when streamed", k)
		}
	}
	if withdrawn == 0 {
		t.Error("no warning was withdrawn while streaming: the stream did not exercise late events")
	}
	t.Logf("%d warnings; %d raised while streaming and withdrawn when a late event answered them", len(want), withdrawn)
}
