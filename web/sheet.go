package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/indicator"
)

// sheetView is the 体检表 as the page and the API show it: the engine's sheet, each indicator's
// last twelve months (the sparkline) and, for a court with courts below it, the distribution of
// their values (a box and a strip: peers as a distribution, never a ranked list).
type sheetView struct {
	*indicator.Sheet
	Query    indicatorQuery           `json:"-"`
	Packs    []packRef                `json:"packs"`
	Children []unitLink               `json:"children"` // the courts directly below, in court-code order
	Sparks   map[string][]point       `json:"sparklines"`
	Spreads  map[string]*distribution `json:"distributions"`
	Ledgers  bool                     `json:"-"` // the viewer may open ledgers
}

func (v *sheetView) court() string {
	if v.Unit.CourtID != "" {
		return v.Unit.CourtID
	}
	return v.Unit.ID
}

type packRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type unitLink struct {
	Kind indicator.UnitKind `json:"kind"`
	ID   string             `json:"id"`
	Name string             `json:"name"`
}

// Param is the unit as the unit query parameter reads it.
func (u unitLink) Param() string { return unitParam(indicator.UnitRef{Kind: u.Kind, ID: u.ID}) }

// point is one month of a trend.
type point struct {
	Period string   `json:"period"`
	Value  *float64 `json:"value"`
}

// distribution is an indicator across the courts directly below a court.
type distribution struct {
	Min    *float64    `json:"min"`
	Q1     *float64    `json:"q1"`
	Median *float64    `json:"median"`
	Q3     *float64    `json:"q3"`
	Max    *float64    `json:"max"`
	Points []distPoint `json:"points"` // in court-code order
}

type distPoint struct {
	CourtID string   `json:"court_id"`
	Name    string   `json:"name"`
	Value   *float64 `json:"value"`
}

func distributionOf(sp *indicator.Spread) *distribution {
	d := &distribution{Min: sp.Min, Q1: sp.Q1, Median: sp.Median, Q3: sp.Q3, Max: sp.Max, Points: []distPoint{}}
	for _, v := range sp.Children {
		d.Points = append(d.Points, distPoint{CourtID: v.Unit.ID, Name: v.Unit.Name, Value: v.Value})
	}
	return d
}

// monthsTo lists the n months ending with the last month of period p, oldest first.
func monthsTo(p indicator.Period, n int) (indicator.Period, indicator.Period) {
	y, m, _ := p.End().YMD()
	last := indicator.Period{Kind: indicator.Month, Year: y, N: int(m)}
	k := y*12 + int(m) - 1 - (n - 1)
	return indicator.Period{Kind: indicator.Month, Year: k / 12, N: k%12 + 1}, last
}

func trendPoints(vs []indicator.Value) []point {
	out := make([]point, len(vs))
	for i, v := range vs {
		out[i] = point{Period: v.Period, Value: v.Value}
	}
	return out
}

// cachedSheet is a computed sheet with its JSON, encoded once: encoding it is most of the cost
// of answering the API once the sheet is computed.
type cachedSheet struct {
	view *sheetView
	once sync.Once
	json []byte
	err  error
}

func (e *cachedSheet) encoded() ([]byte, error) {
	e.once.Do(func() { e.json, e.err = json.Marshal(e.view) })
	return e.json, e.err
}

// sheet computes the 体检表 of the checked query, through the cache. The view it returns is the
// viewer's copy; the entry is shared.
func (s *Server) sheet(c *call, ind Indicators, q indicatorQuery) (*sheetView, *cachedSheet, error) {
	key := fmt.Sprintf("sheet|%s|%s|%s|%s", q.Pack, unitParam(q.Unit), q.Period, c.lang)
	v, err := s.views.get(key, ind.Seq(), func() (any, error) {
		sv, err := s.computeSheet(c, ind, q)
		return &cachedSheet{view: sv}, err
	})
	if err != nil {
		return nil, nil, err
	}
	e := v.(*cachedSheet)
	sv := *e.view
	sv.Ledgers = c.p.Can(access.ViewLedgers)
	return &sv, e, nil
}

func (s *Server) computeSheet(c *call, ind Indicators, q indicatorQuery) (*sheetView, error) {
	sh, err := ind.Sheet(q.Pack, q.Unit, q.Period, c.lang)
	if err != nil {
		return nil, errStatus(http.StatusNotFound, "无法计算：%v", "cannot compute: %v", err)
	}
	v := &sheetView{Sheet: sh, Query: q, Children: []unitLink{}, Sparks: map[string][]point{}, Spreads: map[string]*distribution{}}
	for _, id := range ind.PackIDs() {
		pk, _ := ind.Pack(id)
		v.Packs = append(v.Packs, packRef{ID: id, Name: pk.Name.In(c.lang)})
	}
	if q.Unit.Kind == indicator.UnitCourt {
		for _, id := range c.tree.Children(q.Unit.ID) {
			ct, _ := c.tree.Court(id)
			v.Children = append(v.Children, unitLink{Kind: indicator.UnitCourt, ID: id, Name: ct.Name})
		}
	}
	from, to := monthsTo(q.Period, 12)
	for _, g := range sh.Groups {
		for _, val := range g.Values {
			iq := indicator.Query{Pack: q.Pack, Indicator: val.Indicator, Unit: q.Unit, Period: q.Period, Lang: c.lang}
			tr, err := ind.Trend(iq, from, to)
			if err != nil {
				return nil, err
			}
			v.Sparks[val.Indicator] = trendPoints(tr)
			if len(v.Children) > 0 {
				sp, err := ind.Spread(iq)
				if err != nil {
					return nil, err
				}
				v.Spreads[val.Indicator] = distributionOf(sp)
			}
		}
	}
	return v, nil
}

func (s *Server) sheetPage(c *call) error {
	ind, q, err := s.scopedIndicators(c, access.ViewIndicators, "indicator.view")
	if err != nil {
		return err
	}
	v, _, err := s.sheet(c, ind, q)
	if err != nil {
		return err
	}
	if c.p.CourtWide(access.ViewIndicators) { // a judge's tree stays on the court pages: their sheet is their own
		c.treeBase = "/indicators?pack=" + q.Pack + "&period=" + q.Period.String() + "&unit=court:"
	}
	c.render("sheet.html", i18n.Text{ZH: "体检表 · " + v.Unit.Name, EN: "Indicator sheet · " + v.Unit.Name}, v)
	return nil
}

func (s *Server) apiSheet(c *call) error {
	ind, q, err := s.scopedIndicators(c, access.ViewIndicators, "indicator.view")
	if err != nil {
		return err
	}
	v, e, err := s.sheet(c, ind, q)
	if err != nil {
		return err
	}
	if f, err := c.format(); err != nil || f != "" {
		return cmpErr(err, c.answer(v, func() *table { return valuesTable("sheet", c.lang, v.allValues()) }))
	}
	b, err := e.encoded()
	if err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.w.Header().Set("Cache-Control", "no-store")
	_, err = c.w.Write(b)
	return err
}

// sheetChart is what the sheet's small charts draw: per indicator, the last twelve months, the
// range in force and the distribution of the courts below with the court's own value.
type sheetChart struct {
	Sparks  map[string][]point       `json:"sparks"`
	Spreads map[string]*distribution `json:"spreads"`
	Values  map[string]*float64      `json:"values"`
	Ranges  map[string][2]*float64   `json:"ranges"`
	Names   map[string]string        `json:"names"`
}

// ChartData lays the sheet out for its charts.
func (v *sheetView) ChartData() sheetChart {
	d := sheetChart{Sparks: v.Sparks, Spreads: v.Spreads, Values: map[string]*float64{}, Ranges: map[string][2]*float64{}, Names: map[string]string{}}
	for _, val := range v.allValues() {
		d.Values[val.Indicator], d.Names[val.Indicator] = val.Value, val.Name
		if val.Range != nil {
			d.Ranges[val.Indicator] = [2]*float64{val.Range.Lower, val.Range.Upper}
		}
	}
	return d
}

func (v *sheetView) allValues() []indicator.Value {
	var out []indicator.Value
	for _, g := range v.Groups {
		out = append(out, g.Values...)
	}
	return out
}

// valuesTable is a list of values as an export.
func valuesTable(name string, l i18n.Lang, vs []indicator.Value) *table {
	t := &table{name: name, cols: []i18n.Text{{ZH: "单位", EN: "Unit"}, {ZH: "期间", EN: "Period"}, {ZH: "指标包", EN: "Pack"},
		{ZH: "口径版本", EN: "Pack version"}, {ZH: "指标", EN: "Indicator"}, {ZH: "名称", EN: "Name"}, {ZH: "数值", EN: "Value"},
		{ZH: "分子", EN: "Numerator"}, {ZH: "分母", EN: "Denominator"}, {ZH: "区间状态", EN: "Range status"},
		{ZH: "同比", EN: "Year on year"}, {ZH: "异动", EN: "Abnormal"}, {ZH: "数据序号", EN: "Data seq"}}}
	for _, v := range vs {
		ab := ""
		if v.Abnormal != nil {
			ab = fmt.Sprintf("%s z=%.2f", v.Abnormal.Basis, v.Abnormal.Z)
		}
		t.add(v.Unit.Name, v.Period, v.Pack, v.PackVersion, v.Indicator, v.Name, v.Display, num(v.Numerator), num(v.Denominator),
			statusText(v.Status).In(l), yoyText(v.YoYChange).In(l), ab, strconv.FormatInt(v.DataSeq, 10))
	}
	return t
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
