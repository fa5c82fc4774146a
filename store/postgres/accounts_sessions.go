package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Signed-in sessions (part of store.Accounts).

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, ss *qingfeng.Session) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (id, user_id, csrf, addr, created_us, seen_us, expires_us)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, []byte(ss.ID), ss.UserID, []byte(ss.CSRF), []byte(ss.Addr),
		micros(ss.CreatedAt), micros(ss.SeenAt), micros(ss.ExpiresAt))
	if isUnique(err) {
		return fmt.Errorf("create session: %w", store.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// Session returns a session by id.
func (s *Store) Session(ctx context.Context, id string) (*qingfeng.Session, error) {
	var ss qingfeng.Session
	var created, seen, expires int64
	err := s.pool.QueryRow(ctx, `SELECT id, user_id, csrf, addr, created_us, seen_us, expires_us FROM sessions WHERE id = $1`,
		[]byte(id)).Scan(into(&ss.ID), &ss.UserID, into(&ss.CSRF), into(&ss.Addr), &created, &seen, &expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	ss.CreatedAt, ss.SeenAt, ss.ExpiresAt = fromMicros(created), fromMicros(seen), fromMicros(expires)
	return &ss, nil
}

// TouchSession records a session's use and its new expiry.
func (s *Store) TouchSession(ctx context.Context, id string, seen, expires time.Time) error {
	if _, err := s.pool.Exec(ctx, `UPDATE sessions SET seen_us = $1, expires_us = $2 WHERE id = $3`,
		micros(seen), micros(expires), []byte(id)); err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE id = $1`, []byte(id)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, fmt.Errorf("delete sessions of user %d: %w", userID, err)
	}
	return int(tag.RowsAffected()), nil
}

// PurgeSessions deletes the sessions that expired before t.
func (s *Store) PurgeSessions(ctx context.Context, t time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_us < $1`, micros(t))
	if err != nil {
		return 0, fmt.Errorf("purge sessions: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
