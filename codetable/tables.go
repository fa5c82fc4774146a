package codetable

import (
	"fmt"
	"io/fs"
	"sync"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
)

// Paths of the tables inside a definitions file system (relative to defs/).
const (
	CausesFile         = "codes/causes.yaml"
	ClosingMethodsFile = "codes/closing_methods.yaml"
	ProceduresFile     = "codes/procedures.yaml"
	MiscFile           = "codes/misc.yaml"
)

// Tables holds every SPC code table.
type Tables struct {
	Causes             *Causes
	ClosingMethods     *ClosingMethods
	Procedures         *Procedures
	CaseTypes          *Dictionary // 案件类型, project values are categories
	DocumentTypes      *Dictionary // 文书类型
	CourtLevels        *Dictionary // 法院层级, project values are court levels
	UnpublishedReasons *Dictionary // 不公开理由 (why a judgment is not published online)
}

// Load reads and checks the code tables from fsys, a definitions file system such as
// defs.Default() or defs.Overlay(dir). The first problem found is returned as a *LoadError.
func Load(fsys fs.FS) (*Tables, error) {
	var t Tables
	var err error
	if t.Causes, err = loadCauses(fsys, CausesFile); err != nil {
		return nil, err
	}
	if t.ClosingMethods, err = loadClosingMethods(fsys, ClosingMethodsFile); err != nil {
		return nil, err
	}
	if t.Procedures, err = loadProcedures(fsys, ProceduresFile); err != nil {
		return nil, err
	}
	dicts, err := loadMisc(fsys, MiscFile)
	if err != nil {
		return nil, err
	}
	t.CaseTypes = dicts[DictCaseTypes]
	t.DocumentTypes = dicts[DictDocumentTypes]
	t.CourtLevels = dicts[DictCourtLevels]
	t.UnpublishedReasons = dicts[DictUnpublishedReasons]
	return &t, nil
}

var defaultTables = sync.OnceValue(func() *Tables {
	t, err := Load(defs.Default())
	if err != nil {
		// The embedded tables are checked by this package's tests; reaching this is a build defect.
		panic(fmt.Sprintf("codetable: embedded tables: %v", err))
	}
	return t
})

// Default returns the tables embedded in the binary, loaded on first use.
func Default() *Tables { return defaultTables() }

// CourtLevel returns Qingfeng's court level for an SPC 法院层级 code (1 最高 … 4 基层).
func (t *Tables) CourtLevel(code string) (qingfeng.CourtLevel, bool) {
	e, ok := t.CourtLevels.Lookup(code)
	if !ok || e.Project == "" {
		return "", false
	}
	return qingfeng.CourtLevel(e.Project), true
}

// CaseTypeCategory returns Qingfeng's category for an SPC 案件类型 code (02 刑事案件 …).
func (t *Tables) CaseTypeCategory(code string) (qingfeng.Category, bool) {
	e, ok := t.CaseTypes.Lookup(code)
	if !ok || e.Project == "" {
		return "", false
	}
	return qingfeng.Category(e.Project), true
}
