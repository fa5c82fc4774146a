package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/internal/yamlnode"
)

// LoadError is a definition file that failed its checks: the file, the line (0 when the
// problem is not tied to one) and the reason.
type LoadError struct {
	File   string
	Line   int
	Reason string
}

func (e *LoadError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("load %s: %s", e.File, e.Reason)
	}
	return fmt.Sprintf("load %s line %d: %s", e.File, e.Line, e.Reason)
}

// decodeFile reads name from fsys into v, rejecting unknown fields, and also returns the
// document's node tree so that later checks can name the line of an entry.
func decodeFile(fsys fs.FS, name string, v any) (*yaml.Node, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return nil, yamlError(name, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, yamlError(name, err)
	}
	return &doc, nil
}

// yamlError turns a yaml.v3 error into a LoadError, lifting the line number out of the
// message ("yaml: line 7: …", "line 7: field x not found …") so callers get it as a field.
func yamlError(file string, err error) error {
	var le *LoadError
	if errors.As(err, &le) {
		le.File = file
		return le
	}
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	var line int
	if _, serr := fmt.Sscanf(msg, "line %d:", &line); serr == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return &LoadError{File: file, Line: line, Reason: msg}
}

// listItems returns the entries of the sequence under key in the document's top mapping, so
// that entry i of the decoded list can be reported at its line.
func listItems(doc *yaml.Node, key string) []*yaml.Node {
	if doc == nil || len(doc.Content) == 0 {
		return nil
	}
	if v := yamlnode.Value(doc.Content[0], key); v != nil {
		return v.Content
	}
	return nil
}

// topLine is the line of key in the document's top mapping, or 0.
func topLine(doc *yaml.Node, key string) int {
	if doc == nil || len(doc.Content) == 0 {
		return 0
	}
	if v := yamlnode.Value(doc.Content[0], key); v != nil {
		return v.Line
	}
	return 0
}

// lineOf is the line of key's value in entry i of items, or the entry's own line when the key
// is absent, or 0 when the node tree has no such entry.
func lineOf(items []*yaml.Node, i int, key string) int {
	if i >= len(items) {
		return 0
	}
	if v := yamlnode.Value(items[i], key); v != nil {
		return v.Line
	}
	return items[i].Line
}

// day is a YYYY-MM-DD date in a definition file, remembering its line for later checks.
type day struct {
	qingfeng.Date
	line int
}

func (d *day) UnmarshalYAML(n *yaml.Node) error {
	v, err := qingfeng.ParseDate(n.Value)
	if err != nil {
		return &LoadError{Line: n.Line, Reason: err.Error()}
	}
	d.Date, d.line = v, n.Line
	return nil
}
