package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/indicator"
	"github.com/qingfeng-court/qingfeng/store"
)

// ledgerView is one page of the members behind one side of a value: the proceedings (or
// mediations, or judges) it counts, each with what it adds. The rows of all pages add up to
// the side's number; the pack version and data sequence say which 口径 and which data.
type ledgerView struct {
	*indicator.Ledger
	Query indicatorQuery `json:"-"`
	Name  string         `json:"name"`
	Rows  []ledgerRow    `json:"rows"`
	Pages int            `json:"pages"`
}

func (v *ledgerView) court() string {
	if v.Unit.CourtID != "" {
		return v.Unit.CourtID
	}
	return v.Unit.ID
}

// ledgerRow is a member with what the page shows of it.
type ledgerRow struct {
	ID    string  `json:"id"`
	Value float64 `json:"value"`
	Name  string  `json:"name,omitempty"` // a judge's name
	Open  bool    `json:"openable"`       // the viewer may open the proceeding's page
}

// Side names the side for the page.
func (v *ledgerView) SideName(l i18n.Lang) string {
	if v.Side == "denominator" {
		return i18n.Text{ZH: "分母", EN: "Denominator"}.In(l)
	}
	return i18n.Text{ZH: "分子", EN: "Numerator"}.In(l)
}

// PageLinks are the page numbers around the current one.
func (v *ledgerView) PageLinks() []int {
	var out []int
	for p := max(1, v.Page-3); p <= min(v.Pages, v.Page+3); p++ {
		out = append(out, p)
	}
	return out
}

// ledger reads, checks and computes a ledger, recording the view in the audit log before
// anything is shown. all asks for every row (an export).
func (s *Server) ledger(c *call, all bool) (*ledgerView, error) {
	ind, q, _, def, err := s.scopedIndicator(c, access.ViewLedgers, "ledger.view")
	if err != nil {
		return nil, err
	}
	side := c.r.URL.Query().Get("side")
	if side == "" {
		side = "numerator"
	}
	if side != "numerator" && side != "denominator" {
		return nil, badRequest("side 应为 numerator 或 denominator", "side must be numerator or denominator")
	}
	page, err := c.intParam("page", 1)
	if err != nil {
		return nil, err
	}
	size, err := c.intParam("size", 50)
	if err != nil {
		return nil, err
	}
	size = min(max(size, 1), 500)
	if all {
		page, size = 1, math.MaxInt32
	}
	l, err := ind.Ledger(indicator.LedgerQuery{Query: indicator.Query{Pack: q.Pack, Indicator: def.ID, Unit: q.Unit, Period: q.Period, Lang: c.lang},
		Side: side, Page: page, Size: size})
	if err != nil {
		return nil, errStatus(http.StatusNotFound, "无法计算：%v", "cannot compute: %v", err)
	}
	object := fmt.Sprintf("%s/%s %s %s %s", q.Pack, def.ID, unitParam(q.Unit), q.Period, side)
	detail := fmt.Sprintf("pack_version=%s data_seq=%d total=%d page=%d rows=%d", l.PackVersion, l.DataSeq, l.Total, l.Page, len(l.Rows))
	if err := c.record("ledger.view", object, l.Unit.CourtID, qingfeng.AuditOK, detail); err != nil {
		return nil, err
	}
	v := &ledgerView{Ledger: l, Query: q, Name: def.Name.In(c.lang), Rows: []ledgerRow{}, Pages: max(1, (l.Total+size-1)/size)}
	for _, r := range l.Rows {
		row := ledgerRow{ID: r.ID, Value: r.Value}
		switch l.Population {
		case "judges":
			row.Name = s.trees.personName(r.ID)
		case "proceedings", "matters", "events":
			if !all {
				if row.Open, err = s.mayOpen(c, r.ID); err != nil {
					return nil, err
				}
			}
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}

// mayOpen reports whether the viewer may open a proceeding's page: a ledger of their court
// can list a proceeding of another court (an appeal counted against the decision appealed),
// whose number is shown but not linked.
func (s *Server) mayOpen(c *call, number string) (bool, error) {
	if !c.p.Can(access.ViewCases) {
		return false, nil
	}
	cs, err := s.store.Case(c.r.Context(), number)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	return c.p.CanSeeCase(access.ViewCases, cs), nil
}

func (s *Server) ledgerPage(c *call) error {
	v, err := s.ledger(c, false)
	if err != nil {
		return err
	}
	c.render("ledger.html", i18n.Text{ZH: "台账 · " + v.Name, EN: "Ledger · " + v.Name}, v)
	return nil
}

func (s *Server) apiLedger(c *call) error {
	f, err := c.format()
	if err != nil {
		return err
	}
	v, err := s.ledger(c, f != "")
	if err != nil {
		return err
	}
	return c.answer(v, func() *table {
		t := &table{name: fmt.Sprintf("ledger-%s-%s", v.Indicator, v.Side), cols: []i18n.Text{{ZH: "成员", EN: "Member"},
			{ZH: "计入值", EN: "Adds"}, {ZH: "姓名", EN: "Name"}, {ZH: "指标", EN: "Indicator"}, {ZH: "单位", EN: "Unit"},
			{ZH: "期间", EN: "Period"}, {ZH: "口径版本", EN: "Pack version"}, {ZH: "数据序号", EN: "Data seq"}}}
		for _, r := range v.Rows {
			t.add(r.ID, num(r.Value), r.Name, v.Indicator, v.Unit.Name, v.Period, v.PackVersion, strconv.FormatInt(v.DataSeq, 10))
		}
		return t
	})
}
