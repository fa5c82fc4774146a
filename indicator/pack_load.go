package indicator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng/internal/yamlnode"
)

// PacksDir is where packs live in a definitions tree (defs.Default() or a court's overlay).
const PacksDir = "indicators"

// LoadError is a pack that failed its checks: the file, the line (0 when not tied to one),
// the indicator (when the fault is inside one) and the reason.
type LoadError struct {
	File      string
	Line      int
	Indicator string
	Reason    string
}

func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString("indicator pack ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	if e.Indicator != "" {
		fmt.Fprintf(&b, " indicator %s", e.Indicator)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// LoadPack reads and checks the pack file at name in fsys.
func LoadPack(fsys fs.FS, name string) (*Pack, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("indicator pack %s: %w", name, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, yamlError(name, err, nil)
	}
	items := indicatorNodes(&doc)
	var p Pack
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, yamlError(name, err, items)
	}
	p.File = name
	for i := range p.Indicators {
		if i < len(items) {
			p.Indicators[i].Line = items[i].Line
		}
	}
	if err := check(&p, items); err != nil {
		return nil, err
	}
	return &p, nil
}

// Packs loads every pack file (*.yaml) under indicators/ in fsys, by pack id. Two files
// declaring one id are an error.
func Packs(fsys fs.FS) (map[string]*Pack, error) {
	entries, err := fs.ReadDir(fsys, PacksDir)
	if err != nil {
		return nil, fmt.Errorf("indicator packs: %w", err)
	}
	out := map[string]*Pack{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		p, err := LoadPack(fsys, path.Join(PacksDir, e.Name()))
		if err != nil {
			return nil, err
		}
		if prev, dup := out[p.ID]; dup {
			return nil, &LoadError{File: p.File, Reason: fmt.Sprintf("pack id %q is also declared by %s", p.ID, prev.File)}
		}
		out[p.ID] = p
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("indicator packs: no pack files under %s", PacksDir)
	}
	return out, nil
}

// PackIDs returns the ids of packs in order.
func PackIDs(packs map[string]*Pack) []string {
	ids := make([]string, 0, len(packs))
	for id := range packs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// indicatorNodes returns the entries of the top-level indicators list.
func indicatorNodes(doc *yaml.Node) []*yaml.Node {
	if len(doc.Content) == 0 {
		return nil
	}
	if v := yamlnode.Value(doc.Content[0], "indicators"); v != nil && v.Kind == yaml.SequenceNode {
		return v.Content
	}
	return nil
}

// yamlError turns a yaml.v3 error into a LoadError, lifting its line and naming the
// indicator whose entry holds that line.
func yamlError(file string, err error, items []*yaml.Node) error {
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
	return &LoadError{File: file, Line: line, Indicator: indicatorAt(items, line), Reason: msg}
}

// indicatorAt names the indicator whose entry spans line, or "".
func indicatorAt(items []*yaml.Node, line int) string {
	id := ""
	for _, it := range items {
		if it.Line > line {
			break
		}
		if v := yamlnode.Value(it, "id"); v != nil {
			id = v.Value
		} else {
			id = fmt.Sprintf("#%d", it.Line)
		}
	}
	return id
}

// lineAt follows keys from n and returns the line of the deepest node found.
func lineAt(n *yaml.Node, keys ...string) int {
	if n == nil {
		return 0
	}
	line := n.Line
	for _, k := range keys {
		v := yamlnode.Value(n, k)
		if v == nil {
			break
		}
		n, line = v, v.Line
	}
	return line
}
