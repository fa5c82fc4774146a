package rules

import (
	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// Pack is a loaded, checked rule pack.
type Pack struct {
	Name    string
	Title   string // zh-CN
	TitleEn string
	Version string
	Rules   []*Rule // in file order
	Events  *Vocabulary
	// Digest identifies the pack's text (its files, the vocabulary and a court's parameters):
	// an engine that finds another digest than the one it last evaluated with evaluates again.
	Digest string

	byID map[string]*Rule
}

// Rule returns the rule with the given id, or nil.
func (p *Pack) Rule(id string) *Rule { return p.byID[id] }

// Enabled returns the rules that are switched on, in file order.
func (p *Pack) Enabled() []*Rule {
	var out []*Rule
	for _, r := range p.Rules {
		if r.Enabled {
			out = append(out, r)
		}
	}
	return out
}

// Rule is one compiled rule.
type Rule struct {
	ID          string
	Name        string // zh-CN
	NameEn      string
	Group       string
	GroupName   string
	GroupNameEn string
	Family      qingfeng.Family
	Severity    qingfeng.Severity
	Statutory   bool // enforces a requirement of the law itself, as opposed to a practice or a heuristic
	// Countries are the ISO 3166-1 codes of the courts whose proceedings the rule looks at
	// (the rule's own, else its group's); nil means DefaultCountry only.
	Countries []string
	Version   int
	Enabled   bool
	Sources   []string
	Basis     string
	Note      string
	File      string
	Line      int
	Params    []Param
	Message   i18n.Text // the template as written

	params     any
	scope      scope
	checks     []check
	agg        *aggregate
	escalate   []escalation
	usesClock  bool
	usesMatter bool
	usesParams bool // an expression reads params whole (a parameter's value is folded in)
	msg        bilingual
	doc        *ruleDoc
	// anchors are the event types one of which a proceeding must have for the rule to find
	// anything (every check starts from an event of the proceeding); nil when any may.
	anchors    []string
	anchorBits typeBits // anchors, by number
}

// computeAnchors sets the event types without which none of the rule's checks can hold: those
// its scope requires, or those every check starts from.
func (r *Rule) computeAnchors() {
	defer r.numberTypes()
	if r.scope.requires != nil {
		r.anchors = r.scope.requires
		return
	}
	if r.agg != nil && r.agg.on != nil {
		for t := range r.agg.on {
			r.anchors = append(r.anchors, t)
		}
		return
	}
	var types []string
	for _, c := range r.checks {
		var m map[string]bool
		switch k := c.(type) {
		case *condition:
			m = k.on
		case *sequence:
			if k.from.in == "self" {
				m = k.from.types
			}
		}
		if m == nil {
			return
		}
		for t := range m {
			types = append(types, t)
		}
	}
	r.anchors = types
}

// numberTypes gives the type sets of the rule's checks and anchors their numbers.
func (r *Rule) numberTypes() {
	for _, c := range r.checks {
		switch k := c.(type) {
		case *condition:
			k.onBits = bitsOf(k.on)
		case *sequence:
			k.from.bits, k.expect.bits = bitsOf(k.from.types), bitsOf(k.expect.types)
			if k.stop != nil {
				k.stop.bits = bitsOf(k.stop.types)
			}
		}
	}
	if r.agg != nil {
		r.agg.onBits = bitsOf(r.agg.on)
	}
	if r.anchors != nil {
		set := map[string]bool{}
		for _, t := range r.anchors {
			set[t] = true
		}
		r.anchorBits = bitsOf(set)
	}
}

// Form names the rule's form: condition, sequence, relation or aggregate, or "mixed" for a
// rule whose checks take several forms.
func (r *Rule) Form() string {
	if r.agg != nil {
		return "aggregate"
	}
	form := ""
	for _, c := range r.checks {
		f := c.form()
		if form != "" && f != form {
			return "mixed"
		}
		form = f
	}
	return form
}

// IsAggregate reports whether the rule judges groups (Items, GroupHit) rather than proceedings.
func (r *Rule) IsAggregate() bool { return r.agg != nil }

// Param returns the value of the rule's parameter name, or nil.
func (r *Rule) Param(name string) any {
	if i := paramIndex(r.Params, name); i >= 0 {
		return r.Params[i].Value
	}
	return nil
}

// scope selects the proceedings a rule looks at.
type scope struct {
	categories, stages, procedures map[string]bool
	// kinds holds the same three sets as bits (kindBit; 0: any), checked without hashing the
	// proceeding's strings for every rule; bySets when a value has no bit.
	kinds    [3]uint64
	bySets   bool
	requires []string // event types one of which the proceeding must have
	when     *program
}

// escalation raises a hit's severity when it holds.
type escalation struct {
	count    int
	when     *program
	severity qingfeng.Severity
}

// check is one check of a rule, in one of the proceeding-level forms.
type check interface {
	form() string
	run(ev *evaluation, out *ruleOut) error
}
