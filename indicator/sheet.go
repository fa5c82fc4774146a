package indicator

import (
	"fmt"

	"github.com/qingfeng-court/qingfeng/i18n"
)

// Sheet is the 体检表 of one unit for one period: every indicator of a pack, grouped by
// dimension, with the summary line and the abnormal movements.
type Sheet struct {
	Pack               string   `json:"pack"`
	PackVersion        string   `json:"pack_version"`
	PackName           string   `json:"pack_name"`
	Unit               UnitInfo `json:"unit"`
	Period             string   `json:"period"`
	PeriodLabel        string   `json:"period_label"`
	DataSeq            int64    `json:"data_seq"`
	AsOf               string   `json:"as_of"`
	RangesIllustrative bool     `json:"ranges_illustrative"`
	Groups             []Group  `json:"groups"`
	Summary            Summary  `json:"summary"`
	Abnormal           []Value  `json:"abnormal"`
}

// Group is the indicators of one dimension.
type Group struct {
	Dimension Dimension `json:"dimension"`
	Name      string    `json:"name"`
	Values    []Value   `json:"values"`
}

// Summary counts the sheet's indicators the way the SPC reports them: "18 项指标 16 项可比，
// 15 项趋优、1 项持平、0 项趋差". Auxiliary indicators are not counted.
type Summary struct {
	Indicators int    `json:"indicators"`
	Comparable int    `json:"comparable"`
	Improved   int    `json:"improved"`
	Flat       int    `json:"flat"`
	Worsened   int    `json:"worsened"`
	InRange    int    `json:"in_range"`
	OutOfRange int    `json:"out_of_range"`
	Abnormal   int    `json:"abnormal"`
	ZH         string `json:"zh"`
	EN         string `json:"en"`
}

// Line returns the summary line in language l.
func (s Summary) Line(l i18n.Lang) string {
	if l == i18n.EN {
		return s.EN
	}
	return s.ZH
}

// Sheet computes the 体检表 of a unit for a period.
func (e *Engine) Sheet(pack string, u UnitRef, p Period, l i18n.Lang) (*Sheet, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	pk, ok := e.packs[pack]
	if !ok {
		return nil, fmt.Errorf("no indicator pack %q", pack)
	}
	s, err := e.sel(u)
	if err != nil {
		return nil, err
	}
	p = e.Resolve(p)
	sh := &Sheet{Pack: pk.ID, PackVersion: pk.Version, PackName: pk.Name.In(l), Unit: e.u.info(s.k, s.idx),
		Period: p.String(), PeriodLabel: p.Label(l != i18n.EN), DataSeq: e.seq, AsOf: e.asOf.String(),
		RangesIllustrative: pk.RangesIllustrative, Abnormal: []Value{}}
	var values []Value
	for k := range pk.Indicators {
		values = append(values, e.value(e.inds[pk.ID][pk.Indicators[k].ID], s, p, l, true))
	}
	sh.Groups, sh.Summary = group(values, l), summarize(values)
	for _, v := range values {
		if v.Abnormal != nil {
			sh.Abnormal = append(sh.Abnormal, v)
		}
	}
	return sh, nil
}

func group(values []Value, l i18n.Lang) []Group {
	var out []Group
	for _, d := range Dimensions {
		g := Group{Dimension: d, Name: d.Name().In(l)}
		for _, v := range values {
			if v.Dimension == d {
				g.Values = append(g.Values, v)
			}
		}
		if len(g.Values) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// summarize counts comparable, improved, flat and worsened indicators and writes the line.
func summarize(values []Value) Summary {
	var s Summary
	for _, v := range values {
		if v.Auxiliary {
			continue
		}
		s.Indicators++
		switch v.YoYChange {
		case "improved":
			s.Improved++
		case "flat":
			s.Flat++
		case "worsened":
			s.Worsened++
		}
		switch v.Status {
		case "in_range":
			s.InRange++
		case "below", "above":
			s.OutOfRange++
		}
		if v.Abnormal != nil {
			s.Abnormal++
		}
	}
	s.Comparable = s.Improved + s.Flat + s.Worsened
	s.ZH = fmt.Sprintf("%d 项指标 %d 项可比，%d 项趋优、%d 项持平、%d 项趋差", s.Indicators, s.Comparable, s.Improved, s.Flat, s.Worsened)
	s.EN = fmt.Sprintf("%d indicators, %d comparable: %d improved, %d flat, %d worsened", s.Indicators, s.Comparable, s.Improved, s.Flat, s.Worsened)
	return s
}
