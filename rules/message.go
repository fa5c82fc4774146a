package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/qingfeng-court/qingfeng/i18n"
)

// template is a message with {name} placeholders, filled from a hit's facts.
type template struct {
	lits  []string // literal text around the names: len(lits) == len(names)+1
	names []string
}

func parseTemplate(s string) (template, error) {
	var t template
	rest := s
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			t.lits = append(t.lits, rest)
			return t, nil
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return t, fmt.Errorf("unclosed { in message %q", s)
		}
		name := rest[i+1 : i+j]
		if name == "" || strings.ContainsAny(name, " {") {
			return t, fmt.Errorf("bad placeholder {%s} in message %q", name, s)
		}
		t.lits = append(t.lits, rest[:i])
		t.names = append(t.names, name)
		rest = rest[i+j+1:]
	}
}

func (t template) render(get func(string) string) string {
	var b strings.Builder
	for i, l := range t.lits {
		b.WriteString(l)
		if i < len(t.names) {
			b.WriteString(get(t.names[i]))
		}
	}
	return b.String()
}

// bilingual is a message in both languages.
type bilingual struct{ zh, en template }

func parseMessage(d textDoc) (bilingual, error) {
	var m bilingual
	var err error
	if m.zh, err = parseTemplate(d.ZH.Text); err != nil {
		return m, at(d.ZH.Line, "%v", err)
	}
	if m.en, err = parseTemplate(d.EN.Text); err != nil {
		return m, at(d.EN.Line, "%v", err)
	}
	return m, nil
}

// check rejects placeholders that name no fact and no parameter.
func (m bilingual) check(d textDoc, known map[string]bool) error {
	for _, part := range []struct {
		t    template
		line int
	}{{m.zh, d.ZH.Line}, {m.en, d.EN.Line}} {
		for _, n := range part.t.names {
			if !known[n] {
				return at(part.line, "message names {%s}, which is not one of %s", n, strings.Join(sorted(known), ", "))
			}
		}
	}
	return nil
}

func (m bilingual) empty() bool { return len(m.zh.lits) == 0 }

// text renders the message from facts (in each language) and parameters.
func (m bilingual) text(facts map[string]i18n.Text, r *Rule) i18n.Text {
	get := func(l i18n.Lang) func(string) string {
		return func(name string) string {
			if f, ok := facts[name]; ok {
				return f.In(l)
			}
			if v := r.Param(name); v != nil {
				return paramText(v)
			}
			return "{" + name + "}"
		}
	}
	return i18n.Text{ZH: m.zh.render(get(i18n.ZH)), EN: m.en.render(get(i18n.EN))}
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// same is a fact that reads the same in both languages.
func same(s string) i18n.Text { return i18n.Text{ZH: s, EN: s} }

// plural is a count in both languages ("3 日" / "3 days").
func plural(n int, zh, en string) i18n.Text {
	e := en
	if n != 1 {
		e += "s"
	}
	return i18n.Text{ZH: fmt.Sprintf("%d%s", n, zh), EN: fmt.Sprintf("%d %s", n, e)}
}
