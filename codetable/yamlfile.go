package codetable

import (
	"bytes"
	"errors"
	"io"
	"io/fs"

	"gopkg.in/yaml.v3"
)

// readStrict decodes the YAML file at path into v, refusing unknown fields, and returns the
// file's top-level node so entries can be traced to their lines. The file is parsed twice,
// once through a strict decoder and once into nodes, because yaml.v3 offers strictness only
// on the decoder and positions only on nodes.
func readStrict(fsys fs.FS, path string, v any) (*yaml.Node, error) {
	b, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, &LoadError{File: path, Reason: ErrUnreadable, Detail: err.Error()}
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, loadErr(path, 0, ErrInvalid, "file is empty")
		}
		return nil, loadErr(path, yamlLine(err), ErrSyntax, "%v", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, loadErr(path, yamlLine(err), ErrSyntax, "%v", err)
	}
	if len(doc.Content) == 0 {
		return nil, loadErr(path, 0, ErrInvalid, "file is empty")
	}
	return doc.Content[0], nil
}

// seqLines returns the line of every item of the sequence under key in mapping n, or an
// error when there is no such sequence.
func seqLines(file string, n *yaml.Node, key string) ([]int, error) {
	seq := mappingValue(n, key)
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return nil, loadErr(file, n.Line, ErrInvalid, "no %q list", key)
	}
	lines := make([]int, len(seq.Content))
	for i, item := range seq.Content {
		lines[i] = item.Line
	}
	return lines, nil
}

// mappingValue returns the value under key in mapping n, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
