package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

const warningCols = `id, state, assignee, verdict, fires, severity, hits, updated_us, fired_us, body`

// scanWarning reads a row of warningCols: the body's snapshot with the columns, which handling
// changes without rewriting the body, laid over it.
func scanWarning(row pgx.Row) (*qingfeng.Warning, error) {
	var (
		w                             qingfeng.Warning
		id, updated, fired            int64
		state, assignee, verdict, sev string
		fires, hits                   int32
		body                          []byte
	)
	if err := row.Scan(&id, into(&state), into(&assignee), into(&verdict), &fires, into(&sev), &hits, &updated, &fired, &body); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("warning %d: %w", id, err)
	}
	w.ID, w.State, w.Assignee, w.Verdict = id, qingfeng.WarningState(state), assignee, qingfeng.Action(verdict)
	w.Fires, w.Severity, w.Hits = int(fires), qingfeng.Severity(sev), int(hits)
	w.UpdatedAt, w.FiredAt = fromMicros(updated), fromMicros(fired)
	return &w, nil
}

// Warning returns one warning.
func (s *Store) Warning(ctx context.Context, id int64) (*qingfeng.Warning, error) {
	w, err := scanWarning(s.pool.QueryRow(ctx, `SELECT `+warningCols+` FROM warnings WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("warning %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("warning %d: %w", id, err)
	}
	return w, nil
}

// warningWhere builds the WHERE clause of a warning filter. An empty list of rules, severities
// or states selects everything; an empty scope of courts, nothing.
func warningWhere(f store.WarningFilter) *conds {
	c := &conds{}
	c.in("court_id", bytesOf(f.Courts))
	c.in("rule_id", nonEmpty(bytesOf(f.Rules)))
	c.in("severity", nonEmpty(bytesOf(f.Severities)))
	c.in("state", nonEmpty(bytesOf(f.States)))
	c.eq("assignee", f.Assignee)
	c.eq("judge_id", f.JudgeID)
	c.eq("case_number", f.CaseNumber)
	if f.From != 0 {
		c.add("on_day >= ?", int32(f.From))
	}
	if f.To != 0 {
		c.add("on_day <= ?", int32(f.To))
	}
	return c
}

func nonEmpty(v [][]byte) [][]byte {
	if len(v) == 0 {
		return nil
	}
	return v
}

// Warnings lists warnings, newest first, with the total the filter selects, both from one
// snapshot.
func (s *Store) Warnings(ctx context.Context, f store.WarningFilter) ([]qingfeng.Warning, int, error) {
	var out []qingfeng.Warning
	var total int
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		c := warningWhere(f)
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM warnings`+c.String(), c.args...).Scan(&total); err != nil {
			return err
		}
		q := `SELECT ` + warningCols + ` FROM warnings` + c.String() + ` ORDER BY fired_us DESC, id DESC`
		if f.Limit > 0 {
			q += ` LIMIT ` + c.next(f.Limit) + ` OFFSET ` + c.next(max(0, f.Offset))
		}
		rows, err := tx.Query(ctx, q, c.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			w, err := scanWarning(rows)
			if err != nil {
				return err
			}
			out = append(out, *w)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("warnings: %w", err)
	}
	return out, total, nil
}

// WarningHistory returns a warning's handling history, oldest first.
func (s *Store) WarningHistory(ctx context.Context, id int64) ([]qingfeng.WarningAction, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, action, actor, at_us, from_state, to_state, assignee, note
		FROM warning_actions WHERE warning_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("warning %d history: %w", id, err)
	}
	defer rows.Close()
	var out []qingfeng.WarningAction
	for rows.Next() {
		var a qingfeng.WarningAction
		var act, from, to string
		var at int64
		if err := rows.Scan(&a.ID, into(&act), into(&a.Actor), &at, into(&from), into(&to), into(&a.Assignee), into(&a.Note)); err != nil {
			return nil, fmt.Errorf("warning %d history: %w", id, err)
		}
		a.WarningID, a.Action, a.At = id, qingfeng.Action(act), fromMicros(at)
		a.From, a.To = qingfeng.WarningState(from), qingfeng.WarningState(to)
		out = append(out, a)
	}
	return out, rows.Err()
}

// checkAction refuses what no warning's state could allow: an engine's action, an action with
// no person, an assignment to nobody, a dismissal or rectification without a reason.
func checkAction(id int64, a qingfeng.WarningAction) error {
	if !a.Action.ByPeople() {
		return fmt.Errorf("warning %d: %q is the engine's action: %w", id, a.Action, store.ErrBadAction)
	}
	if strings.TrimSpace(a.Actor) == "" || a.Actor == qingfeng.SystemActor {
		return fmt.Errorf("warning %d: an action needs the person who takes it: %w", id, store.ErrBadAction)
	}
	switch {
	case a.Action == qingfeng.ActAssign && strings.TrimSpace(a.Assignee) == "":
		return fmt.Errorf("warning %d: assigning needs an assignee: %w", id, store.ErrBadAction)
	case (a.Action == qingfeng.ActDismiss || a.Action == qingfeng.ActRectify) && strings.TrimSpace(a.Note) == "":
		return fmt.Errorf("warning %d: to %s needs a reason: %w", id, a.Action, store.ErrBadAction)
	}
	return nil
}

// HandleWarning records a person's action, checked against the workflow, atomically with the
// state it moves the warning to. The warning's row is locked while it is checked: of two people
// deciding at once, the second is checked against what the first did.
func (s *Store) HandleWarning(ctx context.Context, id int64, a qingfeng.WarningAction, scope []string) (*qingfeng.Warning, error) {
	if err := checkAction(id, a); err != nil {
		return nil, err
	}
	at := a.At.UTC()
	if at.IsZero() {
		at = time.Now().UTC()
	}
	err := s.writeTx(ctx, func(tx pgx.Tx) error {
		var state, court, assignee, verdict string
		err := tx.QueryRow(ctx, `SELECT state, court_id, assignee, verdict FROM warnings WHERE id = $1 FOR UPDATE`, id).
			Scan(into(&state), into(&court), into(&assignee), into(&verdict))
		if errors.Is(err, pgx.ErrNoRows) || err == nil && scope != nil && !slices.Contains(scope, court) {
			return fmt.Errorf("warning %d: %w", id, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("warning %d: %w", id, err)
		}
		from := qingfeng.WarningState(state)
		to, err := from.Next(a.Action)
		if err != nil {
			return fmt.Errorf("warning %d: %v: %w", id, err, store.ErrBadAction)
		}
		if a.Action == qingfeng.ActAssign {
			assignee = a.Assignee
		}
		if a.Action == qingfeng.ActConfirm || a.Action == qingfeng.ActDismiss {
			verdict = string(a.Action)
		}
		q := &pgx.Batch{}
		q.Queue(`UPDATE warnings SET state = $1, assignee = $2, verdict = $3, updated_us = $4 WHERE id = $5`,
			[]byte(to), []byte(assignee), []byte(verdict), micros(at), id)
		q.Queue(`INSERT INTO warning_actions (warning_id, action, actor, at_us, from_state, to_state, assignee, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, []byte(a.Action), []byte(a.Actor), micros(at), []byte(from),
			[]byte(to), []byte(a.Assignee), []byte(a.Note))
		if err := tx.SendBatch(ctx, q).Close(); err != nil {
			return fmt.Errorf("warning %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Warning(ctx, id)
}

// WarningStats counts warnings per rule, court or judge.
func (s *Store) WarningStats(ctx context.Context, f store.WarningFilter, by store.StatsBy) ([]store.WarningStat, error) {
	col := map[store.StatsBy]string{store.ByRule: "rule_id", store.ByCourt: "court_id", store.ByJudge: "judge_id"}[by]
	if col == "" {
		return nil, fmt.Errorf("warning stats: unknown grouping %q", by)
	}
	c := warningWhere(f)
	rows, err := s.pool.Query(ctx, `SELECT `+col+`, state, severity, verdict, fires > 1, count(*) FROM warnings`+c.String()+
		` GROUP BY `+col+`, state, severity, verdict, fires > 1 ORDER BY `+col, c.args...)
	if err != nil {
		return nil, fmt.Errorf("warning stats: %w", err)
	}
	defer rows.Close()
	var out []store.WarningStat
	for rows.Next() {
		var key, state, sev, verdict string
		var refired bool
		var n int
		if err := rows.Scan(into(&key), into(&state), into(&sev), into(&verdict), &refired, &n); err != nil {
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
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("warning stats: %w", err)
	}
	for i := range out {
		out[i].Decided = out[i].Confirmed + out[i].Dismissed
		if out[i].Decided > 0 {
			out[i].DismissalRate = float64(out[i].Dismissed) / float64(out[i].Decided)
		}
	}
	return out, nil
}
