package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// The risk engine's storage (store.Warnings) on PostgreSQL, in the tables of migration 00020.
//
// A step (SaveRisk) is one transaction. It first updates its engine's row of risk_state, so
// that steps of one engine take turns whichever process runs them, and reads the warnings it
// touches once, locked (FOR UPDATE: a person's action on one of them waits for the step, or the
// step sees the action that went first). It works out their new states in memory, change by
// change in the order given, as the embedded store does row by row, and writes the result in a
// few round trips whatever the size of the step: COPY for new warnings, history and timers, one
// pipelined batch of UPDATEs for the warnings that existed.

var _ store.Warnings = (*Store)(nil)

// RiskState returns the engine's saved position.
func (s *Store) RiskState(ctx context.Context, engine string) (store.RiskState, error) {
	var st store.RiskState
	var now int32
	err := s.pool.QueryRow(ctx, `SELECT seq, clock_day, pack FROM risk_state WHERE engine = $1`, []byte(engine)).
		Scan(&st.Seq, &now, into(&st.Pack))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.RiskState{}, nil
	}
	if err != nil {
		return store.RiskState{}, fmt.Errorf("risk state %s: %w", engine, err)
	}
	st.Now = qingfeng.Date(now)
	return st, nil
}

// Timers returns the engine's timers, earliest first.
func (s *Store) Timers(ctx context.Context, engine string) ([]store.Timer, error) {
	rows, err := s.pool.Query(ctx, `SELECT target, due FROM risk_timers WHERE engine = $1 ORDER BY due, target`, []byte(engine))
	if err != nil {
		return nil, fmt.Errorf("timers: %w", err)
	}
	defer rows.Close()
	var out []store.Timer
	for rows.Next() {
		var t store.Timer
		var due int32
		if err := rows.Scan(into(&t.Target), &due); err != nil {
			return nil, fmt.Errorf("timers: %w", err)
		}
		t.Due = qingfeng.Date(due)
		out = append(out, t)
	}
	return out, rows.Err()
}

// WarningMarks returns what the engine keeps in memory about every warning.
func (s *Store) WarningMarks(ctx context.Context) ([]store.WarningMark, error) {
	rows, err := s.pool.Query(ctx, `SELECT k, id, severity, hits, raised FROM warnings ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("warning marks: %w", err)
	}
	defer rows.Close()
	var out []store.WarningMark
	for rows.Next() {
		var m store.WarningMark
		var sev string
		var hits int32
		if err := rows.Scan(into(&m.Key), &m.ID, into(&sev), &hits, &m.Raised); err != nil {
			return nil, fmt.Errorf("warning marks: %w", err)
		}
		m.Severity, m.Hits = qingfeng.Severity(sev), int(hits)
		out = append(out, m)
	}
	return out, rows.Err()
}

// SaveRisk applies one step of an engine's work in a single transaction.
func (s *Store) SaveRisk(ctx context.Context, b *store.RiskBatch) ([]int64, error) {
	at := b.At.UTC()
	if at.IsZero() {
		at = time.Now().UTC()
	}
	var ids []int64
	err := s.writeTx(ctx, func(tx pgx.Tx) error {
		st := &riskStep{ctx: ctx, tx: tx, at: at, rows: map[string]*warningRow{}}
		if err := st.begin(b); err != nil {
			return err
		}
		var err error
		if ids, err = st.apply(b.Changes); err != nil {
			return err
		}
		if err := st.write(); err != nil {
			return err
		}
		return st.timers(b.Engine, b.SetTimers, b.DropTimers)
	})
	if err != nil {
		return nil, fmt.Errorf("save risk: %w", err)
	}
	return ids, nil
}

// riskStep is one SaveRisk transaction.
type riskStep struct {
	ctx     context.Context
	tx      pgx.Tx
	at      time.Time
	rows    map[string]*warningRow // by key: the warnings of the step, stored or new
	touched []*warningRow          // in the order the step first changed them
	fresh   []int64                // ids taken for the warnings the step creates, in order
	history [][]any                // warning_actions rows, in order
}

// warningRow is a warning as the step leaves it.
type warningRow struct {
	id      int64
	key     string
	isNew   bool // created by this step
	touched bool // changed by this step
	snap    bool // the snapshot columns were replaced (always, for a new warning)
	state   qingfeng.WarningState
	raised  bool
	fires   int
	w       qingfeng.Warning // the last snapshot given, when snap
	body    []byte
}

// begin saves the engine's position, which locks the engine's row of risk_state, and reads and
// locks the stored warnings the changes name. Locks are taken in key order, so that two steps
// touching the same warnings cannot each hold what the other waits for.
func (st *riskStep) begin(b *store.RiskBatch) error {
	keys := make([][]byte, 0, len(b.Changes))
	seen := map[string]bool{}
	for _, c := range b.Changes {
		if !seen[c.Warning.Key] {
			seen[c.Warning.Key] = true
			keys = append(keys, []byte(c.Warning.Key))
		}
	}
	state := []any{[]byte(b.Engine), b.State.Seq, int32(b.State.Now), []byte(b.State.Pack), micros(st.at)}
	q := &pgx.Batch{}
	q.Queue(`UPDATE risk_state SET seq = $2, clock_day = $3, pack = $4, at_us = $5 WHERE engine = $1`, state...)
	q.Queue(`SELECT k, id, state, raised, fires FROM warnings WHERE k = ANY($1) ORDER BY k FOR UPDATE`, keys)
	br := st.tx.SendBatch(st.ctx, q)
	tag, err := br.Exec()
	if err != nil {
		br.Close()
		return fmt.Errorf("position: %w", err)
	}
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return fmt.Errorf("warnings: %w", err)
	}
	for rows.Next() {
		r := &warningRow{}
		var stateText string
		var fires int32
		if err := rows.Scan(into(&r.key), &r.id, into(&stateText), &r.raised, &fires); err != nil {
			rows.Close()
			br.Close()
			return fmt.Errorf("warnings: %w", err)
		}
		r.state, r.fires = qingfeng.WarningState(stateText), int(fires)
		st.rows[r.key] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		br.Close()
		return fmt.Errorf("warnings: %w", err)
	}
	if err := br.Close(); err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		// The engine's first step. Two processes making the same engine's first step at once
		// collide here, and the one that loses fails and is run again (the engine reloads).
		if _, err := st.tx.Exec(st.ctx, `INSERT INTO risk_state (engine, seq, clock_day, pack, at_us)
			VALUES ($1, $2, $3, $4, $5)`, state...); err != nil {
			return fmt.Errorf("position: %w", err)
		}
	}
	return nil
}

// apply works out every change in order and returns the ids of the changes' warnings.
func (st *riskStep) apply(changes []store.WarningChange) ([]int64, error) {
	if err := st.takeIDs(changes); err != nil {
		return nil, err
	}
	ids := make([]int64, len(changes))
	for i := range changes {
		c := &changes[i]
		r := st.rows[c.Warning.Key]
		kind := c.Kind
		var err error
		switch {
		case kind == store.Withdraw:
			if r != nil && r.raised {
				ids[i] = r.id
				st.withdraw(r, c.Note)
			}
			continue
		case r == nil:
			r, err = st.create(&c.Warning, c.Note)
			if err != nil {
				return nil, fmt.Errorf("warning %s: %w", c.Warning.Key, err)
			}
			ids[i] = r.id
			continue
		case kind == store.Fire && r.raised:
			kind = store.Update
		case kind == store.Fire || kind == store.Update && !r.raised:
			kind = store.Refire
		}
		if err := st.update(r, &c.Warning, kind == store.Refire, c.Note); err != nil {
			return nil, fmt.Errorf("warning %s: %w", c.Warning.Key, err)
		}
		ids[i] = r.id
	}
	return ids, nil
}

// takeIDs takes from the sequence one id for each warning the step will create: each key not
// stored that some change other than a withdrawal names.
func (st *riskStep) takeIDs(changes []store.WarningChange) error {
	n := 0
	counted := map[string]bool{}
	for _, c := range changes {
		k := c.Warning.Key
		if c.Kind != store.Withdraw && st.rows[k] == nil && !counted[k] {
			counted[k] = true
			n++
		}
	}
	if n == 0 {
		return nil
	}
	rows, err := st.tx.Query(st.ctx, `SELECT nextval('warnings_id') FROM generate_series(1, $1)`, n)
	if err != nil {
		return fmt.Errorf("warning ids: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("warning ids: %w", err)
	}
	st.fresh = ids
	return nil
}

func (st *riskStep) touch(r *warningRow) {
	if !r.touched {
		r.touched = true
		st.touched = append(st.touched, r)
	}
}

// create makes a new warning, open, fired once now.
func (st *riskStep) create(w *qingfeng.Warning, note string) (*warningRow, error) {
	snap := *w
	snap.State, snap.Fires, snap.FiredAt, snap.UpdatedAt = qingfeng.StateOpen, 1, st.at, st.at
	body, err := json.Marshal(&snap)
	if err != nil {
		return nil, err
	}
	r := &warningRow{id: st.fresh[0], key: w.Key, isNew: true, snap: true, state: qingfeng.StateOpen, raised: true,
		fires: 1, w: *w, body: body}
	st.fresh = st.fresh[1:]
	st.rows[w.Key] = r
	st.touch(r)
	st.record(r.id, qingfeng.ActFire, "", qingfeng.StateOpen, note)
	return r, nil
}

// update replaces the snapshot; a re-fire also counts the fire, reopens a warning that was
// settled or withdrawn, and records the step.
func (st *riskStep) update(r *warningRow, w *qingfeng.Warning, refire bool, note string) error {
	body, err := json.Marshal(w)
	if err != nil {
		return err
	}
	from := r.state
	if refire {
		r.fires++
		if !r.state.Active() && r.state != qingfeng.StateConfirmed {
			r.state = qingfeng.StateOpen
		}
	}
	r.w, r.body, r.snap, r.raised = *w, body, true, true
	st.touch(r)
	if refire {
		st.record(r.id, qingfeng.ActRefire, from, r.state, note)
	}
	return nil
}

// withdraw moves a warning still being handled to withdrawn; a decided one keeps its state.
func (st *riskStep) withdraw(r *warningRow, note string) {
	from := r.state
	if r.state.Active() {
		r.state = qingfeng.StateWithdrawn
	}
	r.raised = false
	st.touch(r)
	st.record(r.id, qingfeng.ActWithdraw, from, r.state, note)
}

func (st *riskStep) record(id int64, a qingfeng.Action, from, to qingfeng.WarningState, note string) {
	st.history = append(st.history, []any{id, []byte(a), []byte(qingfeng.SystemActor), micros(st.at),
		[]byte(from), []byte(to), []byte{}, []byte(note)})
}

var (
	warningColumns = []string{"id", "k", "rule_id", "subject", "case_number", "court_id", "judge_id", "severity",
		"state", "assignee", "verdict", "raised", "hits", "fires", "on_day", "fired_us", "updated_us", "body"}
	historyColumns = []string{"warning_id", "action", "actor", "at_us", "from_state", "to_state", "assignee", "note"}
)

// write stores what the step did: new warnings, the changed ones, the history.
func (st *riskStep) write() error {
	var fresh [][]any
	q := &pgx.Batch{}
	now := micros(st.at)
	for _, r := range st.touched {
		w := &r.w
		switch {
		case r.isNew:
			fresh = append(fresh, []any{r.id, []byte(r.key), []byte(w.Rule), []byte(w.Subject), []byte(w.CaseNumber),
				[]byte(w.CourtID), []byte(w.JudgeID), []byte(w.Severity), []byte(r.state), []byte{}, []byte{}, r.raised,
				int32(w.Hits), int32(r.fires), int32(w.On), now, now, r.body})
		case r.snap:
			q.Queue(`UPDATE warnings SET rule_id = $1, subject = $2, case_number = $3, court_id = $4, judge_id = $5,
				severity = $6, state = $7, raised = $8, hits = $9, fires = $10, on_day = $11, updated_us = $12, body = $13
				WHERE id = $14`, []byte(w.Rule), []byte(w.Subject), []byte(w.CaseNumber), []byte(w.CourtID),
				[]byte(w.JudgeID), []byte(w.Severity), []byte(r.state), r.raised, int32(w.Hits), int32(r.fires),
				int32(w.On), now, r.body, r.id)
		default:
			q.Queue(`UPDATE warnings SET state = $1, raised = $2, updated_us = $3 WHERE id = $4`,
				[]byte(r.state), r.raised, now, r.id)
		}
	}
	if len(fresh) > 0 {
		if _, err := st.tx.CopyFrom(st.ctx, pgx.Identifier{"warnings"}, warningColumns, pgx.CopyFromRows(fresh)); err != nil {
			return fmt.Errorf("new warnings: %w", err)
		}
	}
	if q.Len() > 0 {
		if err := st.tx.SendBatch(st.ctx, q).Close(); err != nil {
			return fmt.Errorf("warnings: %w", err)
		}
	}
	if len(st.history) > 0 {
		if _, err := st.tx.CopyFrom(st.ctx, pgx.Identifier{"warning_actions"}, historyColumns, pgx.CopyFromRows(st.history)); err != nil {
			return fmt.Errorf("history: %w", err)
		}
	}
	return nil
}

// timers sets and drops the engine's timers: what a set and then a drop of the same target
// would leave, without an upsert (docs/postgres.md): delete every target named, then insert
// those still set. The engine's row of risk_state, locked, keeps other steps of the engine out.
func (st *riskStep) timers(engine string, set []store.Timer, drop []string) error {
	if len(set) == 0 && len(drop) == 0 {
		return nil
	}
	due := map[string]qingfeng.Date{}
	var order, named []string
	for _, t := range set {
		if _, ok := due[t.Target]; !ok {
			order = append(order, t.Target)
		}
		due[t.Target] = t.Due
	}
	named = append(named, order...)
	for _, target := range drop {
		if _, ok := due[target]; ok {
			delete(due, target)
		} else {
			named = append(named, target)
		}
	}
	if _, err := st.tx.Exec(st.ctx, `DELETE FROM risk_timers WHERE engine = $1 AND target = ANY($2)`,
		[]byte(engine), bytesOf(named)); err != nil {
		return fmt.Errorf("timers: %w", err)
	}
	var rows [][]any
	for _, target := range order {
		if d, ok := due[target]; ok {
			rows = append(rows, []any{[]byte(engine), []byte(target), int32(d)})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if _, err := st.tx.CopyFrom(st.ctx, pgx.Identifier{"risk_timers"}, []string{"engine", "target", "due"}, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("timers: %w", err)
	}
	return nil
}
