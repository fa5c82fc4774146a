package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// The audit log (store.AuditLog) on PostgreSQL: table audit_log of migration 00040, which
// triggers keep append-only. An append locks the row of audit_state and only then reads the
// chain's head, so appends from every process take turns and each entry follows the one
// committed before it; reads are never blocked.

var _ store.AuditLog = (*Store)(nil)

const auditCols = `seq, at_us, actor, user_id, actor_court, action, object, court_id, addr, outcome, detail, prev, hash`

var auditColumns = strings.Split(auditCols, ", ")

// AppendAudit appends entries to the chain in one transaction.
func (s *Store) AppendAudit(ctx context.Context, key []byte, entries ...qingfeng.AuditEntry) ([]qingfeng.AuditEntry, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	var out []qingfeng.AuditEntry
	err := s.writeTx(ctx, func(tx pgx.Tx) error {
		var seq int64
		var prev string
		// One round trip: the server runs the head query after the lock is granted, with a
		// snapshot that includes the commit of whoever held it.
		q := &pgx.Batch{}
		q.Queue(`SELECT id FROM audit_state WHERE id = 1 FOR UPDATE`)
		q.Queue(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).QueryRow(func(r pgx.Row) error {
			err := r.Scan(&seq, into(&prev))
			if errors.Is(err, pgx.ErrNoRows) {
				return nil
			}
			return err
		})
		if err := tx.SendBatch(ctx, q).Close(); err != nil {
			return fmt.Errorf("head: %w", err)
		}
		out = make([]qingfeng.AuditEntry, len(entries))
		ins := &pgx.Batch{} // a request appends one entry or a few: INSERTs take one round trip, COPY two
		for i, e := range entries {
			seq++
			e.Seq, e.Prev = seq, prev
			if e.At.IsZero() {
				e.At = time.Now()
			}
			e.At = e.At.UTC().Truncate(time.Microsecond)
			e.Hash = e.Seal(key)
			ins.Queue(`INSERT INTO audit_log (`+auditCols+`) VALUES (`+placeholders(1, len(auditColumns))+`)`,
				e.Seq, micros(e.At), []byte(e.Actor), e.UserID, []byte(e.ActorCourt), []byte(e.Action), []byte(e.Object),
				[]byte(e.CourtID), []byte(e.Addr), []byte(e.Outcome), []byte(e.Detail), []byte(e.Prev), []byte(e.Hash))
			prev = e.Hash
			out[i] = e
		}
		return tx.SendBatch(ctx, ins).Close()
	})
	if err != nil {
		return nil, fmt.Errorf("append audit: %w", err)
	}
	return out, nil
}

// AuditHead returns the last entry of the log.
func (s *Store) AuditHead(ctx context.Context) (qingfeng.AuditEntry, error) {
	e, err := scanAudit(s.pool.QueryRow(ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq DESC LIMIT 1`))
	if errors.Is(err, pgx.ErrNoRows) {
		return qingfeng.AuditEntry{}, nil
	}
	if err != nil {
		return qingfeng.AuditEntry{}, fmt.Errorf("audit head: %w", err)
	}
	return *e, nil
}

// auditPage is how many entries one ScanAudit query reads: no snapshot stays open for the
// whole log while fn works.
const auditPage = 2000

// ScanAudit calls fn for every entry after seq after, in order, a page at a time.
func (s *Store) ScanAudit(ctx context.Context, after int64, fn func(*qingfeng.AuditEntry) error) error {
	for {
		rows, err := s.pool.Query(ctx, `SELECT `+auditCols+` FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, after, auditPage)
		if err != nil {
			return fmt.Errorf("scan audit: %w", err)
		}
		batch, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*qingfeng.AuditEntry, error) { return scanAudit(r) })
		if err != nil {
			return fmt.Errorf("scan audit: %w", err)
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
			after = e.Seq
		}
		if len(batch) < auditPage {
			return nil
		}
	}
}

// SearchAudit lists entries newest first, with the total the filter selects, both from one
// snapshot.
func (s *Store) SearchAudit(ctx context.Context, f store.AuditFilter) ([]qingfeng.AuditEntry, int, error) {
	var out []qingfeng.AuditEntry
	var total int
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		c := auditWhere(f)
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM audit_log`+c.String(), c.args...).Scan(&total); err != nil {
			return err
		}
		q := `SELECT ` + auditCols + ` FROM audit_log` + c.String() + ` ORDER BY seq DESC`
		if f.Limit > 0 {
			q += ` LIMIT ` + c.next(f.Limit)
		}
		if f.Offset > 0 {
			q += ` OFFSET ` + c.next(f.Offset)
		}
		rows, err := tx.Query(ctx, q, c.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				return err
			}
			out = append(out, *e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("search audit: %w", err)
	}
	return out, total, nil
}

func auditWhere(f store.AuditFilter) *conds {
	c := &conds{}
	if courts := bytesOf(f.Courts); len(courts) > 0 {
		c.add(`(court_id = ANY(?) OR actor_court = ANY(?))`, courts)
	} else {
		c.in("court_id", courts) // nil: every entry; empty: none
	}
	c.eq("actor", f.Actor)
	if p := f.Action; strings.HasSuffix(p, ".") {
		// A prefix, as a range of bytes: every value that starts with p sorts from p to just
		// before p with its last byte raised, and the index on action serves it.
		c.add("action >= ?", []byte(p))
		c.add("action < ?", prefixEnd(p))
	} else {
		c.eq("action", p)
	}
	c.eq("object", f.Object)
	c.eq("outcome", f.Outcome)
	if !f.From.IsZero() {
		c.add("at_us >= ?", micros(f.From))
	}
	if !f.To.IsZero() {
		c.add("at_us < ?", micros(f.To))
	}
	return c
}

// prefixEnd returns the least byte string greater than every string that starts with p (p
// not empty and not all 0xff bytes, as an action prefix ending in "." never is).
func prefixEnd(p string) []byte {
	b := []byte(p)
	for len(b) > 0 && b[len(b)-1] == 0xff {
		b = b[:len(b)-1]
	}
	if len(b) > 0 {
		b[len(b)-1]++
	}
	return b
}

func scanAudit(r pgx.Row) (*qingfeng.AuditEntry, error) {
	var e qingfeng.AuditEntry
	var at int64
	if err := r.Scan(&e.Seq, &at, into(&e.Actor), &e.UserID, into(&e.ActorCourt), into(&e.Action), into(&e.Object),
		into(&e.CourtID), into(&e.Addr), into(&e.Outcome), into(&e.Detail), into(&e.Prev), into(&e.Hash)); err != nil {
		return nil, err
	}
	e.At = fromMicros(at)
	return &e, nil
}
