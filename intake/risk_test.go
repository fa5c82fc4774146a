package intake

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/risk"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
)

// newRiskEngine makes the risk engine `qingfeng work` runs over a data directory — its
// definitions' time limits, calendar and default rule pack — evaluating as of asOf. It returns
// nil when the store keeps no warnings.
func newRiskEngine(t testing.TB, d *datadir.Dir, asOf qingfeng.Date) *risk.Engine {
	t.Helper()
	ws, ok := d.Store.(store.Warnings)
	if !ok {
		return nil
	}
	lim, err := calendar.LoadLimits(d.Defs)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := calendar.LoadCalendar(d.Defs)
	if err != nil {
		t.Fatal(err)
	}
	pack, err := rules.Load(d.Defs, rules.DefaultPack, lim)
	if err != nil {
		t.Fatal(err)
	}
	return risk.NewEngine(pack, ws, cal, lim, risk.Options{Now: func() qingfeng.Date { return asOf }})
}

// cleanRisk returns the snapshot of the clean store after a risk engine, started once the
// whole province was in, caught up with it: the clean run a store whose engine was killed
// again and again is compared with.
func (p *province) cleanRisk(t testing.TB) *snap {
	t.Helper()
	p.riskOnce.Do(func() {
		ctx := context.Background()
		d, err := datadir.Open(p.cleanDir)
		if err != nil {
			p.riskErr = err
			return
		}
		defer d.Close()
		e := newRiskEngine(t, d, p.asOf)
		if err := e.Load(ctx, d.Store); err != nil {
			p.riskErr = fmt.Errorf("clean risk engine: %w", err)
			return
		}
		if p.withRisk, p.riskErr = takeSnapshot(ctx, d.Store); p.riskErr != nil {
			return
		}
		w, tm := p.withRisk.standing()
		p.riskStats = fmt.Sprintf("%d warnings stand, %d timers", w, tm)
	})
	if p.riskErr != nil {
		t.Fatal(p.riskErr)
	}
	if p.withRisk == nil {
		t.Fatal("the clean risk engine did not run (see the test that ran it first)")
	}
	if w, tm := p.withRisk.standing(); w == 0 || tm == 0 {
		t.Fatalf("the clean risk engine raised %d warnings and set %d timers: the comparison would prove nothing", w, tm)
	}
	return p.withRisk
}

// errAhead stops a log scan at its first entry.
var errAhead = errors.New("log entry after the position")

// riskCaughtUp reports the risk engine's saved position in st and whether the log holds
// nothing after it.
func riskCaughtUp(ctx context.Context, st store.Store) (int64, bool, error) {
	rs, err := st.(store.Warnings).RiskState(ctx, riskEngine)
	if err != nil {
		return 0, false, err
	}
	err = st.ScanLog(ctx, rs.Seq, func(store.LogEntry) error { return errAhead })
	if errors.Is(err, errAhead) {
		return rs.Seq, false, nil
	}
	return rs.Seq, err == nil, err
}
