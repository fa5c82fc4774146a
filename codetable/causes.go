package codetable

import (
	"io/fs"
	"iter"

	"github.com/qingfeng-court/qingfeng"
)

// Cause categories: the tree a cause belongs to, named after its root, or historical for the
// 2008–2011 causes the SPC keeps under 民事案由 so that old cases still resolve.
const (
	CauseCriminal          = "criminal"           // root 1 刑事案由
	CauseCivil             = "civil"              // root 9000 民事案由
	CauseEnforcement       = "enforcement"        // root 3200 执行案由
	CauseStateCompensation = "state_compensation" // root 2100 国家赔偿案由
	CauseAdministrative    = "administrative"     // root xzay 行政案由
	CauseHistorical        = "historical"         // branch lsay (2008-2011)历史案由 under 民事案由
)

var causeCategories = []string{CauseCriminal, CauseCivil, CauseEnforcement, CauseStateCompensation,
	CauseAdministrative, CauseHistorical}

// Cause is one node of the 案由 tree.
type Cause struct {
	Code     string // SPC code, e.g. 9181
	Name     string // e.g. 民间借贷纠纷
	Parent   string // empty for a root
	Category string // one of the Cause… constants
	Depth    int    // 0 for a root
}

// ProjectCategory is the proceeding category a cause of this tree normally goes with;
// historical causes are civil ones.
func (c Cause) ProjectCategory() qingfeng.Category {
	switch c.Category {
	case CauseCriminal:
		return qingfeng.CatCriminal
	case CauseCivil, CauseHistorical:
		return qingfeng.CatCivil
	case CauseEnforcement:
		return qingfeng.CatEnforcement
	case CauseStateCompensation:
		return qingfeng.CatStateCompensation
	case CauseAdministrative:
		return qingfeng.CatAdministrative
	}
	return qingfeng.CatOther
}

// Causes is the loaded 案由 tree.
type Causes struct {
	list     []Cause
	index    map[string]int
	parent   []int // -1 for a root
	children [][]int
	roots    []int
}

type causeFile struct {
	Causes []struct {
		Code     string `yaml:"code"`
		Name     string `yaml:"name"`
		Parent   string `yaml:"parent"`
		Category string `yaml:"category"`
	} `yaml:"causes"`
}

// Lookup returns the cause with the given code.
func (c *Causes) Lookup(code string) (Cause, bool) {
	i, ok := c.index[code]
	if !ok {
		return Cause{}, false
	}
	return c.list[i], true
}

// Category returns the category of the cause with the given code, or "" when it is unknown.
func (c *Causes) Category(code string) string {
	if i, ok := c.index[code]; ok {
		return c.list[i].Category
	}
	return ""
}

// Path returns the causes from the root down to code, or nil when code is unknown.
func (c *Causes) Path(code string) []Cause {
	i, ok := c.index[code]
	if !ok {
		return nil
	}
	path := make([]Cause, c.list[i].Depth+1)
	for k := len(path) - 1; k >= 0; k-- {
		path[k] = c.list[i]
		i = c.parent[i]
	}
	return path
}

// Children returns the direct children of code in file order; the empty code gives the roots.
func (c *Causes) Children(code string) []Cause {
	kids := c.roots
	if code != "" {
		i, ok := c.index[code]
		if !ok {
			return nil
		}
		kids = c.children[i]
	}
	out := make([]Cause, len(kids))
	for k, j := range kids {
		out[k] = c.list[j]
	}
	return out
}

// Len is the number of causes.
func (c *Causes) Len() int { return len(c.list) }

// All yields every cause in file order.
func (c *Causes) All() iter.Seq[Cause] {
	return func(yield func(Cause) bool) {
		for _, x := range c.list {
			if !yield(x) {
				return
			}
		}
	}
}

func loadCauses(fsys fs.FS, path string) (*Causes, error) {
	var f causeFile
	top, err := readStrict(fsys, path, &f)
	if err != nil {
		return nil, err
	}
	lines, err := seqLines(path, top, "causes")
	if err != nil {
		return nil, err
	}
	c := &Causes{index: make(map[string]int, len(f.Causes))}
	for i, e := range f.Causes {
		line := lines[i]
		if e.Code == "" || e.Name == "" {
			return nil, loadErr(path, line, ErrInvalid, "code and name are required")
		}
		if !qingfeng.Valid(causeCategories, e.Category) {
			return nil, loadErr(path, line, ErrUnknownValue, "cause %s: category %q", e.Code, e.Category)
		}
		if j, dup := c.index[e.Code]; dup {
			return nil, loadErr(path, line, ErrDuplicate, "%s (first at line %d)", e.Code, lines[j])
		}
		c.index[e.Code] = i
		c.list = append(c.list, Cause{Code: e.Code, Name: e.Name, Parent: e.Parent, Category: e.Category})
	}
	if err := c.link(path, lines); err != nil {
		return nil, err
	}
	return c, nil
}

// link resolves parents, refuses cycles, sets depths and checks that a node keeps its
// parent's category (a node may open a historical branch, whose nodes all stay historical).
func (c *Causes) link(path string, lines []int) error {
	n := len(c.list)
	c.parent = make([]int, n)
	c.children = make([][]int, n)
	for i, x := range c.list {
		c.parent[i] = -1
		if x.Parent == "" {
			c.roots = append(c.roots, i)
			continue
		}
		p, ok := c.index[x.Parent]
		if !ok {
			return loadErr(path, lines[i], ErrParentMissing, "cause %s: parent %s", x.Code, x.Parent)
		}
		c.parent[i] = p
		c.children[p] = append(c.children[p], i)
	}
	if err := c.setDepths(path, lines); err != nil {
		return err
	}
	for i, x := range c.list {
		p := c.parent[i]
		if p < 0 {
			if x.Category == CauseHistorical {
				return loadErr(path, lines[i], ErrInvalid, "root %s cannot be historical", x.Code)
			}
			continue
		}
		if pc := c.list[p].Category; x.Category != pc && x.Category != CauseHistorical {
			return loadErr(path, lines[i], ErrInvalid, "cause %s: category %s differs from parent %s's %s",
				x.Code, x.Category, x.Parent, pc)
		}
	}
	return nil
}

// setDepths walks up from every node; meeting a node already on the current walk is a cycle.
func (c *Causes) setDepths(path string, lines []int) error {
	const unseen, walking, done = 0, 1, 2
	state := make([]int8, len(c.list))
	var walk []int
	for i := range c.list {
		walk = walk[:0]
		j := i
		for j >= 0 && state[j] == unseen {
			state[j] = walking
			walk = append(walk, j)
			j = c.parent[j]
		}
		if j >= 0 && state[j] == walking {
			return loadErr(path, lines[j], ErrCycle, "cause %s is its own ancestor", c.list[j].Code)
		}
		depth := -1
		if j >= 0 {
			depth = c.list[j].Depth
		}
		for k := len(walk) - 1; k >= 0; k-- {
			depth++
			c.list[walk[k]].Depth = depth
			state[walk[k]] = done
		}
	}
	return nil
}
