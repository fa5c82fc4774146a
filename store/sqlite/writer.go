package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
)

// writer is one commit in progress: the transaction, its statements and the state the commit
// builds up as it goes.
type writer struct {
	ctx   context.Context
	conn  *sql.Conn // the writer connection, on which tx runs
	tx    *sql.Tx
	raw   *rawStmts
	st    *statements
	stmts map[*sql.Stmt]*sql.Stmt // statements bound to tx, made on first use

	batch    int64
	nowMS    int64
	numbers  numberTx
	files    fileTx
	caseRows *bulk // new proceedings, written in bulk
	// pendingRoots holds the roots of the proceedings in caseRows, which the table does not
	// have yet.
	pendingRoots map[int64]int64
	touched      map[int64]bool // case numbers written by this commit
	origins      map[int64]bool // case numbers used as an origin by this commit

	known     *keyFilter // every key stored, approximately; nil when not known
	expectSeq int64      // the last seq this store wrote; another means another writer
	pre       <-chan prepared
}

// stmt returns s bound to the commit's transaction. The writer database has a single
// connection, so the statement prepared on it is reused rather than prepared again.
func (w *writer) stmt(s *sql.Stmt) *sql.Stmt {
	t, ok := w.stmts[s]
	if !ok {
		t = w.tx.StmtContext(w.ctx, s)
		w.stmts[s] = t
	}
	return t
}

func (w *writer) exec(s *sql.Stmt, args ...any) (sql.Result, error) {
	return w.stmt(s).ExecContext(w.ctx, args...)
}

// queryInt runs a query returning one integer; ok is false when it returns no row.
func (w *writer) queryInt(s *sql.Stmt, args ...any) (n int64, ok bool, err error) {
	err = w.stmt(s).QueryRowContext(w.ctx, args...).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	return n, err == nil, err
}

// bulk collects rows for one table and writes them a chunk per statement.
type bulk struct {
	w    *writer
	st   bulkStmt
	name string
	args []any
	last int64 // implicit rowids: the rowid the last row added must get
}

func (w *writer) bulk(name string, st bulkStmt) *bulk {
	return &bulk{w: w, st: st, name: name, args: make([]any, 0, st.cols*chunk)}
}

// add appends one row; its values must match the statement's columns.
func (b *bulk) add(row ...any) error {
	b.args = append(b.args, row...)
	if len(b.args) < b.st.cols*chunk {
		return nil
	}
	return b.writeFull()
}

// addAt appends one row of a table whose statement leaves the rowid to SQLite (implicit): id
// is the rowid the row must get, checked when its chunk is written.
func (b *bulk) addAt(id int64, row ...any) error {
	b.last = id
	return b.add(row...)
}

// writeFull writes a full chunk, which ends with the row added last.
func (b *bulk) writeFull() error {
	err := b.exec(b.st.queries[0], b.args, true)
	clear(b.args)
	b.args = b.args[:0]
	return err
}

// flush writes the rows that did not fill a chunk, in statements of halving sizes.
func (b *bulk) flush() error {
	for i, n := 0, chunk; i < len(b.args); n /= 2 {
		size := n * b.st.cols
		if len(b.args)-i < size {
			continue
		}
		if err := b.exec(b.st.queries[bits.TrailingZeros(chunk/uint(n))], b.args[i:i+size], i+size == len(b.args)); err != nil {
			return err
		}
		i += size
	}
	clear(b.args)
	b.args = b.args[:0]
	return nil
}

// exec runs one statement of the bulk insert. For a table with implicit rowids, the statement
// that ends with the last row added must have given it the rowid the commit assigned: SQLite
// gives a new row the largest rowid plus one, as the commit counts, and a difference would
// mean the two disagree, which the commit must not go on from.
func (b *bulk) exec(query string, args []any, atLast bool) error {
	got, err := b.w.execRaw(query, args)
	if err != nil {
		return fmt.Errorf("insert into %s: %w", b.name, err)
	}
	if b.st.implicit && atLast && got != b.last {
		return fmt.Errorf("insert into %s: the last row got rowid %d, not %d", b.name, got, b.last)
	}
	return nil
}

// padded fills a chunk of IN-list arguments, repeating the last value where there are fewer
// than chunk, so that a single prepared statement serves every lookup.
func padded(prefix []any, vals []any) []any {
	args := make([]any, 0, len(prefix)+chunk)
	args = append(args, prefix...)
	args = append(args, vals...)
	for len(args) < len(prefix)+chunk {
		args = append(args, vals[len(vals)-1])
	}
	return args
}
