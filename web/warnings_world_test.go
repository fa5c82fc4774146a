package web

import (
	"context"
	"sync"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/risk"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
)

// riskDay is the test world's risk clock: months after its proceedings were filed, so that
// those still pending are over their time limits.
var riskDay = qingfeng.MustDate("2025-01-31")

// riskTables are the default rule pack, calendar and limits, loaded once for every world: the
// pack is immutable and compiling it is the slow part of an engine.
var riskTables = sync.OnceValues(func() (*riskParts, error) {
	lim, err := calendar.LoadLimits(defs.Default())
	if err != nil {
		return nil, err
	}
	cal, err := calendar.LoadCalendar(defs.Default())
	if err != nil {
		return nil, err
	}
	pack, err := rules.Load(defs.Default(), rules.DefaultPack, lim)
	if err != nil {
		return nil, err
	}
	return &riskParts{pack: pack, cal: cal, lim: lim}, nil
})

type riskParts struct {
	pack *rules.Pack
	cal  *calendar.Calendar
	lim  *calendar.Limits
}

// readyRisk is a risk engine that has loaded what it serves.
type readyRisk struct{ *risk.Engine }

func (readyRisk) Ready() error { return nil }

// riskEngine builds the risk engine over the world's store, as the application does; reload
// brings it up to date with what tests commit.
func (w *world) riskEngine() Risk {
	w.t.Helper()
	p, err := riskTables()
	if err != nil {
		w.t.Fatal(err)
	}
	w.risk = risk.NewEngine(p.pack, w.st, p.cal, p.lim, risk.Options{Now: func() qingfeng.Date { return riskDay }})
	w.reloadRisk()
	return readyRisk{w.risk}
}

func (w *world) reloadRisk() {
	if w.risk == nil {
		return
	}
	if err := w.risk.Load(context.Background(), w.st); err != nil {
		w.t.Fatal(err)
	}
}

// warningFixture is what the warning tests handle: a time limit exceeded on a proceeding of the
// own judge P1, one on another judge's (P4) at the own court, and one at the other court.
type warningFixture struct {
	own, peer, other qingfeng.Warning
}

// numLate is P1's proceeding left pending past its time limit.
const numLate = "（2024）闽0102民初9号"

func (w *world) warningFixture() warningFixture {
	w.t.Helper()
	w.commit(&qingfeng.Case{Number: numLate, CourtID: ownCourt, JudgeID: ownJudge, Panel: []string{ownJudge},
		Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance, Procedure: qingfeng.ProcOrdinary,
		FiledOn: qingfeng.MustDate("2024-01-10")})
	find := func(number string) qingfeng.Warning {
		list, _, err := w.risk.Warnings(context.Background(), store.WarningFilter{CaseNumber: number, Rules: []string{"R-14"}})
		if err != nil || len(list) != 1 {
			w.t.Fatalf("R-14 on %s: %d warnings, %v", number, len(list), err)
		}
		return list[0]
	}
	return warningFixture{own: find(numLate), peer: find(numOwnPeer), other: find(numOther)}
}

// allWarnings lists every warning of the world's store.
func (w *world) allWarnings(t *testing.T) []qingfeng.Warning {
	t.Helper()
	list, _, err := w.st.Warnings(context.Background(), store.WarningFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}
