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

// scanPage is how many log entries one ScanLog query reads: a scan of a long log is a series
// of short queries, so that a slow consumer holds no snapshot open for long.
const scanPage = 10000

// querier is what reads need: the pool, or a read transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// readTx runs fn in a read-only transaction that sees one committed state throughout.
func (s *Store) readTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// scanBodies runs a query returning JSON bodies and calls fn with each decoded into a new T.
func scanBodies[T any](ctx context.Context, q querier, query string, args []any, fn func(*T) error) error {
	rows, err := q.Query(ctx, query, args...)
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
	err := scanBodies(ctx, s.pool, query, args, func(v *T) error {
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
	return `SELECT l.body FROM ` + table + ` p JOIN record_log l ON l.seq = p.seq
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

// Relatives returns the current declared relatives, by person then arrival.
func (s *Store) Relatives(ctx context.Context) ([]qingfeng.Relative, error) {
	return list[qingfeng.Relative](ctx, s, "relatives",
		`SELECT l.body FROM relatives p JOIN record_log l ON l.seq = p.seq ORDER BY p.person_id, p.seq`)
}

// ScanMediations calls fn for every current pre-filing mediation, in arrival order.
func (s *Store) ScanMediations(ctx context.Context, fn func(*qingfeng.Mediation) error) error {
	return scanBodies(ctx, s.pool, `SELECT l.body FROM mediations p JOIN record_log l ON l.seq = p.seq
		WHERE p.seq IN (SELECT max(seq) FROM mediations GROUP BY id) ORDER BY p.seq`, nil, fn)
}

// Case returns the proceeding with the given number, or store.ErrNotFound.
func (s *Store) Case(ctx context.Context, number string) (*qingfeng.Case, error) {
	var c *qingfeng.Case
	err := scanBodies(ctx, s.pool, `SELECT c.body FROM numbers n JOIN cases c ON c.id = n.id WHERE n.case_number = $1`,
		[]any{[]byte(number)}, func(v *qingfeng.Case) error {
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

// ScanCases calls fn for every proceeding in case-number order (byte-wise, as in Go).
func (s *Store) ScanCases(ctx context.Context, fn func(*qingfeng.Case) error) error {
	return scanBodies(ctx, s.pool, `SELECT c.body FROM numbers n JOIN cases c ON c.id = n.id ORDER BY n.case_number`, nil, fn)
}

// CaseEvents returns the events of one proceeding ordered by their instant, then arrival.
// Events naming a case that is not (yet) stored are returned all the same.
func (s *Store) CaseEvents(ctx context.Context, number string) ([]qingfeng.Event, error) {
	return list[qingfeng.Event](ctx, s, "case events "+number, `SELECT e.body FROM numbers n
		JOIN events e ON e.case_id = n.id WHERE n.case_number = $1 ORDER BY e.at_us, e.seq`, []byte(number))
}

// ScanEvents calls fn for every current event in arrival order (of its current revision).
func (s *Store) ScanEvents(ctx context.Context, fn func(*qingfeng.Event) error) error {
	return scanBodies(ctx, s.pool, `SELECT body FROM events ORDER BY seq`, nil, fn)
}

// Matter returns the matter tree that contains the proceeding with the given number.
func (s *Store) Matter(ctx context.Context, number string) (*store.Matter, error) {
	m := &store.Matter{}
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		var root int64
		err := tx.QueryRow(ctx, `SELECT c.root FROM numbers n JOIN cases c ON c.id = n.id
			WHERE n.case_number = $1`, []byte(number)).Scan(&root)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		var rootNumber []byte
		var present bool
		err = tx.QueryRow(ctx, `SELECT n.case_number, EXISTS (SELECT 1 FROM cases WHERE id = n.id)
			FROM numbers n WHERE n.id = $1`, root).Scan(&rootNumber, &present)
		if err != nil {
			return err
		}
		m.Root, m.Orphan = string(rootNumber), !present
		return scanBodies(ctx, tx, `SELECT c.body FROM cases c JOIN numbers n ON n.id = c.id
			WHERE c.root = $1 ORDER BY c.filed_on, n.case_number`, []any{root}, func(c *qingfeng.Case) error {
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
	var c store.Counts
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		var err error
		c, err = countsIn(ctx, tx)
		return err
	})
	if err != nil {
		return store.Counts{}, fmt.Errorf("counts: %w", err)
	}
	return c, nil
}

// Snapshot runs fn while a read-only transaction holds one committed state, and gives it the
// counts of that state and the state's exported snapshot id: pg_dump --snapshot=id dumps
// exactly what was counted, however many commits run meanwhile.
func (s *Store) Snapshot(ctx context.Context, fn func(id string, c store.Counts) error) error {
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		var id string
		if err := tx.QueryRow(ctx, `SELECT pg_export_snapshot()`).Scan(&id); err != nil {
			return err
		}
		c, err := countsIn(ctx, tx)
		if err != nil {
			return err
		}
		return fn(id, c)
	})
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	return nil
}

func countsIn(ctx context.Context, tx pgx.Tx) (store.Counts, error) {
	c := store.Counts{Kinds: map[qingfeng.Kind]int64{}}
	rows, err := tx.Query(ctx, `SELECT kind, n FROM kind_counts WHERE n > 0`)
	if err != nil {
		return c, err
	}
	for rows.Next() {
		var kind string
		var n int64
		if err := rows.Scan(&kind, &n); err != nil {
			rows.Close()
			return c, err
		}
		c.Kinds[qingfeng.Kind(kind)] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	// Seqs are assigned without gaps, so the last is the number of log rows.
	err = tx.QueryRow(ctx, `SELECT
		(SELECT last_seq FROM store_state WHERE id = 1),
		(SELECT count(*) FROM quarantine WHERE resolved_batch IS NULL),
		(SELECT count(*) FROM cases WHERE root = id),
		(SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM cases r WHERE r.id = c.root))`).
		Scan(&c.Revisions, &c.Quarantined, &c.Matters, &c.Orphans)
	return c, err
}

// ScanLog calls fn for every log entry after the given sequence number, in order, a page at a
// time: entries committed while the scan runs are delivered too.
func (s *Store) ScanLog(ctx context.Context, after int64, fn func(store.LogEntry) error) error {
	for {
		n, last, err := s.scanLogPage(ctx, after, fn)
		if err != nil {
			return err
		}
		if n < scanPage {
			return nil
		}
		after = last
	}
}

func (s *Store) scanLogPage(ctx context.Context, after int64, fn func(store.LogEntry) error) (n int, last int64, err error) {
	rows, err := s.pool.Query(ctx, `SELECT seq, k, hash, body, batch, src_file, src_line
		FROM record_log WHERE seq > $1 ORDER BY seq LIMIT $2`, after, scanPage)
	if err != nil {
		return 0, 0, fmt.Errorf("scan log: %w", err)
	}
	defer rows.Close()
	var k, hash, file []byte
	var line int32
	for rows.Next() {
		var e store.LogEntry
		if err := rows.Scan(&e.Seq, &k, &hash, &e.Body, &e.Batch, &file, &line); err != nil {
			return n, last, fmt.Errorf("scan log: %w", err)
		}
		e.Key, e.Hash, e.Origin = parseKey(string(k)), hashText(hash), qingfeng.Origin{File: string(file), Line: int(line)}
		n, last = n+1, e.Seq
		if err := fn(e); err != nil {
			return n, last, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, last, fmt.Errorf("scan log: %w", err)
	}
	return n, last, nil
}
