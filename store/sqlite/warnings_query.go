package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

const warningCols = `id, state, assignee, verdict, fires, severity, hits, updated_us, fired_us, body`

// scanWarning reads a row of warningCols: the body's snapshot with the columns, which handling
// changes without rewriting the body, laid over it.
func scanWarning(sc interface{ Scan(...any) error }) (*qingfeng.Warning, error) {
	var (
		w                        qingfeng.Warning
		id                       int64
		state, assignee, verdict string
		sev, body                string
		fires, hits              int
		updated, fired           int64
	)
	if err := sc.Scan(&id, &state, &assignee, &verdict, &fires, &sev, &hits, &updated, &fired, &body); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		return nil, fmt.Errorf("warning %d: %w", id, err)
	}
	w.ID, w.State, w.Assignee, w.Verdict = id, qingfeng.WarningState(state), assignee, qingfeng.Action(verdict)
	w.Fires, w.Severity, w.Hits = fires, qingfeng.Severity(sev), hits
	w.UpdatedAt, w.FiredAt = fromMicros(updated), fromMicros(fired)
	return &w, nil
}

// Warning returns one warning.
func (s *Store) Warning(ctx context.Context, id int64) (*qingfeng.Warning, error) {
	w, err := scanWarning(s.r.QueryRowContext(ctx, `SELECT `+warningCols+` FROM warnings WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("warning %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("warning %d: %w", id, err)
	}
	return w, nil
}

// where builds the WHERE clause of a warning filter.
func where(f store.WarningFilter) (string, []any) {
	var conds []string
	var args []any
	in := func(col string, vals []string) {
		if vals == nil {
			return
		}
		if len(vals) == 0 {
			conds = append(conds, "0 = 1")
			return
		}
		conds = append(conds, col+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	in("court_id", f.Courts)
	in("rule", nilIfEmpty(f.Rules))
	in("severity", nilIfEmpty(strs(f.Severities)))
	in("state", nilIfEmpty(strs(f.States)))
	eq := func(col, v string) {
		if v != "" {
			conds = append(conds, col+" = ?")
			args = append(args, v)
		}
	}
	eq("assignee", f.Assignee)
	eq("judge_id", f.JudgeID)
	eq("case_number", f.CaseNumber)
	if f.From != 0 {
		conds = append(conds, "on_day >= ?")
		args = append(args, int64(f.From))
	}
	if f.To != 0 {
		conds = append(conds, "on_day <= ?")
		args = append(args, int64(f.To))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// nilIfEmpty keeps "no filter" distinct from the Courts filter's "an empty scope sees nothing".
func nilIfEmpty(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	return v
}

func strs[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = string(x)
	}
	return out
}

// Warnings lists warnings, newest first.
func (s *Store) Warnings(ctx context.Context, f store.WarningFilter) ([]qingfeng.Warning, int, error) {
	w, args := where(f)
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM warnings`+w, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("warnings: %w", err)
	}
	q := `SELECT ` + warningCols + ` FROM warnings` + w + ` ORDER BY fired_us DESC, id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(0, f.Offset))
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("warnings: %w", err)
	}
	defer rows.Close()
	var out []qingfeng.Warning
	for rows.Next() {
		w, err := scanWarning(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("warnings: %w", err)
		}
		out = append(out, *w)
	}
	return out, total, rows.Err()
}

// WarningHistory returns a warning's handling history, oldest first.
func (s *Store) WarningHistory(ctx context.Context, id int64) ([]qingfeng.WarningAction, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, action, actor, at_us, from_state, to_state, assignee, note
		FROM warning_actions WHERE warning_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("warning %d history: %w", id, err)
	}
	defer rows.Close()
	var out []qingfeng.WarningAction
	for rows.Next() {
		var a qingfeng.WarningAction
		var act, from, to string
		var at int64
		if err := rows.Scan(&a.ID, &act, &a.Actor, &at, &from, &to, &a.Assignee, &a.Note); err != nil {
			return nil, fmt.Errorf("warning %d history: %w", id, err)
		}
		a.WarningID, a.Action, a.At = id, qingfeng.Action(act), fromMicros(at)
		a.From, a.To = qingfeng.WarningState(from), qingfeng.WarningState(to)
		out = append(out, a)
	}
	return out, rows.Err()
}

// HandleWarning records a person's action, checked against the workflow, atomically with the
// state it moves the warning to.
func (s *Store) HandleWarning(ctx context.Context, id int64, a qingfeng.WarningAction, scope []string) (*qingfeng.Warning, error) {
	if !a.Action.ByPeople() {
		return nil, fmt.Errorf("warning %d: %q is the engine's action: %w", id, a.Action, store.ErrBadAction)
	}
	if strings.TrimSpace(a.Actor) == "" || a.Actor == qingfeng.SystemActor {
		return nil, fmt.Errorf("warning %d: an action needs the person who takes it: %w", id, store.ErrBadAction)
	}
	switch {
	case a.Action == qingfeng.ActAssign && strings.TrimSpace(a.Assignee) == "":
		return nil, fmt.Errorf("warning %d: assigning needs an assignee: %w", id, store.ErrBadAction)
	case (a.Action == qingfeng.ActDismiss || a.Action == qingfeng.ActRectify) && strings.TrimSpace(a.Note) == "":
		return nil, fmt.Errorf("warning %d: to %s needs a reason: %w", id, a.Action, store.ErrBadAction)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("warning %d: %w", id, err)
	}
	defer tx.Rollback()
	var state, court, assignee string
	err = tx.QueryRowContext(ctx, `SELECT state, court_id, assignee FROM warnings WHERE id = ?`, id).Scan(&state, &court, &assignee)
	if errors.Is(err, sql.ErrNoRows) || err == nil && scope != nil && !slices.Contains(scope, court) {
		return nil, fmt.Errorf("warning %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("warning %d: %w", id, err)
	}
	from := qingfeng.WarningState(state)
	to, err := from.Next(a.Action)
	if err != nil {
		return nil, fmt.Errorf("warning %d: %v: %w", id, err, store.ErrBadAction)
	}
	at := a.At.UTC()
	if at.IsZero() {
		at = time.Now().UTC()
	}
	if a.Action == qingfeng.ActAssign {
		assignee = a.Assignee
	}
	verdict := ""
	if a.Action == qingfeng.ActConfirm || a.Action == qingfeng.ActDismiss {
		verdict = string(a.Action)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE warnings SET state = ?, assignee = ?, verdict = CASE WHEN ? = '' THEN verdict ELSE ? END,
		updated_us = ? WHERE id = ?`, string(to), assignee, verdict, verdict, micros(at), id); err != nil {
		return nil, fmt.Errorf("warning %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO warning_actions (warning_id, action, actor, at_us, from_state, to_state, assignee, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, string(a.Action), a.Actor, micros(at), string(from), string(to), a.Assignee, a.Note); err != nil {
		return nil, fmt.Errorf("warning %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("warning %d: %w", id, err)
	}
	return s.Warning(ctx, id)
}

// WarningStats counts warnings per rule, court or judge.
func (s *Store) WarningStats(ctx context.Context, f store.WarningFilter, by store.StatsBy) ([]store.WarningStat, error) {
	col := map[store.StatsBy]string{store.ByRule: "rule", store.ByCourt: "court_id", store.ByJudge: "judge_id"}[by]
	if col == "" {
		return nil, fmt.Errorf("warning stats: unknown grouping %q", by)
	}
	w, args := where(f)
	rows, err := s.r.QueryContext(ctx, `SELECT `+col+`, state, severity, verdict, fires > 1, count(*) FROM warnings`+w+
		` GROUP BY `+col+`, state, severity, verdict, fires > 1 ORDER BY `+col, args...)
	if err != nil {
		return nil, fmt.Errorf("warning stats: %w", err)
	}
	defer rows.Close()
	var out []store.WarningStat
	for rows.Next() {
		var key, state, sev, verdict string
		var refired bool
		var n int
		if err := rows.Scan(&key, &state, &sev, &verdict, &refired, &n); err != nil {
			return nil, fmt.Errorf("warning stats: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Key != key {
			out = append(out, store.WarningStat{Key: key, ByState: map[qingfeng.WarningState]int{}, BySeverity: map[qingfeng.Severity]int{}})
		}
		st := &out[len(out)-1]
		st.Total += n
		st.ByState[qingfeng.WarningState(state)] += n
		st.BySeverity[qingfeng.Severity(sev)] += n
		switch qingfeng.Action(verdict) {
		case qingfeng.ActConfirm:
			st.Confirmed += n
		case qingfeng.ActDismiss:
			st.Dismissed += n
		}
		if refired {
			st.Refired += n
		}
	}
	for i := range out {
		out[i].Decided = out[i].Confirmed + out[i].Dismissed
		if out[i].Decided > 0 {
			out[i].DismissalRate = float64(out[i].Dismissed) / float64(out[i].Decided)
		}
	}
	return out, rows.Err()
}
