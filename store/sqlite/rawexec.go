package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"
)

// rawStmts are the multi-row INSERTs of commits, prepared on the writer's driver connection
// and run there directly, inside the commit's transaction (the same, single connection).
// Through database/sql, every execution of a chunk's statement (over a thousand arguments)
// made and converted a fresh slice of them: on a bulk load that was the largest single source
// of garbage. Guarded by Store.mu.
type rawStmts struct {
	conn  any // the driver connection the statements were prepared on
	stmts map[string]driver.Stmt
	args  []driver.NamedValue // reused by every execution
}

// execRaw runs query, one of the bulk INSERTs, with args on the commit's connection, and
// returns the rowid of the last row it inserted.
func (w *writer) execRaw(query string, args []any) (lastID int64, err error) {
	err = w.conn.Raw(func(dc any) error {
		r := w.raw
		if r.conn != dc || r.stmts == nil {
			// A first commit, or database/sql replaced a broken connection: the statements of
			// the old one went with it.
			r.conn, r.stmts = dc, map[string]driver.Stmt{}
		}
		st, ok := r.stmts[query]
		if !ok {
			prep, ok := dc.(driver.ConnPrepareContext)
			if !ok {
				return fmt.Errorf("sqlite driver connection %T cannot prepare with a context", dc)
			}
			var err error
			if st, err = prep.PrepareContext(w.ctx, query); err != nil {
				return err
			}
			r.stmts[query] = st
		}
		ex, ok := st.(driver.StmtExecContext)
		if !ok {
			return fmt.Errorf("sqlite driver statement %T cannot execute with a context", st)
		}
		r.args = r.args[:0]
		for i, a := range args {
			v, err := driverValue(a)
			if err != nil {
				return fmt.Errorf("argument %d: %w", i+1, err)
			}
			r.args = append(r.args, driver.NamedValue{Ordinal: i + 1, Value: v})
		}
		res, err := ex.ExecContext(w.ctx, r.args)
		clear(r.args) // keep no bodies alive until the next commit
		if err != nil {
			return err
		}
		lastID, err = res.LastInsertId()
		return err
	})
	return lastID, err
}

// driverValue converts an argument as database/sql would, quickly for the types commits use.
func driverValue(a any) (driver.Value, error) {
	switch v := a.(type) {
	case nil, int64, string, []byte:
		return v, nil
	case int:
		return int64(v), nil
	}
	return driver.DefaultParameterConverter.ConvertValue(a)
}

// closeRaw closes the statements prepared on the writer's driver connection.
func (s *Store) closeRaw() {
	if s.raw.stmts == nil || s.w == nil {
		return
	}
	conn, err := s.w.Conn(context.Background())
	if err != nil {
		return
	}
	defer conn.Close()
	conn.Raw(func(dc any) error {
		if dc == s.raw.conn {
			for _, st := range s.raw.stmts {
				st.Close()
			}
		}
		return nil
	})
	s.raw.stmts = nil
}
