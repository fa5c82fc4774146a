package access

import (
	"slices"

	"github.com/qingfeng-court/qingfeng"
)

// Principal is who is asking: a signed-in user or a source system's token, with what their
// roles allow and the courts they may see.
type Principal struct {
	UserID   int64
	Login    string // the user's login, or "token:<name>"
	Name     string
	Roles    []qingfeng.UserRole
	PersonID string
	CourtID  string             // root of the scope
	Token    *qingfeng.APIToken // set for a source system

	courts map[string]bool
	list   []string
	global bool                // the scope is a whole tree: entries naming no court are visible
	perms  map[Permission]bool // permission → limited to own proceedings
}

// ForUser returns the principal of a user: the union of their roles' permissions (court-wide
// wins over own-only), over the subtree of their court. A disabled user, or one whose court is
// not in the tree, gets no scope at all.
func ForUser(u *qingfeng.User, t *Tree) *Principal {
	p := &Principal{UserID: u.ID, Login: u.Login, Name: u.Name, Roles: u.Roles, PersonID: u.PersonID,
		CourtID: u.CourtID, perms: map[Permission]bool{}}
	if u.Disabled {
		return p
	}
	for _, r := range u.Roles {
		if r == qingfeng.UserSource {
			continue // only tokens act as source systems
		}
		for perm, ownOnly := range Grants(r) {
			if was, ok := p.perms[perm]; !ok || was {
				p.perms[perm] = ownOnly
			}
		}
	}
	p.setScope(t, []string{u.CourtID})
	return p
}

// ForToken returns the principal of a source system's token: it may only ingest, and only for
// its courts' subtrees. A revoked token gets nothing.
func ForToken(tok *qingfeng.APIToken, t *Tree) *Principal {
	p := &Principal{Login: "token:" + tok.Name, Name: tok.Name, Roles: []qingfeng.UserRole{qingfeng.UserSource},
		Token: tok, perms: map[Permission]bool{}}
	if len(tok.Courts) > 0 {
		p.CourtID = tok.Courts[0]
	}
	if tok.Revoked {
		return p
	}
	p.perms[IngestRecords] = false
	p.setScope(t, tok.Courts)
	return p
}

func (p *Principal) setScope(t *Tree, roots []string) {
	p.courts = map[string]bool{}
	for _, r := range roots {
		for _, c := range t.Subtree(r) {
			if !p.courts[c] {
				p.courts[c] = true
				p.list = append(p.list, c)
			}
		}
		if t.IsRoot(r) {
			p.global = true
		}
	}
}

// Can reports whether the principal holds permission perm, court-wide or for their own
// proceedings.
func (p *Principal) Can(perm Permission) bool {
	_, ok := p.perms[perm]
	return ok
}

// CourtWide reports whether the principal holds perm for every proceeding of their scope, not
// only their own.
func (p *Principal) CourtWide(perm Permission) bool {
	own, ok := p.perms[perm]
	return ok && !own
}

// HasRole reports whether the principal holds role r.
func (p *Principal) HasRole(r qingfeng.UserRole) bool { return slices.Contains(p.Roles, r) }

// InScope reports whether court id is in the principal's scope.
func (p *Principal) InScope(court string) bool { return p.courts[court] }

// Courts lists the courts of the scope, the scope's root first; empty (not nil) when the
// principal sees no court, so that it can be passed as a store filter meaning "these only".
func (p *Principal) Courts() []string {
	if p.list == nil {
		return []string{}
	}
	return p.list
}

// Global reports whether the scope starts at a top court: such principals also see entries
// that name no court (an unreadable quarantined line, a failed sign-in with an unknown login).
func (p *Principal) Global() bool { return p.global }

// Owns reports whether a proceeding is the principal's own: they are its judge or on its panel.
func (p *Principal) Owns(c *qingfeng.Case) bool {
	return p.PersonID != "" && (c.JudgeID == p.PersonID || slices.Contains(c.Panel, p.PersonID))
}

// CanSeeCase reports whether the principal may see a proceeding with permission perm: its
// court is in scope, and the permission is court-wide or the proceeding is their own.
func (p *Principal) CanSeeCase(perm Permission, c *qingfeng.Case) bool {
	own, ok := p.perms[perm]
	return ok && p.courts[c.CourtID] && (!own || p.Owns(c))
}
