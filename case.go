package qingfeng

import "strings"

// Case is one proceeding (件): one court procedure with its own 案号 (for a foreign court, its
// ForeignNumber). A matter (案) is a root proceeding together with every proceeding derived
// from it through OriginNumber.
type Case struct {
	Number          string        `json:"case_number"`                      // normalised 案号: full-width brackets, ASCII digits; or ForeignNumber
	NumberAsWritten string        `json:"case_number_as_written,omitempty"` // the source's spelling when it differs
	CourtID         string        `json:"court_id"`
	DivisionID      string        `json:"division_id,omitempty"`
	JudgeID         string        `json:"judge_id,omitempty"` // 承办人
	Panel           []string      `json:"panel,omitempty"`    // person ids of the panel, judge included
	Category        Category      `json:"category"`
	Stage           Stage         `json:"stage"`
	Procedure       Procedure     `json:"procedure,omitempty"`
	CauseCode       string        `json:"cause_code,omitempty"` // 案由, SPC numeric code
	ReceivedOn      Date          `json:"received_on,omitempty"`
	FiledOn         Date          `json:"filed_on"`
	ClosedOn        Date          `json:"closed_on,omitempty"`
	ClosingMethod   ClosingMethod `json:"closing_method,omitempty"`
	Outcome         Outcome       `json:"outcome,omitempty"`
	Appealable      bool          `json:"appealable,omitempty"`
	OriginNumber    string        `json:"origin_case_number,omitempty"` // 原审/执行依据 案号, normalised
	AmountClaimed   Money         `json:"amount_claimed,omitempty"`
	AmountApplied   Money         `json:"amount_applied,omitempty"`
	AmountRecovered Money         `json:"amount_recovered,omitempty"`
	HearingOpen     bool          `json:"hearing_open,omitempty"`
	Parties         []Party       `json:"parties,omitempty"`
	Agents          []Agent       `json:"agents,omitempty"`
	Flags           CaseFlags     `json:"flags,omitzero"`

	// Fields for exports that do not speak in SPC codes, and for foreign courts (Court.Country
	// other than CN), whose proceedings are numbered by ForeignNumber.
	ExternalNumber string `json:"external_number,omitempty"` // the court's own number, e.g. a PACER docket number
	NatureOfSuit   string `json:"nature_of_suit,omitempty"`  // the court's own case-type label, e.g. "820 Copyright"
	Jurisdiction   string `json:"jurisdiction,omitempty"`    // basis of jurisdiction, e.g. "Federal question"
	AssignedTo     string `json:"assigned_to,omitempty"`     // the judge as the source names them, when no person id is known
}

// Pending reports whether the proceeding is open on day d: filed on or before d and not closed
// on or before d.
func (c *Case) Pending(d Date) bool {
	return !c.FiledOn.IsZero() && c.FiledOn <= d && (c.ClosedOn.IsZero() || c.ClosedOn > d)
}

// IsRoot reports whether the proceeding starts a matter (it derives from no other proceeding).
func (c *Case) IsRoot() bool { return c.OriginNumber == "" }

// Party is one party to a proceeding. Identity numbers are hashed with the installation's key
// at ingest; IDNumber is accepted from sources and never stored.
type Party struct {
	Name     string    `json:"name"`
	IDHash   string    `json:"id_hash,omitempty"`
	IDNumber string    `json:"id_number,omitempty"`
	Role     PartyRole `json:"role"`
	Type     PartyType `json:"type"`
	Account  string    `json:"account,omitempty"` // bank account confirmed at filing (payee checks)
}

// Agent links a lawyer to the party they act for.
type Agent struct {
	LawyerID   string `json:"lawyer_id"`
	PartyIndex int    `json:"party_index"`
}

// CaseFlags are the markers a source sets on a proceeding.
type CaseFlags struct {
	FourType       []string `json:"four_type,omitempty"`       // 四类案件 sub-types, e.g. "1.2"
	PublicInterest bool     `json:"public_interest,omitempty"` // 公益诉讼
	Protest        bool     `json:"protest,omitempty"`         // 抗诉
	LongerLimit    bool     `json:"longer_limit,omitempty"`    // the law's longer limit for listed cases applies (刑诉法 208: 3 months)
	NonLitigation  bool     `json:"non_litigation,omitempty"`  // enforcement of a non-litigation title (3-month limit)
	MeritService   bool     `json:"merit_service,omitempty"`   // commutation on major meritorious service
}

// foreignSep separates the court id from the court's own number in a foreign proceeding's
// number. Court ids of foreign courts may not contain it; 案号 never do.
const foreignSep = ":"

// ForeignNumber is the number a proceeding of a foreign court is known by: its court's id and
// the court's own number, "us-nysd:1:15-mc-00105". A docket number alone is not unique — every
// US district court has a 1:15-mc-00105 — so the court is part of the identity.
func ForeignNumber(courtID, external string) string { return courtID + foreignSep + external }

// SplitForeignNumber splits a number made by ForeignNumber; ok is false when n has no court
// part. Whether the court part names a foreign court is for the caller to check.
func SplitForeignNumber(n string) (courtID, external string, ok bool) {
	courtID, external, ok = strings.Cut(n, foreignSep)
	return courtID, external, ok && courtID != "" && external != ""
}
