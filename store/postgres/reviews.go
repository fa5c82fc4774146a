package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// 阅核 and 四类 state (store.Reviews) on PostgreSQL, in the tables of migration 00030. Every
// write locks the row of review_state first: review writes take turns across processes, as on
// the embedded store's single writer, so a revision check and the write it allows cannot be
// overtaken, and trail ids (review_state.last_trail + 1, …) follow the order of commits.

var _ store.Reviews = (*Store)(nil)

// ApplyReview writes one API change atomically.
func (s *Store) ApplyReview(ctx context.Context, ch *store.ReviewChange) error {
	return s.reviewTx(ctx, func(rw *reviewWrite) error {
		if d := ch.Decision; d != nil {
			err := rw.put("review_decisions", decisionCols, d.ID, &d.Rev, func() ([]any, error) {
				body, err := json.Marshal(d)
				return []any{[]byte(d.ID), []byte(d.CaseNumber), []byte(d.CourtID), []byte(d.ReviewerID), []byte(d.State),
					[]byte(d.Source), d.Rev, body}, err
			})
			if err != nil {
				return err
			}
		}
		if f := ch.Flag; f != nil {
			err := rw.put("review_flags", flagCols, f.ID, &f.Rev, func() ([]any, error) {
				body, err := json.Marshal(f)
				return []any{[]byte(f.ID), []byte(f.CaseNumber), []byte(f.CourtID), []byte(f.State), []byte(f.Origin), f.Rev, body}, err
			})
			if err != nil {
				return err
			}
		}
		if e := ch.Enquiry; e != nil {
			var n int
			if err := rw.tx.QueryRow(rw.ctx, `SELECT count(*) FROM review_enquiries WHERE id = $1`, []byte(e.ID)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return store.ErrReviewConflict
			}
			if err := rw.enquiry(e); err != nil {
				return err
			}
		}
		return rw.trail(ch.Trail)
	})
}

// ReplaceDerived swaps one case's event-derived rows for d.
func (s *Store) ReplaceDerived(ctx context.Context, caseNumber string, d *store.DerivedReview) error {
	return s.reviewTx(ctx, func(rw *reviewWrite) error {
		n := []byte(caseNumber)
		rw.q.Queue(`DELETE FROM review_decisions WHERE case_number = $1 AND source = 'event'`, n)
		rw.q.Queue(`DELETE FROM review_flags WHERE case_number = $1 AND origin = 'source'`, n)
		rw.q.Queue(`DELETE FROM review_enquiries WHERE case_number = $1 AND source = 'event'`, n)
		rw.q.Queue(`DELETE FROM review_trail WHERE case_number = $1 AND derived`, n)
		for i := range d.Decisions {
			x := &d.Decisions[i]
			x.Rev = 1
			body, err := json.Marshal(x)
			if err != nil {
				return fmt.Errorf("decision %s: %w", x.ID, err)
			}
			rw.q.Queue(`INSERT INTO review_decisions (`+decisionCols+`) VALUES ($1, $2, $3, $4, $5, 'event', 1, $6)`,
				[]byte(x.ID), n, []byte(x.CourtID), []byte(x.ReviewerID), []byte(x.State), body)
		}
		for i := range d.Flags {
			x := &d.Flags[i]
			x.Rev = 1
			body, err := json.Marshal(x)
			if err != nil {
				return fmt.Errorf("flag %s: %w", x.ID, err)
			}
			rw.q.Queue(`INSERT INTO review_flags (`+flagCols+`) VALUES ($1, $2, $3, $4, 'source', 1, $5)`,
				[]byte(x.ID), n, []byte(x.CourtID), []byte(x.State), body)
		}
		for i := range d.Enquiries {
			if err := rw.enquiry(&d.Enquiries[i]); err != nil {
				return err
			}
		}
		return rw.trail(d.Trail)
	})
}

// SetReviewCursor records the last log sequence the review engine applied.
func (s *Store) SetReviewCursor(ctx context.Context, seq int64) error {
	if _, err := s.pool.Exec(ctx, `UPDATE review_cursor SET seq = $1 WHERE id = 1`, seq); err != nil {
		return fmt.Errorf("review cursor: %w", err)
	}
	return nil
}

const (
	decisionCols = `id, case_number, court_id, reviewer_id, state, source, rev, body`
	flagCols     = `id, case_number, court_id, state, origin, rev, body`
)

// reviewWrite is one review transaction: the writes it queues go to the server in one round
// trip when it ends.
type reviewWrite struct {
	ctx       context.Context
	tx        pgx.Tx
	q         *pgx.Batch
	lastTrail int64
}

func (s *Store) reviewTx(ctx context.Context, fn func(*reviewWrite) error) error {
	err := s.writeTx(ctx, func(tx pgx.Tx) error {
		rw := &reviewWrite{ctx: ctx, tx: tx, q: &pgx.Batch{}}
		if err := tx.QueryRow(ctx, `SELECT last_trail FROM review_state WHERE id = 1 FOR UPDATE`).Scan(&rw.lastTrail); err != nil {
			return err
		}
		first := rw.lastTrail
		if err := fn(rw); err != nil {
			return err
		}
		if rw.lastTrail != first {
			rw.q.Queue(`UPDATE review_state SET last_trail = $1 WHERE id = 1`, rw.lastTrail)
		}
		if rw.q.Len() == 0 {
			return nil
		}
		return tx.SendBatch(ctx, rw.q).Close()
	})
	if err != nil && !errors.Is(err, store.ErrReviewConflict) {
		return fmt.Errorf("review write: %w", err)
	}
	return err
}

// put writes a decision or a flag: a new row when *rev is 0 and none is stored, or over the
// stored row when its revision is *rev; anything else is a conflict. The row is written with
// *rev + 1, which values (the row's columns, in the order of columns, id first) sees.
func (rw *reviewWrite) put(table, columns, id string, rev *int64, values func() ([]any, error)) error {
	var cur int64
	err := rw.tx.QueryRow(rw.ctx, `SELECT rev FROM `+table+` WHERE id = $1`, []byte(id)).Scan(&cur)
	stored := err == nil
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if stored && cur != *rev || !stored && *rev != 0 {
		return store.ErrReviewConflict
	}
	*rev++
	args, err := values()
	if err != nil {
		return err
	}
	cols := strings.Split(columns, ", ")
	if !stored {
		rw.q.Queue(`INSERT INTO `+table+` (`+columns+`) VALUES (`+placeholders(1, len(cols))+`)`, args...)
		return nil
	}
	set := make([]string, 0, len(cols)-1)
	for i, c := range cols[1:] {
		set = append(set, c+" = $"+strconv.Itoa(i+2))
	}
	rw.q.Queue(`UPDATE `+table+` SET `+strings.Join(set, ", ")+` WHERE id = $1`, args...)
	return nil
}

// placeholders returns "$from, …" for n parameters.
func placeholders(from, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = "$" + strconv.Itoa(from+i)
	}
	return strings.Join(ps, ", ")
}

func (rw *reviewWrite) enquiry(e *qingfeng.Enquiry) error {
	body, err := json.Marshal(e)
	if err != nil {
		return err
	}
	rw.q.Queue(`INSERT INTO review_enquiries (id, case_number, court_id, source, body) VALUES ($1, $2, $3, $4, $5)`,
		[]byte(e.ID), []byte(e.CaseNumber), []byte(e.CourtID), []byte(e.Source), body)
	return nil
}

// trail appends trail rows with the next ids, and sets them on rows.
func (rw *reviewWrite) trail(rows []qingfeng.Transition) error {
	for i := range rows {
		t := &rows[i]
		t.ID = 0
		body, err := json.Marshal(t)
		if err != nil {
			return fmt.Errorf("trail: %w", err)
		}
		rw.lastTrail++
		t.ID = rw.lastTrail
		rw.q.Queue(`INSERT INTO review_trail (id, subject_id, case_number, court_id, refused, source, derived, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, t.ID, []byte(t.SubjectID), []byte(t.CaseNumber), []byte(t.CourtID),
			t.Refused, []byte(t.Source), strings.HasPrefix(t.Source, "event:"), body)
	}
	return nil
}
