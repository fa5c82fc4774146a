package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng/app"
)

// TestDemoAccountsSignIn runs the demo without serving, takes the accounts it prints, and signs
// in with one through the web server of the same data directory.
func TestDemoAccountsSignIn(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	out, errs, code := run(t, "demo", "--data", data, "--matters", "120", "--seed", "5", "--no-serve")
	if code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	logins := regexp.MustCompile(`login (\w+)\s+password (\S+)`).FindAllStringSubmatch(out, -1)
	if len(logins) != 6 || !regexp.MustCompile(`token demo-cms-\w+\s+secret qft_\S+`).MatchString(out) {
		t.Fatalf("demo should print six logins and a token:\n%s", out)
	}
	roles := map[string]string{}
	for _, m := range logins {
		roles[m[1]] = m[2]
	}
	for _, r := range []string{"admin", "analyst", "inspector", "reviewer", "judge", "auditor"} {
		if roles[r] == "" {
			t.Fatalf("no demo account for %s", r)
		}
	}
	a, err := app.Open(data, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, _ := hc.Get(srv.URL + "/login")
	page := readAll(resp)
	tok := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)[1]
	resp, err = hc.PostForm(srv.URL+"/login", url.Values{"login": {"judge"}, "password": {roles["judge"]}, "csrf": {tok}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as the demo judge: %v %d", err, resp.StatusCode)
	}
	resp, _ = hc.Get(srv.URL + "/api/v1/me")
	var me struct {
		User struct {
			PersonID string `json:"person_id"`
			CourtID  string `json:"court_id"`
		} `json:"user"`
		Permissions map[string]string `json:"permissions"`
	}
	json.Unmarshal([]byte(readAll(resp)), &me)
	if me.User.PersonID == "" || me.User.CourtID == "C35" || me.Permissions["case.view"] != "own" {
		t.Fatalf("demo judge: %+v", me)
	}
	// Running the demo again keeps the accounts and gives them new passwords.
	out2, _, _ := run(t, "demo", "--data", data, "--matters", "120", "--seed", "5", "--no-serve")
	if strings.Contains(out2, roles["judge"]) || !strings.Contains(out2, "login judge") {
		t.Fatalf("second demo run:\n%s", out2)
	}
}

// TestUsersAndAuditCommands manages a user from the command line, then checks the audit log,
// tampers with one row behind the program's back and checks that verify fails and names it.
func TestUsersAndAuditCommands(t *testing.T) {
	dir := t.TempDir()
	genDir, data := filepath.Join(dir, "gen"), filepath.Join(dir, "data")
	if _, errs, code := run(t, "gen", "--matters", "30", "--seed", "2", "--out", genDir); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := run(t, "ingest", "--data", data, filepath.Join(genDir, "hr.jsonl")); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code := run(t, "users", "add", "--data", data, "--login", "lin", "--name", "林", "--role", "analyst,inspector", "--court", "C350102")
	if code != 0 || !regexp.MustCompile(`password: \S{16}`).MatchString(out) {
		t.Fatalf("users add: %d %s %s", code, out, errs)
	}
	for _, bad := range [][]string{
		{"users", "add", "--data", data, "--login", "x", "--name", "x", "--role", "source", "--court", "C350102"},
		{"users", "add", "--data", data, "--login", "x", "--name", "x", "--role", "judge", "--court", "NOPE"},
		{"users", "add", "--data", data, "--login", "lin", "--name", "x", "--role", "judge", "--court", "C35"},
	} {
		if _, _, code := run(t, bad...); code == 0 {
			t.Errorf("%v succeeded", bad)
		}
	}
	if _, errs, code := run(t, "users", "set", "--data", data, "--login", "lin", "--disable"); code != 0 {
		t.Fatal(errs)
	}
	out, _, _ = run(t, "users", "list", "--data", data, "--format", "json")
	var us []struct {
		Login    string   `json:"login"`
		Roles    []string `json:"roles"`
		Disabled bool     `json:"disabled"`
	}
	if json.Unmarshal([]byte(out), &us) != nil || len(us) != 1 || !us[0].Disabled || len(us[0].Roles) != 2 {
		t.Fatalf("users list: %s", out)
	}
	if out, _, code := run(t, "users", "token-add", "--data", data, "--name", "cms-gulou", "--src", "cms", "--court", "C350102"); code != 0 || !strings.Contains(out, "qft_") {
		t.Fatalf("token-add: %s", out)
	}
	out, errs, code = run(t, "audit", "verify", "--data", data, "--format", "json")
	var rep struct {
		OK       bool   `json:"ok"`
		Entries  int    `json:"entries"`
		HeadSeq  int64  `json:"head_seq"`
		HeadHash string `json:"head_hash"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || !rep.OK || rep.Entries != 3 {
		t.Fatalf("verify of an intact log: %d %s %s", code, out, errs)
	}
	out, _, _ = run(t, "audit", "search", "--data", data, "--action", "user.", "--format", "json")
	if !strings.Contains(out, `"user.create"`) || !strings.Contains(out, `"user.update"`) || !strings.Contains(out, `"cli:`) {
		t.Fatalf("audit search: %s", out)
	}
	// Tamper: someone with the database file changes who disabled the user.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "qingfeng.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET actor = 'nobody' WHERE seq = 2`} {
		if _, err := db.ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	out, errs, code = run(t, "audit", "verify", "--data", data)
	if code == 0 || !strings.Contains(out, "entry 2: altered") || !strings.Contains(errs, "entry 2") {
		t.Fatalf("verify of a tampered log: exit %d\n%s\n%s", code, out, errs)
	}
	// The head recorded earlier still matches (the change was in the middle), but an anchor
	// naming a hash the log never had fails.
	if _, _, code := run(t, "audit", "verify", "--data", data, "--anchor", "3:"+strings.Repeat("0", 64)); code == 0 {
		t.Fatal("a wrong anchor passed")
	}
}

func readAll(resp *http.Response) string {
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
