package casenum

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng"
)

// The files LoadTypes reads, relative to the root of a definitions FS (defs.Default()).
const (
	TypesFile     = "casetypes/casetypes.yaml"
	ProvincesFile = "casetypes/provinces.yaml"
)

// LoadError is a defect in a definition file, located by file, line and entry.
type LoadError struct {
	File   string
	Line   int
	Entry  string // the entry's code, when it has one
	Reason string
}

func (e *LoadError) Error() string {
	if e.Entry != "" {
		return fmt.Sprintf("load %s line %d: entry %q: %s", e.File, e.Line, e.Entry, e.Reason)
	}
	return fmt.Sprintf("load %s line %d: %s", e.File, e.Line, e.Reason)
}

// LoadTypes reads the case-type table and the court-code table from a definitions FS and checks
// them; the first defect found is returned as a *LoadError (or a wrapped YAML error).
func LoadTypes(fsys fs.FS) (*Types, error) {
	t := &Types{
		byCode:         map[string]TypeInfo{},
		prefixes:       map[string]SpecialPrefix{},
		legacyInitials: map[rune]bool{},
		provinces:      map[string]Province{},
	}
	if err := loadTypesFile(fsys, t); err != nil {
		return nil, err
	}
	if err := loadProvincesFile(fsys, t); err != nil {
		return nil, err
	}
	return t, nil
}

// decodeFile decodes a whole file strictly: unknown top-level keys are errors.
func decodeFile(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("load %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return &LoadError{File: name, Line: 1, Reason: "empty file"}
		}
		return fmt.Errorf("load %s: %w", name, err)
	}
	return nil
}

// decodeEntry decodes one mapping node into v, rejecting keys v has no field for; Node.Decode
// alone would ignore them.
func decodeEntry(file string, n *yaml.Node, v any) error {
	if n.Kind != yaml.MappingNode {
		return &LoadError{File: file, Line: n.Line, Reason: "entry is not a mapping"}
	}
	known := yamlKeys(reflect.TypeOf(v).Elem())
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !known[k.Value] {
			return &LoadError{File: file, Line: k.Line, Entry: entryCode(n), Reason: fmt.Sprintf("unknown field %q", k.Value)}
		}
	}
	if err := n.Decode(v); err != nil {
		return &LoadError{File: file, Line: n.Line, Entry: entryCode(n), Reason: err.Error()}
	}
	return nil
}

func yamlKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		if tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]; tag != "" {
			keys[tag] = true
		}
	}
	return keys
}

// entryCode finds the identifying value of an entry (code or prefix) for error messages.
func entryCode(n *yaml.Node) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; k == "code" || k == "prefix" {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// isHan reports whether s is non-empty and made only of Chinese characters.
func isHan(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

func validEnum[T ~string](set []T, v string) bool { return qingfeng.Valid(set, T(v)) }
