package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Decision returns one decision, or store.ErrNotFound.
func (s *Store) Decision(ctx context.Context, id string) (*qingfeng.Decision, error) {
	c := &conds{}
	c.eq("id", id)
	ds, err := reviewBodies[qingfeng.Decision](ctx, s, "review_decisions", c, 1)
	if err != nil {
		return nil, fmt.Errorf("decision %s: %w", id, err)
	}
	if len(ds) == 0 {
		return nil, store.ErrNotFound
	}
	return &ds[0], nil
}

// Decisions lists decisions matching f, by id.
func (s *Store) Decisions(ctx context.Context, f store.DecisionFilter) ([]qingfeng.Decision, error) {
	c := &conds{}
	c.eq("case_number", f.CaseNumber)
	c.eq("reviewer_id", f.ReviewerID)
	c.eq("source", f.Source)
	c.in("court_id", bytesOf(f.CourtIDs))
	c.in("state", bytesOf(f.States))
	after(c, f.AfterID)
	return reviewBodies[qingfeng.Decision](ctx, s, "review_decisions", c, f.Limit)
}

// FourTypeFlag returns one flag, or store.ErrNotFound.
func (s *Store) FourTypeFlag(ctx context.Context, id string) (*qingfeng.FourTypeFlag, error) {
	c := &conds{}
	c.eq("id", id)
	fs, err := reviewBodies[qingfeng.FourTypeFlag](ctx, s, "review_flags", c, 1)
	if err != nil {
		return nil, fmt.Errorf("flag %s: %w", id, err)
	}
	if len(fs) == 0 {
		return nil, store.ErrNotFound
	}
	return &fs[0], nil
}

// FourTypeFlags lists flags matching f, by id.
func (s *Store) FourTypeFlags(ctx context.Context, f store.FourTypeFlagFilter) ([]qingfeng.FourTypeFlag, error) {
	c := &conds{}
	c.eq("case_number", f.CaseNumber)
	c.eq("origin", f.Origin)
	c.in("court_id", bytesOf(f.CourtIDs))
	c.in("state", bytesOf(f.States))
	after(c, f.AfterID)
	return reviewBodies[qingfeng.FourTypeFlag](ctx, s, "review_flags", c, f.Limit)
}

// Enquiries lists interference-register entries matching f, by id.
func (s *Store) Enquiries(ctx context.Context, f store.EnquiryFilter) ([]qingfeng.Enquiry, error) {
	c := &conds{}
	c.eq("case_number", f.CaseNumber)
	c.in("court_id", bytesOf(f.CourtIDs))
	after(c, f.AfterID)
	return reviewBodies[qingfeng.Enquiry](ctx, s, "review_enquiries", c, f.Limit)
}

// after pages by id: ids are bytea, compared byte-wise as the embedded store compares them.
func after(c *conds, id string) {
	if id != "" {
		c.add("id > ?", []byte(id))
	}
}

// Trail lists trail rows matching f in the order they were written.
func (s *Store) Trail(ctx context.Context, f store.ReviewTrailFilter) ([]qingfeng.Transition, error) {
	c := &conds{}
	c.eq("subject_id", f.SubjectID)
	c.eq("case_number", f.CaseNumber)
	c.in("court_id", bytesOf(f.CourtIDs))
	if f.RefusedOnly {
		c.add("refused = ?", true)
	}
	if f.AfterID > 0 {
		c.add("id > ?", f.AfterID)
	}
	q := `SELECT id, body FROM review_trail` + c.String() + ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ` + c.next(f.Limit)
	}
	rows, err := s.pool.Query(ctx, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("review trail: %w", err)
	}
	defer rows.Close()
	var out []qingfeng.Transition
	for rows.Next() {
		var id int64
		var body []byte
		if err := rows.Scan(&id, &body); err != nil {
			return nil, fmt.Errorf("review trail: %w", err)
		}
		var t qingfeng.Transition
		if err := json.Unmarshal(body, &t); err != nil {
			return nil, fmt.Errorf("review trail %d: %w", id, err)
		}
		t.ID = id
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("review trail: %w", err)
	}
	return out, nil
}

// ReviewCases lists the case numbers with event-derived review data, in byte order.
func (s *Store) ReviewCases(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT case_number FROM review_decisions WHERE source = 'event'
		UNION SELECT case_number FROM review_flags WHERE origin = 'source'
		UNION SELECT case_number FROM review_enquiries WHERE source = 'event'
		ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("review cases: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(into(&n)); err != nil {
			return nil, fmt.Errorf("review cases: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ReviewCursor returns the last log sequence the review engine applied.
func (s *Store) ReviewCursor(ctx context.Context) (int64, error) {
	var seq int64
	err := s.pool.QueryRow(ctx, `SELECT seq FROM review_cursor WHERE id = 1`).Scan(&seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("review cursor: %w", err)
	}
	return seq, nil
}

// reviewBodies reads the JSON bodies of the rows of table that c selects, by id.
func reviewBodies[T any](ctx context.Context, s *Store, table string, c *conds, limit int) ([]T, error) {
	q := `SELECT body FROM ` + table + c.String() + ` ORDER BY id`
	if limit > 0 {
		q += ` LIMIT ` + c.next(limit)
	}
	return list[T](ctx, s, table, q, c.args...)
}
