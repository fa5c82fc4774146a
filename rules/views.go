package rules

import (
	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
)

// The views are what rule expressions see: the domain records with the interchange format's
// field names (expr tags) and plain types — dates as day numbers (0 when unset), money in
// fen, enumerations as strings — so that an expression compares and subtracts them directly.

// CaseView is a proceeding.
type CaseView struct {
	Number          string      `expr:"number"`
	CourtID         string      `expr:"court_id"`
	DivisionID      string      `expr:"division_id"`
	JudgeID         string      `expr:"judge_id"`
	Panel           []string    `expr:"panel"`
	Category        string      `expr:"category"`
	Stage           string      `expr:"stage"`
	Procedure       string      `expr:"procedure"`
	CauseCode       string      `expr:"cause_code"`
	ReceivedOn      int         `expr:"received_on"`
	FiledOn         int         `expr:"filed_on"`
	ClosedOn        int         `expr:"closed_on"`
	ClosingMethod   string      `expr:"closing_method"`
	Outcome         string      `expr:"outcome"`
	Appealable      bool        `expr:"appealable"`
	OriginNumber    string      `expr:"origin_case_number"`
	AmountClaimed   int         `expr:"amount_claimed"`
	AmountApplied   int         `expr:"amount_applied"`
	AmountRecovered int         `expr:"amount_recovered"`
	HearingOpen     bool        `expr:"hearing_open"`
	Parties         []PartyView `expr:"parties"`
	Agents          []AgentView `expr:"agents"`
	Flags           *FlagsView  `expr:"flags"` // never nil
}

// PartyView is a party; Index is its position in the proceeding's list of parties.
type PartyView struct {
	Index   int    `expr:"index"`
	Name    string `expr:"name"`
	IDHash  string `expr:"id_hash"`
	Role    string `expr:"role"`
	Type    string `expr:"type"`
	Account string `expr:"account"`
}

// AgentView links a lawyer to the party they act for.
type AgentView struct {
	LawyerID   string `expr:"lawyer_id"`
	PartyIndex int    `expr:"party_index"`
}

// FlagsView are a proceeding's flags.
type FlagsView struct {
	FourType       []string `expr:"four_type"`
	PublicInterest bool     `expr:"public_interest"`
	Protest        bool     `expr:"protest"`
	LongerLimit    bool     `expr:"longer_limit"`
	NonLitigation  bool     `expr:"non_litigation"`
	MeritService   bool     `expr:"merit_service"`
}

// NewCaseView returns the view of c.
func NewCaseView(c *qingfeng.Case) *CaseView {
	v := &CaseView{
		Number: c.Number, CourtID: c.CourtID, DivisionID: c.DivisionID, JudgeID: c.JudgeID, Panel: c.Panel,
		Category: string(c.Category), Stage: string(c.Stage), Procedure: string(c.Procedure), CauseCode: c.CauseCode,
		ReceivedOn: int(c.ReceivedOn), FiledOn: int(c.FiledOn), ClosedOn: int(c.ClosedOn),
		ClosingMethod: string(c.ClosingMethod), Outcome: string(c.Outcome), Appealable: c.Appealable,
		OriginNumber: c.OriginNumber, AmountClaimed: int(c.AmountClaimed), AmountApplied: int(c.AmountApplied),
		AmountRecovered: int(c.AmountRecovered), HearingOpen: c.HearingOpen,
		Flags: &FlagsView{FourType: c.Flags.FourType, PublicInterest: c.Flags.PublicInterest, Protest: c.Flags.Protest,
			LongerLimit: c.Flags.LongerLimit, NonLitigation: c.Flags.NonLitigation, MeritService: c.Flags.MeritService},
	}
	if len(c.Parties) > 0 {
		v.Parties = make([]PartyView, len(c.Parties))
		for i, p := range c.Parties {
			v.Parties[i] = PartyView{Index: i, Name: p.Name, IDHash: p.IDHash, Role: string(p.Role), Type: string(p.Type), Account: p.Account}
		}
	}
	if len(c.Agents) > 0 {
		v.Agents = make([]AgentView, len(c.Agents))
		for i, a := range c.Agents {
			v.Agents[i] = AgentView{LawyerID: a.LawyerID, PartyIndex: a.PartyIndex}
		}
	}
	return v
}

// EventView is an event.
type EventView struct {
	Seq   int64  `expr:"seq"`
	Src   string `expr:"src"`
	SrcID string `expr:"src_id"`
	Case  string `expr:"case_number"`
	Type  string `expr:"type"`
	Date  int    `expr:"date"`
	Unix  int64  `expr:"unix"` // the instant, seconds since 1970 (hours between events: (b.unix - a.unix) / 3600)
	Actor string `expr:"actor_id"`
	Attrs *Attrs `expr:"attrs"` // never nil

	ev *Event
	tn typeNum // the number of Type
}

// PersonView is a member of staff.
type PersonView struct {
	ID         string   `expr:"id"`
	CourtID    string   `expr:"court_id"`
	DivisionID string   `expr:"division_id"`
	Name       string   `expr:"name"`
	Roles      []string `expr:"roles"`
	From       int      `expr:"from"`
	To         int      `expr:"to"`

	p *qingfeng.Person
}

func newPersonView(p *qingfeng.Person) *PersonView {
	if p == nil {
		return nil
	}
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	return &PersonView{ID: p.ID, CourtID: p.CourtID, DivisionID: p.DivisionID, Name: p.Name, Roles: roles,
		From: int(p.From), To: int(p.To), p: p}
}

// RelativeView is a close relative declared by a member of staff.
type RelativeView struct {
	PersonID   string `expr:"person_id"`
	Name       string `expr:"name"`
	IDHash     string `expr:"id_hash"`
	Relation   string `expr:"relation"`
	Occupation string `expr:"occupation"`
	Employer   string `expr:"employer"`
}

func newRelativeView(r *qingfeng.Relative) *RelativeView {
	return &RelativeView{PersonID: r.PersonID, Name: r.Name, IDHash: r.IDHash, Relation: r.Relation,
		Occupation: r.Occupation, Employer: r.Employer}
}

// LawyerView is a lawyer; FormerCourt and LeftOn are set for former court staff.
type LawyerView struct {
	ID          string `expr:"id"`
	Name        string `expr:"name"`
	LicenseNo   string `expr:"license_no"`
	Firm        string `expr:"firm"`
	IDHash      string `expr:"id_hash"`
	FormerCourt string `expr:"former_court_id"`
	LeftOn      int    `expr:"left_on"`
}

func newLawyerView(l *qingfeng.Lawyer) *LawyerView {
	if l == nil {
		return nil
	}
	v := &LawyerView{ID: l.ID, Name: l.Name, LicenseNo: l.LicenseNo, Firm: l.Firm, IDHash: l.IDHash}
	if f := l.FormerCourtStaff; f != nil {
		v.FormerCourt, v.LeftOn = f.CourtID, int(f.LeftOn)
	}
	return v
}

// ClockView is a proceeding measured against its statutory time limit (calendar.Clock) on the
// day of evaluation, or on its closing day once closed.
type ClockView struct {
	HasLimit      bool          `expr:"has_limit"`
	Limit         string        `expr:"limit"`      // the time-limit row applied
	LimitName     string        `expr:"limit_name"` // its Chinese name
	LimitNameEn   string        `expr:"limit_name_en"`
	Closed        bool          `expr:"closed"`
	MeasuredOn    int           `expr:"measured_on"`
	LimitDays     int           `expr:"limit_days"`
	BaseDeadline  int           `expr:"base_deadline"`
	Deadline      int           `expr:"deadline"` // moved by extensions, deductions and suspensions
	ExtensionDays int           `expr:"extension_days"`
	DeductedDays  int           `expr:"deducted_days"`
	SuspendedDays int           `expr:"suspended_days"`
	ExcludedDays  int           `expr:"excluded_days"`
	Age           int           `expr:"age"`
	Remaining     int           `expr:"remaining"`
	Exceeded      bool          `expr:"exceeded"`
	Findings      []FindingView `expr:"findings"`
}

// FindingView is an irregularity the clock met (calendar.Finding).
type FindingView struct {
	Code   string `expr:"code"`
	On     int    `expr:"on"`
	Text   string `expr:"text"`
	TextEn string `expr:"text_en"`
	Event  int    `expr:"event"` // index into events, -1 when none
}

func newClockView(s calendar.Status) *ClockView {
	v := &ClockView{HasLimit: s.HasLimit, Limit: s.Limit.ID, LimitName: s.Limit.Name, LimitNameEn: s.Limit.NameEn, Closed: s.Closed,
		MeasuredOn: int(s.MeasuredOn), LimitDays: s.LimitDays, BaseDeadline: int(s.BaseDeadline), Deadline: int(s.Deadline),
		ExtensionDays: s.ExtensionDays, DeductedDays: s.DeductedDays, SuspendedDays: s.SuspendedDays,
		ExcludedDays: s.ExcludedDays, Age: s.Age, Remaining: s.Remaining, Exceeded: s.Exceeded}
	for _, f := range s.Findings {
		v.Findings = append(v.Findings, FindingView{Code: f.Code, On: int(f.On), Text: f.Text.ZH, TextEn: f.Text.EN, Event: f.Event})
	}
	return v
}
