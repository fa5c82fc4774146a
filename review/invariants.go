package review

import (
	"fmt"
	"slices"

	"github.com/qingfeng-court/qingfeng"
)

// Violation is an invariant of §C.3 that a decision and its trail break.
type Violation struct {
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

// Verify checks a decision against its trail (the rows whose subject is the decision, in
// order) for the invariants that can be read from them: I1 (only the panel wrote the operative
// part; an issued decision carries out the committee's decision), I2 (every step recorded with
// actor, time and version, the accepted steps chaining from creation to the current state), I3
// (an issued decision that needed review was reviewed after its last operative change) and I4
// (the committee decided only after an approver let it take the case). The server's machine
// keeps them; Verify is how tests and audits show that it did.
func Verify(d *qingfeng.Decision, trail []qingfeng.Transition) []Violation {
	var out []Violation
	bad := func(code, format string, args ...any) {
		out = append(out, Violation{Code: code, Detail: fmt.Sprintf(format, args...)})
	}
	state := ""
	reviewedSinceEdit := false
	referralApproved := false
	committeeDecided := false // after it, operative edits carry out its decision (checked by conforms)
	for i, t := range trail {
		if t.ActorID == "" || t.At.IsZero() || t.DocVersion <= 0 {
			bad("I2", "row %d (%s) lacks actor, time or document version", i, t.Action)
		}
		if t.Refused || t.Action == "view" || t.Action == "access" {
			continue
		}
		if t.From != state {
			bad("I2", "row %d (%s) starts from %q but the decision was %q", i, t.Action, t.From, state)
		}
		state = t.To
		kv := details(t.Detail)
		switch Action(t.Action) {
		case ActEdit:
			if kv["part"] == "operative" {
				if !slices.Contains(d.Panel, t.ActorID) {
					bad("I1", "row %d: %s, outside the panel, wrote the operative part", i, t.ActorID)
				}
				reviewedSinceEdit = reviewedSinceEdit && committeeDecided
			}
		case ActAgree, ActWithdraw:
			reviewedSinceEdit = true
		case ActDisagree, ActEscalate:
			if kv["measure"] == "committee" {
				referralApproved = false
			}
		case ActDepartPJM:
			referralApproved = false
		case ActApproveCommittee:
			referralApproved = slices.ContainsFunc(t.ActorRoles, func(r qingfeng.Role) bool {
				return r == qingfeng.RolePresident || r == qingfeng.RoleVicePresident
			})
		case ActCommitteeDecide:
			if !referralApproved {
				bad("I4", "row %d: the committee decided without an approved referral", i)
			}
			reviewedSinceEdit, committeeDecided = true, true
		case ActIssue:
			if d.ReviewRequired && !reviewedSinceEdit {
				bad("I3", "row %d: issued without a review of the current operative part", i)
			}
		}
	}
	if state != string(d.State) {
		bad("I2", "the trail ends in %q but the decision is %q", state, d.State)
	}
	if d.State == qingfeng.ReviewIssued && !conforms(d) {
		bad("I1", "issued without carrying out the committee's decision")
	}
	return out
}
