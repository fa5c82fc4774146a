package indicator

import (
	"errors"
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
)

func qingfengDate(s string) qingfeng.Date { return qingfeng.MustDate(s) }

func TestShippedPacks(t *testing.T) {
	packs, err := Packs(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	count := func(id string) int {
		n := 0
		for _, ind := range packs[id].Indicators {
			if !ind.Auxiliary {
				n++
			}
		}
		return n
	}
	// 18 since September 2024; 22 of the 26 of January 2024 are known; four international.
	for id, want := range map[string]int{"spc-2024-09": 18, "spc-2024-01": 22, "intl": 4} {
		if packs[id] == nil || count(id) != want {
			t.Errorf("pack %s: %d indicators, want %d", id, count(id), want)
		}
	}
	for _, removed := range []string{"E6", "E7", "Q4", "F11"} {
		if packs["spc-2024-01"].Indicator(removed) == nil || packs["spc-2024-09"].Indicator(removed) != nil {
			t.Errorf("%s should be in spc-2024-01 only", removed)
		}
	}
}

const goodPack = `pack: t
version: "1"
name: {zh: 测试, en: test}
indicators:
  - id: A
    name: {zh: 甲, en: a}
    dimension: quality
    evidence: plausible
    direction: lower
    unit: percent
    numerator: {when: closed}
    denominator: {when: filed}
`

// A pack that does not load names its file, the indicator and the line of the fault.
func TestPackErrors(t *testing.T) {
	if _, err := LoadPack(fstest.MapFS{"p.yaml": {Data: []byte(goodPack)}}, "p.yaml"); err != nil {
		t.Fatalf("good pack: %v", err)
	}
	cases := []struct {
		name, from, to string
		line           int
		ind, reason    string
	}{
		{"unknown field", "    unit: percent\n", "    unit: percent\n    colour: red\n", 11, "A", "colour"},
		{"bad stage", "denominator: {when: filed}", "denominator: {when: filed, where: {stage: [appeal]}}", 12, "A", `stage "appeal"`},
		{"bad when", "numerator: {when: closed}", "numerator: {when: yesterday}", 11, "A", "when"},
		{"bad direction", "direction: lower", "direction: sideways", 9, "A", "direction"},
		{"sum of a mediation", "numerator: {when: closed}", "numerator: {of: mediations, when: concluded, sum: size}", 11, "A", "sum"},
		{"age without pending", "numerator: {when: closed}", "numerator: {when: closed, where: {age_over: 365}}", 11, "A", "age_over"},
		{"range upside down", "    denominator: {when: filed}\n", "    denominator: {when: filed}\n    ranges:\n      - {lower: 5, upper: 1}\n", 14, "A", "above upper"},
		{"no denominator", "    denominator: {when: filed}\n", "", 5, "A", "denominator"},
		{"duplicate id", "    denominator: {when: filed}\n", "    denominator: {when: filed}\n  - id: A\n", 13, "A", "twice"},
	}
	for _, c := range cases {
		src := strings.Replace(goodPack, c.from, c.to, 1)
		if src == goodPack {
			t.Fatalf("%s: the edit did not apply", c.name)
		}
		_, err := LoadPack(fstest.MapFS{"packs/p.yaml": {Data: []byte(src)}}, "packs/p.yaml")
		var le *LoadError
		if !errors.As(err, &le) {
			t.Errorf("%s: error %v is not a LoadError", c.name, err)
			continue
		}
		if le.File != "packs/p.yaml" || le.Line != c.line || le.Indicator != c.ind || !strings.Contains(le.Reason, c.reason) {
			t.Errorf("%s: got %q (line %d, indicator %q), want line %d, indicator %s, reason with %q", c.name, err, le.Line, le.Indicator, c.line, c.ind, c.reason)
		}
	}
}

func TestPeriods(t *testing.T) {
	for _, s := range []string{"2024", "2024Q3", "2024-03", "2024YTD09", "2024YTD"} {
		p, err := ParsePeriod(s)
		if err != nil || p.String() != s {
			t.Errorf("%s: %v %v", s, p, err)
		}
	}
	for _, s := range []string{"24", "2024Q5", "2024-13", "2024YTD13", "2024H1"} {
		if _, err := ParsePeriod(s); err == nil {
			t.Errorf("%s parsed", s)
		}
	}
	q, _ := ParsePeriod("2024Q1")
	if q.Start().String() != "2024-01-01" || q.End().String() != "2024-03-31" || q.Days() != 91 {
		t.Errorf("2024Q1: %s–%s, %d days", q.Start(), q.End(), q.Days())
	}
	y, _ := ParsePeriod("2024")
	if y.Days() != 365 { // CEPEJ's year, even in a leap year
		t.Errorf("year days %d", y.Days())
	}
	// monthOf agrees with the calendar on every day of a range crossing leap years and 1970.
	for d := qingfengDate("1968-12-25"); d < qingfengDate("2030-03-02"); d++ {
		y, m, _ := d.YMD()
		if monthOf(d) != int32(y*12+int(m)-1) || monthStart(monthOf(d)) > d {
			t.Fatalf("monthOf(%s) = %d", d, monthOf(d))
		}
	}
}

func TestNumbers(t *testing.T) {
	n := newNumbers()
	in := []string{"（2024）闽0102民初1234号", "（2024）闽0102民初1235号", "（2023）闽01民终7号", "（2024）闽0102民初1234号之一",
		"（2024）最高法民申3号", "X-17", "（2024）闽0102民初01号"}
	rows := map[string]int32{}
	for i := 0; i < 3000; i++ { // enough to grow the table several times
		s := in[i%len(in)]
		if i >= len(in) {
			s = "（2022）闽0102执" + itoa(i) + "号"
		}
		r, _ := n.row(s)
		rows[s] = r
	}
	for s, r := range rows {
		if got := n.decode(n.codes[r]); got != s {
			t.Errorf("decode(row of %s) = %s", s, got)
		}
		if f := n.find(s); f != r {
			t.Errorf("find(%s) = %d, want %d", s, f, r)
		}
	}
	if n.find("（2099）闽0102民初1号") != -1 {
		t.Error("found a number never added")
	}
}

func TestRobustZ(t *testing.T) {
	hist := []float64{10, 11, 9, 10, 12, 10, 11, 9}
	if m := flag(10.5, hist, 3.5, "history"); m != nil {
		t.Errorf("10.5 flagged against %v: %+v", hist, m)
	}
	m := flag(20, hist, 3.5, "history")
	// median 10, MAD 1 → z = 10 / 1.4826
	if m == nil || math.Abs(m.Z-6.74) > 0.01 || m.Baseline != 10 || m.Move != 10 {
		t.Errorf("20 against %v: %+v", hist, m)
	}
	if m := flag(11, []float64{10, 10, 10, 10, 10, 10}, 3.5, "peers"); m == nil || m.Z != 99 {
		t.Errorf("a departure from identical peers: %+v", m)
	}
}
