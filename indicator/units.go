package indicator

import (
	"fmt"

	"github.com/qingfeng-court/qingfeng"
)

// UnitKind says what a unit is: a court (with its subtree), a division or a judge.
type UnitKind string

// Unit kinds.
const (
	UnitCourt    UnitKind = "court"
	UnitDivision UnitKind = "division"
	UnitJudge    UnitKind = "judge"
)

// UnitRef names a unit by kind and id (court id or 法院代字, division id, person id).
type UnitRef struct {
	Kind UnitKind `json:"kind"`
	ID   string   `json:"id"`
}

// UnitInfo describes a unit for display.
type UnitInfo struct {
	Kind      UnitKind            `json:"kind"`
	ID        string              `json:"id"`
	Name      string              `json:"name"`
	CourtID   string              `json:"court_id"`
	CourtCode string              `json:"court_code"`
	Level     qingfeng.CourtLevel `json:"level,omitempty"`
	Line      qingfeng.Line       `json:"line,omitempty"`
	ParentID  string              `json:"parent_id,omitempty"` // courts: the parent court
}

// courtRow is a court known to the engine, from its record or only from references to it.
type courtRow struct {
	qingfeng.Court
	parent   int32
	children []int32
}

type divRow struct {
	qingfeng.Division
	court int32
}

type personRow struct {
	qingfeng.Person
	court, div int32
	judge      bool
}

// units registers every court, division and person the data names, whether or not its
// reference record has arrived, so that a proceeding can be counted for them at once.
type units struct {
	courts  []courtRow
	divs    []divRow
	people  []personRow
	divCt   []int32 // division → its court, as divs[i].court: the proceedings' court column reads it
	court   map[string]int32
	code    map[string]int32 // 法院代字 → court
	div     map[string]int32
	person  map[string]int32
	changed bool // the court tree changed since the last call to order
	post    []int32
}

func newUnits() *units {
	return &units{court: map[string]int32{}, code: map[string]int32{}, div: map[string]int32{}, person: map[string]int32{}}
}

func (u *units) courtIdx(id string) int32 {
	if id == "" {
		return -1
	}
	if i, ok := u.court[id]; ok {
		return i
	}
	i := int32(len(u.courts))
	u.courts = append(u.courts, courtRow{Court: qingfeng.Court{ID: id}, parent: -1})
	u.court[id] = i
	u.changed = true
	return i
}

func (u *units) divIdx(id string) int32 {
	if id == "" {
		return -1
	}
	if i, ok := u.div[id]; ok {
		return i
	}
	i := int32(len(u.divs))
	u.divs = append(u.divs, divRow{Division: qingfeng.Division{ID: id}, court: -1})
	u.divCt = append(u.divCt, -1)
	u.div[id] = i
	return i
}

func (u *units) personIdx(id string) int32 {
	if id == "" {
		return -1
	}
	if i, ok := u.person[id]; ok {
		return i
	}
	i := int32(len(u.people))
	u.people = append(u.people, personRow{Person: qingfeng.Person{ID: id}, court: -1, div: -1})
	u.person[id] = i
	return i
}

func (u *units) setCourt(c *qingfeng.Court) {
	i := u.courtIdx(c.ID)
	row := &u.courts[i]
	if row.Code != "" && u.code[row.Code] == i {
		delete(u.code, row.Code)
	}
	row.Court = *c
	if c.Code != "" {
		u.code[c.Code] = i
	}
	row.parent = u.courtIdx(c.ParentID)
	if row.parent == i {
		row.parent = -1
	}
	u.changed = true
}

func (u *units) setDivision(d *qingfeng.Division) {
	i := u.divIdx(d.ID)
	u.divs[i] = divRow{Division: *d, court: u.courtIdx(d.CourtID)}
	u.divCt[i] = u.divs[i].court
}

func (u *units) setPerson(p *qingfeng.Person) {
	i := u.personIdx(p.ID)
	u.people[i] = personRow{Person: *p, court: u.courtIdx(p.CourtID), div: u.divIdx(p.DivisionID), judge: p.HasRole(qingfeng.RoleJudge)}
}

// tree rebuilds children lists and a post-order (children before parents) when the court
// tree changed; a parent cycle in bad data is cut where it closes.
func (u *units) tree() {
	if !u.changed {
		return
	}
	for i := range u.courts {
		u.courts[i].children = u.courts[i].children[:0]
	}
	for i := range u.courts {
		if p := u.courts[i].parent; p >= 0 && !u.isAncestor(int32(i), p) {
			u.courts[p].children = append(u.courts[p].children, int32(i))
		}
	}
	u.post = u.post[:0]
	seen := make([]bool, len(u.courts))
	var visit func(int32)
	visit = func(i int32) {
		seen[i] = true
		for _, c := range u.courts[i].children {
			if !seen[c] {
				visit(c)
			}
		}
		u.post = append(u.post, i)
	}
	for i := range u.courts {
		if !seen[i] && !u.hasLinkedParent(int32(i)) {
			visit(int32(i))
		}
	}
	for i := range u.courts { // members of a parent cycle
		if !seen[i] {
			visit(int32(i))
		}
	}
	u.changed = false
}

// hasLinkedParent reports whether court i sits in its parent's children list.
func (u *units) hasLinkedParent(i int32) bool {
	p := u.courts[i].parent
	if p < 0 {
		return false
	}
	for _, c := range u.courts[p].children {
		if c == i {
			return true
		}
	}
	return false
}

// isAncestor reports whether a is p or one of p's ancestors (bounded, so bad data cannot loop).
func (u *units) isAncestor(a, p int32) bool {
	for n := 0; p >= 0 && n <= len(u.courts); n++ {
		if p == a {
			return true
		}
		p = u.courts[p].parent
	}
	return false
}

// subtree lists court i and every court below it.
func (u *units) subtree(i int32) []int32 {
	u.tree()
	out := []int32{i}
	for k := 0; k < len(out); k++ {
		out = append(out, u.courts[out[k]].children...)
	}
	return out
}

// resolve finds a unit by reference; courts are found by id or 法院代字.
func (u *units) resolve(r UnitRef) (int32, error) {
	var i int32 = -1
	var ok bool
	switch r.Kind {
	case UnitCourt, "":
		if i, ok = u.court[r.ID]; !ok {
			i, ok = u.code[r.ID]
		}
	case UnitDivision:
		i, ok = u.div[r.ID]
	case UnitJudge:
		i, ok = u.person[r.ID]
	default:
		return -1, fmt.Errorf("unit kind %q is not court, division or judge", r.Kind)
	}
	if !ok {
		return -1, fmt.Errorf("no %s %q in the data", kindOr(r.Kind), r.ID)
	}
	return i, nil
}

func kindOr(k UnitKind) UnitKind {
	if k == "" {
		return UnitCourt
	}
	return k
}

// info describes unit i of kind k.
func (u *units) info(k UnitKind, i int32) UnitInfo {
	switch k {
	case UnitDivision:
		d := u.divs[i]
		inf := UnitInfo{Kind: k, ID: d.ID, Name: d.Name, Line: d.Line}
		u.fillCourt(&inf, d.court)
		return inf
	case UnitJudge:
		p := u.people[i]
		inf := UnitInfo{Kind: k, ID: p.ID, Name: p.Name}
		if p.div >= 0 {
			inf.Line = u.divs[p.div].Line
		}
		u.fillCourt(&inf, p.court)
		return inf
	}
	c := u.courts[i]
	inf := UnitInfo{Kind: UnitCourt, ID: c.ID, Name: c.Name}
	u.fillCourt(&inf, i)
	if c.parent >= 0 {
		inf.ParentID = u.courts[c.parent].ID
	}
	return inf
}

func (u *units) fillCourt(inf *UnitInfo, c int32) {
	if c < 0 {
		return
	}
	inf.CourtID, inf.CourtCode, inf.Level = u.courts[c].ID, u.courts[c].Code, u.courts[c].Level
}

// courtOf returns the court a unit belongs to (itself for a court), or -1.
func (u *units) courtOf(k UnitKind, i int32) int32 {
	switch k {
	case UnitDivision:
		return u.divs[i].court
	case UnitJudge:
		return u.people[i].court
	}
	return i
}

func (u *units) count(k UnitKind) int {
	switch k {
	case UnitDivision:
		return len(u.divs)
	case UnitJudge:
		return len(u.people)
	}
	return len(u.courts)
}
