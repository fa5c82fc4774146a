package casenum

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
)

// TypeInfo describes one case-type code (类型代字).
type TypeInfo struct {
	Code     string            `json:"code"`
	Name     string            `json:"name"` // Chinese name, e.g. 民事一审
	Category qingfeng.Category `json:"category"`
	Stage    qingfeng.Stage    `json:"stage"`
	SPCCode  string            `json:"spc_code,omitempty"` // SPC 案件类型 numeric code, e.g. 0301; empty for observed and legacy codes
	Prefix   string            `json:"prefix,omitempty"`   // specialised-trial character (专门审判代字) the code carries, e.g. 知
	Base     string            `json:"base"`               // the code without Prefix; equal to Code when there is none
	Observed bool              `json:"observed,omitempty"` // seen in published numbers but not part of the SPC standard
	Legacy   bool              `json:"legacy,omitempty"`   // a pre-2016 code, valid only in old-style numbers
	Note     string            `json:"note,omitempty"`
	Line     int               `json:"-"` // line of the entry in its file
}

// SpecialPrefix is a specialised-trial character (专门审判代字, 2018 revision) that may stand
// before the type codes of the listed categories.
type SpecialPrefix struct {
	Prefix     string
	Name       string
	Categories []qingfeng.Category
	Note       string
}

// Types is the loaded definition set: case-type codes, specialised-trial prefixes, province
// court codes and the specialised court numbering.
type Types struct {
	byCode         map[string]TypeInfo
	codes          []string // file order
	prefixes       map[string]SpecialPrefix
	legacyInitials map[rune]bool
	provinces      map[string]Province
	multiRune      []string // top-level codes longer than one character (最高法)
	numbering      []Numbering
}

// Lookup returns the description of a type code. A code made of a specialised-trial prefix and
// a known base code (知民终) is described from its base, if the prefix admits its category.
func (t *Types) Lookup(code string) (TypeInfo, bool) {
	if info, ok := t.byCode[code]; ok {
		return info, true
	}
	r, size := utf8.DecodeRuneInString(code)
	p, ok := t.prefixes[string(r)]
	if !ok || size == len(code) {
		return TypeInfo{}, false
	}
	base, ok := t.byCode[code[size:]]
	if !ok || base.Legacy || !qingfeng.Valid(p.Categories, base.Category) {
		return TypeInfo{}, false
	}
	base.Code, base.Prefix, base.Name = code, p.Prefix, p.Name+base.Name
	return base, true
}

// Codes lists the type codes of the table in file order (prefixed forms are not listed).
func (t *Types) Codes() []string { return append([]string(nil), t.codes...) }

// Prefixes lists the specialised-trial prefixes.
func (t *Types) Prefixes() []SpecialPrefix {
	out := make([]SpecialPrefix, 0, len(t.prefixes))
	for _, p := range t.prefixes {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b SpecialPrefix) int { return strings.Compare(a.Prefix, b.Prefix) })
	return out
}

// Info describes the type of a parsed number. For a legacy number whose type is not itself a
// code (民一终, 民三（知）终) it drops division numerals and bracketed parts and tries again, so
// old numbers still yield a category and stage where one can be read.
func (t *Types) Info(n Number) (TypeInfo, bool) {
	if info, ok := t.Lookup(n.Type); ok {
		return info, true
	}
	if !n.Legacy {
		return TypeInfo{}, false
	}
	return t.Lookup(legacyBase(n.Type))
}

// Stage is the procedural stage the number's type code implies: StageOther when it implies
// none or cannot be read. A nil t means Default().
func (n Number) Stage(t *Types) qingfeng.Stage {
	if info, ok := orDefault(t).Info(n); ok {
		return info.Stage
	}
	return qingfeng.StageOther
}

// Category is the case category the number's type code implies, CatOther when unknown.
// A nil t means Default().
func (n Number) Category(t *Types) qingfeng.Category {
	if info, ok := orDefault(t).Info(n); ok {
		return info.Category
	}
	return qingfeng.CatOther
}

// legacyBase strips what old numbers put inside a type code: division numerals (民一终) and
// bracketed qualifiers (民三（知）终).
func legacyBase(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '（':
			depth++
		case r == '）':
			if depth > 0 {
				depth--
			}
		case depth > 0, strings.ContainsRune("一二三四五六七八九十", r), r >= '0' && r <= '9':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var (
	defaultOnce  sync.Once
	defaultTypes *Types
)

// Default returns the table embedded in the binary, loaded once. It panics if that table is
// broken, which TestEmbeddedTableLoads guards against.
func Default() *Types {
	defaultOnce.Do(func() {
		t, err := LoadTypes(defs.Default())
		if err != nil {
			panic(err)
		}
		defaultTypes = t
	})
	return defaultTypes
}

func orDefault(t *Types) *Types {
	if t == nil {
		return Default()
	}
	return t
}
