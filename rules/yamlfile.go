package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng/internal/yamlnode"
)

// decodeFile reads name from fsys into v, rejecting unknown fields, and returns the document's
// node tree too, so that later checks can name the line of an entry.
func decodeFile(fsys fs.FS, name string, v any) (*yaml.Node, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &LoadError{File: name, Reason: err.Error()}
	}
	return decodeBytes(name, b, v)
}

func decodeBytes(name string, b []byte, v any) (*yaml.Node, error) {
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

// yamlError turns a yaml.v3 error into a LoadError with the line lifted out of the message.
func yamlError(file string, err error) error {
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

// listItems returns the entries of the sequence under key in the document's top mapping.
func listItems(doc *yaml.Node, key string) []*yaml.Node {
	if doc == nil || len(doc.Content) == 0 {
		return nil
	}
	if v := yamlnode.Value(doc.Content[0], key); v != nil {
		return v.Content
	}
	return nil
}

// lineOf is the line of key's value in entry i of items, the entry's own line when the key is
// absent, or 0.
func lineOf(items []*yaml.Node, i int, key string) int {
	if i >= len(items) {
		return 0
	}
	if v := yamlnode.Value(items[i], key); v != nil {
		return v.Line
	}
	return items[i].Line
}
