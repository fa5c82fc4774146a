package rules

import (
	"errors"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

// Rules apply by the country of the proceeding's court: CN unless the rule or its group names
// others, the rule's own list winning over its group's.
func TestCountries(t *testing.T) {
	check := "    condition:\n      when: case.filed_on > 0\n"
	withGroup := func(countries, head string) string {
		return strings.Replace(ruleFile(head, check), "name_en: Group\n", "name_en: Group\ncountries: "+countries+"\n", 1)
	}
	for _, c := range []struct {
		name, text string
		in, out    []string
	}{
		{"default", ruleFile("", check), []string{"", "CN"}, []string{"US", "GB"}},
		{"group", withGroup("[US]", ""), []string{"US"}, []string{"", "CN", "GB"}},
		{"rule over group", withGroup("[US]", "    countries: [GB, CN, GB]\n"), []string{"", "CN", "GB"}, []string{"US"}},
	} {
		p, err := loadRule(t, c.text)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		r := p.Rule("T-1")
		for _, k := range c.in {
			if !r.AppliesIn(k) {
				t.Errorf("%s: does not apply in %q (countries %v)", c.name, k, r.Countries)
			}
			if hits, _, _ := evaluator(t).Case(&Context{Now: qingfeng.MustDate("2024-06-01"), Case: civil("2024-01-10"), Country: k}, []*Rule{r}); len(hits) != 1 {
				t.Errorf("%s: %d hits in %q", c.name, len(hits), k)
			}
		}
		for _, k := range c.out {
			if r.AppliesIn(k) {
				t.Errorf("%s: applies in %q (countries %v)", c.name, k, r.Countries)
			}
			if hits, _, _ := evaluator(t).Case(&Context{Now: qingfeng.MustDate("2024-06-01"), Case: civil("2024-01-10"), Country: k}, []*Rule{r}); len(hits) != 0 {
				t.Errorf("%s: %d hits in %q", c.name, len(hits), k)
			}
		}
	}
	for text, line := range map[string]int{
		withGroup("[cn]", ""):                    4,
		withGroup("[USA]", ""):                   4,
		ruleFile("    countries: [C1]\n", check): 13,
	} {
		_, err := loadRule(t, text)
		var le *LoadError
		if !errors.As(err, &le) || le.File != "t.yaml" || le.Line != line || !strings.Contains(err.Error(), "ISO 3166-1") {
			t.Errorf("%v, want a LoadError at line %d", err, line)
		}
	}
}

// The default pack's rules enforce Chinese law, but for the foreign-court group's.
func TestDefaultPackCountries(t *testing.T) {
	for _, r := range defaultPack(t).Rules {
		foreign := r.Group == "foreign"
		if r.AppliesIn("CN") == foreign || r.AppliesIn("US") != foreign {
			t.Errorf("%s (group %s): countries %v", r.ID, r.Group, r.Countries)
		}
	}
}
