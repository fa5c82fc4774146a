package access

import (
	"cmp"
	"slices"

	"github.com/qingfeng-court/qingfeng"
)

// Tree is the court hierarchy: who is above whom. Scopes are subtrees of it.
type Tree struct {
	courts   map[string]*qingfeng.Court
	byCode   map[string]string
	children map[string][]string
	roots    []string
}

// NewTree builds the hierarchy from the stored courts. A court whose parent is not among them
// is a root.
func NewTree(courts []qingfeng.Court) *Tree {
	t := &Tree{courts: map[string]*qingfeng.Court{}, byCode: map[string]string{}, children: map[string][]string{}}
	for i := range courts {
		c := &courts[i]
		t.courts[c.ID] = c
		if c.Code != "" {
			t.byCode[c.Code] = c.ID
		}
	}
	for _, c := range t.courts {
		if _, ok := t.courts[c.ParentID]; ok && c.ParentID != c.ID {
			t.children[c.ParentID] = append(t.children[c.ParentID], c.ID)
		} else {
			t.roots = append(t.roots, c.ID)
		}
	}
	for id := range t.children {
		slices.SortFunc(t.children[id], t.order)
	}
	slices.SortFunc(t.roots, t.order)
	return t
}

// order sorts courts by code (闽01 before 闽0102 before 闽02), then id.
func (t *Tree) order(a, b string) int {
	return cmp.Or(cmp.Compare(t.courts[a].Code, t.courts[b].Code), cmp.Compare(a, b))
}

// Court returns a court by id.
func (t *Tree) Court(id string) (*qingfeng.Court, bool) {
	c, ok := t.courts[id]
	return c, ok
}

// ByCode returns the id of the court with a court code (法院代字).
func (t *Tree) ByCode(code string) (string, bool) {
	id, ok := t.byCode[code]
	return id, ok
}

// Roots returns the courts with no parent in the tree.
func (t *Tree) Roots() []string { return t.roots }

// Children returns the courts directly below id, in code order.
func (t *Tree) Children(id string) []string { return t.children[id] }

// IsRoot reports whether id is a court with no parent in the tree.
func (t *Tree) IsRoot(id string) bool {
	c, ok := t.courts[id]
	if !ok {
		return false
	}
	_, hasParent := t.courts[c.ParentID]
	return !hasParent || c.ParentID == c.ID
}

// Subtree returns id and every court below it, depth first in code order; nil when id is not
// a known court.
func (t *Tree) Subtree(id string) []string {
	if _, ok := t.courts[id]; !ok {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	var walk func(string)
	walk = func(c string) {
		if seen[c] {
			return
		}
		seen[c] = true
		out = append(out, c)
		for _, k := range t.children[c] {
			walk(k)
		}
	}
	walk(id)
	return out
}

// Path returns the courts from the root down to id, id included.
func (t *Tree) Path(id string) []string {
	var out []string
	seen := map[string]bool{}
	for c, ok := t.courts[id]; ok && !seen[c.ID]; c, ok = t.courts[c.ParentID] {
		seen[c.ID] = true
		out = append(out, c.ID)
	}
	slices.Reverse(out)
	return out
}
