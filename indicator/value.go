package indicator

import (
	"fmt"
	"math"
	"strings"

	"github.com/qingfeng-court/qingfeng/i18n"
)

// Value is one indicator for one unit and period, with what it is made of and how it
// compares. Value, YoYValue and Delta are in display units (percent points for percentages);
// they are null when a denominator is zero.
type Value struct {
	Indicator   string    `json:"indicator"`
	Name        string    `json:"name"`
	Pack        string    `json:"pack"`
	PackVersion string    `json:"pack_version"`
	Dimension   Dimension `json:"dimension"`
	Court       string    `json:"court"` // 法院代字 of the unit's court (its id when it has none)
	Unit        UnitInfo  `json:"unit"`
	Period      string    `json:"period"`
	Numerator   float64   `json:"numerator"`
	Denominator float64   `json:"denominator"`
	Value       *float64  `json:"value"`
	Display     string    `json:"display"`
	// Status is in_range, below or above the reasonable range; no_range when none applies,
	// no_data when there is no value.
	Status     string     `json:"status"`
	Range      *RangeUsed `json:"range,omitempty"`
	YoYValue   *float64   `json:"yoy_value"`
	YoYChange  string     `json:"yoy_change"` // improved, worsened, flat; "" when not comparable
	YoYDelta   *float64   `json:"yoy_delta"`
	Abnormal   *Movement  `json:"abnormal,omitempty"`
	Quantiles  []Quantile `json:"quantiles,omitempty"`
	Tiers      []Share    `json:"tiers,omitempty"`
	Buckets    []Bucket   `json:"buckets,omitempty"`
	Auxiliary  bool       `json:"auxiliary,omitempty"`
	DataSeq    int64      `json:"data_seq"` // the log sequence the value was computed at
	Comparable bool       `json:"comparable"`
}

// RangeUsed is the reasonable range a value was checked against.
type RangeUsed struct {
	Lower         *float64 `json:"lower,omitempty"`
	Upper         *float64 `json:"upper,omitempty"`
	Level         string   `json:"level,omitempty"`
	Region        string   `json:"region,omitempty"`
	EffectiveFrom string   `json:"effective_from,omitempty"`
	Illustrative  bool     `json:"illustrative,omitempty"`
}

// Movement is an abnormal movement (异动): the value's robust z-score against its own history
// or its peers reached the pack's threshold. Move is value − Baseline, in display units.
type Movement struct {
	Basis    string  `json:"basis"` // history or peers
	Z        float64 `json:"z"`
	Baseline float64 `json:"baseline"` // the median compared with
	Move     float64 `json:"move"`
	N        int     `json:"n"` // values compared with
}

// Quantile is one quantile of a distribution indicator.
type Quantile struct {
	Q     float64 `json:"q"`
	Value float64 `json:"value"`
}

// Share is the share of a distribution within a tier (days at most Within).
type Share struct {
	Within  int      `json:"within"`
	Count   float64  `json:"count"`
	Percent *float64 `json:"percent"`
}

// Bucket counts pending proceedings whose age is in (From, To] days (To 0: no upper bound).
type Bucket struct {
	From  int     `json:"from"`
	To    int     `json:"to,omitempty"`
	Count float64 `json:"count"`
}

// ratio turns numerator and denominator into the value in display units.
func (ci *cind) ratio(num, den float64, days int) *float64 {
	if den == 0 {
		return nil
	}
	scale := ci.scale
	if ci.periodDays {
		scale = float64(days)
	}
	v := num / den * scale
	return &v
}

// display formats a value the way its indicator shows it.
func display(ind *Indicator, v *float64, l i18n.Lang) string {
	if v == nil {
		return "—"
	}
	switch ind.Display {
	case "percent":
		return fmt.Sprintf("%.2f%%", *v)
	case "days":
		if l == i18n.EN {
			return fmt.Sprintf("%.1f days", *v)
		}
		return fmt.Sprintf("%.1f天", *v)
	case "one_to_x":
		return fmt.Sprintf("1:%.2f", *v)
	}
	return fmt.Sprintf("%.2f", *v)
}

// judge compares v with the same value a year earlier: comparable when both exist, flat when
// the change is below the indicator's epsilon, else improved or worsened by its direction.
func judgeYoY(ind *Indicator, v, prev *float64) (string, *float64) {
	if v == nil || prev == nil {
		return "", nil
	}
	d := *v - *prev
	switch {
	case math.Abs(d) < ind.FlatEpsilon || d == 0:
		return "flat", &d
	case (d > 0) == (ind.Direction == Higher):
		return "improved", &d
	}
	return "worsened", &d
}

// status checks v against r.
func status(v *float64, r *RangeUsed) string {
	switch {
	case v == nil:
		return "no_data"
	case r == nil:
		return "no_range"
	case r.Lower != nil && *v < *r.Lower:
		return "below"
	case r.Upper != nil && *v > *r.Upper:
		return "above"
	}
	return "in_range"
}

// pickRange chooses the range for a court of the given level and region on day end: among
// those in force, the one naming a region (the longest matching prefix) before one that does
// not, one naming the level before one that does not, then the latest.
func pickRange(p *Pack, ind *Indicator, level, region string, end int32) *RangeUsed {
	var best *Range
	score := func(r *Range) [3]int {
		return [3]int{len(r.Region), boolInt(r.Level != ""), int(r.EffectiveFrom)}
	}
	for i := range ind.Ranges {
		r := &ind.Ranges[i]
		if r.Level != "" && string(r.Level) != level || r.Region != "" && !strings.HasPrefix(region, r.Region) ||
			r.EffectiveFrom != 0 && int32(r.EffectiveFrom) > end {
			continue
		}
		if best == nil || less(score(best), score(r)) {
			best = r
		}
	}
	if best == nil {
		return nil
	}
	out := &RangeUsed{Lower: best.Lower, Upper: best.Upper, Level: string(best.Level), Region: best.Region,
		Illustrative: p.RangesIllustrative}
	if best.EffectiveFrom != 0 {
		out.EffectiveFrom = best.EffectiveFrom.String()
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func less(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}
