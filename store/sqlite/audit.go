package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// The audit log (store.AuditLog) on the embedded store: table audit_log of migration 00040.
// Appends go through the single writer connection, so they are serialised with each other and
// with every other write; the chain's head is read inside the appending transaction.

var _ store.AuditLog = (*Store)(nil)

const auditCols = `seq, at_us, actor, user_id, actor_court, action, object, court_id, addr, outcome, detail, prev, hash`

// AppendAudit appends entries to the chain in one transaction.
func (s *Store) AppendAudit(ctx context.Context, key []byte, entries ...qingfeng.AuditEntry) ([]qingfeng.AuditEntry, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("append audit: %w", err)
	}
	defer tx.Rollback()
	var seq int64
	var prev string
	err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("append audit: head: %w", err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO audit_log (`+auditCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("append audit: %w", err)
	}
	defer ins.Close()
	out := make([]qingfeng.AuditEntry, len(entries))
	for i, e := range entries {
		seq++
		e.Seq, e.Prev = seq, prev
		if e.At.IsZero() {
			e.At = time.Now()
		}
		e.At = e.At.UTC().Truncate(time.Microsecond)
		e.Hash = e.Seal(key)
		if _, err := ins.ExecContext(ctx, e.Seq, micros(e.At), e.Actor, e.UserID, e.ActorCourt, e.Action, e.Object,
			e.CourtID, e.Addr, e.Outcome, e.Detail, e.Prev, e.Hash); err != nil {
			return nil, fmt.Errorf("append audit %s: %w", e.Action, err)
		}
		prev = e.Hash
		out[i] = e
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("append audit: %w", err)
	}
	return out, nil
}

// AuditHead returns the last entry of the log.
func (s *Store) AuditHead(ctx context.Context) (qingfeng.AuditEntry, error) {
	e, err := scanAudit(s.r.QueryRowContext(ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return qingfeng.AuditEntry{}, nil
	}
	if err != nil {
		return qingfeng.AuditEntry{}, fmt.Errorf("audit head: %w", err)
	}
	return *e, nil
}

// ScanAudit calls fn for every entry after seq after, in order, a page at a time so that no
// read transaction stays open for the whole log.
func (s *Store) ScanAudit(ctx context.Context, after int64, fn func(*qingfeng.AuditEntry) error) error {
	const page = 2000
	for {
		rows, err := s.r.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`, after, page)
		if err != nil {
			return fmt.Errorf("scan audit: %w", err)
		}
		var batch []*qingfeng.AuditEntry
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("scan audit: %w", err)
			}
			batch = append(batch, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("scan audit: %w", err)
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
			after = e.Seq
		}
		if len(batch) < page {
			return nil
		}
	}
}

// SearchAudit lists entries newest first.
func (s *Store) SearchAudit(ctx context.Context, f store.AuditFilter) ([]qingfeng.AuditEntry, int, error) {
	where, args := auditWhere(f)
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("search audit: %w", err)
	}
	q := `SELECT ` + auditCols + ` FROM audit_log` + where + ` ORDER BY seq DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, max(0, f.Offset))
	} else if f.Offset > 0 {
		q += fmt.Sprintf(` LIMIT -1 OFFSET %d`, f.Offset)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("search audit: %w", err)
	}
	defer rows.Close()
	var out []qingfeng.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("search audit: %w", err)
		}
		out = append(out, *e)
	}
	return out, total, rows.Err()
}

func auditWhere(f store.AuditFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) { conds = append(conds, cond); args = append(args, a...) }
	if f.Courts != nil {
		ph := marks(len(f.Courts))
		add(`(court_id IN (`+ph+`) OR actor_court IN (`+ph+`))`, append(anySlice(f.Courts), anySlice(f.Courts)...)...)
	}
	if f.Actor != "" {
		add(`actor = ?`, f.Actor)
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			add(`substr(action, 1, ?) = ?`, len(f.Action), f.Action)
		} else {
			add(`action = ?`, f.Action)
		}
	}
	if f.Object != "" {
		add(`object = ?`, f.Object)
	}
	if f.Outcome != "" {
		add(`outcome = ?`, f.Outcome)
	}
	if !f.From.IsZero() {
		add(`at_us >= ?`, micros(f.From))
	}
	if !f.To.IsZero() {
		add(`at_us < ?`, micros(f.To))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func scanAudit(r rowScanner) (*qingfeng.AuditEntry, error) {
	var e qingfeng.AuditEntry
	var at int64
	if err := r.Scan(&e.Seq, &at, &e.Actor, &e.UserID, &e.ActorCourt, &e.Action, &e.Object, &e.CourtID, &e.Addr,
		&e.Outcome, &e.Detail, &e.Prev, &e.Hash); err != nil {
		return nil, err
	}
	e.At = fromMicros(at)
	return &e, nil
}
