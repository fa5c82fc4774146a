package rules

import (
	"fmt"
	"io/fs"

	"github.com/qingfeng-court/qingfeng/i18n"
)

const vocabFile = "rules/events.yaml"

// maxTypes bounds a vocabulary, far above any: the types rules name are numbered in 16 bits.
const maxTypes = 4096

// EventType is one event type of the interchange format with its names, its group and the
// attributes it carries.
type EventType struct {
	Type   string   `yaml:"type"`
	Name   string   `yaml:"name"`
	NameEn string   `yaml:"name_en"`
	Group  string   `yaml:"group"`
	Attrs  []string `yaml:"attrs"`
}

// Vocabulary is the list of event types rules may name (defs/rules/events.yaml). A rule that
// names a type not listed fails at load: sources may send unknown types, but a rule looking
// for one is a typo.
type Vocabulary struct {
	Types  []EventType
	byType map[string]int
}

// Known reports whether t is a listed event type.
func (v *Vocabulary) Known(t string) bool { _, ok := v.byType[t]; return ok }

// Name returns the Chinese and English names of event type t (the type itself when unlisted).
func (v *Vocabulary) Name(t string) i18n.Text {
	if i, ok := v.byType[t]; ok {
		return i18n.Text{ZH: v.Types[i].Name, EN: v.Types[i].NameEn}
	}
	return i18n.Text{ZH: t, EN: t}
}

// Group returns the group (filing, trial, enforcement …) of event type t, or "".
func (v *Vocabulary) Group(t string) string {
	if i, ok := v.byType[t]; ok {
		return v.Types[i].Group
	}
	return ""
}

func (v *Vocabulary) set() map[string]bool {
	m := make(map[string]bool, len(v.Types))
	for _, t := range v.Types {
		m[t.Type] = true
	}
	return m
}

// LoadVocabulary reads rules/events.yaml from fsys and checks it: unique types with both
// names, and attributes that the schema (Attrs) knows.
func LoadVocabulary(fsys fs.FS) (*Vocabulary, error) {
	var doc struct {
		Events []EventType `yaml:"events"`
	}
	root, err := decodeFile(fsys, vocabFile, &doc)
	if err != nil {
		return nil, err
	}
	items := listItems(root, "events")
	if len(doc.Events) > maxTypes {
		return nil, &LoadError{File: vocabFile, Reason: fmt.Sprintf("%d event types: at most %d", len(doc.Events), maxTypes)}
	}
	v := &Vocabulary{Types: doc.Events, byType: map[string]int{}}
	for i, t := range doc.Events {
		line := lineOf(items, i, "type")
		switch {
		case t.Type == "" || t.Name == "" || t.NameEn == "":
			return nil, &LoadError{File: vocabFile, Line: line, Reason: "an event type needs type, name and name_en"}
		case v.Known(t.Type):
			return nil, &LoadError{File: vocabFile, Line: line, Reason: fmt.Sprintf("event type %q is listed twice", t.Type)}
		}
		for _, a := range t.Attrs {
			if _, ok := attrByName[a]; !ok {
				return nil, &LoadError{File: vocabFile, Line: lineOf(items, i, "attrs"),
					Reason: fmt.Sprintf("event type %s: attribute %q is not in the schema (rules.Attrs)", t.Type, a)}
			}
		}
		v.byType[t.Type] = i
	}
	return v, nil
}
