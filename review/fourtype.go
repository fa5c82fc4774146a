package review

import (
	"fmt"
	"io/fs"
	"regexp"
	"strconv"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/qingfeng-court/qingfeng"
)

// FourTypeFile is where the identification rules live in a defs tree.
const FourTypeFile = "review/fourtype.yaml"

// Rule is one identification rule.
type Rule struct {
	ID      string `json:"id"`
	Type    int    `json:"type"`
	SubType string `json:"sub_type"`
	Title   string `json:"title"`
	TitleEn string `json:"title_en"`
	When    string `json:"when"`
	prog    *vm.Program
}

// Rules is the loaded fourtype.yaml.
type Rules struct {
	Rules    []Rule
	SubTypes map[string]string // sub-type → its wording in the opinion
	params   map[string]int
}

type rulesDoc struct {
	Version  int               `yaml:"version"`
	Params   map[string]int    `yaml:"params"`
	SubTypes map[string]string `yaml:"sub_types"`
	Rules    []ruleEntry       `yaml:"rules"`
}

type ruleEntry struct {
	ID      string `yaml:"id"`
	SubType string `yaml:"sub_type"`
	Title   string `yaml:"title"`
	TitleEn string `yaml:"title_en"`
	When    string `yaml:"when"`
}

// subTypePattern is a 四类 type (1–4) with an optional local sub-type.
var subTypePattern = regexp.MustCompile(`^[1-4](\.[0-9]{1,2})?$`)

// LoadRules reads and type-checks review/fourtype.yaml from fsys.
func LoadRules(fsys fs.FS) (*Rules, error) {
	var doc rulesDoc
	node, err := decodeYAML(fsys, FourTypeFile, &doc)
	if err != nil {
		return nil, err
	}
	if doc.Version != 1 {
		return nil, &LoadError{File: FourTypeFile, Reason: fmt.Sprintf("version must be 1, got %d", doc.Version)}
	}
	items := seqItems(node, "rules")
	rs := &Rules{SubTypes: doc.SubTypes, params: doc.Params}
	seen := map[string]bool{}
	for i, e := range doc.Rules {
		fail := func(key, format string, args ...any) error {
			return &LoadError{File: FourTypeFile, Line: itemLine(items, i, key), Item: e.ID, Reason: fmt.Sprintf(format, args...)}
		}
		switch {
		case e.ID == "":
			return nil, fail("id", "a rule needs an id")
		case seen[e.ID]:
			return nil, fail("id", "rule id used twice")
		case !subTypePattern.MatchString(e.SubType):
			return nil, fail("sub_type", "sub_type %q is not 1–4 with an optional sub-type such as 2.1", e.SubType)
		case doc.SubTypes[e.SubType] == "":
			return nil, fail("sub_type", "sub_type %q is not listed under sub_types", e.SubType)
		case e.Title == "" || e.TitleEn == "":
			return nil, fail("title", "a rule needs title and title_en")
		case e.When == "":
			return nil, fail("when", "a rule needs a condition (when)")
		}
		seen[e.ID] = true
		prog, err := expr.Compile(e.When, expr.Env(ruleEnv{}), expr.AsBool())
		if err != nil {
			return nil, fail("when", "condition: %v", err)
		}
		typ, _ := strconv.Atoi(e.SubType[:1])
		rs.Rules = append(rs.Rules, Rule{ID: e.ID, Type: typ, SubType: e.SubType, Title: e.Title, TitleEn: e.TitleEn, When: e.When, prog: prog})
	}
	return rs, nil
}

// Match is a rule that holds for a proceeding.
type Match struct {
	RuleID   string `json:"rule_id"`
	Type     int    `json:"type"`
	SubType  string `json:"sub_type"`
	Reason   string `json:"reason"`
	ReasonEn string `json:"reason_en"`
}

// Identify runs every rule over proceeding c (with the proceeding it derives from, when known,
// and its events) as of day asOf, and returns the rules that hold.
func (rs *Rules) Identify(c, origin *qingfeng.Case, events []qingfeng.Event, asOf qingfeng.Date) ([]Match, error) {
	env := newRuleEnv(c, origin, events, asOf, rs.params)
	var out []Match
	for _, r := range rs.Rules {
		v, err := expr.Run(r.prog, env)
		if err != nil {
			return nil, fmt.Errorf("四类 rule %s on %s: %w", r.ID, c.Number, err)
		}
		if ok, _ := v.(bool); ok {
			out = append(out, Match{RuleID: r.ID, Type: r.Type, SubType: r.SubType, Reason: r.Title, ReasonEn: r.TitleEn})
		}
	}
	return out, nil
}

// ruleEnv is what a condition sees: snake_case names, dates as day numbers, money in yuan.
type ruleEnv struct {
	Case        caseView       `expr:"case"`
	Origin      caseView       `expr:"origin"`
	HasOrigin   bool           `expr:"has_origin"`
	Events      []eventView    `expr:"events"`
	PendingDays int            `expr:"pending_days"`
	Params      map[string]int `expr:"params"`
}

type caseView struct {
	Number         string      `expr:"number"`
	Category       string      `expr:"category"`
	Stage          string      `expr:"stage"`
	Procedure      string      `expr:"procedure"`
	CauseCode      string      `expr:"cause_code"`
	Outcome        string      `expr:"outcome"`
	ClosingMethod  string      `expr:"closing_method"`
	JudgeID        string      `expr:"judge_id"`
	FiledOn        int         `expr:"filed_on"`
	ClosedOn       int         `expr:"closed_on"`
	Closed         bool        `expr:"closed"`
	Trial          bool        `expr:"trial"`
	AmountClaimed  float64     `expr:"amount_claimed"`
	PublicInterest bool        `expr:"public_interest"`
	Protest        bool        `expr:"protest"`
	FourType       []string    `expr:"four_type"`
	Parties        []partyView `expr:"parties"`
}

type partyView struct {
	Name string `expr:"name"`
	Role string `expr:"role"`
	Type string `expr:"type"`
}

type eventView struct {
	Type  string         `expr:"type"`
	Date  int            `expr:"date"`
	Actor string         `expr:"actor"`
	Attrs map[string]any `expr:"attrs"`
}

func newRuleEnv(c, origin *qingfeng.Case, events []qingfeng.Event, asOf qingfeng.Date, params map[string]int) ruleEnv {
	env := ruleEnv{Case: viewCase(c), Params: params}
	if origin != nil {
		env.Origin, env.HasOrigin = viewCase(origin), true
	}
	end := asOf
	if !c.ClosedOn.IsZero() && (asOf.IsZero() || c.ClosedOn <= asOf) {
		end = c.ClosedOn
	}
	if !c.FiledOn.IsZero() && end > c.FiledOn {
		env.PendingDays = int(end - c.FiledOn)
	}
	env.Events = make([]eventView, 0, len(events))
	for i := range events {
		e := &events[i]
		if !asOf.IsZero() && e.Date() > asOf {
			continue
		}
		attrs := e.Attrs
		if attrs == nil {
			attrs = map[string]any{}
		}
		env.Events = append(env.Events, eventView{Type: e.Type, Date: int(e.Date()), Actor: e.ActorID, Attrs: attrs})
	}
	return env
}

func viewCase(c *qingfeng.Case) caseView {
	v := caseView{
		Number: c.Number, Category: string(c.Category), Stage: string(c.Stage), Procedure: string(c.Procedure),
		CauseCode: c.CauseCode, Outcome: string(c.Outcome), ClosingMethod: string(c.ClosingMethod), JudgeID: c.JudgeID,
		FiledOn: int(c.FiledOn), ClosedOn: int(c.ClosedOn), Closed: !c.ClosedOn.IsZero(), Trial: c.Stage.IsTrial(),
		AmountClaimed: c.AmountClaimed.Yuan(), PublicInterest: c.Flags.PublicInterest, Protest: c.Flags.Protest,
		FourType: c.Flags.FourType,
	}
	v.Parties = make([]partyView, len(c.Parties))
	for i, p := range c.Parties {
		v.Parties[i] = partyView{Name: p.Name, Role: string(p.Role), Type: string(p.Type)}
	}
	return v
}
