package store

import (
	"context"
	"errors"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// ErrBadAction is returned (wrapped) when a handling action is not allowed in the warning's
// state, or lacks what it needs (an assignee, a reason).
var ErrBadAction = errors.New("action not allowed")

// Warnings is what the risk engine keeps: its warnings and their handling history, its durable
// timers, and its position in the record log. An engine saves everything one step of its work
// changed in a single SaveRisk transaction, together with the log position that step reached,
// so that after a crash it resumes from a consistent point and never raises a warning twice.
type Warnings interface {
	// RiskState returns the engine's saved position; the zero value when it has none.
	RiskState(ctx context.Context, engine string) (RiskState, error)

	// SaveRisk applies b in one transaction and returns the ids of b.Changes, in order.
	// A change is matched to a stored warning by its Key:
	//   - Fire creates the warning (state open), or, when the key exists, behaves as Refire;
	//   - Refire updates the snapshot and reopens a dismissed, rectified, closed or withdrawn
	//     warning (an active or confirmed one keeps its state);
	//   - Update replaces the snapshot only (evidence, message, severity), with no history;
	//   - Withdraw moves an open, assigned or verifying warning to withdrawn (others keep
	//     their state and get a history entry).
	// Every change but Update adds a history entry by the system actor.
	SaveRisk(ctx context.Context, b *RiskBatch) ([]int64, error)

	// Timers returns the engine's timers, earliest first.
	Timers(ctx context.Context, engine string) ([]Timer, error)

	// WarningMarks returns the key, id, severity and hits of every warning, and whether the
	// engine still considers it raised (not withdrawn): what an engine needs in memory to
	// decide between firing, re-firing, updating and withdrawing.
	WarningMarks(ctx context.Context) ([]WarningMark, error)

	// Warning returns one warning, or ErrNotFound.
	Warning(ctx context.Context, id int64) (*qingfeng.Warning, error)
	// Warnings lists the warnings selected by f, newest first, and how many f selects in all
	// (ignoring Limit and Offset).
	Warnings(ctx context.Context, f WarningFilter) ([]qingfeng.Warning, int, error)
	// WarningHistory returns the handling history of a warning, oldest first.
	WarningHistory(ctx context.Context, id int64) ([]qingfeng.WarningAction, error)
	// HandleWarning records a person's action on a warning, checking it against the workflow
	// (qingfeng.WarningState.Next) and, when scope is not nil, that the warning's court is in
	// scope. It returns the warning as it is afterwards.
	HandleWarning(ctx context.Context, id int64, a qingfeng.WarningAction, scope []string) (*qingfeng.Warning, error)
	// WarningStats counts the warnings selected by f per rule, court or judge.
	WarningStats(ctx context.Context, f WarningFilter, by StatsBy) ([]WarningStat, error)
}

// RiskState is an engine's saved position: the last log sequence it has processed, its clock
// (the day it last evaluated for) and the digest of the rule pack it evaluated with.
type RiskState struct {
	Seq  int64
	Now  qingfeng.Date
	Pack string
}

// ChangeKind says what SaveRisk does with a warning snapshot.
type ChangeKind uint8

// Kinds of warning change.
const (
	Fire ChangeKind = iota + 1
	Refire
	Update
	Withdraw
)

// WarningChange is one warning snapshot to store. For Withdraw only Key matters.
type WarningChange struct {
	Kind    ChangeKind
	Warning qingfeng.Warning
	Note    string // history note
}

// RiskBatch is one step of an engine's work.
type RiskBatch struct {
	Engine  string
	State   RiskState // the position reached
	At      time.Time // wall-clock time of the step, for fired_at and history
	Changes []WarningChange
	// SetTimers adds or moves timers (one per engine and target); DropTimers removes them.
	SetTimers  []Timer
	DropTimers []string
}

// Timer wakes an engine on a day to look at a target (a case number) again: an absence rule's
// deadline, a reminder's day, the end of a window.
type Timer struct {
	Target string
	Due    qingfeng.Date
}

// WarningMark is the engine's memory of one stored warning.
type WarningMark struct {
	Key      string
	ID       int64
	Severity qingfeng.Severity
	Hits     int
	Raised   bool // false once withdrawn
}

// WarningFilter selects warnings. Empty fields select everything.
type WarningFilter struct {
	Courts     []string // court ids (a user's court subtree); nil means every court
	Rules      []string
	Severities []qingfeng.Severity
	States     []qingfeng.WarningState
	Assignee   string
	JudgeID    string
	CaseNumber string
	From, To   qingfeng.Date // On within [From, To] when set
	Limit      int           // 0 means no limit
	Offset     int
}

// StatsBy is the grouping of WarningStats.
type StatsBy string

// Groupings of warning statistics.
const (
	ByRule  StatsBy = "rule"
	ByCourt StatsBy = "court"
	ByJudge StatsBy = "judge"
)

// WarningStat counts the warnings of one group. Decided warnings are those confirmed or
// dismissed (whatever happened after); DismissalRate = Dismissed / Decided, the share of
// decided warnings that people found were not risks — the measure of a noisy rule.
type WarningStat struct {
	Key           string                        `json:"key"` // rule id, court id or judge id
	Total         int                           `json:"total"`
	ByState       map[qingfeng.WarningState]int `json:"by_state"`
	BySeverity    map[qingfeng.Severity]int     `json:"by_severity"`
	Confirmed     int                           `json:"confirmed"`
	Dismissed     int                           `json:"dismissed"`
	Decided       int                           `json:"decided"`
	DismissalRate float64                       `json:"dismissal_rate"`
	Refired       int                           `json:"refired"` // warnings raised more than once
}
