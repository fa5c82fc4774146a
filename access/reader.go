package access

import (
	"context"
	"errors"
	"fmt"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// ErrForbidden is returned when the principal lacks the permission for a kind of read at all.
var ErrForbidden = errors.New("forbidden")

// ErrOutOfScope is returned when the thing asked for exists but is outside the principal's
// scope. It wraps store.ErrNotFound: callers answer as for a missing thing, so that a scope's
// edge does not tell what lies beyond it, and audit it as denied.
var ErrOutOfScope = fmt.Errorf("out of scope: %w", store.ErrNotFound)

// Reader reads the store on behalf of a principal, returning only what they may see.
type Reader struct {
	st   store.Store
	p    *Principal
	tree *Tree
}

// NewReader returns a reader of st for principal p.
func NewReader(st store.Store, p *Principal, t *Tree) *Reader { return &Reader{st: st, p: p, tree: t} }

// Principal returns who the reader reads for.
func (r *Reader) Principal() *Principal { return r.p }

// Case returns a proceeding the principal may see.
func (r *Reader) Case(ctx context.Context, number string) (*qingfeng.Case, error) {
	if !r.p.Can(ViewCases) {
		return nil, ErrForbidden
	}
	c, err := r.st.Case(ctx, number)
	if err != nil {
		return nil, err
	}
	if !r.p.CanSeeCase(ViewCases, c) {
		return nil, ErrOutOfScope
	}
	return c, nil
}

// CaseEvents returns the events of a proceeding the principal may see.
func (r *Reader) CaseEvents(ctx context.Context, number string) ([]qingfeng.Event, error) {
	if _, err := r.Case(ctx, number); err != nil {
		return nil, err
	}
	return r.st.CaseEvents(ctx, number)
}

// Matter is a matter as a principal sees it: the proceedings they may see, and how many others
// it has (in courts outside their scope, or not theirs).
type Matter struct {
	Root        string           `json:"root"`
	Orphan      bool             `json:"orphan"`
	Proceedings []*qingfeng.Case `json:"proceedings"`
	Hidden      int              `json:"hidden"`
}

// Matter returns the matter of a proceeding the principal may see, without the proceedings
// they may not.
func (r *Reader) Matter(ctx context.Context, number string) (*Matter, error) {
	if _, err := r.Case(ctx, number); err != nil {
		return nil, err
	}
	m, err := r.st.Matter(ctx, number)
	if err != nil {
		return nil, err
	}
	out := &Matter{Root: m.Root, Orphan: m.Orphan}
	for _, c := range m.Proceedings {
		if r.p.CanSeeCase(ViewCases, c) {
			out.Proceedings = append(out.Proceedings, c)
		} else {
			out.Hidden++
		}
	}
	return out, nil
}

// Panorama returns a proceeding the principal may see, its matter without the proceedings they
// may not see, and the events of each proceeding shown, in one pass: the case page's read.
func (r *Reader) Panorama(ctx context.Context, number string) (*qingfeng.Case, *Matter, map[string][]qingfeng.Event, error) {
	c, err := r.Case(ctx, number)
	if err != nil {
		return nil, nil, nil, err
	}
	m, err := r.st.Matter(ctx, number)
	if err != nil {
		return nil, nil, nil, err
	}
	out := &Matter{Root: m.Root, Orphan: m.Orphan}
	events := map[string][]qingfeng.Event{}
	for _, pc := range m.Proceedings {
		if !r.p.CanSeeCase(ViewCases, pc) {
			out.Hidden++
			continue
		}
		out.Proceedings = append(out.Proceedings, pc)
		if events[pc.Number], err = r.st.CaseEvents(ctx, pc.Number); err != nil {
			return nil, nil, nil, err
		}
	}
	return c, out, events, nil
}

// Users lists the users whose court is in the principal's scope.
func (r *Reader) Users(ctx context.Context, acc store.Accounts, f store.UserFilter) ([]qingfeng.User, error) {
	if !r.p.Can(ManageUsers) {
		return nil, ErrForbidden
	}
	f.Courts = r.p.Courts()
	return acc.Users(ctx, f)
}

// User returns a user whose court is in the principal's scope.
func (r *Reader) User(ctx context.Context, acc store.Accounts, id int64) (*qingfeng.User, error) {
	if !r.p.Can(ManageUsers) {
		return nil, ErrForbidden
	}
	u, err := acc.User(ctx, id)
	if err != nil {
		return nil, err
	}
	if !r.p.InScope(u.CourtID) {
		return nil, ErrOutOfScope
	}
	return u, nil
}

// Audit searches the audit log within the principal's scope: entries about its courts or by its
// courts' people, and, for a principal at a top court, every entry.
func (r *Reader) Audit(ctx context.Context, log store.AuditLog, f store.AuditFilter) ([]qingfeng.AuditEntry, int, error) {
	if !r.p.Can(SearchAudit) {
		return nil, 0, ErrForbidden
	}
	f.Courts = nil
	if !r.p.Global() {
		f.Courts = r.p.Courts()
	}
	return log.SearchAudit(ctx, f)
}
