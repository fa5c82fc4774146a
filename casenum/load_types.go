package casenum

import (
	"fmt"
	"io/fs"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng"
)

// maxCodeRunes bounds a type code. The standard allows three characters; observed codes such as
// 民诉前调 have four.
const maxCodeRunes = 4

type typesDoc struct {
	Prefixes           []yaml.Node `yaml:"prefixes"`
	LegacyTypeInitials []yaml.Node `yaml:"legacy_type_initials"`
	Types              []yaml.Node `yaml:"types"`
}

type typeEntry struct {
	Code     string `yaml:"code"`
	Name     string `yaml:"name"`
	Category string `yaml:"category"`
	Stage    string `yaml:"stage"`
	SPC      string `yaml:"spc"`
	Observed bool   `yaml:"observed"`
	Legacy   bool   `yaml:"legacy"`
	Note     string `yaml:"note"`
}

type prefixEntry struct {
	Prefix     string   `yaml:"prefix"`
	Name       string   `yaml:"name"`
	Categories []string `yaml:"categories"`
	Note       string   `yaml:"note"`
}

func loadTypesFile(fsys fs.FS, t *Types) error {
	const file = TypesFile
	var doc typesDoc
	if err := decodeFile(fsys, file, &doc); err != nil {
		return err
	}
	if len(doc.Types) == 0 {
		return &LoadError{File: file, Line: 1, Reason: "no types"}
	}
	for i := range doc.Prefixes {
		if err := addPrefix(t, file, &doc.Prefixes[i]); err != nil {
			return err
		}
	}
	for _, n := range doc.LegacyTypeInitials {
		r, size := utf8.DecodeRuneInString(n.Value)
		if n.Kind != yaml.ScalarNode || size != len(n.Value) || !isHan(n.Value) {
			return &LoadError{File: file, Line: n.Line, Reason: fmt.Sprintf("legacy type initial %q is not one Chinese character", n.Value)}
		}
		t.legacyInitials[r] = true
	}
	for i := range doc.Types {
		if err := addType(t, file, &doc.Types[i]); err != nil {
			return err
		}
	}
	return checkPrefixAmbiguity(t, file)
}

func addPrefix(t *Types, file string, n *yaml.Node) error {
	var e prefixEntry
	if err := decodeEntry(file, n, &e); err != nil {
		return err
	}
	fail := func(reason string, args ...any) error {
		return &LoadError{File: file, Line: n.Line, Entry: e.Prefix, Reason: fmt.Sprintf(reason, args...)}
	}
	switch {
	case utf8.RuneCountInString(e.Prefix) != 1 || !isHan(e.Prefix):
		return fail("prefix must be one Chinese character")
	case e.Name == "":
		return fail("empty name")
	case len(e.Categories) == 0:
		return fail("no categories")
	}
	if _, dup := t.prefixes[e.Prefix]; dup {
		return fail("duplicate prefix")
	}
	p := SpecialPrefix{Prefix: e.Prefix, Name: e.Name, Note: e.Note}
	for _, c := range e.Categories {
		if !validEnum(qingfeng.Categories, c) {
			return fail("unknown category %q", c)
		}
		p.Categories = append(p.Categories, qingfeng.Category(c))
	}
	t.prefixes[e.Prefix] = p
	return nil
}

func addType(t *Types, file string, n *yaml.Node) error {
	var e typeEntry
	if err := decodeEntry(file, n, &e); err != nil {
		return err
	}
	fail := func(reason string, args ...any) error {
		return &LoadError{File: file, Line: n.Line, Entry: e.Code, Reason: fmt.Sprintf(reason, args...)}
	}
	switch {
	case !isHan(e.Code) || utf8.RuneCountInString(e.Code) > maxCodeRunes:
		return fail("code must be 1 to %d Chinese characters", maxCodeRunes)
	case e.Name == "":
		return fail("empty name")
	case !validEnum(qingfeng.Categories, e.Category):
		return fail("unknown category %q", e.Category)
	case !validEnum(qingfeng.Stages, e.Stage):
		return fail("unknown stage %q", e.Stage)
	case e.Observed && e.Legacy:
		return fail("an entry cannot be both observed and legacy")
	case e.SPC == "" && !e.Observed && !e.Legacy:
		return fail("missing spc code (mark the entry observed or legacy if it has none)")
	case e.SPC != "" && (len(e.SPC) != 4 || !allDigits(e.SPC)):
		return fail("spc code %q is not four digits", e.SPC)
	}
	if prev, dup := t.byCode[e.Code]; dup {
		return fail("duplicate code (first at line %d)", prev.Line)
	}
	t.byCode[e.Code] = TypeInfo{
		Code: e.Code, Name: e.Name, Category: qingfeng.Category(e.Category), Stage: qingfeng.Stage(e.Stage),
		SPCCode: e.SPC, Base: e.Code, Observed: e.Observed, Legacy: e.Legacy, Note: e.Note, Line: n.Line,
	}
	t.codes = append(t.codes, e.Code)
	return nil
}

// checkPrefixAmbiguity rejects a table where a listed code also reads as prefix + listed code,
// since Lookup could not tell which was meant.
func checkPrefixAmbiguity(t *Types, file string) error {
	for _, code := range t.codes {
		r, size := utf8.DecodeRuneInString(code)
		if _, isPrefix := t.prefixes[string(r)]; !isPrefix {
			continue
		}
		if base, ok := t.byCode[code[size:]]; ok {
			info := t.byCode[code]
			return &LoadError{File: file, Line: info.Line, Entry: code,
				Reason: fmt.Sprintf("also reads as prefix %q + code %q (line %d)", string(r), base.Code, base.Line)}
		}
	}
	return nil
}
