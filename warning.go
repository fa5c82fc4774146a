package qingfeng

import (
	"fmt"
	"time"
)

// Severity is how serious a risk warning is (提示 / 预警 / 红色预警).
type Severity string

// Severities, least serious first.
const (
	SevNotice  Severity = "notice"  // 提示
	SevWarning Severity = "warning" // 预警
	SevRed     Severity = "red"     // 红色预警
)

// Severities lists every severity, least serious first.
var Severities = []Severity{SevNotice, SevWarning, SevRed}

// Rank orders severities: 1 for notice up to 3 for red, 0 for an unknown value.
func (s Severity) Rank() int {
	for i, v := range Severities {
		if v == s {
			return i + 1
		}
	}
	return 0
}

// Family is the risk family a rule watches, after the four families of Fujian's 清风 system.
type Family string

// Risk families.
const (
	FamStyle     Family = "style"     // 作风不严不实
	FamCare      Family = "care"      // 工作不慎不细
	FamFairness  Family = "fairness"  // 判执不公不当
	FamIntegrity Family = "integrity" // 人员不净不廉
)

// Families lists every risk family.
var Families = []Family{FamStyle, FamCare, FamFairness, FamIntegrity}

// WarningState is where a warning stands in its handling workflow:
//
//	open → assigned → verifying → confirmed → rectified → closed
//	                            ↘ dismissed (reason required) → closed
//
// A warning can be assigned or dismissed straight from open. The engine withdraws a warning
// still being handled when later data shows the rule no longer holds (an event that arrived
// late, a corrected record), and reopens a dismissed, rectified or closed one when its
// situation worsens.
type WarningState string

// Warning states.
const (
	StateOpen      WarningState = "open"      // 待处理
	StateAssigned  WarningState = "assigned"  // 已分派
	StateVerifying WarningState = "verifying" // 核查中
	StateConfirmed WarningState = "confirmed" // 已确认
	StateDismissed WarningState = "dismissed" // 已排除
	StateRectified WarningState = "rectified" // 已整改
	StateClosed    WarningState = "closed"    // 已办结
	StateWithdrawn WarningState = "withdrawn" // 系统撤销
)

// WarningStates lists every state in workflow order.
var WarningStates = []WarningState{StateOpen, StateAssigned, StateVerifying, StateConfirmed, StateDismissed,
	StateRectified, StateClosed, StateWithdrawn}

// Active reports whether the warning still waits for a decision (open, assigned, verifying).
func (s WarningState) Active() bool {
	return s == StateOpen || s == StateAssigned || s == StateVerifying
}

// Action is a step of the handling workflow, by a person or by the engine.
type Action string

// Handling actions. Fire, Refire and Withdraw are the engine's; the others are people's.
const (
	ActFire     Action = "fire"     // the engine raised the warning
	ActRefire   Action = "refire"   // the situation worsened (or came back after a withdrawal)
	ActWithdraw Action = "withdraw" // the rule no longer holds on the data
	ActAssign   Action = "assign"   // give the warning to someone to verify (Assignee required)
	ActVerify   Action = "verify"   // start verifying
	ActConfirm  Action = "confirm"  // the risk is real
	ActDismiss  Action = "dismiss"  // not a risk: a false positive or a justified exception (reason required)
	ActRectify  Action = "rectify"  // the confirmed problem was put right (note required)
	ActClose    Action = "close"    // handling finished
)

// Actions lists every action.
var Actions = []Action{ActFire, ActRefire, ActWithdraw, ActAssign, ActVerify, ActConfirm, ActDismiss, ActRectify, ActClose}

// ByPeople reports whether people (rather than the engine) take the action.
func (a Action) ByPeople() bool {
	switch a {
	case ActFire, ActRefire, ActWithdraw:
		return false
	}
	return true
}

// Next returns the state a warning in state s moves to when a person takes action a, or an
// error naming why the step is not allowed. Engine actions are not handled here.
func (s WarningState) Next(a Action) (WarningState, error) {
	from := map[Action][]WarningState{
		ActAssign:  {StateOpen, StateAssigned, StateVerifying},
		ActVerify:  {StateAssigned},
		ActConfirm: {StateAssigned, StateVerifying},
		ActDismiss: {StateOpen, StateAssigned, StateVerifying},
		ActRectify: {StateConfirmed},
		ActClose:   {StateRectified, StateDismissed},
	}
	to := map[Action]WarningState{ActAssign: StateAssigned, ActVerify: StateVerifying, ActConfirm: StateConfirmed,
		ActDismiss: StateDismissed, ActRectify: StateRectified, ActClose: StateClosed}
	allowed, ok := from[a]
	if !ok {
		return s, fmt.Errorf("%q is not a handling action", a)
	}
	if !Valid(allowed, s) {
		return s, fmt.Errorf("cannot %s a warning that is %s", a, s)
	}
	return to[a], nil
}

// Warning is one risk warning: a rule that holds for a case (or, for an aggregate rule, a
// group such as a judge or a division-month), with its evidence and the rule's reasoning.
// Warnings are deduplicated by Key (rule and subject): the engine updates one warning as its
// situation changes instead of raising another.
type Warning struct {
	ID          int64        `json:"id"`
	Key         string       `json:"key"` // rule id + "|" + subject
	Rule        string       `json:"rule"`
	RuleVersion int          `json:"rule_version"`
	RuleName    string       `json:"rule_name"`    // zh-CN
	RuleNameEn  string       `json:"rule_name_en"` // English
	Statutory   bool         `json:"statutory"`    // the rule enforces a law's own requirement
	Subject     string       `json:"subject"`      // the case number, or the group of an aggregate rule
	CaseNumber  string       `json:"case_number"`  // the case, or the first case of a group's evidence
	CourtID     string       `json:"court_id"`
	DivisionID  string       `json:"division_id,omitempty"`
	JudgeID     string       `json:"judge_id,omitempty"`
	People      []string     `json:"people,omitempty"` // person ids the warning concerns
	Severity    Severity     `json:"severity"`
	Family      Family       `json:"family"`
	State       WarningState `json:"state"`
	Assignee    string       `json:"assignee,omitempty"`
	Verdict     Action       `json:"verdict,omitempty"` // confirm or dismiss, once decided
	On          Date         `json:"on"`                // the day the rule was broken (or the reminder became due)
	Due         Date         `json:"due,omitempty"`     // the deadline concerned, when there is one
	Hits        int          `json:"hits"`              // violations merged into the warning
	Fires       int          `json:"fires"`             // times the engine raised it (1 + re-fires)
	FiredAt     time.Time    `json:"fired_at"`          // when the engine first raised it
	UpdatedAt   time.Time    `json:"updated_at"`
	Message     string       `json:"message"`    // the rule's reasoning for this case, zh-CN
	MessageEn   string       `json:"message_en"` // English
	Basis       string       `json:"basis,omitempty"`
	Evidence    []Evidence   `json:"evidence,omitempty"`
}

// Evidence is one record a warning rests on, kept with the warning as it was when the warning
// fired or last changed.
type Evidence struct {
	Seq        int64          `json:"seq,omitempty"` // log sequence of the record, 0 for a case field
	Src        string         `json:"src,omitempty"`
	SrcID      string         `json:"src_id,omitempty"`
	CaseNumber string         `json:"case_number"`
	Type       string         `json:"type"` // event type, or "case" for the proceeding's own fields
	At         time.Time      `json:"at,omitzero"`
	Date       Date           `json:"date,omitempty"`
	ActorID    string         `json:"actor_id,omitempty"`
	Attrs      map[string]any `json:"attrs,omitempty"`
}

// WarningAction is one entry of a warning's handling history (全程留痕): who did what, when,
// and the state before and after.
type WarningAction struct {
	ID        int64        `json:"id"`
	WarningID int64        `json:"warning_id"`
	Action    Action       `json:"action"`
	Actor     string       `json:"actor"` // person id, or "system" for the engine
	At        time.Time    `json:"at"`
	From      WarningState `json:"from,omitempty"`
	To        WarningState `json:"to"`
	Assignee  string       `json:"assignee,omitempty"`
	Note      string       `json:"note,omitempty"` // reason for a dismissal, what was rectified …
}

// SystemActor is the actor the engine records for its own actions.
const SystemActor = "system"
