package review

import (
	"slices"

	"github.com/qingfeng-court/qingfeng"
)

// Actor is who asks for an action: a member of staff of a court with their roles. The web
// layer maps a session or token to an Actor; this package trusts what it is given.
type Actor struct {
	PersonID string          `json:"person_id"`
	CourtID  string          `json:"court_id"`
	Roles    []qingfeng.Role `json:"roles"`
}

// Has reports whether the actor holds role r.
func (a Actor) Has(r qingfeng.Role) bool { return slices.Contains(a.Roles, r) }

// HasAny reports whether the actor holds any of rs.
func (a Actor) HasAny(rs []qingfeng.Role) bool {
	for _, r := range rs {
		if a.Has(r) {
			return true
		}
	}
	return false
}

// leaderRoles are the 院庭长: presidents and division chiefs with supervision powers.
var leaderRoles = []qingfeng.Role{qingfeng.RolePresident, qingfeng.RoleVicePresident, qingfeng.RoleChief, qingfeng.RoleDeputyChief}

// IsLeader reports whether the actor is a 院庭长.
func (a Actor) IsLeader() bool { return a.HasAny(leaderRoles) }

// ActorOf returns the actor for a stored person.
func ActorOf(p *qingfeng.Person) Actor {
	return Actor{PersonID: p.ID, CourtID: p.CourtID, Roles: p.Roles}
}
