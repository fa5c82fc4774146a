package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/indicator"
)

// trendMonths is how far back the indicator page's trend goes.
const trendMonths = 24

// indicatorView is one indicator for one unit: its value, its monthly trend (each month with
// the range in force and any abnormal movement), the distribution across the courts below and
// the breakdown by the court's own divisions and judges, in id order.
type indicatorView struct {
	Query      indicatorQuery       `json:"-"`
	Definition *indicator.Indicator `json:"definition"`
	PackName   string               `json:"pack_name"`
	Value      indicator.Value      `json:"value"`
	Trend      []indicator.Value    `json:"trend"`
	Spread     *distribution        `json:"distribution"`
	Divisions  []indicator.Value    `json:"divisions"`
	Judges     []indicator.Value    `json:"judges"`
	Ledgers    bool                 `json:"-"`
}

func (v *indicatorView) court() string {
	if v.Value.Unit.CourtID != "" {
		return v.Value.Unit.CourtID
	}
	return v.Value.Unit.ID
}

// trendChart is what the trend chart draws.
type trendChart struct {
	Periods  []string   `json:"periods"`
	Values   []*float64 `json:"values"`
	Lower    []*float64 `json:"lower"`
	Upper    []*float64 `json:"upper"`
	Abnormal []int      `json:"abnormal"` // indexes of months with an abnormal movement
	Unit     string     `json:"unit"`
}

// Chart lays out the trend for the page's chart.
func (v *indicatorView) Chart() trendChart {
	t := trendChart{Periods: []string{}, Values: []*float64{}, Lower: []*float64{}, Upper: []*float64{}, Abnormal: []int{}, Unit: v.Definition.Display}
	for i, m := range v.Trend {
		t.Periods = append(t.Periods, m.Period)
		t.Values = append(t.Values, m.Value)
		var lo, hi *float64
		if m.Range != nil {
			lo, hi = m.Range.Lower, m.Range.Upper
		}
		t.Lower, t.Upper = append(t.Lower, lo), append(t.Upper, hi)
		if m.Abnormal != nil {
			t.Abnormal = append(t.Abnormal, i)
		}
	}
	return t
}

// indicatorID reads the indicator of the path, which must belong to the query's pack.
func indicatorID(c *call, ind Indicators, q *indicatorQuery) (*indicator.Pack, *indicator.Indicator, error) {
	q.Pack = c.r.PathValue("pack")
	pk, ok := ind.Pack(q.Pack)
	if !ok {
		return nil, nil, errStatus(http.StatusNotFound, "没有指标包 %q", "no indicator pack %q", q.Pack)
	}
	def := pk.Indicator(c.r.PathValue("id"))
	if def == nil {
		return nil, nil, errStatus(http.StatusNotFound, "指标包 %s 没有指标 %q", "pack %s has no indicator %q", q.Pack, c.r.PathValue("id"))
	}
	return pk, def, nil
}

// scopedIndicator reads the query of an indicator's pages (the pack and indicator from the
// path) and checks the unit.
func (s *Server) scopedIndicator(c *call, perm access.Permission, action string) (Indicators, indicatorQuery, *indicator.Pack, *indicator.Indicator, error) {
	ind, err := s.indicators()
	if err != nil {
		return nil, indicatorQuery{}, nil, nil, err
	}
	q, err := s.readIndicatorQuery(c, ind)
	if err != nil {
		return nil, q, nil, nil, err
	}
	pk, def, err := indicatorID(c, ind, &q)
	if err != nil {
		return nil, q, nil, nil, err
	}
	return ind, q, pk, def, s.checkUnit(c, ind, perm, action, q.Unit)
}

func (s *Server) indicatorView(c *call) (*indicatorView, error) {
	ind, q, pk, def, err := s.scopedIndicator(c, access.ViewIndicators, "indicator.view")
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("indicator|%s|%s|%s|%s|%s", q.Pack, def.ID, unitParam(q.Unit), q.Period, c.lang)
	v, err := s.views.get(key, ind.Seq(), func() (any, error) { return s.computeIndicator(c, ind, q, pk, def) })
	if err != nil {
		return nil, err
	}
	iv := *v.(*indicatorView)
	iv.Ledgers = c.p.Can(access.ViewLedgers)
	return &iv, nil
}

func (s *Server) computeIndicator(c *call, ind Indicators, q indicatorQuery, pk *indicator.Pack, def *indicator.Indicator) (*indicatorView, error) {
	iq := indicator.Query{Pack: q.Pack, Indicator: def.ID, Unit: q.Unit, Period: q.Period, Lang: c.lang}
	val, err := ind.Value(iq)
	if err != nil {
		return nil, errStatus(http.StatusNotFound, "无法计算：%v", "cannot compute: %v", err)
	}
	v := &indicatorView{Query: q, Definition: def, PackName: pk.Name.In(c.lang), Value: val,
		Trend: []indicator.Value{}, Divisions: []indicator.Value{}, Judges: []indicator.Value{}}
	from, _ := monthsTo(q.Period, trendMonths)
	for m := range trendMonths {
		k := from.Year*12 + from.N - 1 + m
		mq := iq
		mq.Period = indicator.Period{Kind: indicator.Month, Year: k / 12, N: k%12 + 1}
		mv, err := ind.Value(mq) // a value of its own, so that the month's abnormal movement is judged
		if err != nil {
			return nil, err
		}
		v.Trend = append(v.Trend, mv)
	}
	if q.Unit.Kind != indicator.UnitCourt {
		return v, nil
	}
	if len(c.tree.Children(q.Unit.ID)) > 0 {
		sp, err := ind.Spread(iq)
		if err != nil {
			return nil, err
		}
		v.Spread = distributionOf(sp)
	}
	if v.Divisions, err = breakdown(ind, iq, indicator.UnitDivision); err != nil {
		return nil, err
	}
	if v.Judges, err = breakdown(ind, iq, indicator.UnitJudge); err != nil {
		return nil, err
	}
	return v, nil
}

// breakdown computes an indicator for each division or judge of the query's court itself (the
// courts below have their own pages), leaving out units with nothing in the period.
func breakdown(ind Indicators, q indicator.Query, k indicator.UnitKind) ([]indicator.Value, error) {
	units, err := ind.Units(k, q.Unit.ID)
	if err != nil {
		return nil, err
	}
	out := []indicator.Value{}
	for _, u := range units {
		if u.CourtID != q.Unit.ID {
			continue
		}
		uq := q
		uq.Unit = indicator.UnitRef{Kind: k, ID: u.ID}
		v, err := ind.Value(uq)
		if err != nil {
			return nil, err
		}
		if v.Numerator != 0 || v.Denominator != 0 {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b indicator.Value) int { return strings.Compare(a.Unit.ID, b.Unit.ID) })
	return out, nil
}

func (s *Server) indicatorPage(c *call) error {
	v, err := s.indicatorView(c)
	if err != nil {
		return err
	}
	if c.p.CourtWide(access.ViewIndicators) {
		c.treeBase = "/indicators/" + v.Query.Pack + "/" + v.Definition.ID + "?period=" + v.Query.Period.String() + "&unit=court:"
	}
	c.render("indicator.html", i18n.Text{ZH: v.Value.Name + " · " + v.Value.Unit.Name, EN: v.Value.Name + " · " + v.Value.Unit.Name}, v)
	return nil
}

func (s *Server) apiIndicator(c *call) error {
	v, err := s.indicatorView(c)
	if err != nil {
		return err
	}
	return c.answer(v, func() *table {
		return valuesTable("indicator-trend-"+v.Definition.ID, c.lang, slices.Concat([]indicator.Value{v.Value}, v.Trend, v.Divisions, v.Judges))
	})
}
