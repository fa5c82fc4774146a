package store

import (
	"context"
	"errors"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// ErrExists is returned (wrapped) when a user's login or a token's name is already taken.
var ErrExists = errors.New("already exists")

// Accounts keeps who may use Qingfeng: users with their roles and court scope, their signed-in
// sessions, and the API tokens of source systems. Checking passwords, roles and scopes is the
// business of packages auth and access; the store only keeps what they decide with.
type Accounts interface {
	// CreateUser stores a new user and sets its ID, CreatedAt and UpdatedAt; ErrExists when the
	// login is taken (logins compare exactly).
	CreateUser(ctx context.Context, u *qingfeng.User) error
	// UpdateUser replaces a user's name, roles, court, person, subject and disabled flag (not
	// the login, not the password) and sets UpdatedAt; ErrNotFound when there is no such user.
	UpdateUser(ctx context.Context, u *qingfeng.User) error
	// SetPassword replaces a user's password hash; ErrNotFound when there is no such user.
	SetPassword(ctx context.Context, id int64, hash string) error
	// User, UserByLogin and UserBySubject return one user, or ErrNotFound.
	User(ctx context.Context, id int64) (*qingfeng.User, error)
	UserByLogin(ctx context.Context, login string) (*qingfeng.User, error)
	UserBySubject(ctx context.Context, subject string) (*qingfeng.User, error)
	// Users lists the users selected by f, by login.
	Users(ctx context.Context, f UserFilter) ([]qingfeng.User, error)

	// CreateSession stores a new session.
	CreateSession(ctx context.Context, s *qingfeng.Session) error
	// Session returns a session by ID, expired or not, or ErrNotFound.
	Session(ctx context.Context, id string) (*qingfeng.Session, error)
	// TouchSession records that a session was used at seen and now expires at expires.
	TouchSession(ctx context.Context, id string, seen, expires time.Time) error
	// DeleteSession ends one session; ending a session that does not exist is not an error.
	DeleteSession(ctx context.Context, id string) error
	// DeleteUserSessions ends every session of a user and returns how many there were.
	DeleteUserSessions(ctx context.Context, userID int64) (int, error)
	// PurgeSessions deletes the sessions that expired before t and returns how many.
	PurgeSessions(ctx context.Context, t time.Time) (int, error)

	// CreateToken stores a new API token and sets its ID and CreatedAt; ErrExists when the name
	// is taken.
	CreateToken(ctx context.Context, t *qingfeng.APIToken) error
	// TokenByHash returns the token whose secret hashes to hash, revoked or not, or ErrNotFound.
	TokenByHash(ctx context.Context, hash string) (*qingfeng.APIToken, error)
	// Tokens lists every token, by name.
	Tokens(ctx context.Context) ([]qingfeng.APIToken, error)
	// RevokeToken revokes a token for good; ErrNotFound when there is no such token.
	RevokeToken(ctx context.Context, id int64) error
	// TouchToken records that a token was used at t.
	TouchToken(ctx context.Context, id int64, t time.Time) error
}

// UserFilter selects users. Empty fields select everything.
type UserFilter struct {
	Courts []string // users whose court is one of these (a caller's court subtree); nil means all
	Role   qingfeng.UserRole
}
