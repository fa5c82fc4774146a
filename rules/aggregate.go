package rules

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// aggregate is the third form: counts, shares and concentrations over the items proceedings
// contribute (their events, themselves or their agents), grouped by an expression and by a
// calendar bucket, or in a sliding window, with minimum samples.
type aggregate struct {
	over      string // events, cases, agents
	on        map[string]bool
	onBits    typeBits // on, by number
	where     *program
	groupBy   *program
	date      *program
	numerator *program
	value     *program
	people    *program
	judge     *program
	bucket    string // month, quarter, half, year, or "" for none
	window    int    // days of a sliding window for counts, 0 for none
	metric    string // count, share, concentration
	threshold float64
	minCount  int
	minTotal  int
}

// Item is what one proceeding contributes to an aggregate rule's group.
type Item struct {
	Group  string
	Date   qingfeng.Date
	Case   string
	Num    bool   // counts in the numerator of a share
	Value  string // what a concentration is measured on
	People []string
	Judge  string
	Ev     qingfeng.Evidence
}

// Items returns what the proceeding of x contributes to aggregate rule r, and the errors of
// expressions that failed. It returns nothing for a proceeding outside the rule's scope.
func (e *Evaluator) Items(x *Context, r *Rule) ([]Item, error) {
	if r.agg == nil {
		return nil, nil
	}
	return e.begin(x).items(r)
}

// Proceeding evaluates the proceeding-level rules and the items of the aggregate rules among
// rules on one proceeding, building its views once: what Case and Items give, together.
func (e *Evaluator) Proceeding(x *Context, rules []*Rule) ([]Hit, qingfeng.Date, map[*Rule][]Item, []error) {
	hits, wake, errs := e.Case(x, rules)
	var items map[*Rule][]Item
	for _, r := range rules {
		if r.agg == nil {
			continue
		}
		its, err := e.cur.items(r)
		if err != nil {
			errs = append(errs, fmt.Errorf("rule %s, case %s: %w", r.ID, x.Case.Number, err))
			continue
		}
		if items == nil {
			items = map[*Rule][]Item{}
		}
		items[r] = its
	}
	return hits, wake, items, errs
}

// items computes what the proceeding being evaluated contributes to aggregate rule r.
func (ev *evaluation) items(r *Rule) ([]Item, error) {
	e := ev.e
	if !r.AppliesIn(ev.x.Country) || r.agg.on != nil && !ev.hasAny(r.anchorBits) || !ev.inKinds(r) {
		return nil, nil
	}
	env := e.env
	if r.usesParams {
		env["params"] = r.params
	}
	if r.usesClock {
		env["clock"] = ev.clockNow()
	}
	if r.usesMatter {
		ev.matter()
	}
	ok, err := ev.scopeWhen(r)
	if err != nil || !ok {
		return nil, err
	}
	a := r.agg
	var out []Item
	emit := func(def qingfeng.Date, evid qingfeng.Evidence) error {
		if a.where != nil {
			ok, err := ev.bool(a.where)
			if err != nil || !ok {
				return err
			}
		}
		it := Item{Date: def, Case: ev.view.Number, Ev: evid}
		if a.date != nil {
			d, err := ev.date(a.date)
			if err != nil {
				return err
			}
			it.Date = d
		}
		g, err := ev.value(a.groupBy)
		if err != nil {
			return err
		}
		it.Group = text(g)
		if it.Group == "" {
			return nil
		}
		if a.bucket != "" {
			it.Group += "|" + bucketOf(it.Date, a.bucket)
		}
		if a.numerator != nil {
			if it.Num, err = ev.bool(a.numerator); err != nil {
				return err
			}
		}
		if a.value != nil {
			v, err := ev.value(a.value)
			if err != nil {
				return err
			}
			it.Value = text(v)
		}
		if a.judge != nil {
			v, err := ev.value(a.judge)
			if err != nil {
				return err
			}
			it.Judge = text(v)
		}
		if a.people != nil {
			v, err := ev.value(a.people)
			if err != nil {
				return err
			}
			it.People = stringsOf(v)
		}
		out = append(out, it)
		return nil
	}
	switch a.over {
	case "events":
		defer func() { env["event"] = (*EventView)(nil) }()
		for _, e := range ev.events {
			if !a.onBits.has(e.tn) {
				continue
			}
			env["event"] = e
			evid := bareEvidenceOf(e.ev, e.Case) // an item lives as long as its group: keep it small
			if err := emit(qingfeng.Date(e.Date), evid); err != nil {
				return nil, err
			}
		}
	case "agents":
		for _, ag := range ev.view.Agents {
			var l *qingfeng.Lawyer
			if ev.x.Refs != nil {
				l = ev.x.Refs.Lawyer(ag.LawyerID)
			}
			t := tuple{agent: ag, lawyer: e.lawyer(l)}
			if ag.PartyIndex >= 0 && ag.PartyIndex < len(ev.view.Parties) {
				t.party = &ev.view.Parties[ag.PartyIndex]
			}
			t.bind(env, joins["agents"])
			if err := emit(qingfeng.Date(ev.view.FiledOn), caseEvidence(ev.view, qingfeng.Date(ev.view.FiledOn))); err != nil {
				return nil, err
			}
		}
	default:
		if err := emit(qingfeng.Date(ev.view.FiledOn), caseEvidence(ev.view, qingfeng.Date(ev.view.FiledOn))); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func stringsOf(v any) []string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case []string:
		return x
	case []any:
		var out []string
		for _, e := range x {
			if s := text(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func bucketOf(d qingfeng.Date, bucket string) string {
	y, m, _ := d.YMD()
	switch bucket {
	case "month":
		return fmt.Sprintf("%04d-%02d", y, int(m))
	case "quarter":
		return fmt.Sprintf("%04dQ%d", y, (int(m)+2)/3)
	case "half":
		return fmt.Sprintf("%04dH%d", y, (int(m)+5)/6)
	}
	return strconv.Itoa(y)
}

// GroupHit judges the items of one group of aggregate rule r and returns its hit, or nil.
func (r *Rule) GroupHit(group string, items []Item) *Hit {
	a := r.agg
	if a == nil || len(items) == 0 || len(items) < a.fewest() {
		return nil
	}
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(x, y Item) int {
		if x.Date != y.Date {
			return int(x.Date - y.Date)
		}
		return cmpStr(x.Case, y.Case)
	})
	var window []Item
	facts := map[string]i18n.Text{}
	switch a.metric {
	case "count":
		window = a.countWindow(items)
		if window == nil {
			return nil
		}
		facts["count"] = same(strconv.Itoa(len(window)))
		facts["total"] = same(strconv.Itoa(len(items)))
	case "share":
		num := 0
		for _, it := range items {
			if it.Num {
				num++
			}
		}
		share := float64(num) / float64(len(items))
		if len(items) < a.minTotal || num < a.minCount || share <= a.threshold {
			return nil
		}
		for _, it := range items {
			if it.Num {
				window = append(window, it)
			}
		}
		facts["count"], facts["total"], facts["share"] = same(strconv.Itoa(num)), same(strconv.Itoa(len(items))), same(percent(share))
	case "concentration":
		counts := map[string]int{}
		top := ""
		for _, it := range items {
			counts[it.Value]++
			if it.Value != "" && (top == "" || counts[it.Value] > counts[top]) {
				top = it.Value
			}
		}
		share := float64(counts[top]) / float64(len(items))
		if top == "" || len(items) < a.minTotal || counts[top] < a.minCount || share < a.threshold {
			return nil
		}
		for _, it := range items {
			if it.Value == top {
				window = append(window, it)
			}
		}
		facts["count"], facts["total"], facts["share"] = same(strconv.Itoa(counts[top])), same(strconv.Itoa(len(items))), same(percent(share))
		facts["value"] = same(top)
	}
	facts["group"] = same(group)
	facts["from"], facts["to"] = same(window[0].Date.String()), same(window[len(window)-1].Date.String())
	facts["case"] = same(window[0].Case)
	p := part{on: window[len(window)-1].Date, severity: "", facts: facts}
	if a.metric == "count" && a.minCount > 0 && len(window) >= a.minCount {
		p.on = window[a.minCount-1].Date // the day the group reached the count
	}
	for _, it := range window {
		p.evidence = append(p.evidence, it.Ev)
		p.people = append(p.people, it.People...)
	}
	h := merge(r, group, window[0].Case, []part{p})
	h.Severity = r.Severity
	h.Count = len(window)
	h.JudgeID = window[0].Judge
	return h
}

// GroupMin is the number of items below which an aggregate rule cannot hold on a group,
// whatever the items are (0 for a rule that is not an aggregate): a caller need not gather a
// group that small to judge it.
func (r *Rule) GroupMin() int {
	if r.agg == nil {
		return 0
	}
	return r.agg.fewest()
}

// fewest is the number of items below which the rule cannot hold on a group, whatever they
// are: a group that small is not sorted and looked at.
func (a *aggregate) fewest() int {
	if a.metric == "count" {
		return max(a.minCount, int(a.threshold))
	}
	return max(a.minTotal, a.minCount)
}

// countWindow returns the first run of items that reaches the threshold: within the sliding
// window when there is one (extended to every item inside it), else all items.
func (a *aggregate) countWindow(items []Item) []Item {
	need := max(a.minCount, int(a.threshold))
	if a.window == 0 {
		if len(items) >= need {
			return items
		}
		return nil
	}
	for i := range items {
		j := i
		for j+1 < len(items) && int(items[j+1].Date-items[i].Date) <= a.window {
			j++
		}
		if j-i+1 >= need {
			return items[i : j+1]
		}
	}
	return nil
}

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// aggregateFacts are the names an aggregate's message may use.
var aggregateFacts = []string{"group", "count", "total", "share", "value", "from", "to"}

// text is a value as text: a string as it is (most values are; fmt.Sprint would copy it).
func text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}
