package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/review"
	"github.com/qingfeng-court/qingfeng/review/reviewapi"
)

// leaderRoles are the staff roles that review, approve and record (院庭长 and the committee's
// members): an account acts in them only when it holds the reviewer role.
var leaderRoles = []qingfeng.Role{qingfeng.RolePresident, qingfeng.RoleVicePresident, qingfeng.RoleChief,
	qingfeng.RoleDeputyChief, qingfeng.RoleCommitteeMember}

// actor is the 阅核 actor of the signed-in user: the member of staff the account is linked to,
// scoped to the account's court, with those of the person's roles the account's own roles
// allow. A judge's account acts only as a judge, even for a person who is also a president:
// signing in as that person for review takes an account with the reviewer role. An account
// without a person acts as nobody (it may read what its scope holds, and do nothing).
func (s *Server) actor(c *call) review.Actor {
	a := review.Actor{CourtID: c.p.CourtID, Roles: []qingfeng.Role{}}
	if c.p.PersonID == "" || !c.p.Can(access.ViewReviews) {
		return a
	}
	p, ok := s.trees.person(c.p.PersonID)
	if !ok || !c.p.InScope(p.CourtID) {
		return a
	}
	a.PersonID = p.ID
	for _, r := range p.Roles {
		if !slices.Contains(leaderRoles, r) || c.p.CourtWide(access.ActReviews) {
			a.Roles = append(a.Roles, r)
		}
	}
	return a
}

type actorKey struct{}

// reviewAuth gives package reviewapi the actor the route's wrapper put on the request.
func reviewAuth(r *http.Request) (review.Actor, error) {
	if a, ok := r.Context().Value(actorKey{}).(review.Actor); ok {
		return a, nil
	}
	return review.Actor{}, errors.New("no actor")
}

// captured is a response held back so that it can be audited (and, for a judge, narrowed to
// their own cases) before it is sent.
type captured struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (w *captured) Header() http.Header         { return w.header }
func (w *captured) Write(b []byte) (int, error) { return w.body.Write(b) }
func (w *captured) WriteHeader(code int)        { w.code = code }

// reviewAPI runs a request of package reviewapi behind the route's checks: the route table
// gave it its permission and CSRF check; here the actor is attached, the answer narrowed to the
// viewer's own cases when their 阅核 rights are their own cases only, and every action and
// every view of a decision written to the audit log before the answer goes out.
func (s *Server) reviewAPI(c *call) error {
	if s.reviewMux == nil {
		return errEngineMissing
	}
	ctx := context.WithValue(c.r.Context(), actorKey{}, s.actor(c))
	own := !c.p.CourtWide(access.ViewReviews)
	if id, sub := decisionPath(c.r.URL.Path); own && c.r.Method == http.MethodGet && sub {
		// The trail and events of a decision: first the decision itself, to know its case.
		rec := s.runReview(ctx, http.MethodGet, "/api/v1/reviews/decisions/"+id)
		if rec.code == http.StatusOK {
			_, code, err := s.ownOnly(c, rec.body.Bytes())
			if err != nil {
				return err
			}
			if code != http.StatusOK {
				return c.deny("review.view", "decisions/"+id, "", access.ErrOutOfScope)
			}
		}
	}
	rec := &captured{header: http.Header{}, code: http.StatusOK}
	s.reviewMux.ServeHTTP(rec, c.r.WithContext(ctx))
	body := rec.body.Bytes()
	var err error
	if rec.code == http.StatusOK && own {
		if body, rec.code, err = s.ownOnly(c, body); err != nil {
			return err
		}
	}
	if err := s.auditReview(c, rec.code, body); err != nil {
		return err
	}
	for k, v := range rec.header {
		c.w.Header()[k] = v
	}
	c.w.Header().Set("Cache-Control", "no-store")
	c.w.WriteHeader(rec.code)
	_, err = c.w.Write(body)
	return err
}

// runReview sends one request of its own to package reviewapi.
func (s *Server) runReview(ctx context.Context, method, path string) *captured {
	rec := &captured{header: http.Header{}, code: http.StatusOK}
	req, _ := http.NewRequestWithContext(ctx, method, path, nil)
	s.reviewMux.ServeHTTP(rec, req)
	return rec
}

// decisionPath returns the decision id of a path under /api/v1/reviews/decisions/, and
// whether the path goes on below the decision (its trail, its events, an action).
func decisionPath(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "/api/v1/reviews/decisions/")
	if !ok {
		return "", false
	}
	id, sub, _ := strings.Cut(rest, "/")
	return id, sub != ""
}

// reviewAction names a write for the audit log: review.draft, review.agree, review.flag …
func reviewAction(method, path string) string {
	path = strings.TrimPrefix(path, "/api/v1/reviews")
	switch {
	case method != http.MethodPost:
		return "review.enquiry." + strings.ToLower(method) // changing the register: always refused
	case path == "":
		return "review.draft"
	case path == "/flags":
		return "review.flag"
	case path == "/enquiries":
		return "review.register"
	}
	return "review." + path[strings.LastIndexByte(path, '/')+1:]
}

// auditReview records a review action (any write) or the view of a decision; lists are not
// recorded, their items being views of nothing but a summary.
func (s *Server) auditReview(c *call, code int, body []byte) error {
	path := strings.TrimPrefix(c.r.URL.Path, "/api/v1/reviews")
	var action string
	switch {
	case c.r.Method != http.MethodGet:
		action = reviewAction(c.r.Method, c.r.URL.Path)
	case strings.HasPrefix(path, "/decisions/"):
		action = "review.view"
	default:
		return nil
	}
	var about struct {
		CourtID    string `json:"court_id"`
		CaseNumber string `json:"case_number"`
		Code       string `json:"code"`
	}
	_ = json.Unmarshal(body, &about)
	outcome := qingfeng.AuditOK
	switch {
	case code == http.StatusForbidden || code == http.StatusNotFound || code == http.StatusConflict:
		outcome = qingfeng.AuditDenied
	case code >= 300:
		outcome = qingfeng.AuditFailed
	}
	detail := c.r.URL.Path
	if about.CaseNumber != "" {
		detail += " case=" + about.CaseNumber
	}
	if about.Code != "" {
		detail += " refusal=" + about.Code
	}
	return c.record(action, strings.TrimPrefix(path, "/"), about.CourtID, outcome, detail)
}

// ownOnly narrows a review answer to what a viewer with own-case rights may see: the
// proceedings they may open. A single decision of another's case is refused as missing; a list
// loses the items about other cases.
func (s *Server) ownOnly(c *call, body []byte) ([]byte, int, error) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return body, http.StatusOK, nil // not an object (the JSON Lines of events): checked below by the decision
	}
	seen := map[string]bool{}
	mayOpen := func(raw json.RawMessage) (bool, error) {
		var item struct {
			CaseNumber string `json:"case_number"`
			Decision   struct {
				CaseNumber string `json:"case_number"`
			} `json:"decision"`
		}
		_ = json.Unmarshal(raw, &item)
		n := item.CaseNumber
		if n == "" {
			n = item.Decision.CaseNumber
		}
		if ok, done := seen[n]; done {
			return ok, nil
		}
		ok, err := s.mayOpen(c, n)
		seen[n] = ok
		return ok, err
	}
	if _, single := obj["case_number"]; single {
		ok, err := mayOpen(body)
		if err != nil || ok {
			return body, http.StatusOK, err
		}
		b, _ := json.Marshal(map[string]string{"code": "not_found", "message": "未找到", "message_en": "not found"})
		return b, http.StatusNotFound, nil
	}
	for k, raw := range obj {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			continue
		}
		kept := []json.RawMessage{}
		for _, it := range items {
			ok, err := mayOpen(it)
			if err != nil {
				return nil, 0, err
			}
			if ok {
				kept = append(kept, it)
			}
		}
		obj[k], _ = json.Marshal(kept)
	}
	b, err := json.Marshal(obj)
	return b, http.StatusOK, err
}

// newReviewMux serves package reviewapi's routes for the wrapper above.
func newReviewMux(svc *review.Service) *http.ServeMux {
	mux := http.NewServeMux()
	reviewapi.Register(mux, svc, reviewAuth)
	return mux
}
