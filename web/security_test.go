package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

func TestCSRFIsRequiredForChanges(t *testing.T) {
	w := newWorld(t)
	w.addUser("root-admin", "C35", "", admin)
	c := w.as("root-admin")
	body := `{"login":"x1","name":"x","roles":["judge"],"court_id":"C350102"}`
	token := c.csrf
	for name, csrf := range map[string]string{"no token": "", "wrong token": "forged-" + token} {
		c.csrf = csrf
		got := c.do("POST", "/api/v1/users", "application/json", strings.NewReader(body))
		if got.code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, got.code)
		}
	}
	// A form posted from another site carries the cookie but not the token.
	c.csrf = ""
	form := url.Values{"login": {"x2"}, "name": {"x"}, "roles": {"judge"}, "court_id": {"C350102"}}
	if got := c.do("POST", "/api/v1/users", "application/x-www-form-urlencoded", strings.NewReader(form.Encode())); got.code != http.StatusForbidden {
		t.Errorf("form without token: %d", got.code)
	}
	if _, err := w.st.UserByLogin(t.Context(), "x1"); err == nil {
		t.Fatal("a request without the CSRF token created a user")
	}
	if es := w.auditEntries(store.AuditFilter{Action: "csrf", Outcome: qingfeng.AuditDenied}); len(es) != 3 {
		t.Fatalf("CSRF refusals in the audit log: %d", len(es))
	}
	// The browser's cross-origin check refuses a request another site's page makes.
	c.csrf = token
	req, _ := http.NewRequest("POST", w.http.URL+"/api/v1/users", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", token)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site request: %d", resp.StatusCode)
	}
	// With the token, from the page itself, it works; the form post goes back to the page.
	form.Set("csrf", token)
	c.csrf = ""
	got := c.do("POST", "/api/v1/users", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if got.code != http.StatusSeeOther || got.header.Get("Location") != "/admin" {
		t.Fatalf("form with token: %d %s", got.code, got.body)
	}
	// Signing in needs the sign-in form's own token.
	anon := w.anonymous()
	got = anon.do("POST", "/login", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"login": {"root-admin"}, "password": {testPasswd}}.Encode()))
	if got.code != http.StatusForbidden {
		t.Fatalf("sign-in without its token: %d", got.code)
	}
}

func TestLoginThrottling(t *testing.T) {
	w := newWorld(t)
	w.addUser("target", ownCourt, "", analyst)
	c := w.anonymous()
	for i := range 5 {
		if code := c.signIn("target", "wrong password "+string(rune('a'+i))); code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i+1, code)
		}
	}
	// The login is now locked: even the right password is refused, and says so.
	if code := c.signIn("target", testPasswd); code != http.StatusTooManyRequests {
		t.Fatalf("after five failures: %d, want 429", code)
	}
	// Other logins are not affected by one login's lock.
	w.addUser("bystander", ownCourt, "", analyst)
	if code := w.anonymous().signIn("bystander", testPasswd); code != http.StatusSeeOther {
		t.Fatalf("another login: %d", code)
	}
	if es := w.auditEntries(store.AuditFilter{Action: "login", Object: "target"}); len(es) != 6 ||
		es[0].Outcome != qingfeng.AuditDenied || es[1].Outcome != qingfeng.AuditFailed {
		t.Fatalf("sign-in attempts in the audit log: %+v", es)
	}
	// The address throttle stops guessing across logins.
	w.srv.auth.ByAddr.Max = 3
	d := w.anonymous()
	for _, l := range []string{"a", "b", "c"} {
		d.signIn("guess-"+l, "x")
	}
	if code := d.signIn("bystander", testPasswd); code != http.StatusTooManyRequests {
		t.Fatalf("address throttle: %d", code)
	}
}

func TestSessions(t *testing.T) {
	w := newWorld(t)
	w.addUser("sessioned", ownCourt, "", analyst)
	c := w.as("sessioned")
	resp := c.get("/api/v1/me")
	if resp.code != http.StatusOK {
		t.Fatal(resp.code)
	}
	// The cookie is HttpOnly and SameSite; its value is not what the store keeps.
	u, _ := url.Parse(w.http.URL)
	cookies := c.hc.Jar.Cookies(u)
	var secret string
	for _, ck := range cookies {
		if ck.Name == "qf_session" {
			secret = ck.Value
		}
	}
	if secret == "" {
		t.Fatal("no session cookie")
	}
	if _, err := w.st.Session(t.Context(), secret); err == nil {
		t.Fatal("the store keeps the cookie's secret itself")
	}
	c2 := w.anonymous()
	c2.signIn("sessioned", testPasswd)
	loginResp := w.anonymous()
	got := loginResp.get("/login")
	m := csrfField.FindStringSubmatch(string(got.body))
	got = loginResp.do("POST", "/login", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"login": {"sessioned"}, "password": {testPasswd}, "csrf": {m[1]}}.Encode()))
	sc := got.header.Get("Set-Cookie")
	if !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Lax") || strings.Contains(sc, "Secure") {
		t.Fatalf("session cookie attributes: %s", sc)
	}
	// Signing out ends the session on the server, not just in the browser.
	if got := c.do("POST", "/logout", "", nil); got.code != http.StatusOK {
		t.Fatalf("sign out: %d", got.code)
	}
	replay := w.anonymous()
	replay.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "qf_session", Value: secret}})
	if got := replay.get("/api/v1/me"); got.code != http.StatusUnauthorized {
		t.Fatalf("replayed cookie after sign-out: %d", got.code)
	}
	// Disabling a user ends their other sessions at once.
	w.addUser("root-admin", "C35", "", admin)
	a := w.as("root-admin")
	id := w.users["sessioned"].ID
	upd := map[string]any{"name": "x", "roles": []string{"analyst"}, "court_id": ownCourt, "disabled": true}
	if got := a.postJSON("/api/v1/users/"+itoa(id), upd); got.code != http.StatusOK {
		t.Fatalf("disable: %d %s", got.code, got.body)
	}
	if got := c2.get("/api/v1/me"); got.code != http.StatusUnauthorized {
		t.Fatalf("disabled user's session: %d", got.code)
	}
	if code := w.anonymous().signIn("sessioned", testPasswd); code != http.StatusUnauthorized {
		t.Fatalf("disabled user signing in: %d", code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestSourceTokenIngest(t *testing.T) {
	w := newWorld(t)
	own := w.anonymous()
	own.token = w.addToken("gulou-cms", "cms", ownCourt)
	line := func(v map[string]any) string { b, _ := json.Marshal(v); return string(b) }
	inScope := line(map[string]any{"kind": "case", "src": "cms", "src_id": "api-1", "case_number": "（2024）闽0102民初31号",
		"court_id": ownCourt, "judge_id": ownJudge, "filed_on": "2024-04-01"}) + "\n" +
		line(map[string]any{"kind": "event", "src": "cms", "src_id": "api-1-1", "case_number": "（2024）闽0102民初31号",
			"type": "filed", "at": "2024-04-01T09:00:00+08:00"}) + "\n"
	got := own.do("POST", "/api/v1/records", "application/x-ndjson", strings.NewReader(inScope))
	if got.code != http.StatusOK {
		t.Fatalf("push in scope: %d %s", got.code, got.body)
	}
	var sum struct{ Stored, Rejected int }
	json.Unmarshal(got.body, &sum)
	if sum.Stored != 2 || sum.Rejected != 0 {
		t.Fatalf("push summary: %s", got.body)
	}
	if _, err := w.st.Case(t.Context(), "（2024）闽0102民初31号"); err != nil {
		t.Fatalf("pushed case not stored: %v", err)
	}
	cases := []struct {
		name string
		body string
	}{
		{"another court", line(map[string]any{"kind": "case", "src": "cms", "src_id": "api-2", "case_number": "（2024）闽0203民初32号", "court_id": otherCourt, "filed_on": "2024-04-01"})},
		{"another source", line(map[string]any{"kind": "case", "src": "exec", "src_id": "api-3", "case_number": "（2024）闽0102执1号", "court_id": ownCourt, "filed_on": "2024-04-01"})},
		{"an event of another court's case", line(map[string]any{"kind": "event", "src": "cms", "src_id": "api-4", "case_number": numOther, "type": "closed", "at": "2024-05-01T09:00:00+08:00"})},
		{"an event of an unknown case numbered at another court", line(map[string]any{"kind": "event", "src": "cms", "src_id": "api-5", "case_number": "（2024）闽0203民初999号", "type": "filed", "at": "2024-05-01T09:00:00+08:00"})},
		{"a court above", line(map[string]any{"kind": "court", "src": "cms", "src_id": "api-6", "id": "C3501", "code": "闽01", "name": "改名", "level": "intermediate", "parent_id": "C35"})},
		{"good lines do not carry a bad one", inScope + line(map[string]any{"kind": "case", "src": "cms", "src_id": "api-7", "case_number": "（2024）闽0203民初33号", "court_id": otherCourt, "filed_on": "2024-04-01"})},
	}
	for _, c := range cases {
		before, _ := w.st.Counts(t.Context())
		got := own.do("POST", "/api/v1/records", "application/x-ndjson", strings.NewReader(c.body+"\n"))
		if got.code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403: %s", c.name, got.code, got.body)
		}
		if after, _ := w.st.Counts(t.Context()); after.Revisions != before.Revisions || after.Quarantined != before.Quarantined {
			t.Errorf("%s: a refused push changed the store", c.name)
		}
	}
	if es := w.auditEntries(store.AuditFilter{Action: "records.ingest", Outcome: qingfeng.AuditDenied}); len(es) != len(cases) || es[0].Actor != "token:gulou-cms" {
		t.Fatalf("refused pushes in the audit log: %d", len(es))
	}
	// A revoked or made-up token gets nothing.
	fake := w.anonymous()
	fake.token = "qft_made-up"
	if got := fake.do("POST", "/api/v1/records", "application/x-ndjson", strings.NewReader(inScope)); got.code != http.StatusUnauthorized {
		t.Fatalf("made-up token: %d", got.code)
	}
	toks, _ := w.st.Tokens(t.Context())
	w.st.RevokeToken(t.Context(), toks[0].ID)
	if got := own.do("POST", "/api/v1/records", "application/x-ndjson", strings.NewReader(inScope)); got.code != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d", got.code)
	}
	// A province-wide token may push reference data that names no court (lawyers).
	prov := w.anonymous()
	prov.token = w.addToken("province-hr", "hr", "C35")
	lawyer := line(map[string]any{"kind": "lawyer", "src": "hr", "src_id": "L1", "id": "L1", "name": "律师甲", "license_no": "13501200010000001"})
	if got := prov.do("POST", "/api/v1/records", "application/x-ndjson", strings.NewReader(lawyer+"\n")); got.code != http.StatusOK {
		t.Fatalf("province token pushing a lawyer: %d %s", got.code, got.body)
	}
	basicHR := w.anonymous()
	basicHR.token = w.addToken("gulou-hr", "hr", ownCourt)
	if got := basicHR.do("POST", "/api/v1/records", "application/x-ndjson", strings.NewReader(lawyer+"\n")); got.code != http.StatusForbidden {
		t.Fatalf("a basic court's token pushing a lawyer: %d", got.code)
	}
}

func TestExports(t *testing.T) {
	w := newWorld(t)
	w.addUser("gulou-analyst", ownCourt, "", analyst)
	c := w.as("gulou-analyst")
	csv := c.get(caseURL("/api/v1/cases/", numOwn) + "?format=csv")
	if csv.code != 200 || !bytes.HasPrefix(csv.body, []byte("\uFEFF时间,案号")) || !strings.Contains(csv.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("CSV export: %d %q %s", csv.code, csv.body[:min(40, len(csv.body))], csv.header)
	}
	// The header and the case's three events: its appeal is at the court above, out of scope.
	if rows := strings.Count(string(csv.body), "\n"); rows != 4 {
		t.Fatalf("CSV rows: %d\n%s", rows, csv.body)
	}
	if strings.Contains(string(csv.body), numAppeal) {
		t.Fatal("the export holds a proceeding outside the user's scope")
	}
	x := c.get(caseURL("/api/v1/cases/", numOwn) + "?format=xlsx&lang=en")
	f, err := excelize.OpenReader(bytes.NewReader(x.body))
	if err != nil {
		t.Fatalf("xlsx export does not open: %v", err)
	}
	rows, _ := f.GetRows("Sheet1")
	if len(rows) != 4 || rows[0][0] != "Time" || rows[1][1] != numOwn || rows[3][3] != "closed" {
		t.Fatalf("xlsx rows: %v", rows)
	}
	if got := c.get("/api/v1/courts?format=pdf"); got.code != http.StatusBadRequest {
		t.Fatalf("unknown format: %d", got.code)
	}
	if es := w.auditEntries(store.AuditFilter{Action: "export"}); len(es) != 2 || !strings.Contains(es[0].Detail, "rows=3") {
		t.Fatalf("exports in the audit log: %+v", es)
	}
	if defuse("=HYPERLINK(\"x\")") != "'=HYPERLINK(\"x\")" || defuse("-12.5") != "-12.5" || defuse("@SUM(A1)") != "'@SUM(A1)" {
		t.Fatal("formula cells are not defused")
	}
}
