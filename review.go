package qingfeng

import "time"

// ReviewState is where a draft decision stands in 阅核 (reference notes §C.3). The difference
// from the old approval system is built into the states: a reviewer who disagrees moves the
// decision to a procedure (reconsideration, the professional judges' meeting, the adjudication
// committee), never to a different result.
type ReviewState string

// Review states. PANEL_RECONSIDERED of §C.3 is not a resting state: the panel's reconsideration
// goes straight to Drafted (it changed the draft) or EscalationChoice (it maintained it).
const (
	ReviewDrafted            ReviewState = "drafted"
	ReviewPending            ReviewState = "pending_review"
	ReviewApproved           ReviewState = "approved_for_issue"
	ReviewIssued             ReviewState = "issued"
	ReviewReconsideration    ReviewState = "reconsideration_requested" // 建议复议
	ReviewEscalationChoice   ReviewState = "escalation_choice"         // the panel maintained its view
	ReviewReferredPJM        ReviewState = "referred_pjm"              // 提请专业法官会议
	ReviewAfterPJM           ReviewState = "panel_after_pjm"
	ReviewReferredCommittee  ReviewState = "referred_committee" // 报请院领导提交审委会, awaiting the president
	ReviewCommitteeScheduled ReviewState = "committee_scheduled"
	ReviewCommitteeDecided   ReviewState = "committee_decided"
)

// ReviewStates lists every review state.
var ReviewStates = []ReviewState{ReviewDrafted, ReviewPending, ReviewApproved, ReviewIssued, ReviewReconsideration,
	ReviewEscalationChoice, ReviewReferredPJM, ReviewAfterPJM, ReviewReferredCommittee, ReviewCommitteeScheduled,
	ReviewCommitteeDecided}

// InReview reports whether a decision in state s is still waiting on the review step: time
// spent there counts against the proceeding's time limit (§C.3 I5).
func (s ReviewState) InReview() bool {
	switch s {
	case ReviewDrafted, ReviewApproved, ReviewIssued, "":
		return false
	}
	return true
}

// Decision is one draft judgment, ruling or mediation paper of a proceeding on its way through
// 阅核. Operative is the operative part (裁判主文): only the panel writes it.
type Decision struct {
	ID         string   `json:"id"`
	CaseNumber string   `json:"case_number"`
	CourtID    string   `json:"court_id"`
	DivisionID string   `json:"division_id,omitempty"`
	JudgeID    string   `json:"judge_id,omitempty"`
	Panel      []string `json:"panel"` // who may write the document: the panel, the judge included
	Kind       string   `json:"kind"`  // judgment, ruling, mediation
	Source     string   `json:"source"`

	State            ReviewState `json:"state"`
	Version          int         `json:"version"`           // document version, one more per edit
	OperativeVersion int         `json:"operative_version"` // the version at which the operative part last changed
	Operative        string      `json:"operative,omitempty"`
	Reasoning        string      `json:"reasoning,omitempty"`

	ReviewRequired  bool               `json:"review_required"`
	ReviewReasons   []string           `json:"review_reasons,omitempty"` // four_type, extended, deducted, remanded, all
	ReviewerID      string             `json:"reviewer_id,omitempty"`
	ReviewedVersion int                `json:"reviewed_version,omitempty"` // the version a reviewer last let through
	SubmittedAt     time.Time          `json:"submitted_at,omitzero"`      // when the decision last entered review
	Measure         string             `json:"measure,omitempty"`          // the reviewer's last measure: reconsider, pjm, committee
	PJMMajority     string             `json:"pjm_majority,omitempty"`
	CommitteeBy     string             `json:"committee_approved_by,omitempty"` // who approved the referral (I4)
	Committee       *CommitteeDecision `json:"committee,omitempty"`

	Deadline  Date      `json:"deadline,omitempty"` // the proceeding's time-limit deadline, when known
	IssuedAt  time.Time `json:"issued_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Rev       int64     `json:"rev"` // stored revision, for optimistic concurrency
}

// CommitteeDecision is what the adjudication committee (审委会) decided; the panel must carry it
// out (人民法院组织法 Art. 39).
type CommitteeDecision struct {
	Outcome   string `json:"outcome"`             // maintain (the panel's view) or change
	Operative string `json:"operative,omitempty"` // the operative part decided, when recorded
	Text      string `json:"text,omitempty"`      // the decision as the source wrote it
	// AtVersion is the operative version when the committee decided: a "change" needs a later
	// operative edit, a "maintain" none.
	AtVersion int `json:"at_version"`
}

// Transition is one row of the review trail (全程留痕, §C.3 I2): an action on a decision, a
// 四类 flag or the interference register, accepted or refused. Refused attempts are kept too,
// with the invariant or rule that refused them, so that an attempt to break an invariant is
// itself on the record.
type Transition struct {
	ID         int64     `json:"id"`
	Subject    string    `json:"subject"` // decision, flag, enquiry, case
	SubjectID  string    `json:"subject_id"`
	CaseNumber string    `json:"case_number"`
	CourtID    string    `json:"court_id"`
	Action     string    `json:"action"`
	From       string    `json:"from,omitempty"`
	To         string    `json:"to,omitempty"`
	ActorID    string    `json:"actor_id"`
	ActorRoles []Role    `json:"actor_roles,omitempty"`
	At         time.Time `json:"at"`
	Reason     string    `json:"reason,omitempty"`
	DocVersion int       `json:"doc_version,omitempty"`
	Refused    bool      `json:"refused,omitempty"`
	Code       string    `json:"code,omitempty"`   // why it was refused: I1 … I7, role, state, input
	Detail     string    `json:"detail,omitempty"` // extra facts: the part edited, the measure …
	Source     string    `json:"source"`           // api, or event:<src>/<src_id> for a source system's event
}

// FlagState is the life of a 四类 flag: removing one needs a second person (§C.3 I6).
type FlagState string

// Flag states.
const (
	FlagActive           FlagState = "active"
	FlagRemovalRequested FlagState = "removal_requested"
	FlagRemoved          FlagState = "removed"
)

// FourTypeFlag marks a proceeding as a 四类案件 (法发〔2021〕30号): Type is the opinion's item
// (1–4), SubType the item with its local sub-type ("1.2").
type FourTypeFlag struct {
	ID         string    `json:"id"`
	CaseNumber string    `json:"case_number"`
	CourtID    string    `json:"court_id"`
	Type       int       `json:"type"`
	SubType    string    `json:"sub_type"`
	Reason     string    `json:"reason"`
	Origin     string    `json:"origin"` // rule, manual, source
	RuleID     string    `json:"rule_id,omitempty"`
	By         string    `json:"by,omitempty"`
	At         time.Time `json:"at"`
	State      FlagState `json:"state"`

	RemovalBy       string    `json:"removal_by,omitempty"`
	RemovalReason   string    `json:"removal_reason,omitempty"`
	RemovalAt       time.Time `json:"removal_at,omitzero"`
	RemovalApprover string    `json:"removal_approver,omitempty"`
	RemovedAt       time.Time `json:"removed_at,omitzero"`
	Rev             int64     `json:"rev"`
}

// Enquiry is an entry of the interference register (三个规定): someone — a 院庭长 or anyone else —
// asked about or commented on a case outside the platform's listed supervision measures. The
// register is append-only.
type Enquiry struct {
	ID           string    `json:"id"`
	CaseNumber   string    `json:"case_number"`
	CourtID      string    `json:"court_id"`
	By           string    `json:"by"`      // who enquired (a person id, or a name for outsiders)
	Channel      string    `json:"channel"` // phone, in_person, letter, message, platform
	Content      string    `json:"content"`
	RegisteredBy string    `json:"registered_by"`
	At           time.Time `json:"at"`
	Source       string    `json:"source"`
}
