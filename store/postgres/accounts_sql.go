package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// What the stores of the subsystems (warnings, reviews, accounts, the audit log) share: their
// strings are bytea columns, their writes are short READ COMMITTED transactions, and their times
// are Unix microseconds.

// bstr scans a bytea column into a string (pgx scans bytea only into bytes).
type bstr string

// ScanBytes implements pgtype.BytesScanner.
func (b *bstr) ScanBytes(v []byte) error {
	*b = bstr(v)
	return nil
}

// into lets a bytea column be scanned into *p.
func into(p *string) *bstr { return (*bstr)(p) }

// writeTx runs fn in a READ COMMITTED transaction and commits it. The writes lock a row first
// and then read what the transaction before them committed, which needs each statement to see
// the latest commits, whatever default_transaction_isolation the database has been given.
func (s *Store) writeTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return err
	}
	// As in Commit: once begun, the end of the transaction must not depend on ctx.
	end := context.WithoutCancel(ctx)
	if err := fn(tx); err != nil {
		_ = tx.Rollback(end)
		return err
	}
	return tx.Commit(end)
}

// isUnique reports whether err is a violated unique constraint (SQLSTATE 23505, the same in
// openGauss and KingbaseES).
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// bytesOf converts strings to the [][]byte a bytea = ANY($n) takes; nil stays nil.
func bytesOf[T ~string](vs []T) [][]byte {
	if vs == nil {
		return nil
	}
	out := make([][]byte, len(vs))
	for i, v := range vs {
		out[i] = []byte(v)
	}
	return out
}

// conds builds a WHERE clause with numbered parameters. Each condition names its parameter ?,
// which becomes $n (the same n where ? appears twice).
type conds struct {
	parts []string
	args  []any
}

func (c *conds) add(expr string, arg any) {
	c.args = append(c.args, arg)
	c.parts = append(c.parts, strings.ReplaceAll(expr, "?", "$"+strconv.Itoa(len(c.args))))
}

// eq restricts col to v unless v is empty.
func (c *conds) eq(col, v string) {
	if v != "" {
		c.add(col+" = ?", []byte(v))
	}
}

// in restricts col to vs: nil means no restriction, an empty list nothing (a caller whose
// scope holds no court sees nothing).
func (c *conds) in(col string, vs [][]byte) {
	switch {
	case vs == nil:
	case len(vs) == 0:
		c.parts = append(c.parts, "1 = 0")
	default:
		c.add(col+" = ANY(?)", vs)
	}
}

// next returns the placeholder of one more argument, for what follows the WHERE clause.
func (c *conds) next(arg any) string {
	c.args = append(c.args, arg)
	return "$" + strconv.Itoa(len(c.args))
}

func (c *conds) String() string {
	if len(c.parts) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.parts, " AND ")
}
