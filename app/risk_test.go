package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

func pendingCase(number string, filed qingfeng.Date) *qingfeng.Case {
	return &qingfeng.Case{Number: number, CourtID: "C1", JudgeID: "J1", Panel: []string{"J1"}, Category: qingfeng.CatCivil,
		Stage: qingfeng.StageFirstInstance, Procedure: qingfeng.ProcOrdinary, FiledOn: filed}
}

// TestServeRunsTheRiskEngine: the risk engine is built and loaded by Serve, judges the data as of
// the App's AsOf day (a proceeding overdue by then is warned about, one that became overdue only
// after it is not), follows what is committed while serving, and stops with the server.
func TestServeRunsTheRiskEngine(t *testing.T) {
	a := testApp(t, "zhou", qingfeng.UserInspector)
	a.AsOf = qingfeng.NewDate(2024, 12, 31)
	const late, recent, later = "（2024）闽0102民初11号", "（2024）闽0102民初12号", "（2024）闽0102民初13号"
	commit(t, a, pendingCase(late, qingfeng.NewDate(2024, 1, 10)), pendingCase(recent, qingfeng.NewDate(2024, 11, 1)))
	addr, stop := serving(t, a)
	base := "http://" + addr
	hc := signIn(t, base, "zhou", testPassword)
	overdue := func() map[string]bool {
		var q struct {
			Items []qingfeng.Warning `json:"items"`
		}
		json.Unmarshal(get(t, hc, base+"/api/v1/warnings?rule=R-14").body, &q)
		out := map[string]bool{}
		for _, w := range q.Items {
			out[w.CaseNumber] = true
		}
		return out
	}
	eventually(t, "the risk engine loads", func() bool { return a.Engines.Risk.Ready() == nil })
	eventually(t, "the overdue proceeding is warned about", func() bool { return overdue()[late] })
	if got := overdue(); got[recent] {
		t.Fatalf("a proceeding within its limit on the as-of day is warned about: %v", got)
	}
	if _, day := a.Engines.Risk.Position(); day != a.AsOf {
		t.Fatalf("the engine's day is %s, want the as-of day %s", day, a.AsOf)
	}
	commit(t, a, pendingCase(later, qingfeng.NewDate(2024, 2, 1)))
	eventually(t, "a proceeding committed while serving is judged", func() bool { return overdue()[later] })
	if got := get(t, hc, base+"/api/v1/rules"); got.code != http.StatusOK || !strings.Contains(string(got.body), `"R-14"`) {
		t.Fatalf("rules in force: %d", got.code)
	}
	stop()
}

// TestServeRefusesABrokenRulePack: a court's rule file that does not load stops the server at
// start, naming the file.
func TestServeRefusesABrokenRulePack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(filepath.Join(dir, "defs", "rules", "default"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "defs", "rules", "default", "trial.yaml"), []byte("group: trial\nrules: [oops\n"), 0o644)
	a, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	err = a.Serve(context.Background(), "127.0.0.1:0", nil)
	if err == nil || !strings.Contains(err.Error(), "trial.yaml") {
		t.Fatalf("serve with a broken rule pack: %v", err)
	}
}

// TestServeWithTheRiskEngineElsewhere: with RiskElsewhere (serve --no-risk) the server evaluates
// no rule — the overdue proceeding raises nothing — yet shows the warnings another process's
// engine saves in the store, and the case timelines from its read-only replay.
func TestServeWithTheRiskEngineElsewhere(t *testing.T) {
	a := testApp(t, "zhou", qingfeng.UserInspector)
	a.AsOf = qingfeng.NewDate(2024, 12, 31)
	a.RiskElsewhere, a.RiskReplay = true, 100*time.Millisecond
	const late = "（2024）闽0102民初11号"
	commit(t, a, pendingCase(late, qingfeng.NewDate(2024, 1, 10)))
	addr, _ := serving(t, a)
	base := "http://" + addr
	hc := signIn(t, base, "zhou", testPassword)
	warned := func() int {
		var q struct {
			Total int `json:"total"`
		}
		json.Unmarshal(get(t, hc, base+"/api/v1/warnings").body, &q)
		return q.Total
	}
	eventually(t, "the replay for viewing", func() bool { return a.Engines.Risk.Ready() == nil })
	time.Sleep(300 * time.Millisecond) // three replays: none of them may evaluate a rule
	if n := warned(); n != 0 {
		t.Fatalf("the server raised %d warnings with the risk engine elsewhere", n)
	}
	// The engine of a worker process, on the same store, raises the warning.
	worker, err := a.buildRisk()
	if err != nil {
		t.Fatal(err)
	}
	if err := worker.Load(context.Background(), a.Store); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the worker's warning is shown", func() bool { return warned() > 0 })
	eventually(t, "the timeline carries the warning", func() bool {
		got := get(t, hc, base+"/api/v1/cases/"+url.PathEscape(late)+"/timeline")
		var tl struct {
			Entries []struct {
				Kind string `json:"kind"`
			} `json:"entries"`
		}
		if got.code != http.StatusOK || json.Unmarshal(got.body, &tl) != nil {
			return false
		}
		return slices.ContainsFunc(tl.Entries, func(e struct {
			Kind string `json:"kind"`
		}) bool {
			return e.Kind == "warning"
		})
	})
}
