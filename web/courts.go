package web

import (
	"cmp"
	"slices"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// courtView is one court as the court page and API show it.
type courtView struct {
	Court     *qingfeng.Court     `json:"court"`
	Path      []*qingfeng.Court   `json:"path"`     // from the top of one's scope down to the court
	Children  []*qingfeng.Court   `json:"children"` // the courts directly below
	Divisions []qingfeng.Division `json:"divisions"`
	Sheet     bool                `json:"-"` // the viewer may open the court's 体检表
}

func (v *courtView) court() string { return v.Court.ID }

// scopedCourt returns a court of the principal's scope, recording the refusal of any other.
func (c *call) scopedCourt(id string) (*qingfeng.Court, error) {
	ct, ok := c.tree.Court(id)
	if !ok {
		return nil, errNotFound
	}
	if !c.p.InScope(id) {
		return nil, c.deny("court.view", id, id, access.ErrOutOfScope)
	}
	return ct, nil
}

func (s *Server) courtView(c *call) (*courtView, error) {
	ct, err := c.scopedCourt(c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	v := &courtView{Court: ct, Children: []*qingfeng.Court{}, Divisions: []qingfeng.Division{}}
	for _, id := range c.tree.Path(ct.ID) {
		if c.p.InScope(id) {
			p, _ := c.tree.Court(id)
			v.Path = append(v.Path, p)
		}
	}
	for _, id := range c.tree.Children(ct.ID) {
		k, _ := c.tree.Court(id)
		v.Children = append(v.Children, k)
	}
	v.Divisions = append(v.Divisions, s.trees.divisions(ct.ID)...)
	slices.SortFunc(v.Divisions, func(a, b qingfeng.Division) int { return cmp.Compare(a.ID, b.ID) })
	return v, nil
}

func (s *Server) courtPage(c *call) error {
	v, err := s.courtView(c)
	if err != nil {
		return err
	}
	v.Sheet = c.p.CourtWide(access.ViewIndicators)
	c.render("court.html", i18n.Text{ZH: v.Court.Name, EN: v.Court.Name}, v)
	return nil
}

func (s *Server) apiCourt(c *call) error {
	v, err := s.courtView(c)
	if err != nil {
		return err
	}
	c.json(200, v)
	return nil
}

// courtNode is the court tree of the API.
type courtNode struct {
	qingfeng.Court
	Children []*courtNode `json:"children,omitempty"`
}

func (s *Server) apiCourts(c *call) error {
	var build func(id string) *courtNode
	build = func(id string) *courtNode {
		ct, _ := c.tree.Court(id)
		n := &courtNode{Court: *ct}
		for _, k := range c.tree.Children(id) {
			n.Children = append(n.Children, build(k))
		}
		return n
	}
	var root *courtNode
	if c.p.InScope(c.p.CourtID) {
		root = build(c.p.CourtID)
	}
	return c.answer(root, func() *table {
		t := &table{name: "courts", cols: []i18n.Text{{ZH: "法院标识", EN: "Court id"}, {ZH: "法院代字", EN: "Code"},
			{ZH: "名称", EN: "Name"}, {ZH: "层级", EN: "Level"}, {ZH: "上级法院", EN: "Parent"}}}
		for _, id := range c.p.Courts() {
			ct, _ := c.tree.Court(id)
			t.add(ct.ID, ct.Code, ct.Name, string(ct.Level), ct.ParentID)
		}
		return t
	})
}
