package rules

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/defs"
)

func limits(t testing.TB) *calendar.Limits {
	t.Helper()
	lim, err := calendar.LoadLimits(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	return lim
}

func defaultPack(t testing.TB) *Pack {
	t.Helper()
	p, err := Load(defs.Default(), DefaultPack, limits(t))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// ruleFile is a group file with one rule made of head (fields above the check) and check.
func ruleFile(head, check string) string {
	return `group: g
name: 组
name_en: Group
rules:
  - id: T-1
    name: 测试
    name_en: Test
    family: care
    severity: warning
    sources: [cms]
    basis: 测试依据
    message: {zh: "命中", en: "hit"}
` + head + check
}

func loadRule(t *testing.T, text string) (*Pack, error) {
	t.Helper()
	return LoadFile(defs.Default(), "t.yaml", []byte(text), limits(t))
}

func TestDefaultPackLoads(t *testing.T) {
	p := defaultPack(t)
	forms := map[string]int{}
	statutory := 0
	for _, r := range p.Rules {
		forms[r.Form()]++
		if r.Statutory {
			statutory++
		}
		if r.Basis == "" || r.Name == "" || r.NameEn == "" || len(r.Sources) == 0 {
			t.Errorf("%s lacks its basis, names or sources", r.ID)
		}
	}
	if len(p.Rules) < 50 {
		t.Errorf("the default pack has %d rules, fewer than 50", len(p.Rules))
	}
	for _, f := range []string{"condition", "sequence", "relation", "aggregate"} {
		if forms[f] == 0 {
			t.Errorf("no rule of the %s form", f)
		}
	}
	t.Logf("%d rules (%d statutory): %v", len(p.Rules), statutory, forms)
}

// Every kind of mistake in a rule file fails at load, naming the file, the line, the rule and,
// for an expression, the position inside it.
func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name, head, check string
		line              int
		says              []string
	}{
		{"field typo", "", `    condition:
      when: case.filed_onn > 0
`, 14, []string{"T-1", "filed_onn", "column"}},
		{"type mismatch", "", `    condition:
      when: case.filed_on > "2024-01-01"
`, 14, []string{"T-1", "mismatched types"}},
		{"unknown event type in on", "", `    condition:
      on: [filedd]
      when: "true"
`, 15, []string{"filedd"}},
		{"unknown event type in an expression", "", `    condition:
      when: any(events, .type == "filedd")
`, 14, []string{"unknown event type", "filedd"}},
		{"unknown event type in a helper", "", `    condition:
      when: hasType(events, "judgment_pronouncd")
`, 14, []string{"judgment_pronouncd"}},
		{"unknown time-limit row", "", `    sequence:
      from: {date: case.received_on}
      expect: {date: case.filed_on}
      within: {limit: filing_suitt}
`, 0, []string{"filing_suitt"}},
		{"unknown row in limitEnd", "", `    condition:
      when: case.filed_on > limitEnd("nope", case.received_on)
`, 14, []string{"unknown time-limit row", "nope"}},
		{"second line of a block", "", `    condition:
      when: |
        case.filed_on > 0 &&
        case.stagee == "x"
`, 16, []string{"stagee", "expression line 2"}},
		{"unknown field in the file", "    severty: red\n", `    condition:
      when: "true"
`, 13, []string{"severty"}},
		{"checks and a form", "", `    condition:
      when: "true"
    checks:
      - condition: {when: "true"}
`, 5, []string{"either checks or one form"}},
		{"findLast", "", `    condition:
      on: [seized]
      when: findLast(events, .type == "seized") != nil
`, 15, []string{"expr-lang/expr#950"}},
		{"a params expression of the wrong type", "    params: {days: 7}\n", `    sequence:
      from: {date: case.received_on}
      expect: {date: case.filed_on}
      within: {days: params.dayz}
`, 0, []string{"dayz"}},
		{"event variable in a proceeding condition", "", `    condition:
      when: event.type == "filed"
`, 14, []string{"unknown name event"}},
		{"relation name of another join", "", `    relation:
      join: agents
      where: relative.relation == "spouse"
`, 0, []string{"relative"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadRule(t, ruleFile(c.head, c.check))
			if err == nil {
				t.Fatal("loaded")
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("%T %v is not a LoadError", err, err)
			}
			if le.File != "t.yaml" {
				t.Errorf("file %q", le.File)
			}
			if c.line != 0 && le.Line != c.line {
				t.Errorf("line %d, want %d: %v", le.Line, c.line, err)
			}
			for _, s := range c.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%q does not say %q", err, s)
				}
			}
		})
	}
}

func TestMessagePlaceholdersAreChecked(t *testing.T) {
	text := strings.Replace(ruleFile("", `    condition:
      when: "true"
`), `message: {zh: "命中", en: "hit"}`, `message: {zh: "命中 {nothing}", en: "hit"}`, 1)
	_, err := loadRule(t, text)
	if err == nil || !strings.Contains(err.Error(), "{nothing}") {
		t.Fatalf("err %v", err)
	}
}

func TestDuplicateID(t *testing.T) {
	text := ruleFile("", "    condition:\n      when: \"true\"\n")
	rule := text[strings.Index(text, "  - id: T-1"):]
	_, err := loadRule(t, text+rule)
	if err == nil || !strings.Contains(err.Error(), "used twice") {
		t.Fatalf("err %v", err)
	}
}

// A court's params.yaml changes a threshold without touching the rule, and switches rules
// off; a wrong type or an unknown name fails at load with the line.
func TestParamsOverride(t *testing.T) {
	lim := limits(t)
	over := func(text string) (*Pack, error) {
		fsys := layeredFS{top: fstest.MapFS{"rules/params.yaml": {Data: []byte(text)}}}
		return Load(fsys, DefaultPack, lim)
	}
	p, err := over("overrides:\n  - rule: R-19\n    params: {days: 90}\n  - rule: R-08\n    enabled: false\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Rule("R-19").Param("days"); got != 90 {
		t.Errorf("R-19 days = %v", got)
	}
	if p.Rule("R-08").Enabled {
		t.Error("R-08 still enabled")
	}
	seq := p.Rule("R-19").checks[0].(*sequence)
	if seq.within.days != 90 {
		t.Errorf("the sequence still waits %d days", seq.within.days)
	}
	for text, says := range map[string]string{
		"overrides:\n  - rule: R-19\n    params: {days: ninety}\n": "must be int",
		"overrides:\n  - rule: R-19\n    params: {weeks: 1}\n":     "no parameter",
		"overrides:\n  - rule: R-99\n":                             "no rule",
	} {
		_, err := over(text)
		var le *LoadError
		if !errors.As(err, &le) || le.File != "rules/params.yaml" || le.Line == 0 || !strings.Contains(err.Error(), says) {
			t.Errorf("%q: %v", text, err)
		}
	}
}

// layeredFS is the embedded definitions with files of top over them.
type layeredFS struct{ top fstest.MapFS }

func (l layeredFS) Open(name string) (fs.File, error) {
	if f, err := l.top.Open(name); err == nil {
		return f, nil
	}
	return defs.Default().Open(name)
}

func TestVocabularyErrors(t *testing.T) {
	for text, says := range map[string]string{
		"events:\n  - {type: a, name: 甲, name_en: A, attrs: [nonsense]}\n":                  "nonsense",
		"events:\n  - {type: a, name: 甲, name_en: A}\n  - {type: a, name: 乙, name_en: B}\n": "twice",
		"events:\n  - {type: a, name: 甲}\n":                                                 "name_en",
		"events:\n  - {type: a, name: 甲, name_en: A, colour: red}\n":                        "colour",
	} {
		_, err := LoadVocabulary(fstest.MapFS{"rules/events.yaml": {Data: []byte(text)}})
		var le *LoadError
		if !errors.As(err, &le) || le.Line == 0 || !strings.Contains(err.Error(), says) {
			t.Errorf("%q: %v", text, err)
		}
	}
}
