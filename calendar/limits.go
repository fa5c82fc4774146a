package calendar

import (
	"fmt"
	"io/fs"

	"github.com/qingfeng-court/qingfeng"
)

const limitsFile = "calendar/timelimits.yaml"

// Unit is the unit a time limit is counted in.
type Unit string

// Units of the time-limit table. Count is not a duration: it caps how often something may
// happen (hearing postponements).
const (
	Days        Unit = "days"
	Months      Unit = "months"
	WorkingDays Unit = "working_days"
	Hours       Unit = "hours"
	Count       Unit = "count"
)

var units = []Unit{Days, Months, WorkingDays, Hours, Count}

// Approver is who may grant an extension.
type Approver string

// Approvers named by the law; the empty Approver means the law names none.
const (
	ApproverPresident    Approver = "president"     // 本院院长
	ApproverHigherCourt  Approver = "higher_court"  // 上一级人民法院
	ApproverHighCourt    Approver = "high_court"    // 高级人民法院
	ApproverSupremeCourt Approver = "supreme_court" // 最高人民法院
)

var approvers = []Approver{ApproverPresident, ApproverHigherCourt, ApproverHighCourt, ApproverSupremeCourt}

// Period is an amount of a unit.
type Period struct {
	Amount int
	Unit   Unit
}

// IsDuration reports whether the period measures time (every unit but Count).
func (p Period) IsDuration() bool { return p.Amount > 0 && p.Unit != Count }

// End returns the last day of the period starting on from: N days end N days later; N months
// end on the same day of the month N months after the day after from, or on that month's last
// day; hours are rounded up to whole days; working days follow cal. It returns 0 for a period
// that is not a duration.
func (p Period) End(from qingfeng.Date, cal *Calendar) qingfeng.Date {
	if !p.IsDuration() || from.IsZero() {
		return 0
	}
	switch p.Unit {
	case Months:
		return from.AddDays(1).AddMonths(p.Amount)
	case Hours:
		return from.AddDays((p.Amount + 23) / 24)
	case WorkingDays:
		return cal.AddWorkdays(from, p.Amount)
	}
	return from.AddDays(p.Amount)
}

// extend returns the days an extension of p adds to a period ending on end. Months continue
// the period (a 6-month limit extended by 6 months ends 12 months after its start).
func (p Period) extend(end qingfeng.Date, cal *Calendar) int {
	if p.Unit == Months {
		return int(end.AddMonths(p.Amount) - end)
	}
	return int(p.End(end, cal) - end)
}

// Extension is one step by which the law lets a limit be extended. Amount 0 means the law
// sets no fixed cap for the step.
type Extension struct {
	Period
	Approver Approver
}

// Limit is one row of the time-limit table: a proceeding's base limit (Match set) or a named
// deadline that rules look up by ID.
type Limit struct {
	Period
	ID         string
	Name       string // zh-CN
	NameEn     string
	Extensions []Extension
	Basis      string // law and article
	Note       string
	Match      *Match // nil for deadlines that are not a proceeding's limit
}

// Match selects the proceedings a base limit applies to. An empty list or nil flag matches
// anything; origin conditions never match an unknown origin.
type Match struct {
	Categories     []qingfeng.Category
	Stages         []qingfeng.Stage
	Procedures     []qingfeng.Procedure // "" matches a proceeding with no procedure given
	LongerLimit    *bool
	NonLitigation  *bool
	OriginStages   []qingfeng.Stage
	OriginClosings []qingfeng.ClosingMethod
}

// Matches reports whether proceeding c, derived from origin (nil if unknown), is selected.
func (m *Match) Matches(c, origin *qingfeng.Case) bool {
	if !in(m.Categories, c.Category) || !in(m.Stages, c.Stage) || !in(m.Procedures, c.Procedure) {
		return false
	}
	if m.LongerLimit != nil && *m.LongerLimit != c.Flags.LongerLimit {
		return false
	}
	if m.NonLitigation != nil && *m.NonLitigation != c.Flags.NonLitigation {
		return false
	}
	if len(m.OriginStages) > 0 && (origin == nil || !in(m.OriginStages, origin.Stage)) {
		return false
	}
	if len(m.OriginClosings) > 0 && (origin == nil || !in(m.OriginClosings, origin.ClosingMethod)) {
		return false
	}
	return true
}

func in[T comparable](set []T, v T) bool {
	if len(set) == 0 {
		return true
	}
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}

// Reason is a period the law leaves out of the time limit (扣除审限), named by the reason
// code of a deduction_started event. Max caps one such period where the law does.
type Reason struct {
	Code   string
	Name   string
	NameEn string
	Basis  string
	Max    Period
}

// Limits is the loaded time-limit table.
type Limits struct {
	rows    []Limit
	byID    map[string]int
	reasons map[string]Reason
}

// Get returns the row with the given id.
func (l *Limits) Get(id string) (Limit, bool) {
	i, ok := l.byID[id]
	if !ok {
		return Limit{}, false
	}
	return l.rows[i], true
}

// All returns every row in file order.
func (l *Limits) All() []Limit { return append([]Limit(nil), l.rows...) }

// Reason returns the deductible period with the given code.
func (l *Limits) Reason(code string) (Reason, bool) {
	r, ok := l.reasons[code]
	return r, ok
}

// ForCase returns the base limit of proceeding c: the first row in file order whose Match
// selects it. origin is the proceeding c derives from, or nil when unknown; a civil appeal
// needs it (an appeal against a ruling has 30 days, against a judgment 3 months), and without
// it the general row of the stage applies.
func (l *Limits) ForCase(c *qingfeng.Case, origin *qingfeng.Case) (Limit, bool) {
	if l == nil || c == nil {
		return Limit{}, false
	}
	for _, r := range l.rows {
		if r.Match != nil && r.Match.Matches(c, origin) {
			return r, true
		}
	}
	return Limit{}, false
}

// LoadLimits reads calendar/timelimits.yaml from fsys (laid out like defs/) and checks every
// row: unique id, names and basis present, a known unit and a positive amount, known
// approvers, and match conditions drawn from the domain's vocabularies.
func LoadLimits(fsys fs.FS) (*Limits, error) {
	var f limitsDoc
	doc, err := decodeFile(fsys, limitsFile, &f)
	if err != nil {
		return nil, err
	}
	l := &Limits{byID: map[string]int{}, reasons: map[string]Reason{}}
	items := listItems(doc, "limits")
	for i, r := range f.Limits {
		lim, key, reason := r.limit()
		if reason == "" && l.hasID(lim.ID) {
			key, reason = "id", fmt.Sprintf("id %q is used twice", lim.ID)
		}
		if reason != "" {
			return nil, &LoadError{File: limitsFile, Line: lineOf(items, i, key), Reason: reason}
		}
		l.byID[lim.ID] = len(l.rows)
		l.rows = append(l.rows, lim)
	}
	items = listItems(doc, "deduction_reasons")
	for i, r := range f.Reasons {
		rs, key, reason := r.reason()
		if _, dup := l.reasons[rs.Code]; reason == "" && dup {
			key, reason = "code", fmt.Sprintf("code %q is used twice", rs.Code)
		}
		if reason != "" {
			return nil, &LoadError{File: limitsFile, Line: lineOf(items, i, key), Reason: reason}
		}
		l.reasons[rs.Code] = rs
	}
	return l, nil
}

func (l *Limits) hasID(id string) bool { _, ok := l.byID[id]; return ok }
