package gen

import (
	"io/fs"
	"iter"
	"maps"
	"slices"

	"github.com/qingfeng-court/qingfeng"
)

// profile is data/profile.yaml: every distribution of the synthetic province.
type profile struct {
	Volume struct {
		Years  weights `yaml:"years"`
		Months weights `yaml:"months"`
	} `yaml:"volume"`
	Roots        weights              `yaml:"roots"`
	RootLevels   map[string]weights   `yaml:"root_levels"`
	Civil        civilProfile         `yaml:"civil"`
	Appeal       appealProfile        `yaml:"appeal"`
	Retrial      retrialProfile       `yaml:"retrial"`
	Criminal     criminalProfile      `yaml:"criminal"`
	Commutation  commutationProfile   `yaml:"commutation"`
	Admin        adminProfile         `yaml:"admin"`
	StateComp    stateCompProfile     `yaml:"state_compensation"`
	Enforcement  enforcementProfile   `yaml:"enforcement"`
	Preservation preservationProfile  `yaml:"preservation"`
	Mediation    mediationProfile     `yaml:"mediation"`
	Petition     petitionProfile      `yaml:"petition"`
	FourType     fourTypeProfile      `yaml:"four_type"`
	People       peopleProfile        `yaml:"people"`
	Limits       map[string]limitSpec `yaml:"limits"`
	Deadlines    deadlines            `yaml:"deadlines"`
}

type civilProfile struct {
	ProcedureBasic      weights            `yaml:"procedure_basic"`
	SmallClaimsCap      int                `yaml:"small_claims_cap"`
	TribunalShare       float64            `yaml:"tribunal_share"`
	Plaintiffs          weights            `yaml:"plaintiffs"`
	Defendants          weights            `yaml:"defendants"`
	NaturalPlaintiff    float64            `yaml:"natural_plaintiff"`
	NaturalDefendant    float64            `yaml:"natural_defendant"`
	GroupShare          float64            `yaml:"group_share"`
	GroupSize           []int              `yaml:"group_size"`
	StateOrganDefendant float64            `yaml:"state_organ_defendant"`
	AgentPlaintiff      float64            `yaml:"agent_plaintiff"`
	AgentDefendant      float64            `yaml:"agent_defendant"`
	Closing             weights            `yaml:"closing"`
	PaymentJudgment     float64            `yaml:"payment_judgment"`
	AwardPercent        []int              `yaml:"award_percent"`
	Duration            map[string][]int   `yaml:"duration"`
	Deduction           map[string]float64 `yaml:"deduction"`
	DeductionReason     weights            `yaml:"deduction_reason"`
	DeductionDays       map[string][]int   `yaml:"deduction_days"`
	Extension           map[string]float64 `yaml:"extension"`
	SecondExtension     float64            `yaml:"second_extension"`
	SecondExtMonths     int                `yaml:"second_extension_months"`
	Conversion          float64            `yaml:"conversion"`
	Postponement        map[string]float64 `yaml:"postponement"`
	JudgeChange         float64            `yaml:"judge_change"`
	Designated          float64            `yaml:"designated"`
	Review              float64            `yaml:"review"`
	LongSuspension      float64            `yaml:"long_suspension"`
	SuspensionDays      []int              `yaml:"suspension_days"`
	AppealRate          float64            `yaml:"appeal_rate"`
	RetrialReviewRate   float64            `yaml:"retrial_review_rate"`
}

type appealProfile struct {
	OutcomeJudgment     weights `yaml:"outcome_judgment"`
	OutcomeRuling       weights `yaml:"outcome_ruling"`
	HearingOpenCivil    float64 `yaml:"hearing_open_civil"`
	HearingOpenCriminal float64 `yaml:"hearing_open_criminal"`
	Duration            []int   `yaml:"duration"`
}

type retrialProfile struct {
	ReviewOutcome  weights `yaml:"review_outcome"`
	RetrialOutcome weights `yaml:"retrial_outcome"`
	FiledAfterDays []int   `yaml:"filed_after_days"`
	Duration       []int   `yaml:"duration"`
}

type criminalProfile struct {
	Procedure          weights          `yaml:"procedure"`
	FastTrackMaxMonths int              `yaml:"fast_track_max_months"`
	SummaryMaxMonths   int              `yaml:"summary_max_months"`
	LongerLimit        float64          `yaml:"longer_limit"`
	Accused            weights          `yaml:"accused"`
	GroupShare         float64          `yaml:"group_share"`
	GroupSize          []int            `yaml:"group_size"`
	VictimShare        float64          `yaml:"victim_share"`
	DefenderShare      float64          `yaml:"defender_share"`
	Closing            weights          `yaml:"closing"`
	AppealRate         float64          `yaml:"appeal_rate"`
	ProtestRate        float64          `yaml:"protest_rate"`
	AppealOutcome      weights          `yaml:"appeal_outcome"`
	Duration           map[string][]int `yaml:"duration"`
	DetentionDays      []int            `yaml:"detention_days"`
}

type commutationProfile struct {
	MinSentence      int            `yaml:"min_sentence"`
	ProposeShare     float64        `yaml:"propose_share"`
	MaxRounds        int            `yaml:"max_rounds"`
	Grounds          weights        `yaml:"grounds"`
	Cap              map[string]int `yaml:"cap"`
	StrictCap        int            `yaml:"strict_cap"`
	StartUnder5y     int            `yaml:"start_under_5y"`
	Start5to10y      int            `yaml:"start_5_to_10y"`
	StartOver10y     int            `yaml:"start_over_10y"`
	StartStrict      int            `yaml:"start_strict"`
	IntervalUnder10y int            `yaml:"interval_under_10y"`
	IntervalOver10y  int            `yaml:"interval_over_10y"`
	Reduction        []int          `yaml:"reduction"`
}

type adminProfile struct {
	Closing           weights `yaml:"closing"`
	NaturalPlaintiff  float64 `yaml:"natural_plaintiff"`
	AgentPlaintiff    float64 `yaml:"agent_plaintiff"`
	AgentDefendant    float64 `yaml:"agent_defendant"`
	AppealRate        float64 `yaml:"appeal_rate"`
	RetrialReviewRate float64 `yaml:"retrial_review_rate"`
	Duration          []int   `yaml:"duration"`
}

type stateCompProfile struct {
	Granted  float64 `yaml:"granted"`
	Duration []int   `yaml:"duration"`
}

type enforcementProfile struct {
	ApplyAfterJudgment   float64 `yaml:"apply_after_judgment"`
	ApplyAfterMediation  float64 `yaml:"apply_after_mediation"`
	ApplyDelayDays       []int   `yaml:"apply_delay_days"`
	Outcome              weights `yaml:"outcome"`
	OutcomeNonLitigation weights `yaml:"outcome_non_litigation"`
	OutcomeResumed       weights `yaml:"outcome_resumed"`
	PartialOnRound       float64 `yaml:"partial_on_round"`
	PartialPercent       []int   `yaml:"partial_percent"`
	DishonestOnRound     float64 `yaml:"dishonest_on_round"`
	Resume               float64 `yaml:"resume"`
	Objection            float64 `yaml:"objection"`
	ObjectionGranted     float64 `yaml:"objection_granted"`
	ObjectionReview      float64 `yaml:"objection_review"`
	Supervision          float64 `yaml:"supervision"`
	InSuitPreservation   float64 `yaml:"in_suit_preservation"`
	ApprovalThreshold    int64   `yaml:"approval_threshold"`
	DisburseDays         []int   `yaml:"disburse_days"`
	Deferral             float64 `yaml:"deferral"`
	AuctionFailed        float64 `yaml:"auction_failed"`
	Asset                weights `yaml:"asset"`
}

type preservationProfile struct {
	Urgent        float64 `yaml:"urgent"`
	Suit          float64 `yaml:"suit"`
	SuitAfterDays []int   `yaml:"suit_after_days"`
	LiftAfterDays []int   `yaml:"lift_after_days"`
}

type mediationProfile struct {
	Attached          float64 `yaml:"attached"`
	AttachedSuccess   float64 `yaml:"attached_success"`
	Standalone        float64 `yaml:"standalone"`
	StandaloneSuccess float64 `yaml:"standalone_success"`
	Days              []int   `yaml:"days"`
}

type petitionProfile struct {
	Petition  float64 `yaml:"petition"`
	Complaint float64 `yaml:"complaint"`
	RealName  float64 `yaml:"real_name"`
	CloseDays []int   `yaml:"close_days"`
}

type fourTypeProfile struct {
	Disagree  float64 `yaml:"disagree"`
	Committee float64 `yaml:"committee"`
	PanelEdit float64 `yaml:"panel_edit"`
}

type peopleProfile struct {
	ClosedPerJudgeYear   int            `yaml:"closed_per_judge_year"`
	MinHandlers          map[string]int `yaml:"min_handlers"`
	AssistantsPerHandler float64        `yaml:"assistants_per_handler"`
	ClerksPerHandler     float64        `yaml:"clerks_per_handler"`
	ExecutorsPerHandler  float64        `yaml:"executors_per_handler"`
	VicePresidents       []int          `yaml:"vice_presidents"`
	LeavePeriods         float64        `yaml:"leave_periods"`
	LeaveDays            []int          `yaml:"leave_days"`
	Relatives            float64        `yaml:"relatives"`
	RelativeLawyer       float64        `yaml:"relative_lawyer"`
	LawyerCasesPerYear   int            `yaml:"lawyer_cases_per_year"`
	FormerStaffPerCourt  []int          `yaml:"former_staff_per_court"`
}

// limitSpec is a statutory time limit: months or days, and what the 院长 may add.
type limitSpec struct {
	Months          int `yaml:"months"`
	Days            int `yaml:"days"`
	ExtensionMonths int `yaml:"extension_months"`
}

// end returns the last day of the limit for a proceeding filed on day filed, with ext months
// of extension.
func (l limitSpec) end(filed date, ext int) date {
	base := filed + date(l.Days)
	if l.Months > 0 {
		base = monthsEnd(filed, l.Months)
	}
	if ext > 0 {
		// An extension of N months runs N months from the end of the limit it extends.
		return base.AddMonths(ext)
	}
	return base
}

type deadlines struct {
	FilingDays                  int `yaml:"filing_days"`
	SecondInstanceFilingDays    int `yaml:"second_instance_filing_days"`
	RemandFilingDays            int `yaml:"remand_filing_days"`
	AppealCopyDays              int `yaml:"appeal_copy_days"`
	AppealTransferDays          int `yaml:"appeal_transfer_days"`
	CriminalTransferDays        int `yaml:"criminal_transfer_days"`
	AppealPeriodJudgment        int `yaml:"appeal_period_judgment"`
	AppealPeriodRuling          int `yaml:"appeal_period_ruling"`
	CriminalAppealPeriod        int `yaml:"criminal_appeal_period"`
	AnswerDays                  int `yaml:"answer_days"`
	ExtensionRequestLead        int `yaml:"extension_request_lead"`
	ExtensionDecisionLead       int `yaml:"extension_decision_lead"`
	TerminateRoundMinMonths     int `yaml:"terminate_round_min_months"`
	AssetCheckMonths            int `yaml:"asset_check_months"`
	AssetCheckYears             int `yaml:"asset_check_years"`
	DisburseDays                int `yaml:"disburse_days"`
	PreservationUrgentHours     int `yaml:"preservation_urgent_hours"`
	PreservationRulingDays      int `yaml:"preservation_ruling_days"`
	PreservationExecutionDays   int `yaml:"preservation_execution_days"`
	CommutationPublishDays      int `yaml:"commutation_publish_days"`
	CommutationServiceDays      int `yaml:"commutation_service_days"`
	FormerStaffBarMonths        int `yaml:"former_staff_bar_months"`
	SeizureDepositMonths        int `yaml:"seizure_deposit_months"`
	SeizureMovableMonths        int `yaml:"seizure_movable_months"`
	SeizureRealEstateMonths     int `yaml:"seizure_real_estate_months"`
	ValuationStartDays          int `yaml:"valuation_start_days"`
	AuctionNoticeMovableDays    int `yaml:"auction_notice_movable_days"`
	AuctionNoticeRealEstateDays int `yaml:"auction_notice_real_estate_days"`
	ReauctionDays               int `yaml:"reauction_days"`
	PostponementsOrdinary       int `yaml:"postponements_ordinary"`
	PostponementsSimplified     int `yaml:"postponements_simplified"`
}

// limitNames are the limits the generator looks up; the file must define each.
var limitNames = []string{"civil_ordinary", "civil_simplified", "civil_small_claims", "civil_special",
	"civil_appeal", "civil_appeal_ruling", "civil_retrial_review", "civil_retrial_first", "civil_retrial_second",
	"criminal_ordinary", "criminal_longer", "criminal_summary", "criminal_fast_track", "criminal_appeal",
	"criminal_retrial", "commutation", "admin_first", "admin_appeal", "admin_retrial_review", "state_compensation",
	"enforcement", "enforcement_non_litigation", "enforcement_objection", "enforcement_review",
	"enforcement_supervision", "preservation"}

const profileFile = "data/profile.yaml"

func loadProfile(fsys fs.FS) (*profile, error) {
	p := &profile{}
	root, err := decodeFile(fsys, profileFile, p)
	if err != nil {
		return nil, err
	}
	c := &checker{file: profileFile, root: root}
	p.check(c)
	return p, c.err
}

func (p *profile) check(c *checker) {
	p.checkRoots(c)
	p.checkCivil(c)
	p.checkAppeals(c)
	p.checkCriminal(c)
	p.checkCommutation(c)
	p.checkAdmin(c)
	p.checkEnforcement(c)
	p.checkPeople(c)
	p.checkLimits(c)
}

func (p *profile) checkRoots(c *checker) {
	c.keysIn("roots", &p.Roots, rootKinds...)
	for _, k := range rootKinds {
		if p.Roots.get(k, -1) < 0 {
			c.failf("roots", "missing root kind %q", k)
		}
		w, ok := p.RootLevels[k]
		if !ok {
			c.failf("root_levels", "missing root kind %q", k)
			continue
		}
		c.keysIn("root_levels."+k, &w, "basic", "intermediate", "high", "maritime", "railway")
	}
}

func (p *profile) checkCivil(c *checker) {
	cv := &p.Civil
	c.keysIn("civil.procedure_basic", &cv.ProcedureBasic, "simplified", "small_claims", "ordinary", "special")
	c.keysIn("civil.closing", &cv.Closing, closingNames(qingfeng.CloseJudgment, qingfeng.CloseMediation,
		qingfeng.CloseWithdrawal, qingfeng.CloseDismissal, qingfeng.CloseTransfer, qingfeng.CloseRuling)...)
	c.keysIn("civil.plaintiffs", &cv.Plaintiffs, "1", "2", "3")
	c.keysIn("civil.defendants", &cv.Defendants, "1", "2", "3", "4")
	for path, v := range sorted(map[string]float64{"civil.tribunal_share": cv.TribunalShare, "civil.natural_plaintiff": cv.NaturalPlaintiff,
		"civil.natural_defendant": cv.NaturalDefendant, "civil.group_share": cv.GroupShare,
		"civil.state_organ_defendant": cv.StateOrganDefendant, "civil.agent_plaintiff": cv.AgentPlaintiff,
		"civil.agent_defendant": cv.AgentDefendant, "civil.payment_judgment": cv.PaymentJudgment,
		"civil.conversion": cv.Conversion, "civil.second_extension": cv.SecondExtension, "civil.judge_change": cv.JudgeChange, "civil.designated": cv.Designated,
		"civil.review": cv.Review, "civil.long_suspension": cv.LongSuspension, "civil.appeal_rate": cv.AppealRate,
		"civil.retrial_review_rate": cv.RetrialReviewRate}) {
		c.prob(path, v)
	}
	if cv.Designated > 0.1 {
		c.failf("civil.designated", "%v would break the 10%% cap of rule R-06 in normal data", cv.Designated)
	}
	c.buckets("civil.group_size", cv.GroupSize, 10, 1000)
	c.buckets("civil.award_percent", cv.AwardPercent, 1, 100)
	for _, proc := range []string{"simplified", "small_claims", "ordinary", "special"} {
		c.durations("civil.duration."+proc, cv.Duration[proc])
	}
	c.keysIn("civil.deduction_reason", &cv.DeductionReason, "appraisal", "publication", "settlement", "jurisdiction_objection")
	for _, k := range cv.DeductionReason.keys {
		c.buckets("civil.deduction_days."+k, cv.DeductionDays[k], 1, 200)
	}
	c.buckets("civil.suspension_days", cv.SuspensionDays, 1, 200)
	for path, m := range sorted(map[string]map[string]float64{"civil.deduction": cv.Deduction, "civil.extension": cv.Extension, "civil.postponement": cv.Postponement}) {
		for k, v := range sorted(m) {
			c.prob(path+"."+k, v)
		}
	}
}

func (p *profile) checkAppeals(c *checker) {
	ap := &p.Appeal
	c.keysIn("appeal.outcome_judgment", &ap.OutcomeJudgment, outcomeNames()...)
	c.keysIn("appeal.outcome_ruling", &ap.OutcomeRuling, outcomeNames()...)
	c.prob("appeal.hearing_open_civil", ap.HearingOpenCivil)
	c.prob("appeal.hearing_open_criminal", ap.HearingOpenCriminal)
	c.durations("appeal.duration", ap.Duration)
	c.keysIn("retrial.review_outcome", &p.Retrial.ReviewOutcome, "rejected", "granted", "withdrawn")
	c.keysIn("retrial.retrial_outcome", &p.Retrial.RetrialOutcome, outcomeNames()...)
	c.buckets("retrial.filed_after_days", p.Retrial.FiledAfterDays, 1, 3650)
	c.durations("retrial.duration", p.Retrial.Duration)
}

func (p *profile) checkCriminal(c *checker) {
	cr := &p.Criminal
	c.keysIn("criminal.procedure", &cr.Procedure, "fast_track", "summary", "ordinary")
	c.keysIn("criminal.accused", &cr.Accused, "1", "2", "3", "4", "5")
	c.keysIn("criminal.closing", &cr.Closing, closingNames(qingfeng.CloseJudgment, qingfeng.CloseWithdrawal, qingfeng.CloseRuling)...)
	c.keysIn("criminal.appeal_outcome", &cr.AppealOutcome, outcomeNames()...)
	for _, proc := range []string{"fast_track", "summary", "ordinary"} {
		c.durations("criminal.duration."+proc, cr.Duration[proc])
	}
	c.buckets("criminal.group_size", cr.GroupSize, 10, 1000)
	c.buckets("criminal.detention_days", cr.DetentionDays, 0, 1000)
	for path, v := range sorted(map[string]float64{"criminal.longer_limit": cr.LongerLimit, "criminal.group_share": cr.GroupShare,
		"criminal.victim_share": cr.VictimShare, "criminal.defender_share": cr.DefenderShare,
		"criminal.appeal_rate": cr.AppealRate, "criminal.protest_rate": cr.ProtestRate}) {
		c.prob(path, v)
	}
}

func (p *profile) checkCommutation(c *checker) {
	cm := &p.Commutation
	c.keysIn("commutation.grounds", &cm.Grounds, "repentance", "merit", "repentance_and_merit", "major_merit")
	for _, g := range cm.Grounds.keys {
		if cm.Cap[g] <= 0 {
			c.failf("commutation.cap", "no cap for grounds %q", g)
		}
	}
	c.buckets("commutation.reduction", cm.Reduction, 1, 24)
	if mx := slices.Max(cm.Reduction); mx >= cm.StrictCap || mx >= cm.Cap["repentance"] {
		c.failf("commutation.reduction", "normal reductions must stay under every cap (largest %d)", mx)
	}
	c.prob("commutation.propose_share", cm.ProposeShare)
}

func (p *profile) checkAdmin(c *checker) {
	ad := &p.Admin
	c.keysIn("admin.closing", &ad.Closing, closingNames(qingfeng.CloseJudgment, qingfeng.CloseWithdrawal, qingfeng.CloseDismissal)...)
	c.durations("admin.duration", ad.Duration)
	c.durations("state_compensation.duration", p.StateComp.Duration)
}

func (p *profile) checkEnforcement(c *checker) {
	en := &p.Enforcement
	paths := []string{"voluntary", "deposit", "auction", "settlement", "terminate_round", "terminated", "withdrawn", "not_enforced"}
	c.keysIn("enforcement.outcome", &en.Outcome, paths...)
	c.keysIn("enforcement.outcome_non_litigation", &en.OutcomeNonLitigation, paths...)
	c.keysIn("enforcement.outcome_resumed", &en.OutcomeResumed, paths...)
	c.keysIn("enforcement.asset", &en.Asset, "deposit", "real_estate", "movable")
	c.buckets("enforcement.apply_delay_days", en.ApplyDelayDays, 1, 3650)
	c.buckets("enforcement.partial_percent", en.PartialPercent, 1, 99)
	c.buckets("enforcement.disburse_days", en.DisburseDays, 0, p.Deadlines.DisburseDays*2/3)
	if en.ApprovalThreshold <= 0 {
		c.failf("enforcement.approval_threshold", "must be positive")
	}

	c.buckets("preservation.suit_after_days", p.Preservation.SuitAfterDays, 1, 28)
	c.buckets("preservation.lift_after_days", p.Preservation.LiftAfterDays, 1, 28)
	c.buckets("mediation.days", p.Mediation.Days, 1, 28)
	c.buckets("petition.close_days", p.Petition.CloseDays, 1, 365)
}

func (p *profile) checkPeople(c *checker) {
	pe := &p.People
	if pe.ClosedPerJudgeYear <= 0 {
		c.failf("people.closed_per_judge_year", "must be positive")
	}
	for _, k := range []string{"default", "tribunal", "filing"} {
		if pe.MinHandlers[k] < 1 {
			c.failf("people.min_handlers", "%s must be at least 1", k)
		}
	}
	c.buckets("people.vice_presidents", pe.VicePresidents, 1, 10)
	c.buckets("people.leave_days", pe.LeaveDays, 1, 60)
	c.buckets("people.former_staff_per_court", pe.FormerStaffPerCourt, 1, 20)
	c.prob("people.relative_lawyer", pe.RelativeLawyer)
	if pe.LawyerCasesPerYear <= 0 {
		c.failf("people.lawyer_cases_per_year", "must be positive")
	}
}

func (p *profile) checkLimits(c *checker) {
	for _, name := range limitNames {
		l, ok := p.Limits[name]
		switch {
		case !ok:
			c.failf("limits", "missing limit %q", name)
		case (l.Months > 0) == (l.Days > 0):
			c.failf("limits."+name, "give either months or days")
		}
	}
	d := &p.Deadlines
	for path, v := range sorted(map[string]int{"filing_days": d.FilingDays, "second_instance_filing_days": d.SecondInstanceFilingDays,
		"remand_filing_days": d.RemandFilingDays, "appeal_copy_days": d.AppealCopyDays, "appeal_transfer_days": d.AppealTransferDays,
		"criminal_transfer_days": d.CriminalTransferDays, "disburse_days": d.DisburseDays, "asset_check_months": d.AssetCheckMonths,
		"terminate_round_min_months": d.TerminateRoundMinMonths, "former_staff_bar_months": d.FormerStaffBarMonths,
		"seizure_deposit_months": d.SeizureDepositMonths, "extension_request_lead": d.ExtensionRequestLead,
		"extension_decision_lead": d.ExtensionDecisionLead, "postponements_ordinary": d.PostponementsOrdinary}) {
		if v <= 0 {
			c.failf("deadlines."+path, "must be positive")
		}
	}
}

// sorted iterates a map in key order, so that the first error reported is always the same.
func sorted[V any](m map[string]V) iter.Seq2[string, V] {
	return func(yield func(string, V) bool) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}

// durations checks a "% of limit" bucket list: normal proceedings stay at or under 80%.
func (c *checker) durations(path string, b []int) { c.buckets(path, b, 1, 80) }

var rootKinds = []string{"civil_first", "criminal_first", "admin_first", "state_compensation",
	"non_litigation_enforcement", "preservation"}

func closingNames(ms ...qingfeng.ClosingMethod) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = string(m)
	}
	return out
}

func outcomeNames() []string {
	out := make([]string, len(qingfeng.Outcomes))
	for i, o := range qingfeng.Outcomes {
		out[i] = string(o)
	}
	return out
}

// pct returns p percent of n, rounded down.
func pct(n, p int) int { return n * p / 100 }

// yuan converts whole yuan to Money.
func yuan(y int64) qingfeng.Money { return qingfeng.Money(y * 100) }
