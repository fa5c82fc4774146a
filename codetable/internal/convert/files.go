package main

import (
	"fmt"
	"strings"
)

func causesFile(s *source, date string) ([]byte, error) {
	parent := make(map[string]string, len(s.anyou))
	for _, n := range s.anyou {
		parent[n.ID] = n.ParentID
	}
	var d doc
	header(&d, fmt.Sprintf("案由 (causes of action): the SPC's tree of criminal, civil, enforcement, state-compensation and\nadministrative causes, %d nodes. This is the 2011 民事案由规定 as amended in 2018, with the\n2008–2011 causes kept in the branch lsay, not the 2020 revision.", len(s.anyou)), "anyou.json", date)
	d.comment(`
What was changed: nothing in codes, names or parents; parentid "0" (a root) is written as no
  parent; the source order is kept.
Qingfeng's addition (not the SPC's): category, derived by the converter from the root each node hangs from
  (1 criminal, 9000 civil, 3200 enforcement, 2100 state_compensation, xzay administrative),
  and historical for lsay and everything under it. The loader checks that every node keeps
  its parent's category, except that a branch may turn historical.`)
	d.line(0, "causes:")
	for _, n := range s.anyou {
		cat, err := causeCategory(n.ID, parent)
		if err != nil {
			return nil, err
		}
		p := n.ParentID
		if p == "0" {
			p = ""
		}
		d.entry(2, str("code", n.ID), str("name", n.Name), str("parent", p), enum("category", cat))
	}
	return d.bytes(), nil
}

// causeCategory walks from id to its root; the walk is bounded so a cycle in the source
// becomes an error instead of a hang.
func causeCategory(id string, parent map[string]string) (string, error) {
	historical := false
	for range len(parent) + 1 {
		if id == historicalBranch {
			historical = true
		}
		p, ok := parent[id]
		if !ok {
			return "", fmt.Errorf("anyou: node %s has no entry", id)
		}
		if p == "0" {
			cat, ok := causeRoots[id]
			if !ok {
				return "", fmt.Errorf("anyou: unexpected root %s", id)
			}
			if historical {
				return "historical", nil
			}
			return cat, nil
		}
		id = p
	}
	return "", fmt.Errorf("anyou: cycle through %s", id)
}

func closingFile(s *source, date string) ([]byte, error) {
	var names, codes []string
	for _, e := range s.jiean {
		if dropSpaces(e.Name) != e.Name {
			names = append(names, e.Name)
		}
		if dropSpaces(e.Code) != e.Code {
			codes = append(codes, quote(e.Code))
		}
	}
	var d doc
	header(&d, fmt.Sprintf("结案方式 (closing methods): the SPC's %d codes.", len(s.jiean)), "jiean.json", date)
	d.comment(fmt.Sprintf(`
What was changed: the app's row number (id) is dropped, as it is not a code; stray ASCII
  spaces the capture left inside %d names and %d codes (%s) are removed,
  and the published form is kept in source_name / source_code; the source order is kept.`,
		len(names), len(codes), strings.Join(codes, ", ")))
	d.comment(`Qingfeng's addition (not the SPC's): project_method, the closing method of /enum.go
  that the code amounts to. Specific methods (judgment, mediation, withdrawal, dismissal,
  transfer, combined and the enforcement outcomes) where the SPC name says so; ruling for
  other dispositions made by 裁定; no project_method where nothing fits: dispositions made by
  决定 or 通知, preservation outcomes and internal steps (报请, 指令, 备案 …). 255 其他 is other.`)
	d.line(0, "closing_methods:")
	seen := map[string]bool{}
	for _, e := range s.jiean {
		code, name := dropSpaces(e.Code), dropSpaces(e.Name)
		srcCode, srcName := "", ""
		if code != e.Code {
			srcCode = e.Code
		}
		if name != e.Name {
			srcName = e.Name
		}
		seen[code] = true
		d.entry(2, str("code", code), str("name", name), str("source_code", srcCode), str("source_name", srcName),
			enum("project_method", closingMethods[code]))
	}
	for code := range closingMethods {
		if !seen[code] {
			return nil, fmt.Errorf("jiean: mapping names code %s, which the source does not have", code)
		}
	}
	return d.bytes(), nil
}

func proceduresFile(s *source, date string) ([]byte, error) {
	mapped, err := spanMapping(s.spcx)
	if err != nil {
		return nil, err
	}
	var d doc
	header(&d, fmt.Sprintf("审判程序 (procedure codes): the SPC's %d codes in three levels, mirroring the 案件类型 standard\n(法〔2015〕137号 人民法院案件类型及其代字标准) without its 代字: level 0 is the case category\n(03 民事案件), level 1 a procedure (0301 民事一审), level 2 a sub-procedure (1002 首次执行).", len(s.spcx)), "spcx.json", date)
	d.comment(`
What was changed: key is written as name; parent is added, taken from the source order (the
  source gives only each code's level: a level-1 code belongs to the level-0 code before it,
  a level-2 code to the level-1 code before it); the source order is kept. Kept as published:
  code 07048 请求外国法院送达文书审查 (its place in the list suggests 0708) and the name 罪脏移交
  (for 罪赃移交).
Qingfeng's additions (not the SPC's): project_category and project_stage, the Category and Stage of /enum.go
  a proceeding with this code has. A case category, or a group whose members differ in stage,
  has no project_stage; 01 管辖案件 has neither, as it spans several categories.`)
	d.line(0, "procedures:")
	var last [2]string // the latest code seen at levels 0 and 1
	for i, e := range s.spcx {
		parent := ""
		switch e.Level {
		case 0:
		case 1, 2:
			parent = last[e.Level-1]
			if parent == "" {
				return nil, fmt.Errorf("spcx: %s at level %d comes before any level %d code", e.Code, e.Level, e.Level-1)
			}
		default:
			return nil, fmt.Errorf("spcx: %s has level %d", e.Code, e.Level)
		}
		if e.Level < 2 {
			last[e.Level] = e.Code
			if e.Level == 0 {
				last[1] = ""
			}
		}
		m := mapped[i]
		d.entry(2, str("code", e.Code), str("name", e.Key), num("level", e.Level), str("parent", parent),
			enum("project_category", m.category), enum("project_stage", m.stage))
	}
	return d.bytes(), nil
}

// spanMapping applies procedureSpans to the source list, refusing spans whose ends are
// missing or out of order and spans that overlap.
func spanMapping(list []spcxEntry) ([]procedureSpan, error) {
	at := make(map[string]int, len(list))
	for i, e := range list {
		at[e.Code] = i
	}
	out := make([]procedureSpan, len(list))
	done := make([]bool, len(list))
	for _, sp := range procedureSpans {
		i, ok1 := at[sp.first]
		j, ok2 := at[sp.last]
		if !ok1 || !ok2 || i > j {
			return nil, fmt.Errorf("spcx mapping: span %s…%s does not match the source", sp.first, sp.last)
		}
		for k := i; k <= j; k++ {
			if done[k] {
				return nil, fmt.Errorf("spcx mapping: %s is in two spans", list[k].Code)
			}
			done[k] = true
			out[k] = sp
		}
	}
	return out, nil
}

// miscDicts are the cls dictionaries converted, with their ids in misc.yaml.
var miscDicts = []struct{ id, cls, enum string }{
	{"case_types", "案件类型", "category"},
	{"document_types", "文书类型", ""},
	{"court_levels", "法院层级", "court_level"},
	{"unpublished_reasons", "不公开理由", ""},
}

func miscFile(s *source, date string) ([]byte, error) {
	levelZero := map[string]string{}
	mapped, err := spanMapping(s.spcx)
	if err != nil {
		return nil, err
	}
	for i, e := range s.spcx {
		if e.Level == 0 {
			levelZero[e.Code] = mapped[i].category
		}
	}
	var d doc
	header(&d, "Small SPC dictionaries: 案件类型 (case categories), 文书类型 (document types), 法院层级 (court\nlevels) and 不公开理由 (reasons a judgment is not published online).", "cls.json", date)
	d.comment(`
What was changed: each "code=name;" string is written as a list; the entries 0=全部 and
  00=全部 ("all", a search-filter choice of the app, not a code) are left out. Not converted,
  being search options of the app rather than court codes: 全文, 案件类型简称, 案例等级,
  公开类型, 是否知识产权, 智能检索.
Qingfeng's additions (not the SPC's): project_enum names the enumeration of /enum.go that the dictionary's
  project_value fields belong to: the category of each 案件类型 (the same as the level-0 codes
  of procedures.yaml; 01 管辖案件 has none) and the court level of each 法院层级.`)
	d.line(0, "dictionaries:")
	for _, m := range miscDicts {
		pairs, err := s.clsPairs(m.cls)
		if err != nil {
			return nil, err
		}
		d.line(2, "- id: "+m.id)
		d.line(4, "name: "+quote(m.cls))
		if m.enum != "" {
			d.line(4, "project_enum: "+m.enum)
		}
		d.line(4, "entries:")
		for _, p := range pairs {
			if p.name == "全部" {
				continue
			}
			project := ""
			switch m.id {
			case "case_types":
				project = levelZero[p.code]
			case "court_levels":
				project = courtLevels[p.code]
			}
			d.entry(6, str("code", p.code), str("name", p.name), enum("project_value", project))
		}
	}
	return d.bytes(), nil
}
