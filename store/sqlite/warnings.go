package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// The risk engine's storage (store.Warnings) on the embedded store: warnings, their history,
// timers and the engine's position, in the tables of migration 00020. Writes go through the
// single writer connection in transactions of their own; reads use the reader pool.

var _ store.Warnings = (*Store)(nil)

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// RiskState returns the engine's saved position.
func (s *Store) RiskState(ctx context.Context, engine string) (store.RiskState, error) {
	var st store.RiskState
	var now int64
	err := s.r.QueryRowContext(ctx, `SELECT seq, now, pack FROM risk_state WHERE engine = ?`, engine).Scan(&st.Seq, &now, &st.Pack)
	if errors.Is(err, sql.ErrNoRows) {
		return store.RiskState{}, nil
	}
	if err != nil {
		return st, fmt.Errorf("risk state %s: %w", engine, err)
	}
	st.Now = qingfeng.Date(now)
	return st, nil
}

// Timers returns the engine's timers, earliest first.
func (s *Store) Timers(ctx context.Context, engine string) ([]store.Timer, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT target, due FROM risk_timers WHERE engine = ? ORDER BY due, target`, engine)
	if err != nil {
		return nil, fmt.Errorf("timers: %w", err)
	}
	defer rows.Close()
	var out []store.Timer
	for rows.Next() {
		var t store.Timer
		var due int64
		if err := rows.Scan(&t.Target, &due); err != nil {
			return nil, fmt.Errorf("timers: %w", err)
		}
		t.Due = qingfeng.Date(due)
		out = append(out, t)
	}
	return out, rows.Err()
}

// WarningMarks returns what the engine keeps in memory about every warning.
func (s *Store) WarningMarks(ctx context.Context) ([]store.WarningMark, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT k, id, severity, hits, raised FROM warnings ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("warning marks: %w", err)
	}
	defer rows.Close()
	var out []store.WarningMark
	for rows.Next() {
		var m store.WarningMark
		var sev string
		if err := rows.Scan(&m.Key, &m.ID, &sev, &m.Hits, &m.Raised); err != nil {
			return nil, fmt.Errorf("warning marks: %w", err)
		}
		m.Severity = qingfeng.Severity(sev)
		out = append(out, m)
	}
	return out, rows.Err()
}

// SaveRisk applies one step of an engine's work in a single transaction.
func (s *Store) SaveRisk(ctx context.Context, b *store.RiskBatch) ([]int64, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("save risk: %w", err)
	}
	defer tx.Rollback()
	rw := &riskWriter{ctx: ctx, tx: tx, at: b.At.UTC()}
	if rw.at.IsZero() {
		rw.at = time.Now().UTC()
	}
	ids := make([]int64, len(b.Changes))
	for i := range b.Changes {
		if ids[i], err = rw.change(&b.Changes[i]); err != nil {
			return nil, fmt.Errorf("save risk: warning %s: %w", b.Changes[i].Warning.Key, err)
		}
	}
	if err := rw.timers(b.Engine, b.SetTimers, b.DropTimers); err != nil {
		return nil, fmt.Errorf("save risk: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO risk_state (engine, seq, now, pack, at_us) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (engine) DO UPDATE SET seq = excluded.seq, now = excluded.now, pack = excluded.pack, at_us = excluded.at_us`,
		b.Engine, b.State.Seq, int64(b.State.Now), b.State.Pack, micros(rw.at))
	if err != nil {
		return nil, fmt.Errorf("save risk: position: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("save risk: %w", err)
	}
	return ids, nil
}

// riskWriter is one SaveRisk transaction.
type riskWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	at    time.Time
	stmts map[string]*sql.Stmt
}

func (rw *riskWriter) stmt(q string) (*sql.Stmt, error) {
	if st, ok := rw.stmts[q]; ok {
		return st, nil
	}
	if rw.stmts == nil {
		rw.stmts = map[string]*sql.Stmt{}
	}
	st, err := rw.tx.PrepareContext(rw.ctx, q)
	if err != nil {
		return nil, err
	}
	rw.stmts[q] = st
	return st, nil
}

func (rw *riskWriter) exec(q string, args ...any) (sql.Result, error) {
	st, err := rw.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(rw.ctx, args...)
}

// stored is what a change needs to know of the warning already stored under its key.
type stored struct {
	id     int64
	state  qingfeng.WarningState
	raised bool
	fires  int
}

func (rw *riskWriter) lookup(key string) (*stored, error) {
	st, err := rw.stmt(`SELECT id, state, raised, fires FROM warnings WHERE k = ?`)
	if err != nil {
		return nil, err
	}
	var w stored
	var state string
	err = st.QueryRowContext(rw.ctx, key).Scan(&w.id, &state, &w.raised, &w.fires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	w.state = qingfeng.WarningState(state)
	return &w, err
}

func (rw *riskWriter) change(c *store.WarningChange) (int64, error) {
	old, err := rw.lookup(c.Warning.Key)
	if err != nil {
		return 0, err
	}
	kind := c.Kind
	switch {
	case kind == store.Withdraw:
		if old == nil || !old.raised {
			return 0, nil
		}
		return old.id, rw.withdraw(old, c.Note)
	case old == nil:
		return rw.insert(&c.Warning, c.Note)
	case kind == store.Fire && old.raised:
		kind = store.Update
	case kind == store.Fire || kind == store.Update && !old.raised:
		kind = store.Refire
	}
	return old.id, rw.update(old, &c.Warning, kind == store.Refire, c.Note)
}

func (rw *riskWriter) insert(w *qingfeng.Warning, note string) (int64, error) {
	snap := *w
	snap.State, snap.Fires, snap.FiredAt, snap.UpdatedAt = qingfeng.StateOpen, 1, rw.at, rw.at
	body, err := json.Marshal(&snap)
	if err != nil {
		return 0, err
	}
	res, err := rw.exec(`INSERT INTO warnings (k, rule, subject, case_number, court_id, judge_id, severity, state,
		raised, hits, fires, on_day, fired_us, updated_us, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 1, ?, ?, ?, ?)`,
		w.Key, w.Rule, w.Subject, w.CaseNumber, w.CourtID, w.JudgeID, string(w.Severity), string(qingfeng.StateOpen),
		w.Hits, int64(w.On), micros(rw.at), micros(rw.at), string(body))
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	return id, rw.history(id, qingfeng.ActFire, "", qingfeng.StateOpen, "", note)
}

// update replaces the snapshot; a re-fire also counts the fire, reopens a warning that was
// settled or withdrawn, and records the step.
func (rw *riskWriter) update(old *stored, w *qingfeng.Warning, refire bool, note string) error {
	state, fires := old.state, old.fires
	if refire {
		fires++
		if !old.state.Active() && old.state != qingfeng.StateConfirmed {
			state = qingfeng.StateOpen
		}
	}
	body, err := json.Marshal(w)
	if err != nil {
		return err
	}
	_, err = rw.exec(`UPDATE warnings SET rule = ?, subject = ?, case_number = ?, court_id = ?, judge_id = ?,
		severity = ?, state = ?, raised = 1, hits = ?, fires = ?, on_day = ?, updated_us = ?, body = ? WHERE id = ?`,
		w.Rule, w.Subject, w.CaseNumber, w.CourtID, w.JudgeID, string(w.Severity), string(state), w.Hits, fires,
		int64(w.On), micros(rw.at), string(body), old.id)
	if err != nil || !refire {
		return err
	}
	return rw.history(old.id, qingfeng.ActRefire, old.state, state, "", note)
}

func (rw *riskWriter) withdraw(old *stored, note string) error {
	state := old.state
	if old.state.Active() {
		state = qingfeng.StateWithdrawn
	}
	if _, err := rw.exec(`UPDATE warnings SET state = ?, raised = 0, updated_us = ? WHERE id = ?`,
		string(state), micros(rw.at), old.id); err != nil {
		return err
	}
	return rw.history(old.id, qingfeng.ActWithdraw, old.state, state, "", note)
}

func (rw *riskWriter) history(id int64, a qingfeng.Action, from, to qingfeng.WarningState, assignee, note string) error {
	_, err := rw.exec(`INSERT INTO warning_actions (warning_id, action, actor, at_us, from_state, to_state, assignee, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, string(a), qingfeng.SystemActor, micros(rw.at), string(from), string(to), assignee, note)
	return err
}

func (rw *riskWriter) timers(engine string, set []store.Timer, drop []string) error {
	for _, t := range set {
		if _, err := rw.exec(`INSERT INTO risk_timers (engine, target, due) VALUES (?, ?, ?)
			ON CONFLICT (engine, target) DO UPDATE SET due = excluded.due`, engine, t.Target, int64(t.Due)); err != nil {
			return fmt.Errorf("timer %s: %w", t.Target, err)
		}
	}
	for _, target := range drop {
		if _, err := rw.exec(`DELETE FROM risk_timers WHERE engine = ? AND target = ?`, engine, target); err != nil {
			return fmt.Errorf("timer %s: %w", target, err)
		}
	}
	return nil
}
