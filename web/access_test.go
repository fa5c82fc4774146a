package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

const (
	admin     = qingfeng.UserAdmin
	analyst   = qingfeng.UserAnalyst
	inspector = qingfeng.UserInspector
	reviewer  = qingfeng.UserReviewer
	judge     = qingfeng.UserJudge
	auditor   = qingfeng.UserAuditor
)

var userRoles = []qingfeng.UserRole{admin, analyst, inspector, reviewer, judge, auditor}

// probe is one request of the access matrix. may lists the roles that may use the endpoint at
// all (others get 403); ok lists those that get what they asked for (the rest of may get 404:
// the thing is outside their scope).
type probe struct {
	method, path string
	body         func(role qingfeng.UserRole) any
	form         url.Values // a page's form, posted as a browser does
	may, ok      []qingfeng.UserRole
	created      bool // success is 201
}

func every() []qingfeng.UserRole { return userRoles }

// matrixWorld is the world of the access matrix: one user per role at the own court, a user and a
// token at the other court for the admin's out-of-scope targets, and a token at the own court.
type matrixWorld struct {
	*world
	ownUser, otherUser int64
	ownTok, otherTok   int64
	reviews            reviewFixture
	warns              warningFixture
}

func newMatrixWorld(t *testing.T) *matrixWorld {
	w := &matrixWorld{world: newWorld(t)}
	w.caseloads()
	w.reviews = w.reviewFixture()
	w.warns = w.warningFixture()
	for _, r := range userRoles {
		person := ""
		switch r {
		case judge:
			person = ownJudge
		case reviewer:
			person = "P3"
		}
		w.addUser(string(r), ownCourt, person, r)
	}
	w.ownUser = w.addUser("clerk-own", ownCourt, "", analyst).ID
	w.otherUser = w.addUser("clerk-other", otherCourt, "", analyst).ID
	w.addToken("own-cms", "cms", ownCourt)
	w.addToken("other-cms", "cms", otherCourt)
	toks, _ := w.st.Tokens(t.Context())
	for _, tk := range toks {
		if tk.Name == "own-cms" {
			w.ownTok = tk.ID
		} else {
			w.otherTok = tk.ID
		}
	}
	return w
}

func (w *matrixWorld) probes() []probe {
	readers := []qingfeng.UserRole{analyst, inspector, reviewer, judge}
	defsReaders := []qingfeng.UserRole{admin, analyst, inspector, auditor}
	data := []qingfeng.UserRole{admin, analyst}
	admins := []qingfeng.UserRole{admin}
	none := []qingfeng.UserRole{}
	n := 0
	newLogin := func(r qingfeng.UserRole) any {
		n++
		return map[string]any{"login": fmt.Sprintf("new-%s-%d", r, n), "name": "新用户", "roles": []string{"judge"}, "court_id": ownCourt}
	}
	newLoginOther := func(r qingfeng.UserRole) any {
		n++
		return map[string]any{"login": fmt.Sprintf("far-%s-%d", r, n), "name": "新用户", "roles": []string{"judge"}, "court_id": otherCourt}
	}
	update := func(qingfeng.UserRole) any {
		return map[string]any{"name": "改名", "roles": []string{"analyst"}, "court_id": ownCourt}
	}
	password := func(qingfeng.UserRole) any { return map[string]any{"password": "a brand new passphrase"} }
	newToken := func(court string) func(qingfeng.UserRole) any {
		return func(r qingfeng.UserRole) any {
			n++
			return map[string]any{"name": fmt.Sprintf("tok-%s-%d", r, n), "src": "exec", "courts": []string{court}}
		}
	}
	uid := func(id int64) string { return strconv.FormatInt(id, 10) }
	return append([]probe{
		{method: "GET", path: "/api/v1/me", may: every(), ok: every()},
		{method: "GET", path: "/courts/" + ownCourt, may: every(), ok: every()},
		{method: "GET", path: "/courts/" + otherCourt, may: every(), ok: none},
		{method: "GET", path: "/courts/C35", may: every(), ok: none},
		{method: "GET", path: "/api/v1/courts", may: every(), ok: every()},
		{method: "GET", path: "/api/v1/courts?format=csv", may: every(), ok: every()},
		{method: "GET", path: "/api/v1/courts/" + ownCourt, may: every(), ok: every()},
		{method: "GET", path: "/api/v1/courts/" + otherCourt, may: every(), ok: none},
		{method: "GET", path: "/cases", may: readers, ok: readers},
		{method: "GET", path: caseURL("/cases/", numOwn), may: readers, ok: readers},
		{method: "GET", path: caseURL("/cases/", numOwnPeer), may: readers, ok: []qingfeng.UserRole{analyst, inspector, reviewer}},
		{method: "GET", path: caseURL("/cases/", numOther), may: readers, ok: none},
		{method: "GET", path: caseURL("/cases/", numAppeal), may: readers, ok: none},
		{method: "GET", path: caseURL("/api/v1/cases/", numOwn), may: readers, ok: readers},
		{method: "GET", path: caseURL("/api/v1/cases/", numOwn) + "?format=xlsx", may: readers, ok: readers},
		{method: "GET", path: caseURL("/api/v1/cases/", numOther), may: readers, ok: none},
		{method: "GET", path: caseURL("/api/v1/cases/", numOther) + "?format=csv", may: readers, ok: none},
		{method: "GET", path: caseURL("/api/v1/cases/", numOwn) + "/timeline", may: readers, ok: readers},
		{method: "GET", path: caseURL("/api/v1/cases/", numOther) + "/timeline", may: readers, ok: none},
		{method: "GET", path: "/data", may: data, ok: data},
		{method: "GET", path: "/api/v1/sources", may: data, ok: data},
		{method: "GET", path: "/api/v1/records/recent", may: data, ok: data},
		{method: "GET", path: "/api/v1/quarantine", may: data, ok: data},
		{method: "POST", path: "/api/v1/quarantine/retry", may: admins, ok: admins},
		{method: "GET", path: "/defs", may: defsReaders, ok: defsReaders},
		{method: "GET", path: "/api/v1/defs", may: defsReaders, ok: defsReaders},
		{method: "GET", path: "/defs/file/calendar/timelimits.yaml", may: defsReaders, ok: defsReaders},
		{method: "GET", path: "/admin", may: admins, ok: admins},
		{method: "GET", path: "/api/v1/users", may: admins, ok: admins},
		{method: "GET", path: "/api/v1/users/" + uid(w.ownUser), may: admins, ok: admins},
		{method: "GET", path: "/api/v1/users/" + uid(w.otherUser), may: admins, ok: none},
		{method: "POST", path: "/api/v1/users", body: newLogin, may: admins, ok: admins, created: true},
		{method: "POST", path: "/api/v1/users", body: newLoginOther, may: admins, ok: none},
		{method: "POST", path: "/api/v1/users/" + uid(w.ownUser), body: update, may: admins, ok: admins},
		{method: "POST", path: "/api/v1/users/" + uid(w.otherUser), body: update, may: admins, ok: none},
		{method: "POST", path: "/api/v1/users/" + uid(w.ownUser) + "/password", body: password, may: admins, ok: admins},
		{method: "POST", path: "/api/v1/users/" + uid(w.otherUser) + "/password", body: password, may: admins, ok: none},
		{method: "GET", path: "/api/v1/tokens", may: admins, ok: admins},
		{method: "POST", path: "/api/v1/tokens", body: newToken(ownCourt), may: admins, ok: admins, created: true},
		{method: "POST", path: "/api/v1/tokens", body: newToken(otherCourt), may: admins, ok: none},
		{method: "POST", path: "/api/v1/tokens/" + uid(w.ownTok) + "/revoke", may: admins, ok: admins},
		{method: "POST", path: "/api/v1/tokens/" + uid(w.otherTok) + "/revoke", may: admins, ok: none},
		{method: "GET", path: "/audit", may: []qingfeng.UserRole{auditor}, ok: []qingfeng.UserRole{auditor}},
		{method: "GET", path: "/api/v1/audit?format=csv", may: []qingfeng.UserRole{auditor}, ok: []qingfeng.UserRole{auditor}},
	}, slices.Concat(w.engineProbes(), w.warningProbes())...)
}

// publicPaths answer everyone, signed in or not.
var publicPaths = []string{"/", "/healthz", "/readyz", "/metrics", "/api/v1/status", "/api/v1/openapi.json", "/login"}

// TestAccessMatrix sends every endpoint's requests as every role, for things in the user's own
// scope and outside it, and as an anonymous visitor and a source system's token, and checks
// each answer; then that the matrix covers every route the server has.
func TestAccessMatrix(t *testing.T) {
	w := newMatrixWorld(t)
	covered := map[string]bool{}
	pattern := func(method, path string) string {
		req, _ := http.NewRequest(method, w.http.URL+path, nil)
		_, p := w.srv.mux.Handler(req)
		return p
	}
	send := func(c *client, p probe, role qingfeng.UserRole) response {
		if p.form != nil {
			f := url.Values{"csrf": {c.csrf}}
			for k, v := range p.form {
				f[k] = v
			}
			return c.do(p.method, p.path, "application/x-www-form-urlencoded", strings.NewReader(f.Encode()))
		}
		if p.body == nil {
			return c.do(p.method, p.path, "", nil)
		}
		return c.postJSON(p.path, p.body(role))
	}
	for _, role := range userRoles {
		c := w.as(string(role))
		for _, p := range w.probes() {
			covered[pattern(p.method, p.path)] = true
			want := http.StatusForbidden
			switch {
			case slices.Contains(p.ok, role) && p.created:
				want = http.StatusCreated
			case slices.Contains(p.ok, role):
				want = http.StatusOK
			case slices.Contains(p.may, role):
				want = http.StatusNotFound
			}
			if got := send(c, p, role); got.code != want {
				t.Errorf("%s %s as %s: %d, want %d (%.200s)", p.method, p.path, role, got.code, want, got.body)
			}
		}
		// Session users cannot push records: that is for source systems' tokens only.
		if got := c.do("POST", "/api/v1/records", "application/x-ndjson", strings.NewReader("{}\n")); got.code != http.StatusUnauthorized {
			t.Errorf("push records as %s: %d, want 401", role, got.code)
		}
	}
	anon := w.anonymous()
	tok := w.anonymous()
	tok.token = w.tokens["own-cms"]
	for _, p := range w.probes() {
		got := send(anon, p, "")
		want := http.StatusUnauthorized
		if !strings.HasPrefix(p.path, "/api/") && p.method == "GET" {
			want = http.StatusSeeOther
		}
		if got.code != want {
			t.Errorf("%s %s anonymously: %d, want %d", p.method, p.path, got.code, want)
		}
		if want == http.StatusSeeOther && !strings.HasPrefix(got.header.Get("Location"), "/login?next=") {
			t.Errorf("%s anonymously goes to %q, not the sign-in page", p.path, got.header.Get("Location"))
		}
		if got := send(tok, p, ""); got.code == http.StatusOK || got.code == http.StatusCreated {
			t.Errorf("%s %s with a source token: %d, a token must not read or manage anything", p.method, p.path, got.code)
		}
	}
	for _, path := range publicPaths {
		covered[pattern("GET", path)] = true
		for _, c := range []*client{anon, tok, w.as(string(judge))} {
			if got := c.get(path); got.code != http.StatusOK {
				t.Errorf("public %s: %d", path, got.code)
			}
		}
	}
	// Routes exercised by their own tests.
	for _, p := range []string{"POST /login", "POST /logout", "POST /api/v1/records", "GET /auth/oidc/login", "GET /auth/oidc/callback"} {
		covered[p] = true
	}
	for _, rt := range w.srv.routes() {
		if p := rt.method + " " + rt.path; !covered[p] {
			t.Errorf("route %s is not in the access matrix", p)
		}
	}
}

// TestRefusalsAreAudited checks that reading outside one's scope is refused as if the thing did
// not exist, and written to the audit log with who tried, what, and the court it belongs to.
func TestRefusalsAreAudited(t *testing.T) {
	w := newWorld(t)
	w.addUser("gulou-analyst", ownCourt, "", analyst)
	c := w.as("gulou-analyst")
	for _, path := range []string{caseURL("/cases/", numOther), caseURL("/api/v1/cases/", numOther)} {
		got := c.get(path)
		if got.code != http.StatusNotFound || strings.Contains(string(got.body), "思明") || strings.Contains(string(got.body), "P2") {
			t.Fatalf("%s: %d, the answer must be a plain 404: %s", path, got.code, got.body)
		}
	}
	es := w.auditEntries(store.AuditFilter{Actor: "gulou-analyst", Action: "case.view", Outcome: qingfeng.AuditDenied})
	if len(es) != 2 || es[0].Object != numOther || es[0].CourtID != otherCourt || es[0].ActorCourt != ownCourt || es[0].Addr == "" {
		t.Fatalf("denied reads in the audit log: %+v", es)
	}
	// A missing case is not a refusal, but it is recorded too: enumeration shows in the log.
	c.get(caseURL("/cases/", "（2024）闽0102民初999号"))
	if es := w.auditEntries(store.AuditFilter{Action: "case.view", Outcome: qingfeng.AuditFailed}); len(es) != 1 {
		t.Fatalf("failed lookups in the audit log: %+v", es)
	}
	// The view of a case in scope is recorded with its court.
	c.get(caseURL("/cases/", numOwn))
	es = w.auditEntries(store.AuditFilter{Action: "case.view", Outcome: qingfeng.AuditOK})
	if len(es) != 1 || es[0].Object != numOwn || es[0].CourtID != ownCourt {
		t.Fatalf("case views in the audit log: %+v", es)
	}
	// A user without the permission gets 403, also recorded.
	w.addUser("gulou-auditor", ownCourt, "", auditor)
	if got := w.as("gulou-auditor").get(caseURL("/api/v1/cases/", numOwn)); got.code != http.StatusForbidden {
		t.Fatalf("auditor reading a case: %d", got.code)
	}
	if es := w.auditEntries(store.AuditFilter{Actor: "gulou-auditor", Outcome: qingfeng.AuditDenied}); len(es) != 1 || es[0].Action != "access" {
		t.Fatalf("permission refusal in the audit log: %+v", es)
	}
}
