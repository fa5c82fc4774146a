package gen

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// LoadError names the data file, the line and the reason a definition was refused.
type LoadError struct {
	File   string
	Line   int
	Reason string
}

func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("load %s line %d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("load %s: %s", e.File, e.Reason)
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// decodeFile decodes a data file strictly (unknown fields are errors) into v and returns its
// node tree, so that later checks can point at the line of the value they reject.
func decodeFile(fsys fs.FS, name string, v any) (*yaml.Node, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &LoadError{File: name, Reason: err.Error()}
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return nil, yamlError(name, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, yamlError(name, err)
	}
	return &root, nil
}

func yamlError(file string, err error) error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &LoadError{File: file, Line: n, Reason: m[2]}
	}
	return &LoadError{File: file, Reason: msg}
}

// lineAt returns the line of the value at a dotted path ("civil.closing", "roots.2") in the
// node tree, or of the deepest node found on the way.
func lineAt(root *yaml.Node, path string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, part := range strings.Split(path, ".") {
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == part {
					next = n.Content[i+1]
					line = n.Content[i].Line
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(part); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		n = next
	}
	return line
}

// checker collects the first semantic error of a file, with the line of the offending value.
type checker struct {
	file string
	root *yaml.Node
	err  error
}

func (c *checker) failf(path, format string, args ...any) {
	if c.err == nil {
		c.err = &LoadError{File: c.file, Line: lineAt(c.root, path), Reason: path + ": " + fmt.Sprintf(format, args...)}
	}
}

func (c *checker) prob(path string, p float64) {
	if p < 0 || p > 1 {
		c.failf(path, "%v is not a share between 0 and 1", p)
	}
}

func (c *checker) positive(path string, v float64) {
	if v <= 0 {
		c.failf(path, "%v must be positive", v)
	}
}

// buckets checks a list of equal-probability bucket bounds: at least two, not decreasing,
// within [lo, hi].
func (c *checker) buckets(path string, b []int, lo, hi int) {
	if len(b) < 2 {
		c.failf(path, "needs at least two bounds, has %d", len(b))
		return
	}
	for i, v := range b {
		if v < lo || v > hi {
			c.failf(path, "bound %d is outside [%d, %d]", v, lo, hi)
			return
		}
		if i > 0 && v < b[i-1] {
			c.failf(path, "bounds must not decrease (%d after %d)", v, b[i-1])
			return
		}
	}
}

// weights is an ordered weighted choice read from a YAML mapping of name: weight. Map order in
// the file is kept, so draws are the same on every run.
type weights struct {
	keys []string
	vals []float64
	cum  []uint32 // cumulative thresholds over 2^32
	line int
}

func (w *weights) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: expected a mapping of name: weight", n.Line)
	}
	w.line = n.Line
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if seen[k] {
			return fmt.Errorf("line %d: %q appears twice", n.Content[i].Line, k)
		}
		seen[k] = true
		var v float64
		if err := n.Content[i+1].Decode(&v); err != nil {
			return fmt.Errorf("line %d: weight of %q: %v", n.Content[i+1].Line, k, err)
		}
		if v < 0 {
			return fmt.Errorf("line %d: weight of %q is negative", n.Content[i+1].Line, k)
		}
		w.keys = append(w.keys, k)
		w.vals = append(w.vals, v)
	}
	return w.build()
}

// build computes the integer thresholds once, so a draw is one integer comparison per entry
// and does not depend on floating-point rounding at draw time.
func (w *weights) build() error {
	total := 0.0
	for _, v := range w.vals {
		total += v
	}
	if total <= 0 {
		return fmt.Errorf("line %d: weights must not all be zero", w.line)
	}
	w.cum = make([]uint32, len(w.vals))
	acc := 0.0
	for i, v := range w.vals {
		acc += v
		t := acc / total * (1 << 32)
		if t >= 1<<32 || i == len(w.vals)-1 {
			t = 1<<32 - 1
		}
		w.cum[i] = uint32(t)
	}
	return nil
}

// newWeights builds a choice from parallel slices (for tables made in code from data files).
func newWeights(keys []string, vals []float64) weights {
	w := weights{keys: keys, vals: vals}
	if err := w.build(); err != nil {
		panic(err)
	}
	return w
}

// draw returns the index of the chosen entry.
func (w *weights) draw(r *rng) int {
	x := uint32(r.u64() >> 32)
	for i, c := range w.cum {
		if x < c {
			return i
		}
	}
	return len(w.cum) - 1
}

// drawKey returns the chosen name.
func (w *weights) drawKey(r *rng) string { return w.keys[w.draw(r)] }

// get returns the weight of a name, or def when absent.
func (w *weights) get(key string, def float64) float64 {
	for i, k := range w.keys {
		if k == key {
			return w.vals[i]
		}
	}
	return def
}

// keysIn checks that every name is one of allowed.
func (c *checker) keysIn(path string, w *weights, allowed ...string) {
	for _, k := range w.keys {
		ok := false
		for _, a := range allowed {
			if a == k {
				ok = true
				break
			}
		}
		if !ok {
			c.failf(path, "unknown name %q (expected one of %s)", k, strings.Join(allowed, " "))
			return
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
