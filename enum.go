package qingfeng

// The closed vocabularies of the interchange format. Each is a string type with the set of
// values it may take, so validation and the UI draw on one list.

// CourtLevel is a court's place in the hierarchy.
type CourtLevel string

// Court levels, top down.
const (
	LevelSupreme      CourtLevel = "supreme"
	LevelHigh         CourtLevel = "high"
	LevelIntermediate CourtLevel = "intermediate"
	LevelBasic        CourtLevel = "basic"
	LevelTribunal     CourtLevel = "tribunal" // 人民法庭, under a basic court
)

// CourtLevels lists every level, top down.
var CourtLevels = []CourtLevel{LevelSupreme, LevelHigh, LevelIntermediate, LevelBasic, LevelTribunal}

// Line is the kind of work a division does.
type Line string

// Division lines.
const (
	LineCriminal       Line = "criminal"
	LineCivil          Line = "civil"
	LineCommercial     Line = "commercial"
	LineAdministrative Line = "administrative"
	LineEnforcement    Line = "enforcement"
	LineFiling         Line = "filing"
	LineOther          Line = "other"
)

// Lines lists every division line.
var Lines = []Line{LineCriminal, LineCivil, LineCommercial, LineAdministrative, LineEnforcement, LineFiling, LineOther}

// Role is a person's function in a court; a person may hold several.
type Role string

// Roles of court staff.
const (
	RoleJudge           Role = "judge"
	RoleAssistant       Role = "assistant"
	RoleClerk           Role = "clerk"
	RolePresident       Role = "president"
	RoleVicePresident   Role = "vice_president"
	RoleChief           Role = "chief"
	RoleDeputyChief     Role = "deputy_chief"
	RoleExecutor        Role = "executor"
	RoleFinance         Role = "finance"
	RoleInspector       Role = "inspector"
	RoleCommitteeMember Role = "committee_member"
)

// Roles lists every staff role.
var Roles = []Role{RoleJudge, RoleAssistant, RoleClerk, RolePresident, RoleVicePresident, RoleChief,
	RoleDeputyChief, RoleExecutor, RoleFinance, RoleInspector, RoleCommitteeMember}

// Category is the broad kind of a proceeding.
type Category string

// Case categories.
const (
	CatCriminal          Category = "criminal"
	CatCivil             Category = "civil"
	CatAdministrative    Category = "administrative"
	CatStateCompensation Category = "state_compensation"
	CatEnforcement       Category = "enforcement"
	CatPreservation      Category = "preservation"
	CatOther             Category = "other"
)

// Categories lists every case category.
var Categories = []Category{CatCriminal, CatCivil, CatAdministrative, CatStateCompensation, CatEnforcement, CatPreservation, CatOther}

// Stage is the procedural stage of a proceeding; it follows from the case-type code of its 案号.
type Stage string

// Procedural stages.
const (
	StageFirstInstance          Stage = "first_instance"
	StageSecondInstance         Stage = "second_instance"
	StageRetrialReview          Stage = "retrial_review"
	StageRetrial                Stage = "retrial"
	StageEnforcementFirst       Stage = "enforcement_first"
	StageEnforcementResumed     Stage = "enforcement_resumed"
	StageEnforcementObjection   Stage = "enforcement_objection"
	StageEnforcementReview      Stage = "enforcement_review"
	StageEnforcementSupervision Stage = "enforcement_supervision"
	StagePreservation           Stage = "preservation"
	StageJurisdiction           Stage = "jurisdiction"
	StageCommutation            Stage = "commutation"
	StagePetitionReview         Stage = "petition_review"
	StageOther                  Stage = "other"
)

// Stages lists every stage.
var Stages = []Stage{StageFirstInstance, StageSecondInstance, StageRetrialReview, StageRetrial,
	StageEnforcementFirst, StageEnforcementResumed, StageEnforcementObjection, StageEnforcementReview,
	StageEnforcementSupervision, StagePreservation, StageJurisdiction, StageCommutation, StagePetitionReview, StageOther}

// IsEnforcement reports whether the stage is one of the enforcement stages.
func (s Stage) IsEnforcement() bool {
	switch s {
	case StageEnforcementFirst, StageEnforcementResumed, StageEnforcementObjection,
		StageEnforcementReview, StageEnforcementSupervision:
		return true
	}
	return false
}

// IsTrial reports whether the stage counts as trial work for the indicators: every stage but
// the enforcement and preservation stages (docs/indicators.md, "Notation").
func (s Stage) IsTrial() bool { return !s.IsEnforcement() && s != StagePreservation }

// Procedure is the trial procedure applied, where the law distinguishes several.
type Procedure string

// Procedures; the empty Procedure means none was given.
const (
	ProcOrdinary    Procedure = "ordinary"
	ProcSimplified  Procedure = "simplified"
	ProcSmallClaims Procedure = "small_claims"
	ProcSpecial     Procedure = "special"
	ProcFastTrack   Procedure = "fast_track" // criminal 速裁
	ProcSummary     Procedure = "summary"    // criminal 简易
)

// Procedures lists every procedure.
var Procedures = []Procedure{ProcOrdinary, ProcSimplified, ProcSmallClaims, ProcSpecial, ProcFastTrack, ProcSummary}

// ClosingMethod is how a proceeding was closed (结案方式).
type ClosingMethod string

// Closing methods.
const (
	CloseJudgment             ClosingMethod = "judgment"
	CloseRuling               ClosingMethod = "ruling"
	CloseMediation            ClosingMethod = "mediation"
	CloseWithdrawal           ClosingMethod = "withdrawal"
	CloseDismissal            ClosingMethod = "dismissal"
	CloseTransfer             ClosingMethod = "transfer"
	CloseEnforcementCompleted ClosingMethod = "enforcement_completed"
	CloseTerminatedThisRound  ClosingMethod = "terminated_this_round" // 终本
	CloseTerminated           ClosingMethod = "terminated"
	CloseNotEnforced          ClosingMethod = "not_enforced"
	CloseCombined             ClosingMethod = "combined"
	CloseOther                ClosingMethod = "other"
)

// ClosingMethods lists every closing method.
var ClosingMethods = []ClosingMethod{CloseJudgment, CloseRuling, CloseMediation, CloseWithdrawal, CloseDismissal,
	CloseTransfer, CloseEnforcementCompleted, CloseTerminatedThisRound, CloseTerminated, CloseNotEnforced, CloseCombined, CloseOther}

// Outcome is the result of a review stage (second instance, retrial, objection …).
type Outcome string

// Outcomes.
const (
	OutAffirmed       Outcome = "affirmed"
	OutReversed       Outcome = "reversed"
	OutRemanded       Outcome = "remanded"
	OutPartlyReversed Outcome = "partly_reversed"
	OutMediated       Outcome = "mediated"
	OutWithdrawn      Outcome = "withdrawn"
	OutRejected       Outcome = "rejected"
	OutGranted        Outcome = "granted"
)

// Outcomes lists every outcome.
var Outcomes = []Outcome{OutAffirmed, OutReversed, OutRemanded, OutPartlyReversed, OutMediated, OutWithdrawn, OutRejected, OutGranted}

// PartyRole is a party's position in a proceeding.
type PartyRole string

// Party roles.
const (
	PartyPlaintiff  PartyRole = "plaintiff"
	PartyDefendant  PartyRole = "defendant"
	PartyThirdParty PartyRole = "third_party"
	PartyApplicant  PartyRole = "applicant"
	PartyRespondent PartyRole = "respondent"
	PartyAppellant  PartyRole = "appellant"
	PartyAppellee   PartyRole = "appellee"
	PartyDebtor     PartyRole = "debtor"
	PartyCreditor   PartyRole = "creditor"
	PartyAccused    PartyRole = "accused"
	PartyVictim     PartyRole = "victim"
)

// PartyRoles lists every party role.
var PartyRoles = []PartyRole{PartyPlaintiff, PartyDefendant, PartyThirdParty, PartyApplicant, PartyRespondent,
	PartyAppellant, PartyAppellee, PartyDebtor, PartyCreditor, PartyAccused, PartyVictim}

// PartyType says whether a party is a person, an organisation or a state organ.
type PartyType string

// Party types.
const (
	PartyNatural    PartyType = "natural"
	PartyLegal      PartyType = "legal"
	PartyStateOrgan PartyType = "state_organ"
)

// PartyTypes lists every party type.
var PartyTypes = []PartyType{PartyNatural, PartyLegal, PartyStateOrgan}

// Valid reports whether v is one of the values in set; the empty value is not valid.
func Valid[T ~string](set []T, v T) bool {
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}
