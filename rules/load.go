package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/internal/yamlnode"
)

// DefaultPack is the directory of the pack shipped with Qingfeng, under defs/.
const DefaultPack = "rules/default"

// paramsFile is where a court overrides the parameters of rules, or switches rules off.
const paramsFile = "rules/params.yaml"

// The shapes of the pack's files.

type packDoc struct {
	Name    string   `yaml:"name"`
	Title   string   `yaml:"title"`
	TitleEn string   `yaml:"title_en"`
	Version string   `yaml:"version"`
	Files   []string `yaml:"files"`
}

type groupDoc struct {
	Group     string    `yaml:"group"`
	Name      string    `yaml:"name"`
	NameEn    string    `yaml:"name_en"`
	Countries []string  `yaml:"countries"` // where the group's rules apply; default CN
	Rules     []ruleDoc `yaml:"rules"`
}

type textDoc struct {
	ZH src `yaml:"zh"`
	EN src `yaml:"en"`
}

type formDoc struct {
	Condition *conditionDoc `yaml:"condition"`
	Sequence  *sequenceDoc  `yaml:"sequence"`
	Relation  *relationDoc  `yaml:"relation"`
	Aggregate *aggregateDoc `yaml:"aggregate"`
}

type checkDoc struct {
	formDoc  `yaml:",inline"`
	Message  *textDoc `yaml:"message"`
	Severity string   `yaml:"severity"`
}

type ruleDoc struct {
	ID        src           `yaml:"id"`
	Name      string        `yaml:"name"`
	NameEn    string        `yaml:"name_en"`
	Family    string        `yaml:"family"`
	Severity  string        `yaml:"severity"`
	Statutory bool          `yaml:"statutory"`
	Countries []string      `yaml:"countries"` // overrides the group's
	Version   int           `yaml:"version"`
	Enabled   *bool         `yaml:"enabled"`
	Sources   []string      `yaml:"sources"`
	Basis     string        `yaml:"basis"`
	Note      string        `yaml:"note"`
	Scope     *scopeDoc     `yaml:"scope"`
	Params    yaml.Node     `yaml:"params"`
	Message   textDoc       `yaml:"message"`
	Escalate  []escalateDoc `yaml:"escalate"`
	Checks    []checkDoc    `yaml:"checks"`
	formDoc   `yaml:",inline"`
}

type scopeDoc struct {
	Categories []string `yaml:"categories"`
	Stages     []string `yaml:"stages"`
	Procedures []string `yaml:"procedures"`
	Requires   []string `yaml:"requires"` // event types one of which the proceeding must have
	When       src      `yaml:"when"`
}

type escalateDoc struct {
	Count    src    `yaml:"count"`
	When     src    `yaml:"when"`
	Severity string `yaml:"severity"`
}

type conditionDoc struct {
	On       []string       `yaml:"on"`
	When     src            `yaml:"when"`
	At       src            `yaml:"at"`
	Wake     src            `yaml:"wake"`
	Evidence src            `yaml:"evidence"`
	Facts    map[string]src `yaml:"facts"`
}

type anchorDoc struct {
	Date  src       `yaml:"date"`
	Event []string  `yaml:"event"`
	Where src       `yaml:"where"`
	In    string    `yaml:"in"`
	Shift periodDoc `yaml:"shift"`
}

type periodDoc struct {
	Days           src    `yaml:"days"`
	WorkingDays    src    `yaml:"working_days"`
	Months         src    `yaml:"months"`
	Hours          src    `yaml:"hours"`
	Limit          string `yaml:"limit"`
	Until          src    `yaml:"until"`
	BeforeDeadline src    `yaml:"before_deadline"`
}

type remindDoc struct {
	Days     src    `yaml:"days"`
	Severity string `yaml:"severity"`
}

type sequenceDoc struct {
	From    anchorDoc      `yaml:"from"`
	Expect  anchorDoc      `yaml:"expect"`
	Within  periodDoc      `yaml:"within"`
	Late    *bool          `yaml:"late"`
	Absent  *bool          `yaml:"absent"`
	First   bool           `yaml:"first"`
	Consume bool           `yaml:"consume"`
	Stop    *anchorDoc     `yaml:"stop"`
	Repeat  *repeatDoc     `yaml:"repeat"`
	Remind  []remindDoc    `yaml:"remind"`
	Facts   map[string]src `yaml:"facts"`
}

type repeatDoc struct {
	Horizon periodDoc `yaml:"horizon"`
}

type relationDoc struct {
	Join  string         `yaml:"join"`
	Where src            `yaml:"where"`
	At    src            `yaml:"at"`
	Facts map[string]src `yaml:"facts"`
}

type aggregateDoc struct {
	Over      string    `yaml:"over"`
	On        []string  `yaml:"on"`
	Where     src       `yaml:"where"`
	GroupBy   src       `yaml:"group_by"`
	Bucket    string    `yaml:"bucket"`
	Window    periodDoc `yaml:"window"`
	Date      src       `yaml:"date"`
	Metric    string    `yaml:"metric"`
	Numerator src       `yaml:"numerator"`
	Value     src       `yaml:"value"`
	Threshold src       `yaml:"threshold"`
	MinCount  src       `yaml:"min_count"`
	MinTotal  src       `yaml:"min_total"`
	People    src       `yaml:"people"`
	Judge     src       `yaml:"judge"`
}

type overridesDoc struct {
	Overrides []struct {
		Rule    string    `yaml:"rule"`
		Enabled *bool     `yaml:"enabled"`
		Params  yaml.Node `yaml:"params"`
	} `yaml:"overrides"`
}

// Load reads the pack in directory dir of fsys (laid out like defs/, e.g. DefaultPack), the
// event vocabulary (rules/events.yaml) and a court's overrides (rules/params.yaml, optional),
// and compiles every rule, checking it against the schema, the vocabulary and the time-limit
// table lim. The first problem found is returned as a *LoadError naming the file, the line and
// the rule.
func Load(fsys fs.FS, dir string, lim *calendar.Limits) (*Pack, error) {
	vocab, err := LoadVocabulary(fsys)
	if err != nil {
		return nil, err
	}
	manifest := path.Join(dir, "pack.yaml")
	var pd packDoc
	if _, err := decodeFile(fsys, manifest, &pd); err != nil {
		return nil, err
	}
	if pd.Name == "" || pd.Version == "" || len(pd.Files) == 0 {
		return nil, &LoadError{File: manifest, Reason: "a pack needs a name, a version and its files"}
	}
	p := &Pack{Name: pd.Name, Title: pd.Title, TitleEn: pd.TitleEn, Version: pd.Version, Events: vocab, byID: map[string]*Rule{}}
	ld := &loader{pack: p, lim: lim, events: vocab.set()}
	digest := sha256.New()
	for _, name := range []string{vocabFile, manifest, paramsFile} {
		b, _ := fs.ReadFile(fsys, name)
		digest.Write(b)
	}
	for _, f := range pd.Files {
		name := path.Join(dir, f)
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, &LoadError{File: manifest, Reason: fmt.Sprintf("file %s: %v", f, err)}
		}
		digest.Write(b)
		if err := ld.group(name, b, nil); err != nil {
			return nil, err
		}
	}
	if err := ld.overrides(fsys); err != nil {
		return nil, err
	}
	p.Digest = hex.EncodeToString(digest.Sum(nil)[:12])
	return p, nil
}

// LoadFile reads one group file (outside any pack) into a pack of its own: for checking a rule
// file before it is added, and for backtesting a new or changed rule.
func LoadFile(fsys fs.FS, name string, data []byte, lim *calendar.Limits) (*Pack, error) {
	vocab, err := LoadVocabulary(fsys)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	p := &Pack{Name: path.Base(name), Version: "draft", Events: vocab, byID: map[string]*Rule{}, Digest: hex.EncodeToString(sum[:12])}
	ld := &loader{pack: p, lim: lim, events: vocab.set()}
	if err := ld.group(name, data, nil); err != nil {
		return nil, err
	}
	return p, nil
}

// loader compiles the files of one pack.
type loader struct {
	pack   *Pack
	lim    *calendar.Limits
	events map[string]bool
}

var ruleID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$`)

func (ld *loader) group(name string, b []byte, _ map[string]map[string]any) error {
	var g groupDoc
	root, err := decodeBytes(name, b, &g)
	if err != nil {
		return err
	}
	if g.Group == "" || g.Name == "" || g.NameEn == "" {
		return &LoadError{File: name, Reason: "a group file needs group, name and name_en"}
	}
	groupCountries, err := countrySet(g.Countries)
	if err != nil {
		line := 0
		if len(root.Content) > 0 {
			if v := yamlnode.Value(root.Content[0], "countries"); v != nil {
				line = v.Line
			}
		}
		return &LoadError{File: name, Line: line, Reason: err.Error()}
	}
	items := listItems(root, "rules")
	for i := range g.Rules {
		d := &g.Rules[i]
		line := lineOf(items, i, "id")
		if d.ID.Text == "" || !ruleID.MatchString(d.ID.Text) {
			return &LoadError{File: name, Line: line, Reason: fmt.Sprintf("rule id %q must be letters and digits joined by hyphens (R-01)", d.ID.Text)}
		}
		if prev := ld.pack.byID[d.ID.Text]; prev != nil {
			return &LoadError{File: name, Line: line, Rule: d.ID.Text, Reason: fmt.Sprintf("the id is used twice (first in %s line %d)", prev.File, prev.Line)}
		}
		if _, err := countrySet(d.Countries); err != nil {
			return &LoadError{File: name, Line: lineOf(items, i, "countries"), Rule: d.ID.Text, Reason: err.Error()}
		}
		r, err := ld.rule(d, name, line, nil)
		if err != nil {
			return placed(name, d.ID.Text, line, err)
		}
		r.Group, r.GroupName, r.GroupNameEn = g.Group, g.Name, g.NameEn
		if r.Countries == nil {
			r.Countries = groupCountries
		}
		ld.pack.Rules = append(ld.pack.Rules, r)
		ld.pack.byID[r.ID] = r
	}
	return nil
}

func (ld *loader) rule(d *ruleDoc, file string, line int, values map[string]any) (*Rule, error) {
	r := &Rule{doc: d, ID: d.ID.Text, Name: d.Name, NameEn: d.NameEn, Family: qingfeng.Family(d.Family), Severity: qingfeng.Severity(d.Severity),
		Statutory: d.Statutory, Version: max(1, d.Version), Enabled: d.Enabled == nil || *d.Enabled, Sources: d.Sources,
		Basis: d.Basis, Note: d.Note, File: file, Line: line, Message: i18n.Text{ZH: d.Message.ZH.Text, EN: d.Message.EN.Text}}
	switch {
	case r.Name == "" || r.NameEn == "":
		return nil, at(line, "a rule needs name and name_en")
	case !qingfeng.Valid(qingfeng.Families, r.Family):
		return nil, at(line, "family %q is not one of %v", d.Family, qingfeng.Families)
	case !qingfeng.Valid(qingfeng.Severities, r.Severity):
		return nil, at(line, "severity %q is not one of %v", d.Severity, qingfeng.Severities)
	case r.Basis == "":
		return nil, at(line, "a rule needs its basis (the law, rule or practice it enforces)")
	case len(r.Sources) == 0:
		return nil, at(line, "a rule needs the sources it reads (cms, exec, funds …)")
	case d.Message.ZH.Text == "" || d.Message.EN.Text == "":
		return nil, at(line, "a rule needs a message in zh and en")
	}
	var err error
	if r.Countries, err = countrySet(d.Countries); err != nil {
		return nil, at(line, "%v", err)
	}
	if r.Params, err = parseParams(&d.Params); err != nil {
		return nil, err
	}
	for i := range r.Params {
		if v, ok := values[r.Params[i].Name]; ok {
			r.Params[i].Value = v
		}
	}
	r.params = paramsValue(r.Params)
	if r.msg, err = parseMessage(d.Message); err != nil {
		return nil, err
	}
	c := &compiler{params: r.params, events: ld.events, rows: func(id string) bool { _, ok := ld.lim.Get(id); return ok }}
	if err := ld.scope(c, r, d.Scope); err != nil {
		return nil, err
	}
	checks := d.Checks
	if d.formDoc != (formDoc{}) {
		if len(checks) > 0 {
			return nil, at(line, "a rule has either checks or one form (condition, sequence, relation, aggregate), not both")
		}
		checks = []checkDoc{{formDoc: d.formDoc}}
	}
	if len(checks) == 0 {
		return nil, at(line, "a rule needs a check (condition, sequence, relation or aggregate)")
	}
	for _, cd := range checks {
		if err := ld.check(c, r, cd, d.Message, line); err != nil {
			return nil, err
		}
	}
	for _, e := range d.Escalate {
		x := escalation{severity: qingfeng.Severity(e.Severity)}
		if !qingfeng.Valid(qingfeng.Severities, x.severity) {
			return nil, at(e.Count.Line+e.When.Line, "escalation severity %q is not one of %v", e.Severity, qingfeng.Severities)
		}
		if x.count, err = c.num(e.Count, "escalate.count"); err != nil {
			return nil, err
		}
		if e.When.Set {
			if x.when, err = c.compile(e.When, scopeCase, wantBool, "escalate.when"); err != nil {
				return nil, err
			}
		}
		r.escalate = append(r.escalate, x)
	}
	r.usesClock = c.usedClock
	r.usesMatter = c.usedMatter
	r.usesParams = c.usedParams
	for _, k := range r.checks {
		if rel, ok := k.(*relation); ok && rel.join == "matter_panels" {
			r.usesMatter = true
		}
	}
	r.computeAnchors()
	return r, nil
}

func (ld *loader) scope(c *compiler, r *Rule, d *scopeDoc) error {
	if d == nil {
		return nil
	}
	var err error
	if r.scope.categories, err = enumSet(d.Categories, qingfeng.Categories, "category"); err != nil {
		return err
	}
	if r.scope.stages, err = enumSet(d.Stages, qingfeng.Stages, "stage"); err != nil {
		return err
	}
	if r.scope.procedures, err = enumSet(d.Procedures, qingfeng.Procedures, "procedure"); err != nil {
		return err
	}
	r.scope.setKinds(d.Categories, d.Stages, d.Procedures)
	for _, t := range d.Requires {
		if !ld.events[t] {
			return fmt.Errorf("scope.requires: unknown event type %q (rules/events.yaml)", t)
		}
		r.scope.requires = append(r.scope.requires, t)
	}
	if d.When.Set {
		r.scope.when, err = c.compile(d.When, scopeCase, wantBool, "scope.when")
	}
	return err
}

// enumSet checks a list of enumeration values against the domain's vocabulary.
func enumSet[T ~string](vals []string, known []T, what string) (map[string]bool, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	m := map[string]bool{}
	for _, v := range vals {
		if !qingfeng.Valid(known, T(v)) {
			return nil, fmt.Errorf("scope: %s %q is not one of %v", what, v, known)
		}
		m[v] = true
	}
	return m, nil
}

func (ld *loader) check(c *compiler, r *Rule, cd checkDoc, ruleMsg textDoc, line int) error {
	n := 0
	for _, set := range []bool{cd.Condition != nil, cd.Sequence != nil, cd.Relation != nil, cd.Aggregate != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return at(line, "each check has exactly one form (condition, sequence, relation or aggregate)")
	}
	sev := qingfeng.Severity(cd.Severity)
	if sev == "" {
		sev = r.Severity
	} else if !qingfeng.Valid(qingfeng.Severities, sev) {
		return at(line, "check severity %q is not one of %v", cd.Severity, qingfeng.Severities)
	}
	msg, msgDoc := r.msg, ruleMsg
	var own *bilingual
	if cd.Message != nil {
		m, err := parseMessage(*cd.Message)
		if err != nil {
			return err
		}
		msg, msgDoc, own = m, *cd.Message, &m
	}
	known := map[string]bool{}
	for _, p := range r.Params {
		known[p.Name] = true
	}
	for _, f := range commonFacts {
		known[f] = true
	}
	var err error
	switch {
	case cd.Condition != nil:
		err = ld.condition(c, r, cd.Condition, own, sev, known)
	case cd.Sequence != nil:
		err = ld.sequence(c, r, cd.Sequence, own, sev, known)
	case cd.Relation != nil:
		err = ld.relation(c, r, cd.Relation, own, sev, known)
	case cd.Aggregate != nil:
		if len(r.checks) > 0 || r.agg != nil {
			return at(line, "an aggregate rule has one check")
		}
		err = ld.aggregate(c, r, cd.Aggregate, known)
	}
	if err != nil {
		return err
	}
	return msg.check(msgDoc, known)
}

func (c *compiler) facts(m map[string]src, scope scopeKind, known map[string]bool, extra ...string) ([]fact, error) {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	var out []fact
	for _, k := range names {
		if !validName(k) {
			return nil, at(m[k].Line, "fact name %q must be lower case letters, digits and _", k)
		}
		p, err := c.compile(m[k], scope, wantAny, "facts."+k, extra...)
		if err != nil {
			return nil, err
		}
		out = append(out, fact{name: k, p: p})
		known[k] = true
	}
	return out, nil
}

func (ld *loader) types(list []string, line int) (map[string]bool, error) {
	if len(list) == 0 {
		return nil, nil
	}
	m := map[string]bool{}
	for _, t := range list {
		if !ld.events[t] {
			return nil, at(line, "unknown event type %q (rules/events.yaml)", t)
		}
		m[t] = true
	}
	return m, nil
}

func (ld *loader) condition(c *compiler, r *Rule, d *conditionDoc, msg *bilingual, sev qingfeng.Severity, known map[string]bool) error {
	if !d.When.Set {
		return at(0, "a condition needs when")
	}
	k := &condition{msg: msg, severity: sev}
	var err error
	if k.on, err = ld.types(d.On, d.When.Line); err != nil {
		return err
	}
	scope := scopeCase
	if k.on != nil {
		scope = scopeEvent
		if d.At.Set || d.Wake.Set || d.Evidence.Set {
			return at(d.When.Line, "a condition on events takes its day and evidence from the event (no at, wake or evidence)")
		}
	}
	if k.when, err = c.compile(d.When, scope, wantBool, "condition.when"); err != nil {
		return err
	}
	if d.At.Set {
		if k.at, err = c.compile(d.At, scope, wantInt, "condition.at"); err != nil {
			return err
		}
	}
	if d.Wake.Set {
		if k.wake, err = c.compile(d.Wake, scope, wantInt, "condition.wake"); err != nil {
			return err
		}
	}
	if d.Evidence.Set {
		if k.evidence, err = c.compile(d.Evidence, scope, wantAny, "condition.evidence"); err != nil {
			return err
		}
	}
	if k.facts, err = c.facts(d.Facts, scope, known); err != nil {
		return err
	}
	r.checks = append(r.checks, k)
	return nil
}

func (ld *loader) relation(c *compiler, r *Rule, d *relationDoc, msg *bilingual, sev qingfeng.Severity, known map[string]bool) error {
	names, ok := joins[d.Join]
	if !ok {
		return at(d.Where.Line, "relation join %q is not one of %v", d.Join, sorted(keysOf(joins)))
	}
	if !d.Where.Set {
		return at(0, "a relation needs where")
	}
	k := &relation{join: d.Join, msg: msg, severity: sev}
	var err error
	if k.where, err = c.compile(d.Where, scopeRelation, wantBool, "relation.where", names...); err != nil {
		return err
	}
	if d.At.Set {
		if k.at, err = c.compile(d.At, scopeRelation, wantInt, "relation.at", names...); err != nil {
			return err
		}
	}
	if k.facts, err = c.facts(d.Facts, scopeRelation, known, names...); err != nil {
		return err
	}
	r.checks = append(r.checks, k)
	return nil
}

func keysOf[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func (ld *loader) sequence(c *compiler, r *Rule, d *sequenceDoc, msg *bilingual, sev qingfeng.Severity, known map[string]bool) error {
	s := &sequence{late: d.Late == nil || *d.Late, absent: d.Absent == nil || *d.Absent, first: d.First, consume: d.Consume,
		msg: msg, severity: sev}
	var err error
	if s.from, err = ld.anchor(c, d.From, "from", scopeEvent); err != nil {
		return err
	}
	if s.expect, err = ld.anchor(c, d.Expect, "expect", scopeExpect); err != nil {
		return err
	}
	if s.from.date == nil && s.from.types == nil || s.expect.date == nil && s.expect.types == nil {
		return at(d.From.Date.Line+d.Expect.Date.Line, "a sequence needs from and expect (an event type or a date)")
	}
	if s.within, err = ld.period(c, d.Within, "within"); err != nil {
		return err
	}
	if !s.within.isSet() {
		return at(0, "a sequence needs within")
	}
	if d.Stop != nil {
		st, err := ld.anchor(c, *d.Stop, "stop", scopeExpect)
		if err != nil {
			return err
		}
		if st.types == nil {
			return at(d.Stop.Where.Line, "stop needs an event type")
		}
		s.stop = &st
	}
	if d.Repeat != nil {
		s.repeat = true
		if s.horizon, err = ld.period(c, d.Repeat.Horizon, "repeat.horizon"); err != nil {
			return err
		}
	}
	for _, rd := range d.Remind {
		days, err := c.num(rd.Days, "remind.days")
		if err != nil {
			return err
		}
		sv := qingfeng.Severity(rd.Severity)
		if sv == "" {
			sv = qingfeng.SevNotice
		}
		if !qingfeng.Valid(qingfeng.Severities, sv) || !rd.Days.Set || days < 0 {
			return at(rd.Days.Line, "a reminder needs its days before the deadline (0: on the day itself) and a valid severity")
		}
		s.remind = append(s.remind, reminder{days: days, severity: sv})
	}
	for _, f := range sequenceFacts {
		known[f] = true
	}
	if s.facts, err = c.facts(d.Facts, scopeExpect, known); err != nil {
		return err
	}
	r.checks = append(r.checks, s)
	return nil
}

func (ld *loader) anchor(c *compiler, d anchorDoc, what string, scope scopeKind) (anchorSpec, error) {
	a := anchorSpec{in: d.In}
	if a.in == "" {
		a.in = "self"
	}
	if !slices.Contains([]string{"self", "origin", "origin_or_self"}, a.in) {
		return a, at(d.Where.Line+d.Date.Line, "%s.in %q is not one of self, origin, origin_or_self", what, d.In)
	}
	var err error
	if d.Date.Set {
		if len(d.Event) > 0 || d.Where.Set {
			return a, at(d.Date.Line, "%s is either a date or events, not both", what)
		}
		if a.date, err = c.compile(d.Date, scope, wantInt, what+".date"); err != nil {
			return a, err
		}
		a.text = same(d.Date.Text)
	}
	if a.types, err = ld.types(d.Event, d.Where.Line); err != nil {
		return a, err
	}
	for i, t := range d.Event {
		n := ld.pack.Events.Name(t)
		if i == 0 {
			a.text = n
		} else {
			a.text = i18n.Text{ZH: a.text.ZH + "或" + n.ZH, EN: a.text.EN + " or " + n.EN}
		}
	}
	if d.Where.Set {
		if a.where, err = c.compile(d.Where, scope, wantBool, what+".where"); err != nil {
			return a, err
		}
	}
	a.shift, err = ld.period(c, d.Shift, what+".shift")
	return a, err
}

func (ld *loader) period(c *compiler, d periodDoc, what string) (period, error) {
	var p period
	var err error
	if p.days, err = c.num(d.Days, what+".days"); err != nil {
		return p, err
	}
	if p.workdays, err = c.num(d.WorkingDays, what+".working_days"); err != nil {
		return p, err
	}
	if p.months, err = c.num(d.Months, what+".months"); err != nil {
		return p, err
	}
	if p.hours, err = c.num(d.Hours, what+".hours"); err != nil {
		return p, err
	}
	if d.BeforeDeadline.Set {
		if p.beforeDeadline, err = c.num(d.BeforeDeadline, what+".before_deadline"); err != nil {
			return p, err
		}
		p.hasBefore = true
		c.usedClock = true
	}
	if d.Limit != "" {
		l, ok := ld.lim.Get(d.Limit)
		if !ok || !l.IsDuration() {
			return p, fmt.Errorf("%s.limit: %q is not a row of the time-limit table with a duration (calendar/timelimits.yaml)", what, d.Limit)
		}
		p.limit = &l
	}
	if d.Until.Set {
		if p.until, err = c.compile(d.Until, scopeExpect, wantInt, what+".until"); err != nil {
			return p, err
		}
	}
	p.text = periodText(&p)
	return p, nil
}

// num reads a number field: a literal, or an expression over the rule's parameters computed
// once at load (within: {days: params.days}).
func (c *compiler) num(s src, what string) (int, error) {
	f, err := c.numF(s, what)
	return int(f), err
}

func (c *compiler) numF(s src, what string) (float64, error) {
	if !s.Set {
		return 0, nil
	}
	if s.IsNum {
		f, err := strconv.ParseFloat(s.Text, 64)
		if err != nil {
			return 0, at(s.Line, "%s: %v", what, err)
		}
		return f, nil
	}
	p, err := c.compile(s, scopeParams, wantAny, what)
	if err != nil {
		return 0, err
	}
	v, err := p.run(runEnv(declare(scopeParams, c.params, nil)))
	if err != nil {
		return 0, at(s.Line, "%s: %v", what, err)
	}
	switch x := v.(type) {
	case int:
		return float64(x), nil
	case float64:
		return x, nil
	}
	return 0, at(s.Line, "%s must be a number, got %T", what, v)
}

func (ld *loader) aggregate(c *compiler, r *Rule, d *aggregateDoc, known map[string]bool) error {
	a := &aggregate{over: d.Over, bucket: d.Bucket, metric: d.Metric}
	line := d.GroupBy.Line
	if !slices.Contains([]string{"events", "cases", "agents"}, a.over) {
		return at(line, "aggregate.over %q is not one of events, cases, agents", d.Over)
	}
	if !slices.Contains([]string{"count", "share", "concentration"}, a.metric) {
		return at(line, "aggregate.metric %q is not one of count, share, concentration", d.Metric)
	}
	if a.bucket != "" && !slices.Contains([]string{"month", "quarter", "half", "year"}, a.bucket) {
		return at(line, "aggregate.bucket %q is not one of month, quarter, half, year", d.Bucket)
	}
	scope, extra := scopeCase, []string(nil)
	switch a.over {
	case "events":
		scope = scopeEvent
		var err error
		if a.on, err = ld.types(d.On, line); err != nil {
			return err
		}
		if a.on == nil {
			return at(line, "an aggregate over events needs on (the event types)")
		}
	case "agents":
		scope, extra = scopeRelation, joins["agents"]
	}
	compile := func(s src, w want, what string) (*program, error) {
		if !s.Set {
			return nil, nil
		}
		return c.compile(s, scope, w, "aggregate."+what, extra...)
	}
	var err error
	if !d.GroupBy.Set {
		return at(line, "an aggregate needs group_by")
	}
	if a.groupBy, err = compile(d.GroupBy, wantAny, "group_by"); err != nil {
		return err
	}
	if a.where, err = compile(d.Where, wantBool, "where"); err != nil {
		return err
	}
	if a.date, err = compile(d.Date, wantInt, "date"); err != nil {
		return err
	}
	if a.numerator, err = compile(d.Numerator, wantBool, "numerator"); err != nil {
		return err
	}
	if a.value, err = compile(d.Value, wantAny, "value"); err != nil {
		return err
	}
	if a.people, err = compile(d.People, wantAny, "people"); err != nil {
		return err
	}
	if a.judge, err = compile(d.Judge, wantAny, "judge"); err != nil {
		return err
	}
	switch {
	case a.metric == "share" && a.numerator == nil:
		return at(line, "a share needs numerator")
	case a.metric == "concentration" && a.value == nil:
		return at(line, "a concentration needs value")
	}
	if a.threshold, err = c.numF(d.Threshold, "aggregate.threshold"); err != nil {
		return err
	}
	if a.minCount, err = c.num(d.MinCount, "aggregate.min_count"); err != nil {
		return err
	}
	if a.minTotal, err = c.num(d.MinTotal, "aggregate.min_total"); err != nil {
		return err
	}
	w, err := ld.period(c, d.Window, "aggregate.window")
	if err != nil {
		return err
	}
	if w.months > 0 || w.workdays > 0 || w.hours > 0 || w.limit != nil || w.until != nil || w.hasBefore {
		return at(line, "aggregate.window is given in days")
	}
	a.window = w.days
	for _, f := range aggregateFacts {
		known[f] = true
	}
	r.agg = a
	return nil
}

// overrides applies a court's rules/params.yaml, when there is one.
func (ld *loader) overrides(fsys fs.FS) error {
	if _, err := fs.Stat(fsys, paramsFile); err != nil {
		return nil
	}
	var d overridesDoc
	root, err := decodeFile(fsys, paramsFile, &d)
	if err != nil {
		return err
	}
	items := listItems(root, "overrides")
	for i, o := range d.Overrides {
		line := lineOf(items, i, "rule")
		r := ld.pack.byID[o.Rule]
		if r == nil {
			return &LoadError{File: paramsFile, Line: line, Reason: fmt.Sprintf("no rule %q in the pack", o.Rule)}
		}
		if o.Enabled != nil {
			r.Enabled = *o.Enabled
		}
		if err := ld.override(r, &o.Params); err != nil {
			return placed(paramsFile, r.ID, line, err)
		}
	}
	return nil
}

// override sets new parameter values on r and compiles it again from its file, so that
// everything computed from the parameters at load follows them.
func (ld *loader) override(r *Rule, n *yaml.Node) error {
	if n.Kind == 0 {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return at(n.Line, "params must be a mapping of name to value")
	}
	values := map[string]any{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		j := paramIndex(r.Params, k.Value)
		if j < 0 {
			return at(k.Line, "rule %s has no parameter %q", r.ID, k.Value)
		}
		val, err := paramValue(v, r.Params[j].Value)
		if err != nil {
			return at(v.Line, "parameter %s: %v", k.Value, err)
		}
		values[k.Value] = val
	}
	return ld.recompile(r, values)
}

// recompile compiles r again from its file with new parameter values.
func (ld *loader) recompile(r *Rule, values map[string]any) error {
	nr, err := ld.rule(r.doc, r.File, r.Line, values)
	if err != nil {
		return err
	}
	nr.Group, nr.GroupName, nr.GroupNameEn, nr.Enabled = r.Group, r.GroupName, r.GroupNameEn, r.Enabled
	if nr.Countries == nil {
		nr.Countries = r.Countries // the group's
	}
	*r = *nr
	return nil
}
