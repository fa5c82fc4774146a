package web

import (
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/indicator"
)

// apiPacks lists the packs in force with every indicator's definition (口径): what it counts,
// its ranges and where they come from.
func (s *Server) apiPacks(c *call) error {
	ind, err := s.indicators()
	if err != nil {
		return err
	}
	out := []*indicator.Pack{}
	for _, id := range ind.PackIDs() {
		pk, _ := ind.Pack(id)
		out = append(out, pk)
	}
	c.json(200, map[string]any{"packs": out, "data_seq": ind.Seq(), "as_of": ind.AsOf().String()})
	return nil
}

// apiUnits lists the units of a kind the viewer may open: those inside their scope, or only
// themselves for a judge.
func (s *Server) apiUnits(c *call) error {
	ind, err := s.indicators()
	if err != nil {
		return err
	}
	k := indicator.UnitKind(c.r.URL.Query().Get("kind"))
	switch k {
	case "":
		k = indicator.UnitCourt
	case indicator.UnitCourt, indicator.UnitDivision, indicator.UnitJudge:
	default:
		return badRequest("kind 应为 court、division 或 judge", "kind must be court, division or judge")
	}
	units := []indicator.UnitInfo{}
	if c.p.InScope(c.p.CourtID) {
		all, err := ind.Units(k, c.p.CourtID)
		if err != nil {
			return err
		}
		for _, u := range all {
			if c.p.CourtWide(access.ViewIndicators) || k == indicator.UnitJudge && u.ID == c.p.PersonID {
				units = append(units, u)
			}
		}
	}
	return c.answer(map[string]any{"units": units}, func() *table {
		t := &table{name: "units-" + string(k), cols: []i18n.Text{{ZH: "类别", EN: "Kind"}, {ZH: "标识", EN: "Id"},
			{ZH: "名称", EN: "Name"}, {ZH: "法院", EN: "Court"}, {ZH: "条线", EN: "Line"}}}
		for _, u := range units {
			t.add(string(u.Kind), u.ID, u.Name, u.CourtID, string(u.Line))
		}
		return t
	})
}
