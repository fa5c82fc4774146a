package ingest

import (
	"context"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// refs is what validation knows of the reference data: the store's, plus what this run has
// accepted so far. Casework validation only reads it, from several goroutines at once.
type refs struct {
	courts    map[string]*qingfeng.Court
	divisions map[string]*qingfeng.Division
	people    map[string]*qingfeng.Person
	lawyers   map[string]bool
}

func loadRefs(ctx context.Context, st store.Store) (*refs, error) {
	r := &refs{
		courts:    map[string]*qingfeng.Court{},
		divisions: map[string]*qingfeng.Division{},
		people:    map[string]*qingfeng.Person{},
		lawyers:   map[string]bool{},
	}
	courts, err := st.Courts(ctx)
	if err != nil {
		return nil, err
	}
	for i := range courts {
		r.add(&courts[i])
	}
	divisions, err := st.Divisions(ctx)
	if err != nil {
		return nil, err
	}
	for i := range divisions {
		r.add(&divisions[i])
	}
	people, err := st.People(ctx)
	if err != nil {
		return nil, err
	}
	for i := range people {
		r.add(&people[i])
	}
	lawyers, err := st.Lawyers(ctx)
	if err != nil {
		return nil, err
	}
	for i := range lawyers {
		r.add(&lawyers[i])
	}
	return r, nil
}

// add records an accepted reference value.
func (r *refs) add(v any) {
	switch x := v.(type) {
	case *qingfeng.Court:
		r.courts[x.ID] = x
	case *qingfeng.Division:
		r.divisions[x.ID] = x
	case *qingfeng.Person:
		r.people[x.ID] = x
	case *qingfeng.Lawyer:
		r.lawyers[x.ID] = true
	}
}

// courtCodes returns the 代字 a case number of court c may carry: the court's own, or, for a
// tribunal (人民法庭) that has none, its parent basic court's.
func (r *refs) courtCodes(c *qingfeng.Court) []string {
	codes := []string{}
	if c.Code != "" {
		codes = append(codes, c.Code)
	}
	if c.Level == qingfeng.LevelTribunal {
		if p := r.courts[c.ParentID]; p != nil && p.Code != "" {
			codes = append(codes, p.Code)
		}
	}
	return codes
}
