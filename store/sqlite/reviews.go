package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

var _ store.Reviews = (*Store)(nil)

// ApplyReview writes one API change in a transaction on the writer connection.
func (s *Store) ApplyReview(ctx context.Context, ch *store.ReviewChange) error {
	return s.reviewTx(ctx, func(tx *sql.Tx) error {
		if d := ch.Decision; d != nil {
			if err := putReviewRow(ctx, tx, "review_decisions", d.ID, d.Rev, func(rev int64) (string, []any, error) {
				d.Rev = rev
				body, err := json.Marshal(d)
				return "(id, case_number, court_id, reviewer_id, state, source, rev, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
					[]any{d.ID, d.CaseNumber, d.CourtID, d.ReviewerID, string(d.State), d.Source, rev, string(body)}, err
			}); err != nil {
				return err
			}
		}
		if f := ch.Flag; f != nil {
			if err := putReviewRow(ctx, tx, "review_flags", f.ID, f.Rev, func(rev int64) (string, []any, error) {
				f.Rev = rev
				body, err := json.Marshal(f)
				return "(id, case_number, court_id, state, origin, rev, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
					[]any{f.ID, f.CaseNumber, f.CourtID, string(f.State), f.Origin, rev, string(body)}, err
			}); err != nil {
				return err
			}
		}
		if e := ch.Enquiry; e != nil {
			if err := insertReviewEnquiry(ctx, tx, e); err != nil {
				return err
			}
		}
		return insertReviewTrail(ctx, tx, ch.Trail)
	})
}

// ReplaceDerived swaps one case's event-derived rows for d.
func (s *Store) ReplaceDerived(ctx context.Context, caseNumber string, d *store.DerivedReview) error {
	return s.reviewTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM review_decisions WHERE case_number = ? AND source = 'event'`,
			`DELETE FROM review_flags WHERE case_number = ? AND origin = 'source'`,
			`DELETE FROM review_enquiries WHERE case_number = ? AND source = 'event'`,
			`DELETE FROM review_trail WHERE case_number = ? AND source LIKE 'event:%'`,
		} {
			if _, err := tx.ExecContext(ctx, q, caseNumber); err != nil {
				return err
			}
		}
		for i := range d.Decisions {
			x := &d.Decisions[i]
			x.Rev = 1
			body, err := json.Marshal(x)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_decisions (id, case_number, court_id, reviewer_id, state, source, rev, body)
				VALUES (?, ?, ?, ?, ?, 'event', 1, ?)`, x.ID, caseNumber, x.CourtID, x.ReviewerID, string(x.State), string(body)); err != nil {
				return fmt.Errorf("decision %s: %w", x.ID, err)
			}
		}
		for i := range d.Flags {
			x := &d.Flags[i]
			x.Rev = 1
			body, err := json.Marshal(x)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_flags (id, case_number, court_id, state, origin, rev, body)
				VALUES (?, ?, ?, ?, 'source', 1, ?)`, x.ID, caseNumber, x.CourtID, string(x.State), string(body)); err != nil {
				return fmt.Errorf("flag %s: %w", x.ID, err)
			}
		}
		for i := range d.Enquiries {
			if err := insertReviewEnquiry(ctx, tx, &d.Enquiries[i]); err != nil {
				return err
			}
		}
		return insertReviewTrail(ctx, tx, d.Trail)
	})
}

// SetReviewCursor records the last log sequence the review engine applied.
func (s *Store) SetReviewCursor(ctx context.Context, seq int64) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO review_cursor (id, seq) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET seq = excluded.seq`, seq)
	if err != nil {
		return fmt.Errorf("review cursor: %w", err)
	}
	return nil
}

func (s *Store) reviewTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("review write: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		if errors.Is(err, store.ErrReviewConflict) {
			return err
		}
		return fmt.Errorf("review write: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("review write: %w", err)
	}
	return nil
}

// putReviewRow inserts a row when expect is 0 and none exists, or replaces the row whose rev
// is expect; anything else is a conflict. row builds the column list and values for the new
// revision.
func putReviewRow(ctx context.Context, tx *sql.Tx, table, id string, expect int64, row func(rev int64) (string, []any, error)) error {
	var cur int64
	err := tx.QueryRowContext(ctx, `SELECT rev FROM `+table+` WHERE id = ?`, id).Scan(&cur)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		cur = 0
	case err != nil:
		return err
	}
	if (err == nil && cur != expect) || (err != nil && expect != 0) {
		return store.ErrReviewConflict
	}
	cols, args, merr := row(expect + 1)
	if merr != nil {
		return merr
	}
	if err == nil {
		if _, derr := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id); derr != nil {
			return derr
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO `+table+` `+cols, args...)
	return err
}

func insertReviewEnquiry(ctx context.Context, tx *sql.Tx, e *qingfeng.Enquiry) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM review_enquiries WHERE id = ?`, e.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return store.ErrReviewConflict
	}
	body, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO review_enquiries (id, case_number, court_id, source, body) VALUES (?, ?, ?, ?, ?)`,
		e.ID, e.CaseNumber, e.CourtID, e.Source, string(body))
	return err
}

func insertReviewTrail(ctx context.Context, tx *sql.Tx, rows []qingfeng.Transition) error {
	if len(rows) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO review_trail (subject_id, case_number, court_id, refused, source, body)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i := range rows {
		t := &rows[i]
		t.ID = 0
		body, err := json.Marshal(t)
		if err != nil {
			return err
		}
		if err := stmt.QueryRowContext(ctx, t.SubjectID, t.CaseNumber, t.CourtID, t.Refused, t.Source, string(body)).Scan(&t.ID); err != nil {
			return fmt.Errorf("trail: %w", err)
		}
	}
	return nil
}
