package codetable

import (
	"io/fs"

	"github.com/qingfeng-court/qingfeng"
)

// Dictionary ids in misc.yaml that Load requires.
const (
	DictCaseTypes          = "case_types"          // 案件类型
	DictDocumentTypes      = "document_types"      // 文书类型
	DictCourtLevels        = "court_levels"        // 法院层级
	DictUnpublishedReasons = "unpublished_reasons" // 不公开理由
)

// Enumerations a dictionary's project_value may belong to.
const (
	EnumCategory   = "category"    // qingfeng.Category
	EnumCourtLevel = "court_level" // qingfeng.CourtLevel
)

// Entry is one code of a small dictionary.
type Entry struct {
	Code    string
	Name    string
	Project string // a value of the dictionary's ProjectEnum; empty where none fits
}

// Dictionary is a small SPC code list such as 文书类型.
type Dictionary struct {
	ID          string
	Name        string
	ProjectEnum string // which enumeration Entry.Project values belong to; empty when none
	list        []Entry
	index       map[string]int
}

// Lookup returns the entry with the given code.
func (d *Dictionary) Lookup(code string) (Entry, bool) {
	i, ok := d.index[code]
	if !ok {
		return Entry{}, false
	}
	return d.list[i], true
}

// Entries returns the entries in file order.
func (d *Dictionary) Entries() []Entry { return append([]Entry(nil), d.list...) }

// Len is the number of entries.
func (d *Dictionary) Len() int { return len(d.list) }

type miscFile struct {
	Dictionaries []struct {
		ID          string `yaml:"id"`
		Name        string `yaml:"name"`
		ProjectEnum string `yaml:"project_enum"`
		Entries     []struct {
			Code    string `yaml:"code"`
			Name    string `yaml:"name"`
			Project string `yaml:"project_value"`
		} `yaml:"entries"`
	} `yaml:"dictionaries"`
}

// projectEnumValid reports whether v is a value of the named enumeration.
func projectEnumValid(enum, v string) bool {
	switch enum {
	case EnumCategory:
		return qingfeng.Valid(qingfeng.Categories, qingfeng.Category(v))
	case EnumCourtLevel:
		return qingfeng.Valid(qingfeng.CourtLevels, qingfeng.CourtLevel(v))
	}
	return false
}

func loadMisc(fsys fs.FS, path string) (map[string]*Dictionary, error) {
	var f miscFile
	top, err := readStrict(fsys, path, &f)
	if err != nil {
		return nil, err
	}
	dictLines, err := seqLines(path, top, "dictionaries")
	if err != nil {
		return nil, err
	}
	out := map[string]*Dictionary{}
	for i, fd := range f.Dictionaries {
		line := dictLines[i]
		switch {
		case fd.ID == "" || fd.Name == "":
			return nil, loadErr(path, line, ErrInvalid, "dictionary id and name are required")
		case out[fd.ID] != nil:
			return nil, loadErr(path, line, ErrDuplicate, "dictionary %s", fd.ID)
		case fd.ProjectEnum != "" && fd.ProjectEnum != EnumCategory && fd.ProjectEnum != EnumCourtLevel:
			return nil, loadErr(path, line, ErrUnknownValue, "dictionary %s: project_enum %q", fd.ID, fd.ProjectEnum)
		}
		lines, err := seqLines(path, mappingValue(top, "dictionaries").Content[i], "entries")
		if err != nil {
			return nil, err
		}
		d := &Dictionary{ID: fd.ID, Name: fd.Name, ProjectEnum: fd.ProjectEnum, index: map[string]int{}}
		for k, e := range fd.Entries {
			switch {
			case e.Code == "" || e.Name == "":
				return nil, loadErr(path, lines[k], ErrInvalid, "%s: code and name are required", fd.ID)
			case e.Project != "" && !projectEnumValid(fd.ProjectEnum, e.Project):
				return nil, loadErr(path, lines[k], ErrUnknownValue, "%s %s: project_value %q is not a %s",
					fd.ID, e.Code, e.Project, orNone(fd.ProjectEnum))
			}
			if j, dup := d.index[e.Code]; dup {
				return nil, loadErr(path, lines[k], ErrDuplicate, "%s %s (first at line %d)", fd.ID, e.Code, lines[j])
			}
			d.index[e.Code] = k
			d.list = append(d.list, Entry{Code: e.Code, Name: e.Name, Project: e.Project})
		}
		out[fd.ID] = d
	}
	for _, id := range []string{DictCaseTypes, DictDocumentTypes, DictCourtLevels, DictUnpublishedReasons} {
		if out[id] == nil {
			return nil, loadErr(path, top.Line, ErrInvalid, "dictionary %s is missing", id)
		}
	}
	return out, nil
}

func orNone(enum string) string {
	if enum == "" {
		return "value of any enumeration (project_enum is not set)"
	}
	return enum
}
