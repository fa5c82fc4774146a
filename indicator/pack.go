package indicator

import (
	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// Pack is one versioned set of indicator definitions (口径), as read from a pack file.
type Pack struct {
	ID          string   `json:"id" yaml:"pack"`
	Version     string   `json:"version" yaml:"version"`
	Name        Text     `json:"name" yaml:"name"`
	Description Text     `json:"description" yaml:"description"`
	Sources     []string `json:"sources,omitempty" yaml:"sources"`
	// RangesIllustrative says the shipped ranges are examples, not published SPC ranges.
	RangesIllustrative bool        `json:"ranges_illustrative,omitempty" yaml:"ranges_illustrative"`
	Abnormal           Abnormal    `json:"abnormal" yaml:"abnormal"`
	Indicators         []Indicator `json:"indicators" yaml:"indicators"`

	File string `json:"file" yaml:"-"` // the file it was loaded from
}

// Text is a name or description in Chinese and English.
type Text struct {
	ZH string `json:"zh" yaml:"zh"`
	EN string `json:"en" yaml:"en"`
}

// In returns the text in language l, falling back to Chinese.
func (t Text) In(l i18n.Lang) string {
	if l == i18n.EN && t.EN != "" {
		return t.EN
	}
	return t.ZH
}

// Indicator is one indicator of a pack.
type Indicator struct {
	ID        string    `json:"id" yaml:"id"`
	Name      Text      `json:"name" yaml:"name"`
	Dimension Dimension `json:"dimension" yaml:"dimension"`
	Evidence  string    `json:"evidence" yaml:"evidence"` // confirmed, published, plausible
	Direction Direction `json:"direction" yaml:"direction"`
	Unit      string    `json:"unit" yaml:"unit"`       // percent, days, ratio, number, per_judge
	Display   string    `json:"display" yaml:"display"` // percent, days, one_to_x, number
	// Scale multiplies numerator ÷ denominator: a number, or "period_days" (days of the
	// period, 365 for a year). Empty means 100 for percent and 1 otherwise.
	Scale       string  `json:"scale,omitempty" yaml:"scale"`
	FlatEpsilon float64 `json:"flat_epsilon" yaml:"flat_epsilon"` // |YoY change| below it is flat, in display units
	Description Text    `json:"description" yaml:"description"`
	// Kind is "ratio" (the default) or "distribution".
	Kind        string   `json:"kind,omitempty" yaml:"kind"`
	Numerator   *Measure `json:"numerator,omitempty" yaml:"numerator"`
	Denominator *Measure `json:"denominator,omitempty" yaml:"denominator"`
	// Distribution indicators: a population, the field measured over it and what to report.
	Distribution *Distribution `json:"distribution,omitempty" yaml:"distribution"`
	// Auxiliary indicators (a second basis of another one) are shown on the sheet but not
	// counted in its summary line.
	Auxiliary bool      `json:"auxiliary,omitempty" yaml:"auxiliary"`
	Ranges    []Range   `json:"ranges,omitempty" yaml:"ranges"`
	Abnormal  *Abnormal `json:"abnormal,omitempty" yaml:"abnormal"`

	Line int `json:"-" yaml:"-"`
}

// Dimension is one of the three dimensions of the SPC system.
type Dimension string

// Dimensions, in the order the 体检表 shows them.
const (
	Quality    Dimension = "quality"    // 质量
	Efficiency Dimension = "efficiency" // 效率
	Effect     Dimension = "effect"     // 效果
)

// Dimensions lists the dimensions in display order.
var Dimensions = []Dimension{Quality, Efficiency, Effect}

// Name returns the dimension's name.
func (d Dimension) Name() Text {
	switch d {
	case Quality:
		return Text{ZH: "质量", EN: "Quality"}
	case Efficiency:
		return Text{ZH: "效率", EN: "Efficiency"}
	case Effect:
		return Text{ZH: "效果", EN: "Effect"}
	}
	return Text{ZH: string(d), EN: string(d)}
}

// Direction says which way an indicator gets better.
type Direction string

// Directions.
const (
	Higher Direction = "higher"
	Lower  Direction = "lower"
)

// Measure is a numerator or denominator: a count, or a sum of a field, over the members of a
// population selected by Where whose date (When) falls in the period, attributed to the unit
// of the proceeding itself, its origin or its matter's root.
type Measure struct {
	Of        string `json:"of" yaml:"of"`                         // proceedings (default), matters, mediations, events, judges
	Sum       string `json:"sum,omitempty" yaml:"sum"`             // a field to sum; empty counts
	When      string `json:"when" yaml:"when"`                     // filed, closed, pending_end, pending_start, active, file_received, concluded, event, serving_end
	Attribute string `json:"attribute,omitempty" yaml:"attribute"` // self (default), origin, root
	// AttributeSkip: when attributing to the origin, pass over ancestors of these stages (a
	// retrial is attributed to the decision reviewed, not to the review of the application).
	AttributeSkip []qingfeng.Stage `json:"attribute_skip,omitempty" yaml:"attribute_skip"`
	Where         Filter           `json:"where" yaml:"where"`

	Line int `json:"-" yaml:"-"`
}

// Filter selects members. Lists match any of their values; an empty list matches all; nil
// booleans do not filter.
type Filter struct {
	Category      []qingfeng.Category      `json:"category,omitempty" yaml:"category"`
	Stage         []string                 `json:"stage,omitempty" yaml:"stage"` // a stage, or the groups trial and enforcement
	Procedure     []qingfeng.Procedure     `json:"procedure,omitempty" yaml:"procedure"`
	ClosingMethod []qingfeng.ClosingMethod `json:"closing_method,omitempty" yaml:"closing_method"`
	Outcome       []qingfeng.Outcome       `json:"outcome,omitempty" yaml:"outcome"`
	Appealable    *bool                    `json:"appealable,omitempty" yaml:"appealable"`
	HearingOpen   *bool                    `json:"hearing_open,omitempty" yaml:"hearing_open"`
	LongerLimit   *bool                    `json:"longer_limit,omitempty" yaml:"longer_limit"`
	NonLitigation *bool                    `json:"non_litigation,omitempty" yaml:"non_litigation"`
	WithinLimit   *bool                    `json:"within_limit,omitempty" yaml:"within_limit"` // closed within the statutory limit (calendar.Clock)
	HasLimit      *bool                    `json:"has_limit,omitempty" yaml:"has_limit"`       // the time-limit table has a limit for it
	Extended      *bool                    `json:"extended,omitempty" yaml:"extended"`         // an extension was approved
	Root          *bool                    `json:"root,omitempty" yaml:"root"`                 // starts a matter (no origin_case_number)
	InMatter      *bool                    `json:"in_matter,omitempty" yaml:"in_matter"`       // belongs to a matter whose root is in the data
	Success       *bool                    `json:"success,omitempty" yaml:"success"`           // mediations
	// Origin, when set, requires the direct origin to be in the data and to match.
	Origin *Filter `json:"origin,omitempty" yaml:"origin"`
	// NoDescendant excludes members with any descendant (not only children) of these stages.
	NoDescendant []qingfeng.Stage `json:"no_descendant,omitempty" yaml:"no_descendant"`
	// AgeOver (with when: pending_end): age on the last day of the period, net of deducted and
	// suspended days, above this many days.
	AgeOver *int `json:"age_over,omitempty" yaml:"age_over"`
	// DaysMax: days from filing to closing at most this many.
	DaysMax *int `json:"days_max,omitempty" yaml:"days_max"`
	// Type (events): event types counted.
	Type []string `json:"type,omitempty" yaml:"type"`
}

// Distribution describes a distribution indicator (CourTools 3 and 4): Population is the set,
// Field the number measured on each member, and the indicator reports quantiles, the share
// within each tier, counts in buckets and the share over Standard.
type Distribution struct {
	Population Measure   `json:"population" yaml:"population"`
	Field      string    `json:"field" yaml:"field"` // days_to_close, age_at_close, age_at_end
	Quantiles  []float64 `json:"quantiles,omitempty" yaml:"quantiles"`
	Tiers      []int     `json:"tiers,omitempty" yaml:"tiers"`     // share with field ≤ tier
	Buckets    []int     `json:"buckets,omitempty" yaml:"buckets"` // upper bounds of age buckets
	Standard   int       `json:"standard,omitempty" yaml:"standard"`
	Headline   string    `json:"headline" yaml:"headline"` // median, mean or over_standard
}

// Range is a reasonable range (合理区间) for one court level, optionally one region (an
// administrative-division code prefix), from a date on.
type Range struct {
	Level         qingfeng.CourtLevel `json:"level,omitempty" yaml:"level"`
	Region        string              `json:"region,omitempty" yaml:"region"`
	Lower         *float64            `json:"lower,omitempty" yaml:"lower"`
	Upper         *float64            `json:"upper,omitempty" yaml:"upper"`
	EffectiveFrom qingfeng.Date       `json:"effective_from,omitempty" yaml:"-"`
	From          string              `json:"-" yaml:"effective_from"`
}

// Abnormal sets how abnormal movement (异动) is decided: a value whose robust z-score against
// its own history, or against its peers in the same period, reaches Z. The robust z-score is
// (value − median) ÷ (1.4826 × MAD). Values over fewer than MinDenominator members, or with
// fewer than MinHistory earlier values (MinPeers peers), are not judged.
type Abnormal struct {
	Z              float64 `json:"z" yaml:"z"`
	History        int     `json:"history" yaml:"history"` // how many earlier periods of the same kind to look at
	MinHistory     int     `json:"min_history" yaml:"min_history"`
	MinPeers       int     `json:"min_peers" yaml:"min_peers"`
	MinDenominator float64 `json:"min_denominator" yaml:"min_denominator"`
}

// Indicator returns the indicator with the given id, or nil.
func (p *Pack) Indicator(id string) *Indicator {
	for i := range p.Indicators {
		if p.Indicators[i].ID == id {
			return &p.Indicators[i]
		}
	}
	return nil
}
