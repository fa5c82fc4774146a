package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Users and API tokens (store.Accounts) on the embedded store, in the tables of migration 00040.
// Sessions are in accounts_sessions.go.

var _ store.Accounts = (*Store)(nil)

const userCols = `id, login, name, roles, court_id, person_id, subject, disabled, password_hash, created_us, updated_us`

// isUnique reports whether err is a violated UNIQUE constraint.
func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// CreateUser stores a new user.
func (s *Store) CreateUser(ctx context.Context, u *qingfeng.User) error {
	roles, err := json.Marshal(u.Roles)
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Login, err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	res, err := s.w.ExecContext(ctx, `INSERT INTO users (login, name, roles, court_id, person_id, subject, disabled,
		password_hash, created_us, updated_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Login, u.Name, string(roles), u.CourtID, u.PersonID, u.Subject, u.Disabled, u.PasswordHash, micros(now), micros(now))
	if isUnique(err) {
		return fmt.Errorf("create user %s: %w", u.Login, store.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Login, err)
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create user %s: %w", u.Login, err)
	}
	u.CreatedAt, u.UpdatedAt = now, now
	return nil
}

// UpdateUser replaces a user's profile, roles and scope.
func (s *Store) UpdateUser(ctx context.Context, u *qingfeng.User) error {
	roles, err := json.Marshal(u.Roles)
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	res, err := s.w.ExecContext(ctx, `UPDATE users SET name = ?, roles = ?, court_id = ?, person_id = ?, subject = ?,
		disabled = ?, updated_us = ? WHERE id = ?`,
		u.Name, string(roles), u.CourtID, u.PersonID, u.Subject, u.Disabled, micros(now), u.ID)
	if isUnique(err) {
		return fmt.Errorf("update user %d: subject: %w", u.ID, store.ErrExists)
	}
	if err := oneRow(res, err); err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	u.UpdatedAt = now
	return nil
}

// SetPassword replaces a user's password hash.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_us = ? WHERE id = ?`,
		hash, micros(time.Now()), id)
	if err := oneRow(res, err); err != nil {
		return fmt.Errorf("set password of user %d: %w", id, err)
	}
	return nil
}

// oneRow turns an UPDATE that touched no row into ErrNotFound.
func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

// User returns one user by id.
func (s *Store) User(ctx context.Context, id int64) (*qingfeng.User, error) {
	return s.userWhere(ctx, "id = ?", id)
}

// UserByLogin returns one user by login.
func (s *Store) UserByLogin(ctx context.Context, login string) (*qingfeng.User, error) {
	return s.userWhere(ctx, "login = ?", login)
}

// UserBySubject returns the user signed in through single sign-on as subject.
func (s *Store) UserBySubject(ctx context.Context, subject string) (*qingfeng.User, error) {
	if subject == "" {
		return nil, store.ErrNotFound
	}
	return s.userWhere(ctx, "subject = ?", subject)
}

func (s *Store) userWhere(ctx context.Context, cond string, arg any) (*qingfeng.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE `+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("user: %w", err)
	}
	return u, nil
}

// Users lists users by login.
func (s *Store) Users(ctx context.Context, f store.UserFilter) ([]qingfeng.User, error) {
	q := `SELECT ` + userCols + ` FROM users`
	var args []any
	if f.Courts != nil {
		q += ` WHERE court_id IN (` + marks(len(f.Courts)) + `)`
		for _, c := range f.Courts {
			args = append(args, c)
		}
		if len(f.Courts) == 0 {
			return nil, nil
		}
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY login`, args...)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer rows.Close()
	var out []qingfeng.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("users: %w", err)
		}
		if f.Role == "" || u.HasRole(f.Role) {
			out = append(out, *u)
		}
	}
	return out, rows.Err()
}

// marks returns "?, ?, …" with n marks, or NULL for none (an IN list that matches nothing).
func marks(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strings.Repeat("?, ", n-1) + "?"
}

type rowScanner interface{ Scan(dest ...any) error }

func scanUser(r rowScanner) (*qingfeng.User, error) {
	var u qingfeng.User
	var roles string
	var created, updated int64
	if err := r.Scan(&u.ID, &u.Login, &u.Name, &roles, &u.CourtID, &u.PersonID, &u.Subject, &u.Disabled,
		&u.PasswordHash, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(roles), &u.Roles); err != nil {
		return nil, fmt.Errorf("user %s: roles: %w", u.Login, err)
	}
	u.CreatedAt, u.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &u, nil
}

const tokenCols = `id, name, src, courts, hash, created_by, created_us, used_us, revoked`

// CreateToken stores a new API token.
func (s *Store) CreateToken(ctx context.Context, t *qingfeng.APIToken) error {
	courts, err := json.Marshal(t.Courts)
	if err != nil {
		return fmt.Errorf("create token %s: %w", t.Name, err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	res, err := s.w.ExecContext(ctx, `INSERT INTO api_tokens (name, src, courts, hash, created_by, created_us)
		VALUES (?, ?, ?, ?, ?, ?)`, t.Name, t.Src, string(courts), t.Hash, t.CreatedBy, micros(now))
	if isUnique(err) {
		return fmt.Errorf("create token %s: %w", t.Name, store.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("create token %s: %w", t.Name, err)
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create token %s: %w", t.Name, err)
	}
	t.CreatedAt = now
	return nil
}

// TokenByHash returns the token whose secret hashes to hash.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*qingfeng.APIToken, error) {
	t, err := scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	return t, nil
}

// Tokens lists every token by name.
func (s *Store) Tokens(ctx context.Context) ([]qingfeng.APIToken, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+tokenCols+` FROM api_tokens ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	defer rows.Close()
	var out []qingfeng.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("tokens: %w", err)
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET revoked = 1 WHERE id = ?`, id)
	if err := oneRow(res, err); err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	return nil
}

// TouchToken records a token's last use.
func (s *Store) TouchToken(ctx context.Context, id int64, t time.Time) error {
	if _, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET used_us = ? WHERE id = ?`, micros(t), id); err != nil {
		return fmt.Errorf("touch token %d: %w", id, err)
	}
	return nil
}

func scanToken(r rowScanner) (*qingfeng.APIToken, error) {
	var t qingfeng.APIToken
	var courts string
	var created, used int64
	if err := r.Scan(&t.ID, &t.Name, &t.Src, &courts, &t.Hash, &t.CreatedBy, &created, &used, &t.Revoked); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(courts), &t.Courts); err != nil {
		return nil, fmt.Errorf("token %s: courts: %w", t.Name, err)
	}
	t.CreatedAt = fromMicros(created)
	if used != 0 {
		t.UsedAt = fromMicros(used)
	}
	return &t, nil
}
