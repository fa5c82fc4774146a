package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/indicator"
	"github.com/qingfeng-court/qingfeng/store"
)

// sheetJSON is the part of the sheet API the tests read.
type sheetJSON struct {
	Unit    indicator.UnitInfo `json:"unit"`
	Period  string             `json:"period"`
	Pack    string             `json:"pack"`
	Summary indicator.Summary  `json:"summary"`
	Groups  []struct {
		Dimension string            `json:"dimension"`
		Values    []indicator.Value `json:"values"`
	} `json:"groups"`
	Children []unitLink               `json:"children"`
	Sparks   map[string][]point       `json:"sparklines"`
	Spreads  map[string]*distribution `json:"distributions"`
}

func (s sheetJSON) value(id string) indicator.Value {
	for _, g := range s.Groups {
		for _, v := range g.Values {
			if v.Indicator == id {
				return v
			}
		}
	}
	return indicator.Value{}
}

func getJSON(t *testing.T, c *client, path string, v any) {
	t.Helper()
	got := c.get(path)
	if got.code != http.StatusOK {
		t.Fatalf("%s: %d %s", path, got.code, got.body)
	}
	if err := json.Unmarshal(got.body, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func sheetPath(unit, period, pack string) string {
	return "/api/v1/indicators/sheet?" + url.Values{"unit": {unit}, "period": {period}, "pack": {pack}}.Encode()
}

// expectedClosed lists the first instances of the caseloads closed at a court in 2024.
func expectedClosed(code string, judge func(i int) bool) []string {
	var out []string
	for i := 12; i < 24; i++ {
		if i%6 != 5 && (judge == nil || judge(i)) {
			out = append(out, fmt.Sprintf("（2024）%s民初%d号", code, 100+i))
		}
	}
	return out
}

// TestSheetSumsTheCourtsBelow reads the 体检表 of an intermediate court and of each court below
// it: the court's counts are its own plus its subtree's, the distribution holds exactly the
// courts below with their own values in court-code order, and the sparkline runs twelve months
// to the period's last.
func TestSheetSumsTheCourtsBelow(t *testing.T) {
	w := newWorld(t)
	w.caseloads()
	w.addUser("fuzhou", "C3501", "", analyst)
	c := w.as("fuzhou")
	var parent sheetJSON
	getJSON(t, c, sheetPath("court:C3501", "2024", ""), &parent)
	if parent.Pack != "spc-2024-09" || parent.Unit.ID != "C3501" || parent.Period != "2024" || len(parent.Groups) != 3 {
		t.Fatalf("sheet: %+v", parent)
	}
	if parent.Summary.Indicators != 18 || !strings.Contains(parent.Summary.ZH, "18 项指标") {
		t.Fatalf("summary: %+v", parent.Summary)
	}
	if got := []string{parent.Children[0].ID, parent.Children[1].ID}; len(parent.Children) != 2 || !slices.Equal(got, []string{ownCourt, "C350103"}) {
		t.Fatalf("children: %+v", parent.Children)
	}
	kids := map[string]sheetJSON{}
	for _, ch := range parent.Children {
		var s sheetJSON
		getJSON(t, c, sheetPath("court:"+ch.ID, "2024", ""), &s)
		kids[ch.ID] = s
	}
	for _, id := range []string{"E4", "E1", "F2"} {
		p := parent.value(id)
		// C3501's own proceedings are appeals, none of them closed: E4's closings are all below.
		sum := kids[ownCourt].value(id).Numerator + kids["C350103"].value(id).Numerator
		if id == "E4" && (p.Numerator != sum || p.Numerator != 20) {
			t.Errorf("%s: the court's numerator %v is not its subtree's %v", id, p.Numerator, sum)
		}
		d := parent.Spreads[id]
		if d == nil || len(d.Points) != 2 {
			t.Fatalf("%s: distribution %+v", id, d)
		}
		for _, pt := range d.Points {
			want := kids[pt.CourtID].value(id).Value
			if (want == nil) != (pt.Value == nil) || want != nil && *want != *pt.Value {
				t.Errorf("%s: the distribution's point for %s is %v, the court's sheet says %v", id, pt.CourtID, pt.Value, want)
			}
		}
		if d.Min != nil && (*d.Min > *d.Median || *d.Median > *d.Max) {
			t.Errorf("%s: box out of order %+v", id, d)
		}
		sp := parent.Sparks[id]
		if len(sp) != 12 || sp[0].Period != "2024-01" || sp[11].Period != "2024-12" {
			t.Errorf("%s sparkline: %+v", id, sp)
		}
	}
	// A month of the sparkline is the value of that month.
	var march sheetJSON
	getJSON(t, c, sheetPath("court:C3501", "2024-03", ""), &march)
	if mv, sv := march.value("E4").Value, parent.Sparks["E4"][2].Value; (mv == nil) != (sv == nil) || mv != nil && *mv != *sv {
		t.Fatalf("sparkline March %v, the March sheet %v", sv, mv)
	}
	page := c.get("/indicators?unit=court:C3501&period=2024")
	body := string(page.body)
	for _, want := range []string{`id="summary"`, "18 项指标", `class="spark" data-indicator="E4"`, `class="dist" data-indicator="E4"`,
		`href="/indicators/spc-2024-09/E4/ledger?period=2024&amp;side=numerator&amp;unit=court%3AC3501"`, `id="sheet-data"`, "/static/indicators.js", `href="/indicators?pack=spc-2024-09&amp;period=2024&amp;unit=court:C350102"`} {
		if !strings.Contains(body, want) {
			t.Errorf("sheet page lacks %q", want)
		}
	}
	if en := string(c.get("/indicators?unit=court:C3501&period=2024&lang=en").body); !strings.Contains(en, "Trial-quality indicator sheet") || !strings.Contains(en, "indicators, ") {
		t.Error("English sheet")
	}
}

// TestLedgerPagesAddUpAndExport opens the numerator of 结收比 (E4) at the own court: its rows are
// exactly the proceedings closed there in the period, the pages partition them, the exports
// hold them all, and every view and export is in the audit log.
func TestLedgerPagesAddUpAndExport(t *testing.T) {
	w := newWorld(t)
	w.caseloads()
	w.addUser("gulou", ownCourt, "", analyst)
	c := w.as("gulou")
	want := expectedClosed("闽0102", nil)
	base := "/api/v1/indicators/spc-2024-09/E4/ledger?unit=court:" + ownCourt + "&period=2024"
	var all []string
	for page := 1; page <= 3; page++ {
		var l struct {
			Total int     `json:"total"`
			Sum   float64 `json:"sum"`
			Pages int     `json:"pages"`
			Rows  []ledgerRow
		}
		getJSON(t, c, fmt.Sprintf("%s&size=4&page=%d", base, page), &l)
		if l.Total != len(want) || l.Pages != 3 || l.Sum != float64(len(want)) {
			t.Fatalf("page %d: total %d sum %v pages %d, want %d rows", page, l.Total, l.Sum, l.Pages, len(want))
		}
		for _, r := range l.Rows {
			all = append(all, r.ID)
			if !r.Open {
				t.Errorf("%s of the own court is not openable", r.ID)
			}
		}
	}
	slices.Sort(all)
	if !slices.Equal(all, want) {
		t.Fatalf("ledger rows %v, want %v", all, want)
	}
	csv := c.get(base + "&format=csv")
	if csv.code != 200 || !bytes.HasPrefix(csv.body, []byte("\uFEFF成员,计入值")) || strings.Count(string(csv.body), "\n") != len(want)+1 {
		t.Fatalf("CSV ledger: %d %s", csv.code, csv.body)
	}
	x := c.get(base + "&format=xlsx&side=denominator")
	f, err := excelize.OpenReader(bytes.NewReader(x.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Sheet1")
	var sheet sheetJSON
	getJSON(t, c, sheetPath("court:"+ownCourt, "2024", ""), &sheet)
	if len(rows)-1 != int(sheet.value("E4").Denominator) {
		t.Fatalf("xlsx denominator rows %d, the sheet's denominator %v", len(rows)-1, sheet.value("E4").Denominator)
	}
	views := w.auditEntries(store.AuditFilter{Action: "ledger.view", Outcome: qingfeng.AuditOK})
	if len(views) != 5 || views[0].CourtID != ownCourt || !strings.Contains(views[0].Object, "E4") || !strings.Contains(views[0].Detail, "pack_version=") {
		t.Fatalf("ledger views in the audit log: %+v", views)
	}
	if ex := w.auditEntries(store.AuditFilter{Action: "export"}); len(ex) != 2 {
		t.Fatalf("ledger exports in the audit log: %+v", ex)
	}
	// The page: rows link to the case panorama, the pager goes on, the exports are offered.
	page := string(c.get("/indicators/spc-2024-09/E4/ledger?unit=court:" + ownCourt + "&period=2024&size=4&page=2").body)
	for _, s := range []string{`href="/cases/` + url.PathEscape(want[4]) + `"`, `data-page="3"`, `<span class="current">2</span>`, `id="export-csv"`} {
		if !strings.Contains(page, s) {
			t.Errorf("ledger page lacks %q", s)
		}
	}
}

// TestJudgeSeesOwnIndicatorsOnly: a judge's sheet is their own, their ledger their own cases.
func TestJudgeSeesOwnIndicatorsOnly(t *testing.T) {
	w := newWorld(t)
	w.caseloads()
	w.addUser("lin", ownCourt, ownJudge, judge)
	c := w.as("lin")
	var s sheetJSON
	getJSON(t, c, "/api/v1/indicators/sheet?period=2024", &s)
	if s.Unit.Kind != indicator.UnitJudge || s.Unit.ID != ownJudge || len(s.Children) != 0 || len(s.Spreads) != 0 {
		t.Fatalf("judge's sheet: %+v", s.Unit)
	}
	var l struct{ Rows []ledgerRow }
	getJSON(t, c, "/api/v1/indicators/spc-2024-09/E4/ledger?period=2024", &l)
	var got []string
	for _, r := range l.Rows {
		got = append(got, r.ID)
	}
	slices.Sort(got)
	if want := expectedClosed("闽0102", func(i int) bool { return i%2 == 0 }); !slices.Equal(got, want) {
		t.Fatalf("judge's ledger %v, want %v", got, want)
	}
	for _, path := range []string{sheetPath("court:"+ownCourt, "2024", ""), sheetPath("judge:P4", "2024", ""), sheetPath("division:"+ownDiv, "2024", "")} {
		if got := c.get(path); got.code != http.StatusNotFound {
			t.Errorf("judge reads %s: %d", path, got.code)
		}
	}
}

// TestIndicatorPage reads an indicator for a court: a 24-month trend to the period's end, each
// month with its range; the breakdown by the court's own division and judges; the trend chart's
// abnormal markers are exactly the months the engine marks.
func TestIndicatorPage(t *testing.T) {
	w := newWorld(t)
	w.caseloads()
	w.addUser("gulou", ownCourt, "", inspector)
	c := w.as("gulou")
	var v struct {
		Value     indicator.Value   `json:"value"`
		Trend     []indicator.Value `json:"trend"`
		Divisions []indicator.Value `json:"divisions"`
		Judges    []indicator.Value `json:"judges"`
		Spread    *distribution     `json:"distribution"`
	}
	getJSON(t, c, "/api/v1/indicators/spc-2024-09/E4?unit=court:"+ownCourt+"&period=2024", &v)
	if len(v.Trend) != 24 || v.Trend[0].Period != "2023-01" || v.Trend[23].Period != "2024-12" || v.Spread != nil {
		t.Fatalf("trend %d months from %s, distribution %v", len(v.Trend), v.Trend[0].Period, v.Spread)
	}
	var monthly float64
	for _, m := range v.Trend[12:] {
		monthly += m.Numerator
	}
	if monthly != v.Value.Numerator || v.Value.Numerator != float64(len(expectedClosed("闽0102", nil))) {
		t.Fatalf("the months' numerators add up to %v, the year's is %v", monthly, v.Value.Numerator)
	}
	if len(v.Divisions) != 1 || v.Divisions[0].Unit.ID != ownDiv || v.Divisions[0].Numerator != v.Value.Numerator {
		t.Fatalf("divisions: %+v", v.Divisions)
	}
	if len(v.Judges) != 2 || v.Judges[0].Unit.ID != ownJudge || v.Judges[1].Unit.ID != "P4" ||
		v.Judges[0].Numerator+v.Judges[1].Numerator != v.Value.Numerator {
		t.Fatalf("judges: %+v", v.Judges)
	}
	iv := &indicatorView{Trend: v.Trend, Definition: &indicator.Indicator{Display: "percent"}}
	ch := iv.Chart()
	var marked []int
	for i, m := range v.Trend {
		if m.Abnormal != nil {
			marked = append(marked, i)
		}
	}
	if !slices.Equal(ch.Abnormal, marked) || len(ch.Lower) != 24 {
		t.Fatalf("chart markers %v, abnormal months %v", ch.Abnormal, marked)
	}
	page := string(c.get("/indicators/spc-2024-09/E4?unit=court:" + ownCourt + "&period=2024").body)
	for _, s := range []string{`id="trend-chart"`, `id="trend-data"`, `id="divisions"`, `id="judges"`, "林法官", "民事审判第一庭"} {
		if !strings.Contains(page, s) {
			t.Errorf("indicator page lacks %q", s)
		}
	}
	var up struct {
		Spread *distribution `json:"distribution"`
	}
	w.addUser("fuzhou", "C3501", "", analyst)
	getJSON(t, w.as("fuzhou"), "/api/v1/indicators/spc-2024-09/E4?unit=court:C3501&period=2024", &up)
	if up.Spread == nil || len(up.Spread.Points) != 2 {
		t.Fatalf("intermediate court's distribution: %+v", up.Spread)
	}
}

// TestOutOfScopeIndicatorsAreRefusedAndAudited: a basic court's analyst asks for another
// court's sheet, indicator, division, judge and ledger, by id and by 法院代字: each is a plain
// 404 that names nothing, and each attempt is in the audit log with the court it was about.
func TestOutOfScopeIndicatorsAreRefusedAndAudited(t *testing.T) {
	w := newWorld(t)
	w.caseloads()
	w.addUser("gulou", ownCourt, "", analyst)
	c := w.as("gulou")
	paths := map[string]string{
		sheetPath("court:"+otherCourt, "2024", ""):                                          otherCourt,
		sheetPath("闽0203", "2024", ""):                                                      otherCourt,
		sheetPath("judge:P2", "2024", ""):                                                   otherCourt,
		"/indicators/spc-2024-09/E4?unit=court:C3501":                                       "C3501",
		"/api/v1/indicators/spc-2024-09/E4/ledger?unit=court:" + otherCourt:                 otherCourt,
		"/indicators/spc-2024-09/E4/ledger?unit=judge:P2&format=csv":                        otherCourt,
		"/api/v1/indicators/spc-2024-09/E4/ledger?unit=court:" + otherCourt + "&format=csv": otherCourt,
	}
	for path := range paths {
		got := c.get(path)
		if got.code != http.StatusNotFound || strings.Contains(string(got.body), "思明") || strings.Contains(string(got.body), "陈法官") {
			t.Errorf("%s: %d, want a plain 404: %.300s", path, got.code, got.body)
		}
	}
	denied := w.auditEntries(store.AuditFilter{Actor: "gulou", Outcome: qingfeng.AuditDenied})
	if len(denied) != len(paths) {
		t.Fatalf("%d refusals in the audit log, want %d: %+v", len(denied), len(paths), denied)
	}
	byCourt := map[string]int{}
	for _, e := range denied {
		if e.Action != "indicator.view" && e.Action != "ledger.view" || e.ActorCourt != ownCourt {
			t.Errorf("refusal entry: %+v", e)
		}
		byCourt[e.CourtID]++
	}
	if byCourt[otherCourt] != 6 || byCourt["C3501"] != 1 {
		t.Fatalf("refusals by court: %v", byCourt)
	}
	if ex := w.auditEntries(store.AuditFilter{Action: "export"}); len(ex) != 0 {
		t.Fatalf("a refused export was recorded as made: %+v", ex)
	}
}

// TestForeignCourtIndicators: a US district court's pages open with the international pack and
// compute its clearance rate from its dockets.
func TestForeignCourtIndicators(t *testing.T) {
	w := newWorld(t)
	w.caseloads()
	w.addUser("sdny", usCourt, "", analyst)
	c := w.as("sdny")
	var s sheetJSON
	getJSON(t, c, "/api/v1/indicators/sheet?period=2024", &s)
	var ids []string
	for _, g := range s.Groups {
		for _, v := range g.Values {
			ids = append(ids, v.Indicator)
		}
	}
	if s.Pack != "intl" || !slices.Equal(ids, []string{"CR", "DT", "TTD", "AGE"}) {
		t.Fatalf("foreign court's sheet: pack %s, indicators %v", s.Pack, ids)
	}
	cr := s.value("CR")
	if cr.Denominator != 12 || cr.Numerator != 8 || cr.Value == nil {
		t.Fatalf("clearance rate: %v / %v", cr.Numerator, cr.Denominator)
	}
	page := c.get("/indicators?lang=en")
	if page.code != 200 || !strings.Contains(string(page.body), "Clearance rate") {
		t.Fatalf("foreign court's page: %d", page.code)
	}
	if got := c.get(sheetPath("court:"+ownCourt, "2024", "")); got.code != http.StatusNotFound {
		t.Fatalf("a US court's user reads a Chinese court: %d", got.code)
	}
}

// TestIndicatorsWhileLoading: until the engine has loaded, the pages say so with 503.
func TestIndicatorsWhileLoading(t *testing.T) {
	w := newWorld(t)
	w.srv.opts.Indicators = loading{w.ind}
	w.addUser("gulou", ownCourt, "", analyst)
	got := w.as("gulou").get("/api/v1/indicators/sheet")
	if got.code != http.StatusServiceUnavailable || !strings.Contains(string(got.body), "正在加载") {
		t.Fatalf("while loading: %d %s", got.code, got.body)
	}
}

type loading struct{ *indicator.Engine }

func (loading) Ready() error { return errors.New("loading") }
