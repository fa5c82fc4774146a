package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/audit"
	"github.com/qingfeng-court/qingfeng/auth"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/indicator"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/review"
	"github.com/qingfeng-court/qingfeng/risk"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// The test province: a high court, two intermediate courts, three basic courts.
//
//	C35 闽 ── C3501 闽01 ── C350102 闽0102 (own: the users under test sit here)
//	      │             └── C350103 闽0103
//	      └── C3502 闽02 ── C350203 闽0203 (other)
const (
	numOwn      = "（2024）闽0102民初1号" // judge P1 at the users' court
	numOwnPeer  = "（2024）闽0102民初2号" // another judge at the users' court
	numAppeal   = "（2024）闽01民终5号"   // numOwn's appeal, at the court above
	numOther    = "（2024）闽0203民初3号" // a court outside the users' scope
	ownCourt    = "C350102"
	otherCourt  = "C350203"
	ownJudge    = "P1"
	testPasswd  = "correct horse battery"
	auditSecret = "world test secret, 32 bytes long"
)

type world struct {
	t      testing.TB
	st     *sqlite.Store
	srv    *Server
	http   *httptest.Server
	log    *audit.Log
	users  map[string]*qingfeng.User // by login
	tokens map[string]string         // token name → secret
	seq    int
	ind    *indicator.Engine // the indicator engine the server reads (engines_world_test.go)
	rev    *review.Service
	risk   *risk.Engine // the risk engine the server reads (warnings_world_test.go)
}

func newWorld(t testing.TB) *world {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "qingfeng.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &world{t: t, st: st, users: map[string]*qingfeng.User{}, tokens: map[string]string{}}
	w.seed()
	w.log = audit.New(st, audit.Key([]byte(auditSecret)))
	hasher, _ := ingest.NewHasher([]byte("0123456789abcdef0123456789abcdef"))
	codes, err := codetable.Load(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	opts := w.engines()
	opts.Version, opts.Accounts, opts.Audit, opts.Defs, opts.Embedded = "test", st, w.log, defs.Default(), defs.Default()
	opts.Ingester = ingest.New(st, casenum.Default(), codes, hasher, ingest.Options{})
	w.srv, err = New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Tests sign in many times from one address: the address throttle is not under test here.
	w.srv.auth.ByAddr = auth.NewThrottle(1_000_000, time.Minute, time.Minute)
	w.http = httptest.NewServer(w.srv)
	t.Cleanup(w.http.Close)
	return w
}

func (w *world) commit(vs ...any) {
	w.t.Helper()
	var b store.Batch
	for i, v := range vs {
		w.seq++
		r, err := qingfeng.NewRecord("cms", fmt.Sprintf("w%d", w.seq), v, qingfeng.Origin{File: "world", Line: i + 1})
		if err != nil {
			w.t.Fatal(err)
		}
		b.Records = append(b.Records, r)
	}
	if _, err := w.st.Commit(context.Background(), &b); err != nil {
		w.t.Fatal(err)
	}
	w.reload()
}

func (w *world) seed() {
	court := func(id, code, name string, level qingfeng.CourtLevel, parent string) *qingfeng.Court {
		return &qingfeng.Court{ID: id, Code: code, Name: name, Level: level, ParentID: parent}
	}
	person := func(id, court, name string, roles ...qingfeng.Role) *qingfeng.Person {
		return &qingfeng.Person{ID: id, CourtID: court, Name: name, Roles: roles, From: qingfeng.MustDate("2015-01-01")}
	}
	proc := func(num, origin, court, judge string, stage qingfeng.Stage, filed string) *qingfeng.Case {
		return &qingfeng.Case{Number: num, OriginNumber: origin, CourtID: court, JudgeID: judge, Panel: []string{judge},
			Category: qingfeng.CatCivil, Stage: stage, FiledOn: qingfeng.MustDate(filed)}
	}
	event := func(num, typ, at, actor string) *qingfeng.Event {
		ts, _ := time.Parse(time.RFC3339, at)
		return &qingfeng.Event{CaseNumber: num, Type: typ, At: ts, ActorID: actor}
	}
	w.commit(
		court("C35", "闽", "福建省高级人民法院", qingfeng.LevelHigh, ""),
		court("C3501", "闽01", "福州市中级人民法院", qingfeng.LevelIntermediate, "C35"),
		court("C3502", "闽02", "厦门市中级人民法院", qingfeng.LevelIntermediate, "C35"),
		court(ownCourt, "闽0102", "鼓楼区人民法院", qingfeng.LevelBasic, "C3501"),
		court("C350103", "闽0103", "台江区人民法院", qingfeng.LevelBasic, "C3501"),
		court(otherCourt, "闽0203", "思明区人民法院", qingfeng.LevelBasic, "C3502"),
		person(ownJudge, ownCourt, "林法官", qingfeng.RoleJudge),
		person("P2", otherCourt, "陈法官", qingfeng.RoleJudge),
		person("P3", ownCourt, "王院长", qingfeng.RolePresident, qingfeng.RoleJudge),
		person("P4", ownCourt, "张法官", qingfeng.RoleJudge),
		person("P9", "C3501", "李法官", qingfeng.RoleJudge),
	)
	w.commit(
		proc(numOwn, "", ownCourt, ownJudge, qingfeng.StageFirstInstance, "2024-03-01"),
		proc(numOwnPeer, "", ownCourt, "P4", qingfeng.StageFirstInstance, "2024-03-02"),
		proc(numAppeal, numOwn, "C3501", "P9", qingfeng.StageSecondInstance, "2024-09-01"),
		proc(numOther, "", otherCourt, "P2", qingfeng.StageFirstInstance, "2024-03-03"),
		event(numOwn, "filed", "2024-03-01T09:00:00+08:00", ownJudge),
		event(numOwn, "hearing_held", "2024-05-10T09:30:00+08:00", ownJudge),
		event(numOwn, "closed", "2024-06-20T16:00:00+08:00", ownJudge),
		event(numAppeal, "filed", "2024-09-01T10:00:00+08:00", "P9"),
		event(numOther, "filed", "2024-03-03T09:00:00+08:00", "P2"),
	)
	w.st.Commit(context.Background(), &store.Batch{Rejections: []qingfeng.Rejection{
		{File: "own.jsonl", Line: 3, Code: "date.order", Reason: "日期顺序错误", ReasonEn: "dates out of order",
			Raw: `{"kind":"case","src":"cms","src_id":"q1","case_number":"（2024）闽0102民初77号","court_id":"C350102"}`, At: time.Now()},
		{File: "other.jsonl", Line: 4, Code: "date.order", Reason: "日期顺序错误", ReasonEn: "dates out of order",
			Raw: `{"kind":"case","src":"cms","src_id":"q2","case_number":"（2024）闽0203民初78号","court_id":"C350203"}`, At: time.Now()},
	}})
}

// addUser makes a user with one role at a court.
func (w *world) addUser(login string, court, person string, roles ...qingfeng.UserRole) *qingfeng.User {
	w.t.Helper()
	h, err := auth.HashPassword(testPasswd, auth.Params{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		w.t.Fatal(err)
	}
	u := &qingfeng.User{Login: login, Name: login, Roles: roles, CourtID: court, PersonID: person, PasswordHash: h}
	if err := w.st.CreateUser(context.Background(), u); err != nil {
		w.t.Fatal(err)
	}
	w.users[login] = u
	return u
}

func (w *world) addToken(name, src string, courts ...string) string {
	w.t.Helper()
	_, secret, err := w.srv.auth.NewToken(context.Background(), name, src, courts, "test")
	if err != nil {
		w.t.Fatal(err)
	}
	w.tokens[name] = secret
	return secret
}

// client is a browser-like HTTP client: a cookie jar, no redirects followed, and the session's
// CSRF token once signed in.
type client struct {
	w     *world
	hc    *http.Client
	csrf  string
	token string // bearer token, for a source system
}

func (w *world) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{w: w, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs in through the form, as a browser does, and returns the response status.
func (c *client) signIn(login, password string) int {
	c.w.t.Helper()
	resp := c.do("GET", "/login", "", nil)
	m := csrfField.FindStringSubmatch(string(resp.body))
	if m == nil {
		c.w.t.Fatalf("sign-in page has no CSRF field: %s", resp.body)
	}
	form := url.Values{"login": {login}, "password": {password}, "csrf": {m[1]}, "next": {"/"}}
	resp = c.do("POST", "/login", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if resp.code == http.StatusSeeOther {
		var me struct {
			CSRF string `json:"csrf"`
		}
		json.Unmarshal(c.do("GET", "/api/v1/me", "", nil).body, &me)
		c.csrf = me.CSRF
	}
	return resp.code
}

func (w *world) as(login string) *client {
	w.t.Helper()
	c := w.anonymous()
	if code := c.signIn(login, testPasswd); code != http.StatusSeeOther {
		w.t.Fatalf("sign in as %s: %d", login, code)
	}
	return c
}

type response struct {
	code   int
	body   []byte
	header http.Header
}

func (c *client) do(method, path, contentType string, body io.Reader) response {
	c.w.t.Helper()
	req, err := http.NewRequest(method, c.w.http.URL+path, body)
	if err != nil {
		c.w.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.csrf != "" && method != "GET" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{code: resp.StatusCode, body: b, header: resp.Header}
}

func (c *client) get(path string) response { return c.do("GET", path, "", nil) }

func (c *client) postJSON(path string, v any) response {
	b, _ := json.Marshal(v)
	return c.do("POST", path, "application/json", strings.NewReader(string(b)))
}

// auditEntries returns the log's entries matching f.
func (w *world) auditEntries(f store.AuditFilter) []qingfeng.AuditEntry {
	w.t.Helper()
	es, _, err := w.st.SearchAudit(context.Background(), f)
	if err != nil {
		w.t.Fatal(err)
	}
	return es
}

func caseURL(prefix, num string) string { return prefix + url.PathEscape(num) }
