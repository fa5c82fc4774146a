package web

import "github.com/qingfeng-court/qingfeng/i18n"

// statsChart is what the statistics page's charts draw: the unit's months (warnings raised and
// the share dismissed of those decided), each rule's count and dismissal rate, and the spreads
// of counts and dismissal rates across the courts below and the judges as boxes — five-number
// summaries with no unit named, as the tables beside them.
type statsChart struct {
	Months []string    `json:"months"`
	Totals []int       `json:"totals"`
	Rates  []*float64  `json:"rates"` // nil where nothing was decided that month
	Rules  []ruleChart `json:"rules"`
	Courts *spread     `json:"courts,omitempty"`
	Judges *spread     `json:"judges,omitempty"`
	Labels struct {
		Count, Rate, PerUnit, RatePerUnit string
	} `json:"labels"`
}

type ruleChart struct {
	Rule  string   `json:"rule"`
	Name  string   `json:"name"`
	Total int      `json:"total"`
	Rate  *float64 `json:"rate"` // nil when none of its warnings is decided
}

// ChartData lays the statistics out for the page's charts, in the page's language.
func (v *statsView) ChartData(lang i18n.Lang) statsChart {
	d := statsChart{Months: []string{}, Totals: []int{}, Rates: []*float64{}, Rules: []ruleChart{}, Courts: v.Courts, Judges: v.Judges}
	d.Labels.Count, d.Labels.Rate = translate(lang, "warn.count"), translate(lang, "warn.rate")
	d.Labels.PerUnit, d.Labels.RatePerUnit = translate(lang, "warn.countsper"), translate(lang, "warn.ratesper")
	for _, m := range v.History {
		d.Months, d.Totals = append(d.Months, m.Month), append(d.Totals, m.Total)
		d.Rates = append(d.Rates, rateOrNil(m.Decided, m.Rate))
	}
	for _, r := range v.Rules {
		name := r.Name
		if lang == i18n.EN {
			name = r.NameEn
		}
		d.Rules = append(d.Rules, ruleChart{Rule: r.Key, Name: name, Total: r.Total, Rate: rateOrNil(r.Decided, r.DismissalRate)})
	}
	return d
}

func rateOrNil(decided int, rate float64) *float64 {
	if decided == 0 {
		return nil
	}
	return &rate
}
