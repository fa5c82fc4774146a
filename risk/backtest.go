package risk

import (
	"context"
	"fmt"
	"slices"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
)

// Replay rebuilds the engine's memory from the store — the record log and the warnings'
// marks — without evaluating or saving anything: for a backtest or a timeline next to a
// running engine. The engine cannot Apply or Tick afterwards (Load it for that).
func (e *Engine) Replay(ctx context.Context, st store.Store) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reset()
	rs, err := e.ws.RiskState(ctx, e.opts.Name)
	if err != nil {
		return fmt.Errorf("risk: replay: %w", err)
	}
	e.now = max(rs.Now, e.opts.Now())
	ms, err := e.ws.WarningMarks(ctx)
	if err != nil {
		return fmt.Errorf("risk: replay: %w", err)
	}
	for _, m := range ms {
		e.marks[m.Key] = &mark{id: m.ID, severity: m.Severity, hits: m.Hits, raised: m.Raised}
	}
	last, err := feed.New(st).CatchUp(ctx, 0, 20000, func(cs []feed.Change) error {
		pre := e.st.prepare(cs, len(e.evs))
		for i, c := range cs {
			e.st.apply(c, preparedAt(pre, i))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("risk: replay: %w", err)
	}
	e.st.clean()
	e.seq = last
	return nil
}

// BacktestHit is a warning a rule would raise.
type BacktestHit struct {
	Rule       string            `json:"rule"`
	Subject    string            `json:"subject"`
	CaseNumber string            `json:"case_number"`
	CourtID    string            `json:"court_id"`
	On         qingfeng.Date     `json:"on"`
	Due        qingfeng.Date     `json:"due,omitempty"`
	Severity   qingfeng.Severity `json:"severity"`
	Hits       int               `json:"hits"`
	Reminder   bool              `json:"reminder,omitempty"`
	Message    string            `json:"message"`
	MessageEn  string            `json:"message_en"`
	Raised     bool              `json:"raised"` // a warning of the same rule and subject is raised now
}

// BacktestResult is what a rule would have raised over history.
type BacktestResult struct {
	Rule     string        `json:"rule"`
	From     qingfeng.Date `json:"from,omitempty"`
	To       qingfeng.Date `json:"to"`
	Cases    int           `json:"cases"` // proceedings evaluated
	Hits     []BacktestHit `json:"hits"`
	New      int           `json:"new"`      // hits with no raised warning
	Vanished []string      `json:"vanished"` // subjects of raised warnings of the rule that it no longer finds
	Errors   int           `json:"errors"`   // evaluations that failed
}

// Backtest evaluates rule r — one of the pack's or a new or changed one, enabled or not — on
// every proceeding in the engine's memory as of day to, and returns the hits whose day falls in
// [from, to] (from 0: since the beginning), compared with the warnings raised under the same
// rule id. Nothing is saved. The engine must have been loaded or replayed.
func (e *Engine) Backtest(ctx context.Context, r *rules.Rule, from, to qingfeng.Date) (*BacktestResult, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.seq == 0 && len(e.st.cases) == 0 {
		return nil, fmt.Errorf("risk: backtest: the engine holds no data (Load or Replay first)")
	}
	if to == 0 {
		to = e.now
	}
	res := &BacktestResult{Rule: r.ID, From: from, To: to}
	ev := rules.NewEvaluator(e.cal, e.lim)
	var hits []rules.Hit
	groups := map[string][]rules.Item{}
	numbers := make([]string, 0, len(e.st.cases))
	for n, cs := range e.st.cases {
		if cs.c != nil {
			numbers = append(numbers, n)
		}
	}
	slices.Sort(numbers)
	for _, n := range numbers {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		x := e.context(e.st.cases[n])
		x.Now = to
		res.Cases++
		if r.IsAggregate() {
			items, err := ev.Items(x, r)
			if err != nil {
				res.Errors++
				continue
			}
			for _, it := range items {
				groups[it.Group] = append(groups[it.Group], it)
			}
			continue
		}
		hs, _, errs := ev.Case(x, []*rules.Rule{r})
		res.Errors += len(errs)
		hits = append(hits, hs...)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if h := r.GroupHit(k, groups[k]); h != nil {
			hits = append(hits, *h)
		}
	}
	found := map[string]bool{}
	for i := range hits {
		h := &hits[i]
		found[h.Key()] = true
		if h.On > to || from != 0 && h.On < from {
			continue
		}
		w := e.warning(h)
		m := e.marks[h.Key()]
		bh := BacktestHit{Rule: r.ID, Subject: h.Subject, CaseNumber: h.CaseNumber, CourtID: w.CourtID, On: h.On, Due: h.Due,
			Severity: h.Severity, Hits: h.Count, Reminder: h.Reminder, Message: h.Message.ZH, MessageEn: h.Message.EN,
			Raised: m != nil && m.raised}
		if !bh.Raised {
			res.New++
		}
		res.Hits = append(res.Hits, bh)
	}
	prefix := r.ID + "|"
	for key, m := range e.marks {
		if m.raised && len(key) > len(prefix) && key[:len(prefix)] == prefix && !found[key] {
			res.Vanished = append(res.Vanished, key[len(prefix):])
		}
	}
	slices.Sort(res.Vanished)
	return res, nil
}
