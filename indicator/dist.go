package indicator

import "github.com/qingfeng-court/qingfeng/i18n"

// distribution fills a distribution indicator's quantiles, tiers and buckets, and for a
// median headline replaces the value (and its year-earlier value) by the median.
func (e *Engine) distribution(ci *cind, s unitSel, p Period, l i18n.Lang, out *Value) {
	d, cd := ci.ind.Distribution, ci.dist
	pct := func(n, den float64) *float64 {
		if den == 0 {
			return nil
		}
		v := n / den * 100
		return &v
	}
	for k, t := range d.Tiers {
		n := e.measureOf(cd.tiers[k], s, p)
		out.Tiers = append(out.Tiers, Share{Within: t, Count: n, Percent: pct(n, out.Denominator)})
	}
	if len(d.Buckets) > 0 {
		prev := out.Denominator
		from := 0
		for k, b := range d.Buckets {
			over := e.measureOf(cd.over[k], s, p)
			out.Buckets = append(out.Buckets, Bucket{From: from, To: b, Count: prev - over})
			prev, from = over, b
		}
		out.Buckets = append(out.Buckets, Bucket{From: from, Count: prev})
	}
	if d.Field == "age_at_end" {
		return
	}
	vals := e.fieldValues(ci, s, p)
	for _, q := range d.Quantiles {
		out.Quantiles = append(out.Quantiles, Quantile{Q: q, Value: quantile(vals, q)})
	}
	if d.Headline != "median" {
		return
	}
	med := func(xs []float64) *float64 {
		if len(xs) == 0 {
			return nil
		}
		v := quantile(xs, 0.5)
		return &v
	}
	v, pv := med(vals), med(e.fieldValues(ci, s, p.PrevYear()))
	out.Value, out.YoYValue = v, pv
	out.Display = display(ci.ind, v, l)
	out.Status = status(v, out.Range)
	out.YoYChange, out.YoYDelta = judgeYoY(ci.ind, v, pv)
	out.Comparable = out.YoYChange != ""
}

// fieldValues are the sorted values of a distribution's field over its population.
func (e *Engine) fieldValues(ci *cind, s unitSel, p Period) []float64 {
	sum := sumDaysClose
	if ci.dist.field == "age_at_close" {
		sum = sumAgeClose
	}
	var out []float64
	for _, mb := range e.members(measure{terms: []term{{col: ci.dist.popAgg, eval: evalFlow}}}, s, p) {
		out = append(out, float64(e.fieldOf(mb.row, sum)))
	}
	return sorted(out)
}
