package gen

import "sync"

// anom indexes the anomalies the generator knows how to inject; data/anomalies.yaml gives each
// its rule, description and default rate.
type anom int

const (
	aLateFiling anom = iota
	aLateSecondInstanceFiling
	aDesignatedCluster
	aJudgeChangedUnapproved
	aAgentStaffRelative
	aAgentFormerStaff
	aSameJudgeTwoProcedures
	aTimeLimitExceeded
	aExtensionIrregular
	aDeductionUndocumented
	aHearingsPostponed
	aClosedBeforeService
	aLateAppealTransfer
	aFourTypeUnflagged
	aReviewerEditedOperative
	aFourTypeUnreviewed
	aLatePreservation
	aEnforcementOverdue
	aTerminateRoundNoncompliant
	aNoAssetCheck
	aSeizureLapsed
	aLateDisbursement
	aPayeeNotParty
	aApprovalLevelLow
	aCommutationTooEarly
	aCommutationReductionTooLarge
	aComplaintCluster
	aActionOnLeave
	numAnomalies
)

var anomalyNames = [numAnomalies]string{
	"late_filing", "late_second_instance_filing", "designated_cluster", "judge_changed_unapproved",
	"agent_staff_relative", "agent_former_staff", "same_judge_two_procedures", "time_limit_exceeded",
	"extension_irregular", "deduction_undocumented", "hearings_postponed", "closed_before_service",
	"late_appeal_transfer", "four_type_unflagged", "reviewer_edited_operative", "four_type_unreviewed",
	"late_preservation", "enforcement_overdue", "terminate_round_noncompliant", "no_asset_check",
	"seizure_lapsed", "late_disbursement", "payee_not_party", "approval_level_low", "commutation_too_early",
	"commutation_reduction_too_large", "complaint_cluster", "action_on_leave",
}

func anomalyIndex(name string) anom {
	for i, n := range anomalyNames {
		if n == name {
			return anom(i)
		}
	}
	return -1
}

func (a anom) String() string { return anomalyNames[a] }

// AnomalyInfo describes one injectable anomaly.
type AnomalyInfo struct {
	Name    string  `json:"name"`
	Rule    string  `json:"rule"`  // risk rule it should trip, R-xx of the reference notes §D.2
	Title   string  `json:"title"` // zh-CN
	TitleEn string  `json:"title_en"`
	Unit    string  `json:"unit"` // what the rate is a share of (zh-CN)
	Rate    float64 `json:"rate"` // default rate
}

var embeddedAnomalies = sync.OnceValues(func() ([]anomalyEntry, error) { return loadAnomalies(embedded) })

// Anomalies lists the anomalies the generator can inject, in a fixed order, with their default
// rates from the embedded data/anomalies.yaml.
func Anomalies() []AnomalyInfo {
	es, err := embeddedAnomalies()
	if err != nil {
		panic("gen: embedded anomaly table is broken: " + err.Error())
	}
	out := make([]AnomalyInfo, len(es))
	for i, e := range es {
		out[i] = AnomalyInfo{Name: e.Name, Rule: e.Rule, Title: e.Title, TitleEn: e.TitleEn, Unit: e.Unit, Rate: e.Rate}
	}
	return out
}
