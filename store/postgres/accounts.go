package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Users and API tokens (store.Accounts) on PostgreSQL, in the tables of migration 00040.
// Sessions are in accounts_sessions.go. Every write is one statement: the database's unique
// constraints, not a look-up before the write, decide whether a login, subject or name is taken,
// so two administrators creating the same login at once get one user and one ErrExists.

var _ store.Accounts = (*Store)(nil)

const userCols = `id, login, name, roles, court_id, person_id, subject, disabled, password_hash, created_us, updated_us`

// subjectArg is the stored form of a single sign-on subject: NULL for none, so that the unique
// constraint holds only between real subjects.
func subjectArg(s string) []byte {
	if s == "" {
		return nil
	}
	return []byte(s)
}

// CreateUser stores a new user.
func (s *Store) CreateUser(ctx context.Context, u *qingfeng.User) error {
	roles, err := json.Marshal(u.Roles)
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Login, err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	err = s.pool.QueryRow(ctx, `INSERT INTO users (login, name, roles, court_id, person_id, subject, disabled,
		password_hash, created_us, updated_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		[]byte(u.Login), []byte(u.Name), roles, []byte(u.CourtID), []byte(u.PersonID), subjectArg(u.Subject), u.Disabled,
		[]byte(u.PasswordHash), micros(now)).Scan(&u.ID)
	if isUnique(err) {
		return fmt.Errorf("create user %s: %w", u.Login, store.ErrExists)
	}
	if err != nil {
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
	tag, err := s.pool.Exec(ctx, `UPDATE users SET name = $1, roles = $2, court_id = $3, person_id = $4, subject = $5,
		disabled = $6, updated_us = $7 WHERE id = $8`,
		[]byte(u.Name), roles, []byte(u.CourtID), []byte(u.PersonID), subjectArg(u.Subject), u.Disabled, micros(now), u.ID)
	if isUnique(err) {
		return fmt.Errorf("update user %d: subject: %w", u.ID, store.ErrExists)
	}
	if err := oneRow(tag, err); err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	u.UpdatedAt = now
	return nil
}

// SetPassword replaces a user's password hash.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE users SET password_hash = $1, updated_us = $2 WHERE id = $3`,
		[]byte(hash), micros(time.Now()), id)
	if err := oneRow(tag, err); err != nil {
		return fmt.Errorf("set password of user %d: %w", id, err)
	}
	return nil
}

// oneRow turns a statement that touched no row into ErrNotFound.
func oneRow(tag pgconn.CommandTag, err error) error {
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return store.ErrNotFound
	}
	return nil
}

// User returns one user by id.
func (s *Store) User(ctx context.Context, id int64) (*qingfeng.User, error) {
	return s.userWhere(ctx, "id = $1", id)
}

// UserByLogin returns one user by login, compared byte for byte.
func (s *Store) UserByLogin(ctx context.Context, login string) (*qingfeng.User, error) {
	return s.userWhere(ctx, "login = $1", []byte(login))
}

// UserBySubject returns the user signed in through single sign-on as subject.
func (s *Store) UserBySubject(ctx context.Context, subject string) (*qingfeng.User, error) {
	if subject == "" {
		return nil, store.ErrNotFound
	}
	return s.userWhere(ctx, "subject = $1", []byte(subject))
}

func (s *Store) userWhere(ctx context.Context, cond string, arg any) (*qingfeng.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE `+cond, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("user: %w", err)
	}
	return u, nil
}

// Users lists users by login. Roles are a JSON list, so the role is checked here rather than in
// SQL.
func (s *Store) Users(ctx context.Context, f store.UserFilter) ([]qingfeng.User, error) {
	c := &conds{}
	c.in("court_id", bytesOf(f.Courts))
	rows, err := s.pool.Query(ctx, `SELECT `+userCols+` FROM users`+c.String()+` ORDER BY login`, c.args...)
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

func scanUser(r pgx.Row) (*qingfeng.User, error) {
	var u qingfeng.User
	var roles []byte
	var created, updated int64
	if err := r.Scan(&u.ID, into(&u.Login), into(&u.Name), &roles, into(&u.CourtID), into(&u.PersonID), into(&u.Subject),
		&u.Disabled, into(&u.PasswordHash), &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(roles, &u.Roles); err != nil {
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
	err = s.pool.QueryRow(ctx, `INSERT INTO api_tokens (name, src, courts, hash, created_by, created_us, used_us, revoked)
		VALUES ($1, $2, $3, $4, $5, $6, 0, false) RETURNING id`,
		[]byte(t.Name), []byte(t.Src), courts, []byte(t.Hash), []byte(t.CreatedBy), micros(now)).Scan(&t.ID)
	if isUnique(err) {
		return fmt.Errorf("create token %s: %w", t.Name, store.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("create token %s: %w", t.Name, err)
	}
	t.CreatedAt = now
	return nil
}

// TokenByHash returns the token whose secret hashes to hash.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*qingfeng.APIToken, error) {
	t, err := scanToken(s.pool.QueryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE hash = $1`, []byte(hash)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	return t, nil
}

// Tokens lists every token by name.
func (s *Store) Tokens(ctx context.Context) ([]qingfeng.APIToken, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+tokenCols+` FROM api_tokens ORDER BY name`)
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
	tag, err := s.pool.Exec(ctx, `UPDATE api_tokens SET revoked = true WHERE id = $1`, id)
	if err := oneRow(tag, err); err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	return nil
}

// TouchToken records a token's last use.
func (s *Store) TouchToken(ctx context.Context, id int64, t time.Time) error {
	if _, err := s.pool.Exec(ctx, `UPDATE api_tokens SET used_us = $1 WHERE id = $2`, micros(t), id); err != nil {
		return fmt.Errorf("touch token %d: %w", id, err)
	}
	return nil
}

func scanToken(r pgx.Row) (*qingfeng.APIToken, error) {
	var t qingfeng.APIToken
	var courts []byte
	var created, used int64
	if err := r.Scan(&t.ID, into(&t.Name), into(&t.Src), &courts, into(&t.Hash), into(&t.CreatedBy), &created, &used, &t.Revoked); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(courts, &t.Courts); err != nil {
		return nil, fmt.Errorf("token %s: courts: %w", t.Name, err)
	}
	t.CreatedAt = fromMicros(created)
	if used != 0 {
		t.UsedAt = fromMicros(used)
	}
	return &t, nil
}
