package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/rules"
)

// packView is the rule pack in force as the definitions page and /api/v1/rules show it.
type packView struct {
	Name    string     `json:"name"`
	Title   string     `json:"title"`
	TitleEn string     `json:"title_en"`
	Version string     `json:"version"`
	Digest  string     `json:"digest"`
	Rules   []ruleView `json:"rules"`
}

// ruleView is one rule of the pack: what it watches, how serious a hit is, on what basis, and
// the parameters a court may tune.
type ruleView struct {
	ID        string            `json:"id"`
	Version   int               `json:"version"`
	Name      string            `json:"name"`
	NameEn    string            `json:"name_en"`
	Group     string            `json:"group"`
	Form      string            `json:"form"`
	Family    qingfeng.Family   `json:"family"`
	Severity  qingfeng.Severity `json:"severity"`
	Statutory bool              `json:"statutory"`
	Enabled   bool              `json:"enabled"`
	Basis     string            `json:"basis"`
	Note      string            `json:"note,omitempty"`
	Sources   []string          `json:"sources"`
	Params    []paramView       `json:"params"`
	File      string            `json:"file"`
	Line      int               `json:"line"`
}

// paramView is one parameter of a rule with its value in force.
type paramView struct {
	Name    string `json:"name"`
	Title   string `json:"title,omitempty"`
	TitleEn string `json:"title_en,omitempty"`
	Value   any    `json:"value"`
}

// Text writes the parameter as name = value.
func (p paramView) Text(l i18n.Lang) string {
	label := p.Name
	if t := (i18n.Text{ZH: p.Title, EN: p.TitleEn}).In(l); t != "" {
		label = t
	}
	v := fmt.Sprint(p.Value)
	if list, ok := p.Value.([]string); ok {
		v = strings.Join(list, "、")
	}
	return label + " = " + v
}

func newPackView(p *rules.Pack) *packView {
	v := &packView{Name: p.Name, Title: p.Title, TitleEn: p.TitleEn, Version: p.Version, Digest: p.Digest, Rules: []ruleView{}}
	for _, r := range p.Rules {
		rv := ruleView{ID: r.ID, Version: r.Version, Name: r.Name, NameEn: r.NameEn, Group: r.Group, Form: r.Form(), Family: r.Family,
			Severity: r.Severity, Statutory: r.Statutory, Enabled: r.Enabled, Basis: r.Basis, Note: r.Note, Sources: r.Sources,
			Params: []paramView{}, File: r.File, Line: r.Line}
		for _, pr := range r.Params {
			rv.Params = append(rv.Params, paramView{Name: pr.Name, Title: pr.Title, TitleEn: pr.TitleEn, Value: pr.Value})
		}
		v.Rules = append(v.Rules, rv)
	}
	return v
}

// rulePack is the pack the running engine evaluates, or nil when no engine runs.
func (s *Server) rulePack() *packView {
	if s.opts.Risk == nil {
		return nil
	}
	return newPackView(s.opts.Risk.Pack())
}

func (s *Server) apiRules(c *call) error {
	v := s.rulePack()
	if v == nil {
		return errEngineMissing
	}
	return c.answer(v, func() *table {
		t := &table{name: "rules", cols: []i18n.Text{{ZH: "编号", EN: "Id"}, {ZH: "名称", EN: "Name"}, {ZH: "分组", EN: "Group"},
			{ZH: "风险类别", EN: "Family"}, {ZH: "等级", EN: "Severity"}, {ZH: "法定", EN: "Statutory"}, {ZH: "启用", EN: "Enabled"},
			{ZH: "依据", EN: "Basis"}, {ZH: "参数", EN: "Parameters"}, {ZH: "版本", EN: "Version"}, {ZH: "文件", EN: "File"}}}
		for _, r := range v.Rules {
			name := r.Name
			if c.lang == i18n.EN {
				name = r.NameEn
			}
			var ps []string
			for _, p := range r.Params {
				ps = append(ps, p.Text(c.lang))
			}
			t.add(r.ID, name, r.Group, familyName(c.lang, r.Family), severityName(c.lang, r.Severity), strconv.FormatBool(r.Statutory),
				strconv.FormatBool(r.Enabled), r.Basis, strings.Join(ps, "; "), strconv.Itoa(r.Version), r.File+":"+strconv.Itoa(r.Line))
		}
		return t
	})
}
