package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

var fast = Params{Memory: 1024, Time: 1, Threads: 1}

func TestPasswordHashing(t *testing.T) {
	h, err := HashPassword("清风 correct horse", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("not a PHC argon2id string: %s", h)
	}
	if ok, err := CheckPassword("清风 correct horse", h); !ok || err != nil {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if ok, _ := CheckPassword("清风 correct hors", h); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("清风 correct horse", fast)
	if h2 == h {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	// The parameters travel with the hash: a hash made with other costs still checks.
	strong, _ := HashPassword("pw-with-other-costs", Params{Memory: 2048, Time: 2, Threads: 2})
	if ok, _ := CheckPassword("pw-with-other-costs", strong); !ok {
		t.Fatal("hash with other parameters")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=16$m=1024,t=1,p=1$c2FsdA$a2V5a2V5a2V5a2V5a2V5"} {
		if _, err := CheckPassword("x", bad); !errors.Is(err, ErrBadHash) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if CheckPolicy("lin", "short") == nil || CheckPolicy("linlinlinlin", "LINLINLINLIN") == nil || CheckPolicy("lin", "long enough pass") != nil {
		t.Fatal("password policy")
	}
}

func TestThrottle(t *testing.T) {
	now := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	th := NewThrottle(3, 10*time.Minute, 5*time.Minute)
	th.now = func() time.Time { return now }
	for range 2 {
		th.Fail("k")
	}
	if ok, _ := th.Allow("k"); !ok {
		t.Fatal("locked before the limit")
	}
	th.Fail("k")
	if ok, wait := th.Allow("k"); ok || wait != 5*time.Minute {
		t.Fatalf("after the limit: %v %s", ok, wait)
	}
	if ok, _ := th.Allow("other"); !ok {
		t.Fatal("another key is locked")
	}
	now = now.Add(5*time.Minute + time.Second)
	if ok, _ := th.Allow("k"); !ok {
		t.Fatal("still locked after the lockout")
	}
	// Failures spread wider than the window do not add up.
	th.Fail("slow")
	now = now.Add(11 * time.Minute)
	th.Fail("slow")
	now = now.Add(11 * time.Minute)
	th.Fail("slow")
	if ok, _ := th.Allow("slow"); !ok {
		t.Fatal("failures outside the window locked the key")
	}
	th.Fail("r")
	th.Fail("r")
	th.Reset("r")
	th.Fail("r")
	if ok, _ := th.Allow("r"); !ok {
		t.Fatal("reset did not forget")
	}
}

func openAccounts(t *testing.T) *sqlite.Store {
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSessionLifetime(t *testing.T) {
	st := openAccounts(t)
	u := &qingfeng.User{Login: "lin", Name: "林", Roles: []qingfeng.UserRole{qingfeng.UserJudge}, CourtID: "C35"}
	st.CreateUser(context.Background(), u)
	now := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	ss := NewSessions(st, true)
	ss.now = func() time.Time { return now }
	rec := httptest.NewRecorder()
	sess, err := ss.Start(context.Background(), rec, u, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	ck := rec.Result().Cookies()[0]
	if ck.Name != "__Host-qf_session" || !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
		t.Fatalf("cookie under TLS: %+v", ck)
	}
	req := func() *http.Request {
		r := httptest.NewRequest("GET", "/", nil)
		r.AddCookie(ck)
		return r
	}
	get := func() error { _, _, err := ss.Get(context.Background(), req()); return err }
	// Used every hour, the session lives until the absolute limit, then ends.
	for range 11 {
		now = now.Add(time.Hour)
		if err := get(); err != nil {
			t.Fatalf("at %s: %v", now, err)
		}
	}
	now = now.Add(time.Hour + time.Second)
	if err := get(); !errors.Is(err, ErrNoSession) {
		t.Fatalf("past the absolute limit: %v", err)
	}
	// Unused for longer than the idle limit, a new session ends.
	rec = httptest.NewRecorder()
	ss.Start(context.Background(), rec, u, "10.0.0.1")
	ck = rec.Result().Cookies()[0]
	now = now.Add(2*time.Hour + time.Second)
	if err := get(); !errors.Is(err, ErrNoSession) {
		t.Fatalf("past the idle limit: %v", err)
	}
	// CSRF: unsafe methods need the session's token, safe ones do not.
	post := httptest.NewRequest("POST", "/x", nil)
	if CheckCSRF(post, sess) {
		t.Fatal("POST without token passed")
	}
	post.Header.Set(CSRFHeader, sess.CSRF)
	if !CheckCSRF(post, sess) || !CheckCSRF(httptest.NewRequest("GET", "/", nil), nil) {
		t.Fatal("CSRF check")
	}
	form := httptest.NewRequest("POST", "/x", strings.NewReader("csrf="+sess.CSRF))
	form.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if !CheckCSRF(form, sess) {
		t.Fatal("form field token")
	}
}

func TestLoginAndTokens(t *testing.T) {
	st := openAccounts(t)
	a := NewAuthenticator(st)
	a.Params = fast
	ctx := context.Background()
	u := &qingfeng.User{Login: "lin", Name: "林", Roles: []qingfeng.UserRole{qingfeng.UserJudge}, CourtID: "C35"}
	st.CreateUser(ctx, u)
	if _, err := a.Login(ctx, "lin", "anything at all", "1.1.1.1"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("a user without a password signed in: %v", err)
	}
	if err := a.SetPassword(ctx, u, "short"); err == nil {
		t.Fatal("policy not applied")
	}
	if err := a.SetPassword(ctx, u, "a long passphrase"); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Login(ctx, "lin", "a long passphrase", "1.1.1.1"); err != nil || got.ID != u.ID {
		t.Fatalf("sign in: %v", err)
	}
	u.Disabled = true
	st.UpdateUser(ctx, u)
	if _, err := a.Login(ctx, "lin", "a long passphrase", "1.1.1.1"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("disabled user: %v", err)
	}
	if _, err := a.Login(ctx, "nobody", "x", "1.1.1.1"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("unknown login: %v", err)
	}
	tok, secret, err := a.NewToken(ctx, "cms", "cms", []string{"C35"}, "admin")
	if err != nil || !strings.HasPrefix(secret, "qft_") || tok.Hash == secret || strings.Contains(tok.Hash, secret) {
		t.Fatalf("new token: %v %+v", err, tok)
	}
	if got, err := a.Token(ctx, secret); err != nil || got.ID != tok.ID {
		t.Fatalf("token: %v", err)
	}
	if got, _ := st.TokenByHash(ctx, tok.Hash); got.UsedAt.IsZero() {
		t.Fatal("token use not recorded")
	}
	st.RevokeToken(ctx, tok.ID)
	for _, s := range []string{secret, "", "qft_guess"} {
		if _, err := a.Token(ctx, s); !errors.Is(err, ErrBadToken) {
			t.Errorf("token %q: %v", s, err)
		}
	}
	if _, _, err := a.NewToken(ctx, "x", "cms", nil, "admin"); err == nil {
		t.Fatal("a token without courts")
	}
}

// TestSessionCache checks that a session read is trusted for Fresh only, and that sign-out and
// Forget apply at once in this process.
func TestSessionCache(t *testing.T) {
	st := openAccounts(t)
	ctx := context.Background()
	u := &qingfeng.User{Login: "lin", Name: "林", Roles: []qingfeng.UserRole{qingfeng.UserJudge}, CourtID: "C35"}
	st.CreateUser(ctx, u)
	now := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	ss := NewSessions(st, false)
	ss.now = func() time.Time { return now }
	rec := httptest.NewRecorder()
	ss.Start(ctx, rec, u, "")
	ck := rec.Result().Cookies()[0]
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(ck)
	if _, _, err := ss.Get(ctx, req); err != nil {
		t.Fatal(err)
	}
	// Another process disables the user: within Fresh the cached answer stands, after it not.
	u.Disabled = true
	st.UpdateUser(ctx, u)
	if _, _, err := ss.Get(ctx, req); err != nil {
		t.Fatalf("cached session: %v", err)
	}
	now = now.Add(ss.Fresh + time.Millisecond)
	if _, _, err := ss.Get(ctx, req); !errors.Is(err, ErrNoSession) {
		t.Fatalf("after Fresh: %v", err)
	}
	// In this process, Forget applies at once.
	u.Disabled = false
	st.UpdateUser(ctx, u)
	ss.Get(ctx, req)
	u.Roles = []qingfeng.UserRole{qingfeng.UserAnalyst}
	st.UpdateUser(ctx, u)
	ss.Forget(u.ID)
	if _, got, _ := ss.Get(ctx, req); !got.HasRole(qingfeng.UserAnalyst) {
		t.Fatal("Forget did not drop the cached user")
	}
	if err := ss.End(ctx, httptest.NewRecorder(), req); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ss.Get(ctx, req); !errors.Is(err, ErrNoSession) {
		t.Fatalf("after sign-out: %v", err)
	}
}
