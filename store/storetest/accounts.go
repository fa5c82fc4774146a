package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// RunAccounts runs the conformance checks of store.Accounts: users (unique logins and single
// sign-on subjects, updates that leave the login and password alone, filtering by court scope
// and role), sessions (lookup, touch, per-user and expiry purges) and API tokens (unique names,
// lookup by hash, revocation).
func RunAccounts(t *testing.T, open func(t *testing.T) store.Accounts) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Accounts)
	}{
		{"Users", testUsers},
		{"UserUpdates", testUserUpdates},
		{"UserScopeFilter", testUserScopeFilter},
		{"Sessions", testSessions},
		{"Tokens", testTokens},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

func newUser(login, court string, roles ...qingfeng.UserRole) *qingfeng.User {
	return &qingfeng.User{Login: login, Name: "用户" + login, Roles: roles, CourtID: court,
		PasswordHash: "$argon2id$v=19$m=65536,t=1,p=2$c2FsdA$" + login}
}

func mustCreateUser(t *testing.T, s store.Accounts, u *qingfeng.User) *qingfeng.User {
	t.Helper()
	if err := s.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("create user %s: %v", u.Login, err)
	}
	return u
}

func testUsers(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	a := mustCreateUser(t, s, newUser("alice", "C350102", qingfeng.UserAnalyst, qingfeng.UserReviewer))
	if a.ID == 0 || a.CreatedAt.Before(before) || !a.UpdatedAt.Equal(a.CreatedAt) {
		t.Fatalf("create did not set id and times: %+v", a)
	}
	b := mustCreateUser(t, s, newUser("bob", "C35", qingfeng.UserAdmin))
	if b.ID == a.ID {
		t.Fatal("two users got one id")
	}
	if err := s.CreateUser(ctx, newUser("alice", "C35", qingfeng.UserJudge)); !errors.Is(err, store.ErrExists) {
		t.Fatalf("duplicate login: got %v, want ErrExists", err)
	}
	got, err := s.UserByLogin(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != a.ID || got.Name != a.Name || got.CourtID != "C350102" || got.PasswordHash != a.PasswordHash ||
		!slices.Equal(got.Roles, a.Roles) || !got.CreatedAt.Equal(a.CreatedAt) {
		t.Fatalf("read back %+v, stored %+v", got, a)
	}
	if byID, err := s.User(ctx, b.ID); err != nil || byID.Login != "bob" {
		t.Fatalf("user by id: %v %+v", err, byID)
	}
	for _, miss := range []func() error{
		func() error { _, err := s.UserByLogin(ctx, "Alice"); return err },
		func() error { _, err := s.User(ctx, 999999); return err },
		func() error { _, err := s.UserBySubject(ctx, ""); return err },
		func() error { _, err := s.UserBySubject(ctx, "https://sso.example nobody"); return err },
	} {
		if err := miss(); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("lookup of a missing user: got %v, want ErrNotFound", err)
		}
	}
}

func testUserUpdates(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	u := mustCreateUser(t, s, newUser("carol", "C3501", qingfeng.UserJudge))
	v := mustCreateUser(t, s, newUser("dave", "C3501", qingfeng.UserJudge))
	oldHash := u.PasswordHash
	created := u.CreatedAt
	time.Sleep(2 * time.Millisecond)
	u.Name, u.Roles, u.CourtID, u.PersonID, u.Subject, u.Disabled = "卡罗尔", []qingfeng.UserRole{qingfeng.UserInspector}, "C35", "P000009", "https://sso.example 42", true
	u.Login, u.PasswordHash = "mallory", "changed-through-update"
	if err := s.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	got, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Login != "carol" || got.PasswordHash != oldHash {
		t.Fatalf("update changed the login or password: %+v", got)
	}
	if got.Name != "卡罗尔" || got.CourtID != "C35" || got.PersonID != "P000009" || !got.Disabled ||
		!slices.Equal(got.Roles, []qingfeng.UserRole{qingfeng.UserInspector}) || !got.UpdatedAt.After(created) || !got.CreatedAt.Equal(created) {
		t.Fatalf("update not applied: %+v", got)
	}
	if bySub, err := s.UserBySubject(ctx, "https://sso.example 42"); err != nil || bySub.ID != u.ID {
		t.Fatalf("by subject: %v %+v", err, bySub)
	}
	v.Subject = "https://sso.example 42"
	if err := s.UpdateUser(ctx, v); !errors.Is(err, store.ErrExists) {
		t.Fatalf("second user with the same subject: got %v, want ErrExists", err)
	}
	// Users without single sign-on all have an empty subject: that is not a clash.
	w := mustCreateUser(t, s, newUser("erin", "C35", qingfeng.UserAuditor))
	w.Name = "艾琳"
	if err := s.UpdateUser(ctx, w); err != nil {
		t.Fatalf("update of a local user: %v", err)
	}
	if err := s.SetPassword(ctx, u.ID, "new-hash"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.User(ctx, u.ID); got.PasswordHash != "new-hash" {
		t.Fatalf("password not set: %q", got.PasswordHash)
	}
	ghost := &qingfeng.User{ID: 424242, Login: "ghost", Roles: []qingfeng.UserRole{qingfeng.UserJudge}, CourtID: "C35"}
	if err := s.UpdateUser(ctx, ghost); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update of a missing user: got %v", err)
	}
	if err := s.SetPassword(ctx, 424242, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("password of a missing user: got %v", err)
	}
}

func testUserScopeFilter(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	mustCreateUser(t, s, newUser("z-high", "C35", qingfeng.UserAdmin))
	mustCreateUser(t, s, newUser("m-mid", "C3501", qingfeng.UserAnalyst))
	mustCreateUser(t, s, newUser("a-basic", "C350102", qingfeng.UserJudge))
	mustCreateUser(t, s, newUser("b-basic", "C350102", qingfeng.UserJudge, qingfeng.UserReviewer))
	mustCreateUser(t, s, newUser("x-other", "C3502", qingfeng.UserJudge))
	logins := func(f store.UserFilter) []string {
		us, err := s.Users(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, u := range us {
			out = append(out, u.Login)
		}
		return out
	}
	if got := logins(store.UserFilter{}); !slices.Equal(got, []string{"a-basic", "b-basic", "m-mid", "x-other", "z-high"}) {
		t.Errorf("all users, by login: %v", got)
	}
	if got := logins(store.UserFilter{Courts: []string{"C3501", "C350102"}}); !slices.Equal(got, []string{"a-basic", "b-basic", "m-mid"}) {
		t.Errorf("users of a subtree: %v", got)
	}
	if got := logins(store.UserFilter{Courts: []string{}}); len(got) != 0 {
		t.Errorf("an empty scope must select nobody, got %v", got)
	}
	if got := logins(store.UserFilter{Role: qingfeng.UserReviewer}); !slices.Equal(got, []string{"b-basic"}) {
		t.Errorf("users by role: %v", got)
	}
}

func testSessions(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	u := mustCreateUser(t, s, newUser("sam", "C35", qingfeng.UserAnalyst))
	other := mustCreateUser(t, s, newUser("tim", "C35", qingfeng.UserAnalyst))
	mk := func(id string, user int64, expires time.Time) *qingfeng.Session {
		ss := &qingfeng.Session{ID: id, UserID: user, CSRF: "csrf-" + id, Addr: "10.0.0.1", CreatedAt: now, SeenAt: now, ExpiresAt: expires}
		if err := s.CreateSession(ctx, ss); err != nil {
			t.Fatalf("create session %s: %v", id, err)
		}
		return ss
	}
	mk("s1", u.ID, now.Add(time.Hour))
	mk("s2", u.ID, now.Add(time.Hour))
	mk("s3", other.ID, now.Add(-time.Minute)) // already expired
	mk("s4", other.ID, now.Add(time.Hour))
	if err := s.CreateSession(ctx, &qingfeng.Session{ID: "s1", UserID: other.ID, CreatedAt: now, SeenAt: now, ExpiresAt: now}); err == nil {
		t.Error("a second session with the same id was accepted")
	}
	got, err := s.Session(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if got.UserID != u.ID || got.CSRF != "csrf-s1" || got.Addr != "10.0.0.1" || !got.ExpiresAt.Equal(now.Add(time.Hour)) || !got.CreatedAt.Equal(now) {
		t.Fatalf("session read back: %+v", got)
	}
	later := now.Add(10 * time.Minute)
	if err := s.TouchSession(ctx, "s1", later, later.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Session(ctx, "s1"); !got.SeenAt.Equal(later) || !got.ExpiresAt.Equal(later.Add(time.Hour)) {
		t.Fatalf("touch not applied: %+v", got)
	}
	if n, err := s.PurgeSessions(ctx, now); err != nil || n != 1 {
		t.Fatalf("purge: %d %v, want the one expired session", n, err)
	}
	if _, err := s.Session(ctx, "s3"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("purged session still there: %v", err)
	}
	if n, err := s.DeleteUserSessions(ctx, u.ID); err != nil || n != 2 {
		t.Fatalf("delete user sessions: %d %v", n, err)
	}
	if _, err := s.Session(ctx, "s4"); err != nil {
		t.Errorf("another user's session went too: %v", err)
	}
	if err := s.DeleteSession(ctx, "s4"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "s4"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted session still there: %v", err)
	}
	if err := s.DeleteSession(ctx, "never-was"); err != nil {
		t.Errorf("deleting a missing session: %v", err)
	}
}

func testTokens(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	a := &qingfeng.APIToken{Name: "fuzhou-cms", Src: "cms", Courts: []string{"C3501"}, Hash: "h-a", CreatedBy: "admin"}
	if err := s.CreateToken(ctx, a); err != nil || a.ID == 0 || a.CreatedAt.IsZero() {
		t.Fatalf("create token: %v %+v", err, a)
	}
	b := &qingfeng.APIToken{Name: "exec", Src: "exec", Courts: []string{"C35", "C3502"}, Hash: "h-b", CreatedBy: "admin"}
	if err := s.CreateToken(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(ctx, &qingfeng.APIToken{Name: "fuzhou-cms", Src: "cms", Courts: []string{"C35"}, Hash: "h-c"}); !errors.Is(err, store.ErrExists) {
		t.Fatalf("duplicate token name: got %v", err)
	}
	got, err := s.TokenByHash(ctx, "h-b")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != b.ID || got.Src != "exec" || !slices.Equal(got.Courts, []string{"C35", "C3502"}) || got.Revoked || !got.UsedAt.IsZero() {
		t.Fatalf("token read back: %+v", got)
	}
	if _, err := s.TokenByHash(ctx, "h-zzz"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown hash: %v", err)
	}
	used := time.Now().UTC().Truncate(time.Microsecond)
	if err := s.TouchToken(ctx, a.ID, used); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, 987654); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoke missing token: %v", err)
	}
	all, err := s.Tokens(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "exec" || all[1].Name != "fuzhou-cms" {
		t.Fatalf("tokens by name: %v %+v", err, all)
	}
	if !all[1].Revoked || !all[1].UsedAt.Equal(used) || all[0].Revoked {
		t.Fatalf("revocation or use not kept: %+v", all)
	}
}
