package review

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng/internal/yamlnode"
)

// LoadError is a definition file that failed its checks: the file, the line (0 when not tied
// to one), the item (a rule id or a court) and the reason.
type LoadError struct {
	File   string
	Line   int
	Item   string
	Reason string
}

func (e *LoadError) Error() string {
	s := "load " + e.File
	if e.Line > 0 {
		s += fmt.Sprintf(" line %d", e.Line)
	}
	if e.Item != "" {
		s += " (" + e.Item + ")"
	}
	return s + ": " + e.Reason
}

// decodeYAML reads name from fsys into v with unknown fields refused, and returns the node
// tree so that later checks can name an item's line.
func decodeYAML(fsys fs.FS, name string, v any) (*yaml.Node, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return nil, yamlLoadError(name, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, yamlLoadError(name, err)
	}
	return &doc, nil
}

func yamlLoadError(file string, err error) error {
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

// seqItems returns the entries of the sequence under key in the top mapping.
func seqItems(doc *yaml.Node, key string) []*yaml.Node {
	if doc == nil || len(doc.Content) == 0 {
		return nil
	}
	if v := yamlnode.Value(doc.Content[0], key); v != nil {
		return v.Content
	}
	return nil
}

// itemLine is the line of key inside entry i of items (or the entry's own line).
func itemLine(items []*yaml.Node, i int, key string) int {
	if i >= len(items) {
		return 0
	}
	if v := yamlnode.Value(items[i], key); v != nil {
		return v.Line
	}
	return items[i].Line
}
