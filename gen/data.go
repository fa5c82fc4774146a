package gen

import (
	"embed"
	"io/fs"
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

//go:embed data/*.yaml
var embedded embed.FS

// Data returns the embedded data files, for export and for tests that edit a copy.
func Data() fs.FS { return embedded }

const (
	courtsFile    = "data/courts.yaml"
	namesFile     = "data/names.yaml"
	causesFile    = "data/causes.yaml"
	anomaliesFile = "data/anomalies.yaml"
)

// courtEntry is one court of data/courts.yaml.
type courtEntry struct {
	Name      string   `yaml:"name"`
	Code      string   `yaml:"code"`
	Region    string   `yaml:"region"`
	Weight    float64  `yaml:"weight"`
	Tribunals int      `yaml:"tribunals"`
	Admin     bool     `yaml:"admin"`
	Level     string   `yaml:"level"`
	City      string   `yaml:"city"`
	Lines     []string `yaml:"lines"`
}

type divisionEntry struct {
	Role string        `yaml:"role"`
	Name string        `yaml:"name"`
	Line qingfeng.Line `yaml:"line"`
	When string        `yaml:"when"`
}

type courtsData struct {
	High   courtEntry `yaml:"high"`
	Cities []struct {
		Name  string       `yaml:"name"`
		Court courtEntry   `yaml:"court"`
		Basic []courtEntry `yaml:"basic"`
	} `yaml:"cities"`
	Special   []courtEntry               `yaml:"special"`
	Divisions map[string][]divisionEntry `yaml:"divisions"`
}

// Division roles: what work a division receives.
const (
	roleFiling         = "filing"
	roleCriminal       = "criminal"
	roleCivil          = "civil"
	roleCommercial     = "commercial"
	roleAdministrative = "administrative"
	roleSupervision    = "supervision"
	roleEnforcement    = "enforcement"
	roleManagement     = "management"
	roleInspection     = "inspection"
	roleFinance        = "finance"
	roleTribunal       = "tribunal"
)

var divisionRoles = []string{roleFiling, roleCriminal, roleCivil, roleCommercial, roleAdministrative,
	roleSupervision, roleEnforcement, roleManagement, roleInspection, roleFinance}

func loadCourts(fsys fs.FS) (*courtsData, error) {
	d := &courtsData{}
	root, err := decodeFile(fsys, courtsFile, d)
	if err != nil {
		return nil, err
	}
	c := &checker{file: courtsFile, root: root}
	codes := map[string]bool{}
	code := func(path, code, prefix string, digits int) {
		if !strings.HasPrefix(code, prefix) || len(code) != len(prefix)+digits || !allDigits(code[len(prefix):]) {
			c.failf(path, "court code %q must be %s followed by %d digits", code, prefix, digits)
		}
		if codes[code] {
			c.failf(path, "court code %q appears twice", code)
		}
		codes[code] = true
	}
	if d.High.Code != "闽" || d.High.Name == "" {
		c.failf("high", "the high court must have code 闽 and a name")
	}
	codes[d.High.Code] = true
	for i, city := range d.Cities {
		p := "cities." + itoa(i)
		code(p+".court.code", city.Court.Code, "闽", 2)
		if len(city.Basic) == 0 {
			c.failf(p+".basic", "a city needs basic courts")
		}
		for j, b := range city.Basic {
			bp := p + ".basic." + itoa(j)
			code(bp+".code", b.Code, city.Court.Code, 2)
			if b.Weight <= 0 {
				c.failf(bp+".weight", "must be positive")
			}
			if b.Region != "" && (len(b.Region) != 6 || b.Region[:4] != "35"+city.Court.Code[len("闽"):]) {
				c.failf(bp+".region", "region %q is not a county of the city", b.Region)
			}
		}
	}
	for i, s := range d.Special {
		p := "special." + itoa(i)
		if s.Level != "intermediate" && s.Level != "basic" {
			c.failf(p+".level", "special courts are intermediate or basic, not %q", s.Level)
		}
		if codes[s.Code] || !strings.HasPrefix(s.Code, "闽") {
			c.failf(p+".code", "court code %q is taken or not of this province", s.Code)
		}
		codes[s.Code] = true
		found := false
		for _, city := range d.Cities {
			found = found || city.Name == s.City
		}
		if !found {
			c.failf(p+".city", "unknown city %q", s.City)
		}
		for _, l := range s.Lines {
			if l != "maritime" && l != "administrative" {
				c.failf(p+".lines", "unknown line %q", l)
			}
		}
	}
	for _, kind := range []string{"high", "intermediate", "basic", "maritime", "railway"} {
		ds, ok := d.Divisions[kind]
		if !ok {
			c.failf("divisions", "no divisions for %s courts", kind)
			continue
		}
		for i, e := range ds {
			p := "divisions." + kind + "." + itoa(i)
			if !contains(divisionRoles, e.Role) {
				c.failf(p+".role", "unknown role %q", e.Role)
			}
			if !qingfeng.Valid(qingfeng.Lines, e.Line) {
				c.failf(p+".line", "unknown line %q", e.Line)
			}
		}
	}
	return d, c.err
}

// namesData is data/names.yaml.
type namesData struct {
	Surnames        weights  `yaml:"surnames"`
	GivenMale       []string `yaml:"given_male"`
	GivenFemale     []string `yaml:"given_female"`
	CompanyPrefix   []string `yaml:"company_prefix"`
	CompanyIndustry []string `yaml:"company_industry"`
	Lenders         []string `yaml:"lenders"`
	FirmWords       []string `yaml:"firm_words"`
	Occupations     []string `yaml:"occupations"`
	Tribunals       []string `yaml:"tribunals"`
	Organs          []string `yaml:"organs"`
}

func loadNames(fsys fs.FS) (*namesData, error) {
	d := &namesData{}
	root, err := decodeFile(fsys, namesFile, d)
	if err != nil {
		return nil, err
	}
	c := &checker{file: namesFile, root: root}
	for path, l := range sorted(map[string][]string{"given_male": d.GivenMale, "given_female": d.GivenFemale,
		"company_prefix": d.CompanyPrefix, "company_industry": d.CompanyIndustry, "lenders": d.Lenders,
		"firm_words": d.FirmWords, "occupations": d.Occupations, "tribunals": d.Tribunals, "organs": d.Organs}) {
		if len(l) == 0 {
			c.failf(path, "list is empty")
		}
	}
	if len(d.FirmWords) < 4 {
		c.failf("firm_words", "needs at least four words")
	}
	return d, c.err
}

// cause is one 案由 of data/causes.yaml.
type cause struct {
	Code        string  `yaml:"code"`
	Name        string  `yaml:"name"`
	Weight      float64 `yaml:"weight"`
	Line        string  `yaml:"line"`
	Amount      []int   `yaml:"amount"`
	SmallClaims bool    `yaml:"small_claims"`
	Group       bool    `yaml:"group"`
	Lender      bool    `yaml:"lender"`
	Sentence    []int   `yaml:"sentence"`
	Probation   float64 `yaml:"probation"`
	Class       string  `yaml:"class"`
}

type causeList struct {
	items []cause
	w     weights
}

func (l *causeList) draw(r *rng) *cause { return &l.items[l.w.draw(r)] }

type causesData struct {
	Civil             []cause `yaml:"civil"`
	Maritime          []cause `yaml:"maritime"`
	Criminal          []cause `yaml:"criminal"`
	Administrative    []cause `yaml:"administrative"`
	NonLitigation     []cause `yaml:"non_litigation"`
	Enforcement       []cause `yaml:"enforcement"`
	Preservation      []cause `yaml:"preservation"`
	StateCompensation []cause `yaml:"state_compensation"`

	civil, maritime, criminal, admin, nonLit, enforcement, preservation, stateComp causeList
}

func loadCauses(fsys fs.FS) (*causesData, error) {
	d := &causesData{}
	root, err := decodeFile(fsys, causesFile, d)
	if err != nil {
		return nil, err
	}
	c := &checker{file: causesFile, root: root}
	lists := []struct {
		path    string
		items   []cause
		out     *causeList
		amounts bool
	}{
		{"civil", d.Civil, &d.civil, true}, {"maritime", d.Maritime, &d.maritime, true},
		{"criminal", d.Criminal, &d.criminal, false}, {"administrative", d.Administrative, &d.admin, false},
		{"non_litigation", d.NonLitigation, &d.nonLit, true}, {"enforcement", d.Enforcement, &d.enforcement, false},
		{"preservation", d.Preservation, &d.preservation, false}, {"state_compensation", d.StateCompensation, &d.stateComp, false},
	}
	for _, l := range lists {
		if len(l.items) == 0 {
			c.failf(l.path, "list is empty")
			continue
		}
		keys := make([]string, len(l.items))
		vals := make([]float64, len(l.items))
		for i, it := range l.items {
			p := l.path + "." + itoa(i)
			if it.Code == "" || it.Name == "" {
				c.failf(p, "code and name are required")
			}
			c.positive(p+".weight", it.Weight)
			if l.amounts {
				c.buckets(p+".amount", it.Amount, 0, 1_000_000_000)
			}
			if l.path == "civil" || l.path == "maritime" {
				if it.Line != "civil" && it.Line != "commercial" {
					c.failf(p+".line", "line must be civil or commercial, not %q", it.Line)
				}
			}
			if l.path == "criminal" {
				c.buckets(p+".sentence", it.Sentence, 1, 300)
				c.prob(p+".probation", it.Probation)
				if !contains([]string{"", "official", "organised", "financial"}, it.Class) {
					c.failf(p+".class", "unknown class %q", it.Class)
				}
			}
			keys[i], vals[i] = it.Code, it.Weight
		}
		if c.err == nil {
			*l.out = causeList{items: l.items, w: newWeights(keys, vals)}
		}
	}
	return d, c.err
}

// anomalyEntry is one row of data/anomalies.yaml.
type anomalyEntry struct {
	Name    string  `yaml:"name"`
	Rule    string  `yaml:"rule"`
	Rate    float64 `yaml:"rate"`
	Unit    string  `yaml:"unit"`
	Title   string  `yaml:"title"`
	TitleEn string  `yaml:"title_en"`
}

func loadAnomalies(fsys fs.FS) ([]anomalyEntry, error) {
	var d struct {
		Anomalies []anomalyEntry `yaml:"anomalies"`
	}
	root, err := decodeFile(fsys, anomaliesFile, &d)
	if err != nil {
		return nil, err
	}
	c := &checker{file: anomaliesFile, root: root}
	byName := map[string]anomalyEntry{}
	for i, a := range d.Anomalies {
		p := "anomalies." + itoa(i)
		if _, dup := byName[a.Name]; dup {
			c.failf(p+".name", "anomaly %q appears twice", a.Name)
		}
		if anomalyIndex(a.Name) < 0 {
			c.failf(p+".name", "the generator cannot inject %q", a.Name)
		}
		if a.Rule == "" || a.Title == "" || a.TitleEn == "" {
			c.failf(p, "rule, title and title_en are required")
		}
		c.prob(p+".rate", a.Rate)
		byName[a.Name] = a
	}
	out := make([]anomalyEntry, len(anomalyNames))
	for i, n := range anomalyNames {
		a, ok := byName[n]
		if !ok {
			c.failf("anomalies", "missing anomaly %q", n)
		}
		out[i] = a
	}
	return out, c.err
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
