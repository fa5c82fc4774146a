package casenum

import (
	"fmt"
	"io/fs"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng"
)

type provincesDoc struct {
	Provinces []yaml.Node `yaml:"provinces"`
	Numbering []yaml.Node `yaml:"numbering"`
}

type provinceEntry struct {
	Code   string `yaml:"code"`
	Court  string `yaml:"court"`
	Region string `yaml:"region"`
	Level  string `yaml:"level"`
	Note   string `yaml:"note"`
}

type numberingEntry struct {
	From  int    `yaml:"from"`
	To    int    `yaml:"to"`
	Kind  string `yaml:"kind"`
	Name  string `yaml:"name"`
	Basic bool   `yaml:"basic"`
	Note  string `yaml:"note"`
}

func loadProvincesFile(fsys fs.FS, t *Types) error {
	const file = ProvincesFile
	var doc provincesDoc
	if err := decodeFile(fsys, file, &doc); err != nil {
		return err
	}
	if len(doc.Provinces) == 0 {
		return &LoadError{File: file, Line: 1, Reason: "no provinces"}
	}
	lines := map[string]int{}
	for i := range doc.Provinces {
		if err := addProvince(t, file, &doc.Provinces[i], lines); err != nil {
			return err
		}
	}
	for i := range doc.Numbering {
		if err := addNumbering(t, file, &doc.Numbering[i]); err != nil {
			return err
		}
	}
	return nil
}

func addProvince(t *Types, file string, n *yaml.Node, lines map[string]int) error {
	var e provinceEntry
	if err := decodeEntry(file, n, &e); err != nil {
		return err
	}
	fail := func(reason string, args ...any) error {
		return &LoadError{File: file, Line: n.Line, Entry: e.Code, Reason: fmt.Sprintf(reason, args...)}
	}
	level := qingfeng.CourtLevel(e.Level)
	switch {
	case !isHan(e.Code):
		return fail("code must be Chinese characters")
	case e.Court == "":
		return fail("empty court name")
	case level != qingfeng.LevelSupreme && level != qingfeng.LevelHigh:
		return fail("level %q: a top-level code is supreme or high", e.Level)
	case level == qingfeng.LevelHigh && utf8.RuneCountInString(e.Code) != 1:
		return fail("a high court's code is one character")
	case e.Region != "" && (len(e.Region) != 2 || !allDigits(e.Region)):
		return fail("region %q is not two digits", e.Region)
	}
	if prev, dup := lines[e.Code]; dup {
		return fail("duplicate code (first at line %d)", prev)
	}
	lines[e.Code] = n.Line
	t.provinces[e.Code] = Province{Code: e.Code, Court: e.Court, Region: e.Region, Level: level, Note: e.Note}
	if utf8.RuneCountInString(e.Code) > 1 {
		t.multiRune = append(t.multiRune, e.Code)
	}
	return nil
}

func addNumbering(t *Types, file string, n *yaml.Node) error {
	var e numberingEntry
	if err := decodeEntry(file, n, &e); err != nil {
		return err
	}
	fail := func(reason string, args ...any) error {
		return &LoadError{File: file, Line: n.Line, Entry: e.Kind, Reason: fmt.Sprintf(reason, args...)}
	}
	switch {
	case e.From < 1 || e.To > 99 || e.From > e.To:
		return fail("range %d–%d is not within 1–99", e.From, e.To)
	case e.Kind == "" || e.Name == "":
		return fail("empty kind or name")
	}
	for _, o := range t.numbering {
		if e.From <= o.To && o.From <= e.To {
			return fail("range %d–%d overlaps %s (%d–%d)", e.From, e.To, o.Kind, o.From, o.To)
		}
	}
	t.numbering = append(t.numbering, Numbering{From: e.From, To: e.To, Kind: e.Kind, Name: e.Name, Basic: e.Basic, Note: e.Note})
	return nil
}
