package codetable

import (
	"io/fs"
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// ClosingCode is one SPC 结案方式 value.
type ClosingCode struct {
	Code   string                 // SPC code, e.g. 70
	Name   string                 // e.g. 判决
	Method qingfeng.ClosingMethod // Qingfeng's closing method; empty where none fits
}

// ClosingMethods is the loaded 结案方式 table.
type ClosingMethods struct {
	list   []ClosingCode
	index  map[string]int
	byName map[string]int
}

type closingFile struct {
	ClosingMethods []struct {
		Code       string `yaml:"code"`
		Name       string `yaml:"name"`
		SourceCode string `yaml:"source_code"`
		SourceName string `yaml:"source_name"`
		Project    string `yaml:"project_method"`
	} `yaml:"closing_methods"`
}

// Lookup returns the closing method with the given SPC code.
func (m *ClosingMethods) Lookup(code string) (ClosingCode, bool) {
	i, ok := m.index[code]
	if !ok {
		return ClosingCode{}, false
	}
	return m.list[i], true
}

// ByName returns the closing method with the given name; spaces in name are ignored, as the
// published list itself has stray spaces inside names.
func (m *ClosingMethods) ByName(name string) (ClosingCode, bool) {
	i, ok := m.byName[name]
	if !ok {
		i, ok = m.byName[dropSpaces(name)]
	}
	if !ok {
		return ClosingCode{}, false
	}
	return m.list[i], true
}

// Project returns Qingfeng's closing method for an SPC code; false when the code is unknown
// or has no mapping.
func (m *ClosingMethods) Project(code string) (qingfeng.ClosingMethod, bool) {
	i, ok := m.index[code]
	if !ok || m.list[i].Method == "" {
		return "", false
	}
	return m.list[i].Method, true
}

// Len is the number of closing methods.
func (m *ClosingMethods) Len() int { return len(m.list) }

// dropSpaces removes ASCII and ideographic spaces.
func dropSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u3000' || r == '\t' {
			return -1
		}
		return r
	}, s)
}

func loadClosingMethods(fsys fs.FS, path string) (*ClosingMethods, error) {
	var f closingFile
	top, err := readStrict(fsys, path, &f)
	if err != nil {
		return nil, err
	}
	lines, err := seqLines(path, top, "closing_methods")
	if err != nil {
		return nil, err
	}
	m := &ClosingMethods{index: map[string]int{}, byName: map[string]int{}}
	for i, e := range f.ClosingMethods {
		line := lines[i]
		switch {
		case e.Code == "" || e.Name == "":
			return nil, loadErr(path, line, ErrInvalid, "code and name are required")
		case e.SourceName != "" && dropSpaces(e.SourceName) != e.Name:
			return nil, loadErr(path, line, ErrInvalid, "closing method %s: source_name %q is not name %q with spaces removed",
				e.Code, e.SourceName, e.Name)
		case e.SourceCode != "" && dropSpaces(e.SourceCode) != e.Code:
			return nil, loadErr(path, line, ErrInvalid, "closing method %s: source_code %q is not the code with spaces removed",
				e.Code, e.SourceCode)
		case e.Project != "" && !qingfeng.Valid(qingfeng.ClosingMethods, qingfeng.ClosingMethod(e.Project)):
			return nil, loadErr(path, line, ErrUnknownValue, "closing method %s: project_method %q", e.Code, e.Project)
		}
		if j, dup := m.index[e.Code]; dup {
			return nil, loadErr(path, line, ErrDuplicate, "%s (first at line %d)", e.Code, lines[j])
		}
		if j, dup := m.byName[e.Name]; dup {
			return nil, loadErr(path, line, ErrDuplicate, "name %s (first at line %d)", e.Name, lines[j])
		}
		m.index[e.Code] = i
		m.byName[e.Name] = i
		m.list = append(m.list, ClosingCode{Code: e.Code, Name: e.Name, Method: qingfeng.ClosingMethod(e.Project)})
	}
	return m, nil
}
