package access

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/store"
)

// Locator finds the court a raw record belongs to, so that quarantined lines and records pushed
// by a source system can be held to a scope before (or without) being stored. It remembers what
// it looked up; use one per request.
type Locator struct {
	st     store.Store
	tree   *Tree
	people map[string]string // person id → court id, loaded on first need
	cases  map[string]string // case number → court id
}

// NewLocator returns a locator over st and t.
func NewLocator(st store.Store, t *Tree) *Locator {
	return &Locator{st: st, tree: t, cases: map[string]string{}}
}

// recordHead is the part of a record that says where it belongs.
type recordHead struct {
	Kind       qingfeng.Kind `json:"kind"`
	ID         string        `json:"id"`
	CourtID    string        `json:"court_id"`
	ParentID   string        `json:"parent_id"`
	CaseNumber string        `json:"case_number"`
	PersonID   string        `json:"person_id"`
}

// Court returns the court a raw JSON record belongs to, or "" when it names none that can be
// found (a lawyer, an unreadable line, a case number of an unknown court).
func (l *Locator) Court(ctx context.Context, raw []byte) (string, error) {
	var h recordHead
	if json.Unmarshal(raw, &h) != nil {
		return "", nil
	}
	switch {
	case h.Kind == qingfeng.KindCourt:
		// A court belongs to itself once known, and before that to the court above it.
		if _, ok := l.tree.Court(h.ID); ok {
			return h.ID, nil
		}
		return h.ParentID, nil
	case h.CourtID != "":
		return h.CourtID, nil
	case h.Kind == qingfeng.KindRelative:
		return l.personCourt(ctx, h.PersonID)
	case h.CaseNumber != "":
		return l.caseCourt(ctx, h.CaseNumber)
	}
	return "", nil
}

// Remember takes note of where a record not yet stored puts a person or a proceeding, so that a
// batch's relatives and events can be placed by the batch's own people and cases.
func (l *Locator) Remember(ctx context.Context, raw []byte) error {
	var h recordHead
	if json.Unmarshal(raw, &h) != nil || h.CourtID == "" {
		return nil
	}
	switch h.Kind {
	case qingfeng.KindPerson:
		if _, err := l.personCourt(ctx, h.ID); err != nil {
			return err
		}
		l.people[h.ID] = h.CourtID
	case qingfeng.KindCase:
		if h.CaseNumber != "" {
			l.cases[h.CaseNumber] = h.CourtID
		}
	}
	return nil
}

func (l *Locator) personCourt(ctx context.Context, id string) (string, error) {
	if l.people == nil {
		people, err := l.st.People(ctx)
		if err != nil {
			return "", err
		}
		l.people = make(map[string]string, len(people))
		for _, p := range people {
			l.people[p.ID] = p.CourtID
		}
	}
	return l.people[id], nil
}

// caseCourt is the stored proceeding's court, or else the court its number names.
func (l *Locator) caseCourt(ctx context.Context, number string) (string, error) {
	if c, ok := l.cases[number]; ok {
		return c, nil
	}
	court := ""
	c, err := l.st.Case(ctx, number)
	switch {
	case err == nil:
		court = c.CourtID
	case !errors.Is(err, store.ErrNotFound):
		return "", err
	default:
		if n, perr := casenum.Parse(number); perr == nil {
			court, _ = l.tree.ByCode(n.Court)
		} else if id, _, ok := qingfeng.SplitForeignNumber(number); ok {
			court = id
		}
	}
	l.cases[number] = court
	return court, nil
}

// Visible reports whether the principal may see a record that belongs to court: the court is in
// scope, or it names none and the principal's scope is global.
func (p *Principal) Visible(court string) bool {
	if court == "" {
		return p.global
	}
	return p.courts[court]
}

// Quarantine lists the quarantine entries the principal may see, oldest first: those whose
// record belongs to a court of their scope. Paging (Limit, AfterID) applies to what they see.
func (r *Reader) Quarantine(ctx context.Context, f store.QuarantineFilter) ([]qingfeng.Rejection, error) {
	if !r.p.Can(ViewData) {
		return nil, ErrForbidden
	}
	loc := NewLocator(r.st, r.tree)
	want := f.Limit
	page := f
	page.Limit = max(want, 500)
	var out []qingfeng.Rejection
	for {
		got, err := r.st.Quarantine(ctx, page)
		if err != nil {
			return nil, err
		}
		for _, e := range got {
			court, err := loc.Court(ctx, []byte(e.Raw))
			if err != nil {
				return nil, err
			}
			if r.p.Visible(court) {
				out = append(out, e)
				if want > 0 && len(out) == want {
					return out, nil
				}
			}
		}
		if len(got) < page.Limit {
			return out, nil
		}
		page.AfterID = got[len(got)-1].ID
	}
}
