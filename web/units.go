package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/indicator"
)

// indicatorQuery is what every indicator request names: the unit, the period and the pack,
// each defaulted for the principal (their court, or themselves for a judge; the year to date
// of the data; the SPC pack, or the international one for a foreign court).
type indicatorQuery struct {
	Unit   indicator.UnitRef
	Period indicator.Period
	Pack   string
}

// UnitParam writes the unit the way the unit query parameter reads it.
func (q indicatorQuery) UnitParam() string { return unitParam(q.Unit) }

// Periods are the periods the period field suggests: the year of the query and the year
// before, their quarters, and the query's own.
func (q indicatorQuery) Periods() []string {
	out := []string{q.Period.String()}
	for _, y := range []int{q.Period.Year, q.Period.Year - 1} {
		out = append(out, strconv.Itoa(y))
		for n := 1; n <= 4; n++ {
			out = append(out, fmt.Sprintf("%dQ%d", y, n))
		}
	}
	return out
}

func unitParam(u indicator.UnitRef) string {
	if u.Kind == indicator.UnitCourt || u.Kind == "" {
		return "court:" + u.ID
	}
	return string(u.Kind) + ":" + u.ID
}

// defaultPack is the pack a court's pages open with.
const defaultPack = "spc-2024-09"

// readIndicatorQuery reads unit, period and pack from the query string, without checking the
// unit against the scope (checkUnit does).
func (s *Server) readIndicatorQuery(c *call, ind Indicators) (indicatorQuery, error) {
	q := c.r.URL.Query()
	var out indicatorQuery
	switch v := q.Get("unit"); {
	case v != "":
		kind, id, ok := strings.Cut(v, ":")
		if !ok {
			kind, id = string(indicator.UnitCourt), v
		}
		k := indicator.UnitKind(kind)
		if !slices.Contains([]indicator.UnitKind{indicator.UnitCourt, indicator.UnitDivision, indicator.UnitJudge}, k) || id == "" {
			return out, badRequest("单位 %q 应为 court:ID、division:ID 或 judge:ID", "unit %q must be court:ID, division:ID or judge:ID", v)
		}
		out.Unit = indicator.UnitRef{Kind: k, ID: id}
	case !c.p.CourtWide(access.ViewIndicators) && c.p.PersonID != "":
		out.Unit = indicator.UnitRef{Kind: indicator.UnitJudge, ID: c.p.PersonID}
	default:
		out.Unit = indicator.UnitRef{Kind: indicator.UnitCourt, ID: c.p.CourtID}
	}
	if out.Unit.Kind == indicator.UnitCourt {
		if id, ok := c.tree.ByCode(out.Unit.ID); ok {
			out.Unit.ID = id // a 法院代字 names the court too
		}
	}
	if v := q.Get("period"); v != "" {
		p, err := indicator.ParsePeriod(v)
		if err != nil {
			return out, badRequest("期间 %q 无效：可用 2024、2024Q3、2024-03、2024YTD09", "period %q: use 2024, 2024Q3, 2024-03 or 2024YTD09", v)
		}
		out.Period = p
	} else {
		out.Period = ytd(ind.AsOf())
	}
	if out.Period.Kind == indicator.YTD && out.Period.N == 0 {
		out.Period.N = ytd(ind.AsOf()).N
		if ind.AsOf().Year() != out.Period.Year {
			out.Period.N = 12
		}
	}
	out.Pack = q.Get("pack")
	if out.Pack == "" {
		out.Pack = s.packFor(c, out.Unit)
	}
	if _, ok := ind.Pack(out.Pack); !ok {
		return out, errStatus(http.StatusNotFound, "没有指标包 %q", "no indicator pack %q", out.Pack)
	}
	return out, nil
}

// ytd is January through the month of day d (the current year when there is no data yet).
func ytd(d qingfeng.Date) indicator.Period {
	if d.IsZero() {
		return indicator.Period{Kind: indicator.Year, Year: 2024}
	}
	y, m, _ := d.YMD()
	return indicator.Period{Kind: indicator.YTD, Year: y, N: int(m)}
}

// packFor is the pack a unit opens with: the international measures for a foreign court, the
// SPC's otherwise.
func (s *Server) packFor(c *call, u indicator.UnitRef) string {
	court := u.ID
	if u.Kind != indicator.UnitCourt {
		court = c.p.CourtID
	}
	if ct, ok := c.tree.Court(court); ok && ct.Foreign() {
		return "intl"
	}
	return defaultPack
}

// checkUnit lets a principal see a unit with permission perm: for court-wide holders any unit
// inside their scope, for a judge only themselves. Anything else is refused as missing and the
// attempt written to the audit log under action (indicator.view, ledger.view).
func (s *Server) checkUnit(c *call, ind Indicators, perm access.Permission, action string, u indicator.UnitRef) error {
	ok := false
	switch {
	case c.p.CourtWide(perm) && u.Kind == indicator.UnitCourt:
		ok = c.p.InScope(u.ID)
	case c.p.CourtWide(perm):
		ok = ind.InScope(c.p.CourtID, u)
	case c.p.Can(perm):
		ok = u.Kind == indicator.UnitJudge && u.ID == c.p.PersonID && ind.InScope(c.p.CourtID, u)
	}
	if ok {
		return nil
	}
	return c.deny(action, unitParam(u), s.unitCourt(ind, u), fmt.Errorf("unit %s: %w", unitParam(u), access.ErrOutOfScope))
}

// unitCourt is the court a unit belongs to, for the audit log; "" when unknown.
func (s *Server) unitCourt(ind Indicators, u indicator.UnitRef) string {
	if u.Kind == indicator.UnitCourt || u.Kind == "" {
		return u.ID
	}
	units, err := ind.Units(u.Kind, "")
	if err != nil {
		return ""
	}
	for _, x := range units {
		if x.ID == u.ID {
			return x.CourtID
		}
	}
	return ""
}

// scopedIndicators reads and checks the query of an indicator request.
func (s *Server) scopedIndicators(c *call, perm access.Permission, action string) (Indicators, indicatorQuery, error) {
	ind, err := s.indicators()
	if err != nil {
		return nil, indicatorQuery{}, err
	}
	q, err := s.readIndicatorQuery(c, ind)
	if err != nil {
		return nil, q, err
	}
	return ind, q, s.checkUnit(c, ind, perm, action, q.Unit)
}
