package indicator

import (
	"fmt"
	"slices"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/internal/yamlnode"
)

// The vocabulary of measures. Each population has the dates a period can select it by and
// the fields it can sum.
var (
	populationWhens = map[string][]string{
		"proceedings": {"filed", "closed", "pending_end", "pending_start", "active", "file_received"},
		"matters":     {"filed"},
		"mediations":  {"concluded", "started"},
		"events":      {"event"},
		"judges":      {"serving_end"},
	}
	populationSums = map[string][]string{
		"proceedings": {"amount_applied", "amount_recovered", "age_at_close", "days_to_close", "transmit_days"},
		"matters":     {"size"},
	}
	evidences     = []string{"confirmed", "published", "plausible"}
	unitNames     = []string{"percent", "days", "ratio", "number"}
	displays      = []string{"percent", "days", "one_to_x", "number"}
	attributes    = []string{"self", "origin", "root"}
	stageGroups   = []string{"trial", "enforcement"}
	distFields    = []string{"days_to_close", "age_at_close", "age_at_end"}
	headlines     = []string{"median", "mean", "over_standard"}
	defaultAbnorm = Abnormal{Z: 3.5, History: 12, MinHistory: 6, MinPeers: 5, MinDenominator: 30}
)

// checker collects the first fault of a pack with its place.
type checker struct {
	p    *Pack
	node *yaml.Node // the indicator's entry
	id   string
}

func (c *checker) fail(line int, format string, args ...any) error {
	if line == 0 && c.node != nil {
		line = c.node.Line
	}
	return &LoadError{File: c.p.File, Line: line, Indicator: c.id, Reason: fmt.Sprintf(format, args...)}
}

// check validates a decoded pack and fills defaults.
func check(p *Pack, items []*yaml.Node) error {
	c := &checker{p: p}
	switch {
	case p.ID == "":
		return c.fail(1, "the pack has no id (pack:)")
	case p.Version == "":
		return c.fail(1, "the pack has no version")
	case p.Name.ZH == "":
		return c.fail(1, "the pack has no Chinese name (name.zh)")
	case len(p.Indicators) == 0:
		return c.fail(1, "the pack has no indicators")
	}
	p.Abnormal = withDefaults(p.Abnormal, defaultAbnorm)
	seen := map[string]bool{}
	for i := range p.Indicators {
		ind := &p.Indicators[i]
		c.node, c.id = nil, ind.ID
		if i < len(items) {
			c.node = items[i]
		}
		if ind.ID == "" {
			c.id = fmt.Sprintf("#%d", i+1)
			return c.fail(0, "indicator without id")
		}
		if seen[ind.ID] {
			return c.fail(lineAt(c.node, "id"), "indicator id %s is used twice", ind.ID)
		}
		seen[ind.ID] = true
		if err := c.indicator(ind); err != nil {
			return err
		}
	}
	return nil
}

func withDefaults(a, d Abnormal) Abnormal {
	if a.Z <= 0 {
		a.Z = d.Z
	}
	if a.History <= 0 {
		a.History = d.History
	}
	if a.MinHistory <= 0 {
		a.MinHistory = d.MinHistory
	}
	if a.MinPeers <= 0 {
		a.MinPeers = d.MinPeers
	}
	if a.MinDenominator <= 0 {
		a.MinDenominator = d.MinDenominator
	}
	return a
}

func (c *checker) indicator(ind *Indicator) error {
	n := c.node
	if ind.Name.ZH == "" || ind.Name.EN == "" {
		return c.fail(lineAt(n, "name"), "name needs both zh and en")
	}
	if !slices.Contains(Dimensions, ind.Dimension) {
		return c.fail(lineAt(n, "dimension"), "dimension %q is not one of quality, efficiency, effect", ind.Dimension)
	}
	if !slices.Contains(evidences, ind.Evidence) {
		return c.fail(lineAt(n, "evidence"), "evidence %q is not one of %v", ind.Evidence, evidences)
	}
	if ind.Direction != Higher && ind.Direction != Lower {
		return c.fail(lineAt(n, "direction"), "direction %q is not higher or lower", ind.Direction)
	}
	if !slices.Contains(unitNames, ind.Unit) {
		return c.fail(lineAt(n, "unit"), "unit %q is not one of %v", ind.Unit, unitNames)
	}
	if ind.Display == "" {
		ind.Display = map[string]string{"percent": "percent", "days": "days", "ratio": "one_to_x", "number": "number"}[ind.Unit]
	}
	if !slices.Contains(displays, ind.Display) {
		return c.fail(lineAt(n, "display"), "display %q is not one of %v", ind.Display, displays)
	}
	if ind.Scale != "" && ind.Scale != "period_days" {
		if _, err := strconv.ParseFloat(ind.Scale, 64); err != nil {
			return c.fail(lineAt(n, "scale"), "scale %q is neither a number nor period_days", ind.Scale)
		}
	}
	if ind.FlatEpsilon < 0 {
		return c.fail(lineAt(n, "flat_epsilon"), "flat_epsilon must not be negative")
	}
	if ind.Abnormal != nil {
		a := withDefaults(*ind.Abnormal, c.p.Abnormal)
		ind.Abnormal = &a
	}
	switch ind.Kind {
	case "", "ratio":
		ind.Kind = "ratio"
		if ind.Numerator == nil || ind.Denominator == nil {
			return c.fail(0, "a ratio indicator needs a numerator and a denominator")
		}
		if ind.Distribution != nil {
			return c.fail(lineAt(n, "distribution"), "a ratio indicator has no distribution")
		}
		if err := c.measure(ind.Numerator, yamlnode.Value(n, "numerator")); err != nil {
			return err
		}
		if err := c.measure(ind.Denominator, yamlnode.Value(n, "denominator")); err != nil {
			return err
		}
	case "distribution":
		if ind.Distribution == nil || ind.Numerator != nil || ind.Denominator != nil {
			return c.fail(0, "a distribution indicator has a distribution block and no numerator or denominator")
		}
		if err := c.distribution(ind.Distribution, yamlnode.Value(n, "distribution")); err != nil {
			return err
		}
	default:
		return c.fail(lineAt(n, "kind"), "kind %q is not ratio or distribution", ind.Kind)
	}
	for i := range ind.Ranges {
		if err := c.rangeEntry(&ind.Ranges[i], nth(yamlnode.Value(n, "ranges"), i)); err != nil {
			return err
		}
	}
	return nil
}

func nth(seq *yaml.Node, i int) *yaml.Node {
	if seq == nil || i >= len(seq.Content) {
		return seq
	}
	return seq.Content[i]
}

func (c *checker) measure(m *Measure, n *yaml.Node) error {
	if n != nil {
		m.Line = n.Line
	}
	if m.Of == "" {
		m.Of = "proceedings"
	}
	whens, ok := populationWhens[m.Of]
	if !ok {
		return c.fail(lineAt(n, "of"), "of: %q is not one of proceedings, matters, mediations, events, judges", m.Of)
	}
	if !slices.Contains(whens, m.When) {
		return c.fail(lineAt(n, "when"), "when: %q does not apply to %s (use one of %v)", m.When, m.Of, whens)
	}
	if m.Sum != "" && !slices.Contains(populationSums[m.Of], m.Sum) {
		return c.fail(lineAt(n, "sum"), "sum: %q is not a field of %s (fields: %v)", m.Sum, m.Of, populationSums[m.Of])
	}
	if m.Attribute == "" {
		m.Attribute = "self"
	}
	if !slices.Contains(attributes, m.Attribute) || (m.Of != "proceedings" && m.Attribute != "self") {
		return c.fail(lineAt(n, "attribute"), "attribute: %q is not allowed for %s", m.Attribute, m.Of)
	}
	if len(m.AttributeSkip) > 0 && m.Attribute != "origin" {
		return c.fail(lineAt(n, "attribute_skip"), "attribute_skip needs attribute: origin")
	}
	for _, s := range m.AttributeSkip {
		if !qingfeng.Valid(qingfeng.Stages, s) {
			return c.fail(lineAt(n, "attribute_skip"), "attribute_skip: %q is not a stage", s)
		}
	}
	return c.filter(&m.Where, m, yamlnode.Value(n, "where"), false)
}

// filter checks a where block; origin says it is the nested origin filter.
func (c *checker) filter(f *Filter, m *Measure, n *yaml.Node, origin bool) error {
	bad := func(key, format string, args ...any) error { return c.fail(lineAt(n, key), format, args...) }
	if err := enums(qingfeng.Categories, f.Category, "category", bad); err != nil {
		return err
	}
	for _, s := range f.Stage {
		if !slices.Contains(stageGroups, s) && !qingfeng.Valid(qingfeng.Stages, qingfeng.Stage(s)) {
			return bad("stage", "stage %q is not a stage or one of %v", s, stageGroups)
		}
	}
	if err := enums(qingfeng.Procedures, f.Procedure, "procedure", bad); err != nil {
		return err
	}
	if err := enums(qingfeng.ClosingMethods, f.ClosingMethod, "closing_method", bad); err != nil {
		return err
	}
	if err := enums(qingfeng.Outcomes, f.Outcome, "outcome", bad); err != nil {
		return err
	}
	if err := enums(qingfeng.Stages, f.NoDescendant, "no_descendant", bad); err != nil {
		return err
	}
	caseFields := f.Category != nil || f.Stage != nil || f.Procedure != nil || f.ClosingMethod != nil ||
		f.Outcome != nil || f.Appealable != nil || f.HearingOpen != nil || f.LongerLimit != nil ||
		f.NonLitigation != nil || f.WithinLimit != nil || f.HasLimit != nil || f.Extended != nil ||
		f.Root != nil || f.InMatter != nil || f.Origin != nil || f.NoDescendant != nil || f.DaysMax != nil
	switch {
	case f.Success != nil && (m.Of != "mediations" || origin):
		return bad("success", "success applies to mediations only")
	case f.Type != nil && (m.Of != "events" || origin):
		return bad("type", "type applies to events only")
	case m.Of == "events" && len(f.Type) == 0 && !origin:
		return bad("type", "an events measure names the event types it counts (type)")
	case (m.Of == "mediations" || m.Of == "judges") && caseFields:
		return bad("", "a %s measure cannot filter on proceeding fields", m.Of)
	case f.AgeOver != nil && (m.When != "pending_end" || origin):
		return bad("age_over", "age_over needs when: pending_end")
	case f.AgeOver != nil && *f.AgeOver < 0, f.DaysMax != nil && *f.DaysMax < 0:
		return bad("", "day counts must not be negative")
	case f.Origin != nil && origin:
		return bad("origin", "origin filters do not nest")
	}
	if f.Origin != nil {
		return c.filter(f.Origin, m, yamlnode.Value(n, "origin"), true)
	}
	return nil
}

func enums[T ~string](set []T, vals []T, key string, bad func(string, string, ...any) error) error {
	for _, v := range vals {
		if !qingfeng.Valid(set, v) {
			return bad(key, "%s %q is not one of %v", key, v, set)
		}
	}
	return nil
}

func (c *checker) distribution(d *Distribution, n *yaml.Node) error {
	if err := c.measure(&d.Population, yamlnode.Value(n, "population")); err != nil {
		return err
	}
	if d.Population.Of != "proceedings" || d.Population.Sum != "" {
		return c.fail(lineAt(n, "population"), "a distribution's population counts proceedings")
	}
	if !slices.Contains(distFields, d.Field) {
		return c.fail(lineAt(n, "field"), "field %q is not one of %v", d.Field, distFields)
	}
	if (d.Field == "age_at_end") != (d.Population.When == "pending_end") {
		return c.fail(lineAt(n, "field"), "age_at_end goes with when: pending_end, the other fields with when: closed")
	}
	if d.Field != "age_at_end" && d.Population.When != "closed" {
		return c.fail(lineAt(n, "field"), "%s needs a population selected by when: closed", d.Field)
	}
	for _, q := range d.Quantiles {
		if q <= 0 || q >= 1 {
			return c.fail(lineAt(n, "quantiles"), "quantile %v is not between 0 and 1", q)
		}
	}
	if d.Field == "age_at_end" && len(d.Quantiles) > 0 {
		return c.fail(lineAt(n, "quantiles"), "quantiles of age_at_end are not supported; use buckets")
	}
	for _, list := range []struct {
		key string
		v   []int
	}{{"tiers", d.Tiers}, {"buckets", d.Buckets}} {
		for i, t := range list.v {
			if t <= 0 || (i > 0 && t <= list.v[i-1]) {
				return c.fail(lineAt(n, list.key), "%s must be positive and rising", list.key)
			}
		}
	}
	if len(d.Tiers) > 0 && d.Field == "age_at_end" {
		return c.fail(lineAt(n, "tiers"), "tiers apply to closed proceedings; use buckets for age_at_end")
	}
	if len(d.Buckets) > 0 && d.Field != "age_at_end" {
		return c.fail(lineAt(n, "buckets"), "buckets apply to age_at_end")
	}
	switch d.Headline {
	case "median", "mean":
		if d.Field == "age_at_end" {
			return c.fail(lineAt(n, "headline"), "headline %s is not available for age_at_end", d.Headline)
		}
	case "over_standard":
		if d.Standard <= 0 || d.Field != "age_at_end" {
			return c.fail(lineAt(n, "standard"), "over_standard needs field age_at_end and a positive standard")
		}
	default:
		return c.fail(lineAt(n, "headline"), "headline %q is not one of %v", d.Headline, headlines)
	}
	return nil
}

func (c *checker) rangeEntry(r *Range, n *yaml.Node) error {
	if r.Level != "" && !qingfeng.Valid(qingfeng.CourtLevels, r.Level) {
		return c.fail(lineAt(n, "level"), "level %q is not a court level", r.Level)
	}
	if r.Lower == nil && r.Upper == nil {
		return c.fail(lineAt(n), "a range needs lower, upper or both")
	}
	if r.Lower != nil && r.Upper != nil && *r.Lower > *r.Upper {
		return c.fail(lineAt(n, "lower"), "lower %v is above upper %v", *r.Lower, *r.Upper)
	}
	if r.From != "" {
		d, err := qingfeng.ParseDate(r.From)
		if err != nil {
			return c.fail(lineAt(n, "effective_from"), "effective_from: %v", err)
		}
		r.EffectiveFrom = d
	}
	return nil
}
