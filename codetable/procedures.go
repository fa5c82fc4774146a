package codetable

import (
	"io/fs"

	"github.com/qingfeng-court/qingfeng"
)

// ProcedureCode is one SPC 审判程序 code: a case category (level 0, e.g. 03 民事案件), a
// procedure (level 1, e.g. 0301 民事一审) or a sub-procedure (level 2, e.g. 1002 首次执行).
type ProcedureCode struct {
	Code     string
	Name     string
	Level    int
	Parent   string            // empty at level 0
	Category qingfeng.Category // Qingfeng's category; empty where none fits
	Stage    qingfeng.Stage    // Qingfeng's stage; empty where none fits
}

// Procedures is the loaded 审判程序 table.
type Procedures struct {
	list     []ProcedureCode
	index    map[string]int
	children map[string][]int
}

type procedureFile struct {
	Procedures []struct {
		Code     string `yaml:"code"`
		Name     string `yaml:"name"`
		Level    int    `yaml:"level"`
		Parent   string `yaml:"parent"`
		Category string `yaml:"project_category"`
		Stage    string `yaml:"project_stage"`
	} `yaml:"procedures"`
}

// Lookup returns the procedure with the given code.
func (p *Procedures) Lookup(code string) (ProcedureCode, bool) {
	i, ok := p.index[code]
	if !ok {
		return ProcedureCode{}, false
	}
	return p.list[i], true
}

// CategoryStage returns Qingfeng's category and stage for a procedure code; false when the
// code is unknown or no stage fits it (a case category such as 02 刑事案件, or a group
// such as 0303 民事审判监督 that covers several stages).
func (p *Procedures) CategoryStage(code string) (qingfeng.Category, qingfeng.Stage, bool) {
	i, ok := p.index[code]
	if !ok || p.list[i].Stage == "" {
		return "", "", false
	}
	return p.list[i].Category, p.list[i].Stage, true
}

// Children returns the procedures directly under code in file order; the empty code gives
// the case categories.
func (p *Procedures) Children(code string) []ProcedureCode {
	kids := p.children[code]
	out := make([]ProcedureCode, len(kids))
	for k, j := range kids {
		out[k] = p.list[j]
	}
	return out
}

// Len is the number of procedure codes.
func (p *Procedures) Len() int { return len(p.list) }

func loadProcedures(fsys fs.FS, path string) (*Procedures, error) {
	var f procedureFile
	top, err := readStrict(fsys, path, &f)
	if err != nil {
		return nil, err
	}
	lines, err := seqLines(path, top, "procedures")
	if err != nil {
		return nil, err
	}
	p := &Procedures{index: map[string]int{}, children: map[string][]int{}}
	for i, e := range f.Procedures {
		line := lines[i]
		cat, stage := qingfeng.Category(e.Category), qingfeng.Stage(e.Stage)
		switch {
		case e.Code == "" || e.Name == "":
			return nil, loadErr(path, line, ErrInvalid, "code and name are required")
		case (e.Level == 0) != (e.Parent == ""):
			return nil, loadErr(path, line, ErrInvalid, "procedure %s: level 0 and only level 0 has no parent", e.Code)
		case cat != "" && !qingfeng.Valid(qingfeng.Categories, cat):
			return nil, loadErr(path, line, ErrUnknownValue, "procedure %s: project_category %q", e.Code, e.Category)
		case stage != "" && !qingfeng.Valid(qingfeng.Stages, stage):
			return nil, loadErr(path, line, ErrUnknownValue, "procedure %s: project_stage %q", e.Code, e.Stage)
		case stage != "" && cat == "":
			return nil, loadErr(path, line, ErrInvalid, "procedure %s: project_stage needs a project_category", e.Code)
		}
		if j, dup := p.index[e.Code]; dup {
			return nil, loadErr(path, line, ErrDuplicate, "%s (first at line %d)", e.Code, lines[j])
		}
		p.index[e.Code] = i
		p.list = append(p.list, ProcedureCode{Code: e.Code, Name: e.Name, Level: e.Level, Parent: e.Parent,
			Category: cat, Stage: stage})
	}
	// Levels must rise by one from parent to child, which also rules out cycles.
	for i, x := range p.list {
		if x.Parent == "" {
			p.children[""] = append(p.children[""], i)
			continue
		}
		j, ok := p.index[x.Parent]
		if !ok {
			return nil, loadErr(path, lines[i], ErrParentMissing, "procedure %s: parent %s", x.Code, x.Parent)
		}
		if p.list[j].Level != x.Level-1 {
			return nil, loadErr(path, lines[i], ErrInvalid, "procedure %s: level %d under parent %s of level %d",
				x.Code, x.Level, x.Parent, p.list[j].Level)
		}
		p.children[x.Parent] = append(p.children[x.Parent], i)
	}
	return p, nil
}
