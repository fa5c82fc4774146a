package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// The warning statistics show, for a unit (a court and everything below it, or a judge's own
// warnings), how each rule fares — how often it fires and how often people find it was no risk
// (its dismissal rate, the measure of a noisy rule) — and the unit against its own history.
// Courts and judges are never ranked: the courts directly below the unit and the judges in it
// appear only as a distribution (quartiles of their counts and dismissal rates), with no names.

// statsView is the statistics of one unit over one period.
type statsView struct {
	Court    string        `json:"court"`
	Name     string        `json:"name"`
	Own      bool          `json:"own"` // a judge's own warnings only
	From     qingfeng.Date `json:"from"`
	To       qingfeng.Date `json:"to"`
	Rules    []ruleStat    `json:"rules"`
	Courts   *spread       `json:"courts_below,omitempty"`
	Judges   *spread       `json:"judges,omitempty"`
	History  []monthStat   `json:"history"` // the unit's own, month by month up to To
	Total    int           `json:"total"`
	Decided  int           `json:"decided"`
	Rate     float64       `json:"dismissal_rate"`
	RuleList []string      `json:"-"`
}

func (v *statsView) court() string { return v.Court }

// ruleStat is one rule's count with its names.
type ruleStat struct {
	store.WarningStat
	Name     string            `json:"name"`
	NameEn   string            `json:"name_en"`
	Family   qingfeng.Family   `json:"family"`
	Severity qingfeng.Severity `json:"severity"`
}

// spread is how counts fall across units, without saying which unit has which.
type spread struct {
	Units   int      `json:"units"`   // units compared (zeros included)
	Counts  quartile `json:"counts"`  // warnings per unit
	Decided int      `json:"decided"` // units with a decided warning
	Rates   quartile `json:"dismissal_rates"`
}

// quartile is a five-number summary.
type quartile struct {
	Min    float64 `json:"min"`
	Q1     float64 `json:"q1"`
	Median float64 `json:"median"`
	Q3     float64 `json:"q3"`
	Max    float64 `json:"max"`
}

// Box is the summary as the chart draws it.
func (q quartile) Box() []float64 { return []float64{q.Min, q.Q1, q.Median, q.Q3, q.Max} }

// monthStat is one month of the unit's own history.
type monthStat struct {
	Month     string  `json:"month"`
	Total     int     `json:"total"`
	Decided   int     `json:"decided"`
	Dismissed int     `json:"dismissed"`
	Rate      float64 `json:"dismissal_rate"`
}

// summarize computes the five-number summary of vals (linear interpolation between ranks).
func summarize(vals []float64) quartile {
	if len(vals) == 0 {
		return quartile{}
	}
	slices.Sort(vals)
	at := func(p float64) float64 {
		x := p * float64(len(vals)-1)
		i := int(x)
		if i+1 >= len(vals) {
			return vals[len(vals)-1]
		}
		return vals[i] + (x-float64(i))*(vals[i+1]-vals[i])
	}
	return quartile{Min: vals[0], Q1: at(0.25), Median: at(0.5), Q3: at(0.75), Max: vals[len(vals)-1]}
}

// spreadOf summarizes per-unit statistics; units with no warning count as zero.
func spreadOf(units []string, stats map[string]*store.WarningStat) *spread {
	sp := &spread{Units: len(units)}
	var counts, rates []float64
	for _, u := range units {
		st := stats[u]
		if st == nil {
			counts = append(counts, 0)
			continue
		}
		counts = append(counts, float64(st.Total))
		if st.Decided > 0 {
			rates = append(rates, float64(st.Dismissed)/float64(st.Decided))
		}
	}
	sp.Counts, sp.Decided, sp.Rates = summarize(counts), len(rates), summarize(rates)
	return sp
}

// statsQuery reads the unit and period: the court asked for (within scope) or the viewer's own,
// and the twelve months up to the engine's day unless from and to are given.
func (s *Server) statsQuery(c *call, rk Risk) (*statsView, store.WarningFilter, error) {
	v := &statsView{Court: c.p.CourtID, Own: !c.p.CourtWide(access.ViewWarnings)}
	var f store.WarningFilter
	scopeFilter(c, &f)
	if court := strings.TrimSpace(c.r.URL.Query().Get("court")); court != "" && court != c.p.CourtID {
		id := court
		if _, ok := c.tree.Court(id); !ok {
			id, _ = c.tree.ByCode(court)
		}
		if id == "" || !c.p.InScope(id) {
			return nil, f, c.deny("warning.stats", "court "+court, id, access.ErrOutOfScope)
		}
		v.Court = id
		f.Courts = slices.DeleteFunc(c.tree.Subtree(id), func(x string) bool { return !c.p.InScope(x) })
	}
	v.Name = s.courtName(v.Court)
	if v.Own {
		v.Name = s.trees.personName(c.p.PersonID)
	}
	_, day := rk.Position()
	v.To, v.From = day, day.AddMonths(-12)+1
	for name, d := range map[string]*qingfeng.Date{"from": &v.From, "to": &v.To} {
		if raw := c.r.URL.Query().Get(name); raw != "" {
			x, err := qingfeng.ParseDate(raw)
			if err != nil {
				return nil, f, badRequest("参数 %s 应为日期 YYYY-MM-DD", "parameter %s must be a date YYYY-MM-DD", name)
			}
			*d = x
		}
	}
	if v.From > v.To {
		return nil, f, badRequest("起始日期晚于截止日期", "from is after to")
	}
	f.From, f.To = v.From, v.To
	return v, f, nil
}

// warningStats computes the unit's statistics and records the view.
func (s *Server) warningStats(c *call) (*statsView, error) {
	rk, err := s.risk()
	if err != nil {
		return nil, err
	}
	v, f, err := s.statsQuery(c, rk)
	if err != nil {
		return nil, err
	}
	ctx := c.r.Context()
	byRule, err := rk.Stats(ctx, f, store.ByRule)
	if err != nil {
		return nil, err
	}
	pack := rk.Pack()
	v.Rules = []ruleStat{}
	for _, st := range byRule {
		rs := ruleStat{WarningStat: st, Name: st.Key, NameEn: st.Key}
		if r := pack.Rule(st.Key); r != nil {
			rs.Name, rs.NameEn, rs.Family, rs.Severity = r.Name, r.NameEn, r.Family, r.Severity
		}
		v.Rules = append(v.Rules, rs)
		v.Total, v.Decided = v.Total+st.Total, v.Decided+st.Decided
		if st.Decided > 0 {
			v.Rate += float64(st.Dismissed)
		}
	}
	if v.Decided > 0 {
		v.Rate /= float64(v.Decided)
	}
	if !v.Own {
		if v.Courts, err = s.courtSpread(c, rk, f, v.Court); err != nil {
			return nil, err
		}
		if v.Judges, err = s.judgeSpread(c, rk, f); err != nil {
			return nil, err
		}
	}
	if v.History, err = history(c, rk, f, v.To); err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("from=%s to=%s own=%t", v.From, v.To, v.Own)
	if err := c.record("warning.stats", "court "+v.Court, v.Court, qingfeng.AuditOK, detail); err != nil {
		return nil, err
	}
	return v, nil
}

// courtSpread is the distribution across the courts directly below court, each counting the
// warnings of its whole subtree; nil when it has none below.
func (s *Server) courtSpread(c *call, rk Risk, f store.WarningFilter, court string) (*spread, error) {
	children := slices.DeleteFunc(slices.Clone(c.tree.Children(court)), func(x string) bool { return !c.p.InScope(x) })
	if len(children) == 0 {
		return nil, nil
	}
	stats, err := rk.Stats(c.r.Context(), f, store.ByCourt)
	if err != nil {
		return nil, err
	}
	below := map[string]string{} // court → the child whose subtree holds it
	for _, k := range children {
		for _, x := range c.tree.Subtree(k) {
			below[x] = k
		}
	}
	sums := map[string]*store.WarningStat{}
	for _, st := range stats {
		k, ok := below[st.Key]
		if !ok {
			continue // the court itself
		}
		if sums[k] == nil {
			sums[k] = &store.WarningStat{}
		}
		sums[k].Total += st.Total
		sums[k].Decided += st.Decided
		sums[k].Dismissed += st.Dismissed
	}
	return spreadOf(children, sums), nil
}

// judgeSpread is the distribution across the judges serving in the unit's courts.
func (s *Server) judgeSpread(c *call, rk Risk, f store.WarningFilter) (*spread, error) {
	stats, err := rk.Stats(c.r.Context(), f, store.ByJudge)
	if err != nil {
		return nil, err
	}
	by := map[string]*store.WarningStat{}
	for i := range stats {
		if stats[i].Key != "" {
			by[stats[i].Key] = &stats[i]
		}
	}
	judges := s.trees.judgesIn(f.Courts)
	for k := range by {
		if !slices.Contains(judges, k) {
			judges = append(judges, k) // a judge who has left, or is not in the staff records
		}
	}
	if len(judges) == 0 {
		return nil, nil
	}
	return spreadOf(judges, by), nil
}

// judgesIn lists the people with the judge's role at the given courts.
func (c *treeCache) judgesIn(courts []string) []string {
	in := map[string]bool{}
	for _, x := range courts {
		in[x] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for id, p := range c.people {
		if in[p.CourtID] && slices.Contains(p.Roles, qingfeng.RoleJudge) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// history counts the unit's warnings month by month, the twelve months up to to.
func history(c *call, rk Risk, f store.WarningFilter, to qingfeng.Date) ([]monthStat, error) {
	y, m, _ := to.YMD()
	first := qingfeng.NewDate(y, m, 1)
	out := make([]monthStat, 0, 12)
	for i := 11; i >= 0; i-- {
		start := first.AddMonths(-i)
		mf := f
		mf.From, mf.To = start, start.AddMonths(1)-1
		stats, err := rk.Stats(c.r.Context(), mf, store.ByRule)
		if err != nil {
			return nil, err
		}
		ms := monthStat{Month: start.String()[:7]}
		for _, st := range stats {
			ms.Total, ms.Decided, ms.Dismissed = ms.Total+st.Total, ms.Decided+st.Decided, ms.Dismissed+st.Dismissed
		}
		if ms.Decided > 0 {
			ms.Rate = float64(ms.Dismissed) / float64(ms.Decided)
		}
		out = append(out, ms)
	}
	return out, nil
}

func (s *Server) statsPage(c *call) error {
	v, err := s.warningStats(c)
	if err != nil {
		return err
	}
	c.render("warningstats.html", i18n.Text{ZH: "预警统计", EN: "Warning statistics"}, v)
	return nil
}

func (s *Server) apiWarningStats(c *call) error {
	if _, err := c.format(); err != nil {
		return err
	}
	v, err := s.warningStats(c)
	if err != nil {
		return err
	}
	return c.answer(v, func() *table {
		t := &table{name: "warning-stats", cols: []i18n.Text{{ZH: "规则", EN: "Rule"}, {ZH: "规则名称", EN: "Rule name"},
			{ZH: "预警数", EN: "Warnings"}, {ZH: "待处理", EN: "Active"}, {ZH: "确认", EN: "Confirmed"}, {ZH: "排除", EN: "Dismissed"},
			{ZH: "排除率", EN: "Dismissal rate"}, {ZH: "再次预警", EN: "Re-fired"}, {ZH: "系统撤销", EN: "Withdrawn"},
			{ZH: "起", EN: "From"}, {ZH: "止", EN: "To"}}}
		for _, r := range v.Rules {
			name := r.Name
			if c.lang == i18n.EN {
				name = r.NameEn
			}
			t.add(r.Key, name, strconv.Itoa(r.Total), strconv.Itoa(r.Active()), strconv.Itoa(r.Confirmed), strconv.Itoa(r.Dismissed),
				strconv.FormatFloat(r.DismissalRate, 'f', 3, 64), strconv.Itoa(r.Refired),
				strconv.Itoa(r.ByState[qingfeng.StateWithdrawn]), v.From.String(), v.To.String())
		}
		return t
	})
}

// Active counts the rule's warnings still waiting for a decision.
func (r ruleStat) Active() int {
	n := 0
	for _, st := range activeStates {
		n += r.ByState[qingfeng.WarningState(st)]
	}
	return n
}
