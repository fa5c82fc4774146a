package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Errors of a sign-in.
var (
	ErrBadCredentials = errors.New("wrong login or password")
	ErrThrottled      = errors.New("too many failed attempts, try again later")
)

// Authenticator checks passwords and API tokens.
type Authenticator struct {
	Accounts store.Accounts
	Params   Params
	// ByLogin and ByAddr throttle failed sign-ins per login and per client address.
	ByLogin, ByAddr *Throttle
	now             func() time.Time
	dummy           string // a hash to check against when the login is unknown
}

// NewAuthenticator returns an authenticator over acc: five failures per login in fifteen
// minutes lock that login for fifteen minutes; thirty per address lock the address.
func NewAuthenticator(acc store.Accounts) *Authenticator {
	a := &Authenticator{Accounts: acc, Params: DefaultParams, now: time.Now,
		ByLogin: NewThrottle(5, 15*time.Minute, 15*time.Minute),
		ByAddr:  NewThrottle(30, 15*time.Minute, 15*time.Minute)}
	a.dummy, _ = HashPassword(NewSecret(), a.Params)
	return a
}

// Throttled returns ErrThrottled (wrapped with the wait) when login or addr is locked out.
func (a *Authenticator) Throttled(login, addr string) error {
	for _, c := range []struct {
		t   *Throttle
		key string
	}{{a.ByLogin, login}, {a.ByAddr, addr}} {
		if ok, wait := c.t.Allow(c.key); !ok {
			return fmt.Errorf("%w (%s)", ErrThrottled, wait.Round(time.Second))
		}
	}
	return nil
}

// Login checks a login and password and returns the user. Unknown logins, disabled users,
// accounts without a password and wrong passwords all give ErrBadCredentials and take the same
// time, so that the answer does not tell which logins exist.
func (a *Authenticator) Login(ctx context.Context, login, password, addr string) (*qingfeng.User, error) {
	if err := a.Throttled(login, addr); err != nil {
		return nil, err
	}
	u, err := a.Accounts.UserByLogin(ctx, login)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	hash := a.dummy
	if u != nil && u.PasswordHash != "" {
		hash = u.PasswordHash
	}
	ok, err := CheckPassword(password, hash)
	if err != nil {
		return nil, fmt.Errorf("user %s: %w", login, err)
	}
	if !ok || u == nil || u.PasswordHash == "" || u.Disabled {
		a.ByLogin.Fail(login)
		a.ByAddr.Fail(addr)
		return nil, ErrBadCredentials
	}
	a.ByLogin.Reset(login)
	return u, nil
}

// SetPassword checks a new password against the policy and stores its hash.
func (a *Authenticator) SetPassword(ctx context.Context, u *qingfeng.User, password string) error {
	if err := CheckPolicy(u.Login, password); err != nil {
		return err
	}
	h, err := HashPassword(password, a.Params)
	if err != nil {
		return err
	}
	if err := a.Accounts.SetPassword(ctx, u.ID, h); err != nil {
		return err
	}
	u.PasswordHash = h
	return nil
}

// ErrBadToken is returned for an unknown or revoked API token.
var ErrBadToken = errors.New("unknown or revoked API token")

// Token returns the API token whose secret is secret, and records its use.
func (a *Authenticator) Token(ctx context.Context, secret string) (*qingfeng.APIToken, error) {
	if secret == "" {
		return nil, ErrBadToken
	}
	t, err := a.Accounts.TokenByHash(ctx, HashSecret(secret))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, err
	}
	if t.Revoked {
		return nil, ErrBadToken
	}
	now := a.now()
	if now.Sub(t.UsedAt) > time.Minute {
		if err := a.Accounts.TouchToken(ctx, t.ID, now); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// NewToken makes an API token for a source system and returns it with its secret, which is
// not kept and cannot be shown again.
func (a *Authenticator) NewToken(ctx context.Context, name, src string, courts []string, by string) (*qingfeng.APIToken, string, error) {
	if name == "" || src == "" || len(courts) == 0 {
		return nil, "", errors.New("a token needs a name, a source and at least one court")
	}
	secret := NewTokenSecret()
	t := &qingfeng.APIToken{Name: name, Src: src, Courts: courts, Hash: HashSecret(secret), CreatedBy: by}
	if err := a.Accounts.CreateToken(ctx, t); err != nil {
		return nil, "", err
	}
	return t, secret, nil
}
