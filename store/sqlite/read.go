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

// Queries whose plans TestQueryPlans checks.
const (
	queryCase       = `SELECT c.body FROM numbers n JOIN case_bodies c ON c.id = n.id WHERE n.number = ?`
	queryCaseEvents = `SELECT e.body FROM numbers n JOIN events e ON e.case_id = n.id
		WHERE n.number = ? ORDER BY e.at_us, e.seq`
	queryMatter = `SELECT c.body FROM case_bodies c JOIN numbers n ON n.id = c.id
		WHERE c.root = ? ORDER BY c.filed_on, n.number`
)

// readTx runs fn in a read transaction, so that its queries see one committed state.
func (s *Store) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// scanBodies runs a query returning JSON bodies and calls fn with each decoded into a new T.
func scanBodies[T any](ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args []any, fn func(*T) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var body []byte
	for rows.Next() {
		if err := rows.Scan(&body); err != nil {
			return err
		}
		v := new(T)
		if err := json.Unmarshal(body, v); err != nil {
			return fmt.Errorf("decode %s: %w", body, err)
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// list reads every body of a query into a slice.
func list[T any](ctx context.Context, s *Store, what, query string, args ...any) ([]T, error) {
	var out []T
	err := scanBodies(ctx, s.r, query, args, func(v *T) error {
		out = append(out, *v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// latestByID selects, among the rows of a reference table, the latest revision for each entity
// id: two source systems describing the same court leave one court, the later one.
func latestByID(table string) string {
	return `SELECT l.body FROM ` + table + ` p JOIN log l ON l.seq = p.seq
		WHERE p.seq IN (SELECT max(seq) FROM ` + table + ` GROUP BY id) ORDER BY p.id`
}

// Courts returns the current courts, by id.
func (s *Store) Courts(ctx context.Context) ([]qingfeng.Court, error) {
	return list[qingfeng.Court](ctx, s, "courts", latestByID("courts"))
}

// Divisions returns the current divisions, by id.
func (s *Store) Divisions(ctx context.Context) ([]qingfeng.Division, error) {
	return list[qingfeng.Division](ctx, s, "divisions", latestByID("divisions"))
}

// People returns the current court staff, by id.
func (s *Store) People(ctx context.Context) ([]qingfeng.Person, error) {
	return list[qingfeng.Person](ctx, s, "people", latestByID("people"))
}

// Lawyers returns the current lawyers, by id.
func (s *Store) Lawyers(ctx context.Context) ([]qingfeng.Lawyer, error) {
	return list[qingfeng.Lawyer](ctx, s, "lawyers", latestByID("lawyers"))
}

// Relatives returns the current declared relatives, by person then arrival. Relatives have no
// id of their own: each record is one declaration.
func (s *Store) Relatives(ctx context.Context) ([]qingfeng.Relative, error) {
	return list[qingfeng.Relative](ctx, s, "relatives",
		`SELECT l.body FROM relatives p JOIN log l ON l.seq = p.seq ORDER BY p.person_id, p.seq`)
}

// ScanMediations calls fn for every current pre-filing mediation, in arrival order.
func (s *Store) ScanMediations(ctx context.Context, fn func(*qingfeng.Mediation) error) error {
	return scanBodies(ctx, s.r, `SELECT l.body FROM mediations p JOIN log l ON l.seq = p.seq
		WHERE p.seq IN (SELECT max(seq) FROM mediations GROUP BY id) ORDER BY p.seq`, nil, fn)
}

// Case returns the proceeding with the given number, or store.ErrNotFound.
func (s *Store) Case(ctx context.Context, number string) (*qingfeng.Case, error) {
	var c *qingfeng.Case
	err := scanBodies(ctx, s.r, queryCase, []any{number}, func(v *qingfeng.Case) error {
		c = v
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("case %s: %w", number, err)
	}
	if c == nil {
		return nil, fmt.Errorf("case %s: %w", number, store.ErrNotFound)
	}
	return c, nil
}

// ScanCases calls fn for every proceeding in case-number order.
func (s *Store) ScanCases(ctx context.Context, fn func(*qingfeng.Case) error) error {
	return scanBodies(ctx, s.r, `SELECT c.body FROM numbers n JOIN case_bodies c ON c.id = n.id ORDER BY n.number`, nil, fn)
}

// CaseEvents returns the events of one proceeding ordered by their instant, then arrival.
// Events naming a case that is not (yet) stored are returned all the same.
func (s *Store) CaseEvents(ctx context.Context, number string) ([]qingfeng.Event, error) {
	return list[qingfeng.Event](ctx, s, "case events "+number, queryCaseEvents, number)
}

// ScanEvents calls fn for every current event in arrival order (of its current revision).
func (s *Store) ScanEvents(ctx context.Context, fn func(*qingfeng.Event) error) error {
	return scanBodies(ctx, s.r, `SELECT body FROM events ORDER BY seq`, nil, fn)
}

// Matter returns the matter tree that contains the proceeding with the given number.
func (s *Store) Matter(ctx context.Context, number string) (*store.Matter, error) {
	m := &store.Matter{}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var root int64
		err := tx.QueryRowContext(ctx, `SELECT c.root FROM numbers n JOIN cases c ON c.id = n.id
			WHERE n.number = ?`, number).Scan(&root)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		var present int
		err = tx.QueryRowContext(ctx, `SELECT n.number, (SELECT count(*) FROM cases WHERE id = n.id)
			FROM numbers n WHERE n.id = ?`, root).Scan(&m.Root, &present)
		if err != nil {
			return err
		}
		m.Orphan = present == 0
		return scanBodies(ctx, tx, queryMatter, []any{root}, func(c *qingfeng.Case) error {
			m.Proceedings = append(m.Proceedings, c)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("matter of %s: %w", number, err)
	}
	return m, nil
}

// Counts returns store-wide totals, all from one committed state.
func (s *Store) Counts(ctx context.Context) (store.Counts, error) {
	c := store.Counts{Kinds: map[qingfeng.Kind]int64{}}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT kind, n FROM kind_counts`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind string
			var n int64
			if err := rows.Scan(&kind, &n); err != nil {
				return err
			}
			c.Kinds[qingfeng.Kind(kind)] = n
		}
		if err := rows.Err(); err != nil {
			return err
		}
		// Seqs are assigned without gaps, so the highest is the number of log rows.
		return tx.QueryRowContext(ctx, `SELECT
			(SELECT coalesce(max(seq), 0) FROM log),
			(SELECT count(*) FROM quarantine WHERE resolved_batch IS NULL),
			(SELECT count(*) FROM cases WHERE root = id),
			(SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM cases r WHERE r.id = c.root))`).
			Scan(&c.Revisions, &c.Quarantined, &c.Matters, &c.Orphans)
	})
	if err != nil {
		return store.Counts{}, fmt.Errorf("counts: %w", err)
	}
	return c, nil
}

// ScanLog calls fn for every log entry after the given sequence number, in order.
func (s *Store) ScanLog(ctx context.Context, after int64, fn func(store.LogEntry) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT l.seq, l.k, l.hash, l.body, l.batch, f.name, l.line
		FROM log l JOIN files f ON f.id = l.file WHERE l.seq > ? ORDER BY l.seq`, after)
	if err != nil {
		return fmt.Errorf("scan log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e store.LogEntry
		var k string
		var hash any
		err := rows.Scan(&e.Seq, &k, &hash, &e.Body, &e.Batch, &e.Origin.File, &e.Origin.Line)
		if err != nil {
			return fmt.Errorf("scan log: %w", err)
		}
		e.Hash = hashText(hash)
		e.Key = parseKey(k)
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan log: %w", err)
	}
	return nil
}
