package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// CookieName is the session cookie's name. Under TLS it carries the __Host- prefix, which
// browsers only accept with Secure, Path=/ and no Domain, so that no other host can plant it.
const (
	CookieName       = "qf_session"
	secureCookieName = "__Host-qf_session"
)

// Sessions keeps browser sessions in the store.
type Sessions struct {
	acc store.Accounts
	// Idle ends a session unused for this long; Absolute ends any session this long after
	// sign-in, used or not.
	Idle, Absolute time.Duration
	// Secure marks cookies Secure (the server runs under TLS).
	Secure bool
	// Fresh is how long a session read from the store is trusted without reading it again. A
	// change made in this process (sign-out, Forget) applies at once; one made by another
	// process (the users command) within Fresh.
	Fresh time.Duration
	now   func() time.Time

	mu    sync.Mutex
	cache map[string]cached // session id → what the store said
}

type cached struct {
	sess  *qingfeng.Session
	user  *qingfeng.User
	until time.Time
}

// NewSessions returns a session manager over acc: sessions end after two hours unused or
// twelve hours after sign-in, a working day.
func NewSessions(acc store.Accounts, secure bool) *Sessions {
	return &Sessions{acc: acc, Idle: 2 * time.Hour, Absolute: 12 * time.Hour, Secure: secure, Fresh: 2 * time.Second,
		now: time.Now, cache: map[string]cached{}}
}

// Forget drops what is cached of a user's sessions, after a change to the user (roles, scope,
// disabled, password) so that the next request reads it again.
func (s *Sessions) Forget(userID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, c := range s.cache {
		if c.user.ID == userID {
			delete(s.cache, id)
		}
	}
}

func (s *Sessions) forgetSession(id string) {
	s.mu.Lock()
	delete(s.cache, id)
	s.mu.Unlock()
}

// maxCached bounds the cache; past it, it starts afresh.
const maxCached = 10_000

func (s *Sessions) remember(ss *qingfeng.Session, u *qingfeng.User, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cache) >= maxCached {
		clear(s.cache)
	}
	s.cache[ss.ID] = cached{sess: ss, user: u, until: now.Add(s.Fresh)}
}

func (s *Sessions) cookieName() string {
	if s.Secure {
		return secureCookieName
	}
	return CookieName
}

// Start signs u in: it stores a new session and sets its cookie on w.
func (s *Sessions) Start(ctx context.Context, w http.ResponseWriter, u *qingfeng.User, addr string) (*qingfeng.Session, error) {
	secret := NewSecret()
	now := s.now().UTC().Truncate(time.Microsecond)
	ss := &qingfeng.Session{ID: HashSecret(secret), UserID: u.ID, CSRF: NewSecret(), Addr: addr,
		CreatedAt: now, SeenAt: now, ExpiresAt: s.expiry(now, now)}
	if err := s.acc.CreateSession(ctx, ss); err != nil {
		return nil, fmt.Errorf("start session: %w", err)
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: secret, Path: "/", HttpOnly: true,
		Secure: s.Secure, SameSite: http.SameSiteLaxMode, Expires: ss.CreatedAt.Add(s.Absolute)})
	return ss, nil
}

func (s *Sessions) expiry(created, seen time.Time) time.Time {
	idle, abs := seen.Add(s.Idle), created.Add(s.Absolute)
	if idle.Before(abs) {
		return idle
	}
	return abs
}

// ErrNoSession is returned when a request carries no valid session.
var ErrNoSession = errors.New("not signed in")

// Get returns the request's session and its user; ErrNoSession when there is no cookie, the
// session is unknown or over, or the user is disabled. A session in use is extended, writing to
// the store at most once a minute.
func (s *Sessions) Get(ctx context.Context, r *http.Request) (*qingfeng.Session, *qingfeng.User, error) {
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return nil, nil, ErrNoSession
	}
	id := HashSecret(c.Value)
	now := s.now()
	s.mu.Lock()
	hit, ok := s.cache[id]
	s.mu.Unlock()
	if ok && now.Before(hit.until) && now.Before(hit.sess.ExpiresAt) {
		return hit.sess, hit.user, nil
	}
	ss, err := s.acc.Session(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, ErrNoSession
	}
	if err != nil {
		return nil, nil, err
	}
	if !now.Before(ss.ExpiresAt) {
		_ = s.acc.DeleteSession(ctx, ss.ID)
		return nil, nil, ErrNoSession
	}
	u, err := s.acc.User(ctx, ss.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, ErrNoSession
	}
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, ErrNoSession
	}
	if now.Sub(ss.SeenAt) > time.Minute {
		ss.SeenAt, ss.ExpiresAt = now, s.expiry(ss.CreatedAt, now)
		if err := s.acc.TouchSession(ctx, ss.ID, ss.SeenAt, ss.ExpiresAt); err != nil {
			return nil, nil, err
		}
	}
	s.remember(ss, u, now)
	return ss, u, nil
}

// End signs the request's session out and clears its cookie.
func (s *Sessions) End(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(s.cookieName()); err == nil && c.Value != "" {
		id := HashSecret(c.Value)
		s.forgetSession(id)
		if err := s.acc.DeleteSession(ctx, id); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", HttpOnly: true, Secure: s.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	return nil
}

// CSRFHeader and CSRFField carry a session's CSRF token on unsafe requests: the header from
// scripts, the form field from plain forms.
const (
	CSRFHeader = "X-CSRF-Token"
	CSRFField  = "csrf"
)

// CheckCSRF reports whether an unsafe request carries its session's CSRF token. Safe methods
// (GET, HEAD, OPTIONS) pass: they change nothing.
func CheckCSRF(r *http.Request, ss *qingfeng.Session) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	got := r.Header.Get(CSRFHeader)
	if got == "" {
		got = r.PostFormValue(CSRFField)
	}
	return got != "" && ss != nil && subtle.ConstantTimeCompare([]byte(got), []byte(ss.CSRF)) == 1
}
