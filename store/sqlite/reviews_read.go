package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Decision returns one decision, or store.ErrNotFound.
func (s *Store) Decision(ctx context.Context, id string) (*qingfeng.Decision, error) {
	var body string
	err := s.r.QueryRowContext(ctx, `SELECT body FROM review_decisions WHERE id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("decision %s: %w", id, err)
	}
	var d qingfeng.Decision
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		return nil, fmt.Errorf("decision %s: %w", id, err)
	}
	return &d, nil
}

// Decisions lists decisions matching f.
func (s *Store) Decisions(ctx context.Context, f store.DecisionFilter) ([]qingfeng.Decision, error) {
	var w reviewWhere
	w.eq("case_number", f.CaseNumber)
	w.eq("reviewer_id", f.ReviewerID)
	w.eq("source", f.Source)
	w.in("court_id", f.CourtIDs)
	w.in("state", reviewStrs(f.States))
	w.after("id", f.AfterID)
	return selectReviewBodies[qingfeng.Decision](ctx, s.r, "review_decisions", &w, "id", f.Limit, nil)
}

// FourTypeFlag returns one flag, or store.ErrNotFound.
func (s *Store) FourTypeFlag(ctx context.Context, id string) (*qingfeng.FourTypeFlag, error) {
	var w reviewWhere
	w.add("id = ?", id)
	fs, err := selectReviewBodies[qingfeng.FourTypeFlag](ctx, s.r, "review_flags", &w, "id", 1, nil)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, store.ErrNotFound
	}
	return &fs[0], nil
}

// FourTypeFlags lists flags matching f.
func (s *Store) FourTypeFlags(ctx context.Context, f store.FourTypeFlagFilter) ([]qingfeng.FourTypeFlag, error) {
	var w reviewWhere
	w.eq("case_number", f.CaseNumber)
	w.eq("origin", f.Origin)
	w.in("court_id", f.CourtIDs)
	w.in("state", reviewStrs(f.States))
	w.after("id", f.AfterID)
	return selectReviewBodies[qingfeng.FourTypeFlag](ctx, s.r, "review_flags", &w, "id", f.Limit, nil)
}

// Enquiries lists interference-register entries matching f.
func (s *Store) Enquiries(ctx context.Context, f store.EnquiryFilter) ([]qingfeng.Enquiry, error) {
	var w reviewWhere
	w.eq("case_number", f.CaseNumber)
	w.in("court_id", f.CourtIDs)
	w.after("id", f.AfterID)
	return selectReviewBodies[qingfeng.Enquiry](ctx, s.r, "review_enquiries", &w, "id", f.Limit, nil)
}

// Trail lists trail rows matching f in the order they were written.
func (s *Store) Trail(ctx context.Context, f store.ReviewTrailFilter) ([]qingfeng.Transition, error) {
	var w reviewWhere
	w.eq("subject_id", f.SubjectID)
	w.eq("case_number", f.CaseNumber)
	w.in("court_id", f.CourtIDs)
	if f.RefusedOnly {
		w.add("refused <> 0")
	}
	if f.AfterID > 0 {
		w.add("id > ?", f.AfterID)
	}
	return selectReviewBodies(ctx, s.r, "review_trail", &w, "id", f.Limit, func(t *qingfeng.Transition, id int64) { t.ID = id })
}

// ReviewCases lists the case numbers with event-derived review data.
func (s *Store) ReviewCases(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT case_number FROM review_decisions WHERE source = 'event'
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
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ReviewCursor returns the last log sequence the review engine applied.
func (s *Store) ReviewCursor(ctx context.Context) (int64, error) {
	var seq int64
	err := s.r.QueryRowContext(ctx, `SELECT seq FROM review_cursor WHERE id = 1`).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("review cursor: %w", err)
	}
	return seq, nil
}

// reviewWhere builds a WHERE clause from optional conditions.
type reviewWhere struct {
	conds []string
	args  []any
	none  bool // an empty IN list: nothing matches
}

func (w *reviewWhere) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *reviewWhere) eq(col, v string) {
	if v != "" {
		w.add(col+" = ?", v)
	}
}

func (w *reviewWhere) after(col, v string) {
	if v != "" {
		w.add(col+" > ?", v)
	}
}

// in restricts col to vs; nil means no restriction, an empty list nothing.
func (w *reviewWhere) in(col string, vs []string) {
	if vs == nil {
		return
	}
	if len(vs) == 0 {
		w.none = true
		return
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(vs)), ", ")
	args := make([]any, len(vs))
	for i, v := range vs {
		args[i] = v
	}
	w.add(col+" IN ("+marks+")", args...)
}

func (w *reviewWhere) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func reviewStrs[T ~string](vs []T) []string {
	if vs == nil {
		return nil
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// selectReviewBodies reads the JSON bodies of the rows of table matching w. setID, when given,
// receives each row's integer id (for tables whose id the store assigns).
func selectReviewBodies[T any](ctx context.Context, db *sql.DB, table string, w *reviewWhere, order string, limit int, setID func(*T, int64)) ([]T, error) {
	if w.none {
		return nil, nil
	}
	q := `SELECT id, body FROM ` + table + w.String() + ` ORDER BY ` + order
	args := w.args
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", table, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var (
			id   any
			body string
			v    T
		)
		if err := rows.Scan(&id, &body); err != nil {
			return nil, fmt.Errorf("%s: %w", table, err)
		}
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			return nil, fmt.Errorf("%s: %w", table, err)
		}
		if setID != nil {
			n, _ := id.(int64)
			setID(&v, n)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
