package review

import (
	"context"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Warning is a decision still in review close to its proceeding's deadline, or left in review
// too long (§C.3 I5, rule R-21). Review time is not deducted from the time limit, so a slow
// review eats into it.
type Warning struct {
	Rule         string               `json:"rule"`
	Kind         string               `json:"kind"` // deadline, stale
	DecisionID   string               `json:"decision_id"`
	CaseNumber   string               `json:"case_number"`
	CourtID      string               `json:"court_id"`
	ReviewerID   string               `json:"reviewer_id,omitempty"`
	State        qingfeng.ReviewState `json:"state"`
	Deadline     qingfeng.Date        `json:"deadline,omitempty"`
	DaysLeft     int                  `json:"days_left"`
	DaysInReview int                  `json:"days_in_review"`
}

// warningOf returns the warning a decision raises on day today, or nil.
func warningOf(d *qingfeng.Decision, today qingfeng.Date, rt CourtRouting) *Warning {
	if !d.State.InReview() {
		return nil
	}
	w := &Warning{Rule: "R-21", DecisionID: d.ID, CaseNumber: d.CaseNumber, CourtID: d.CourtID, ReviewerID: d.ReviewerID,
		State: d.State, Deadline: d.Deadline}
	if !d.SubmittedAt.IsZero() {
		w.DaysInReview = int(today - qingfeng.DateOf(d.SubmittedAt.In(chinaTime)))
	}
	if !d.Deadline.IsZero() {
		w.DaysLeft = int(d.Deadline - today)
	}
	switch {
	case !d.Deadline.IsZero() && w.DaysLeft <= rt.WarnDays:
		w.Kind = "deadline"
	case w.DaysInReview > rt.StaleDays:
		w.Kind = "stale"
	default:
		return nil
	}
	return w
}

// Warnings lists the decisions in the actor's courts that raise a warning on day asOf (today
// when zero). Deadlines are measured again on asOf, since events may have moved them.
func (s *Service) Warnings(ctx context.Context, a Actor, asOf qingfeng.Date) ([]Warning, error) {
	if asOf.IsZero() {
		asOf = s.today()
	}
	courts, err := s.courts(ctx, a)
	if err != nil {
		return nil, err
	}
	var states []qingfeng.ReviewState
	for _, st := range qingfeng.ReviewStates {
		if st.InReview() {
			states = append(states, st)
		}
	}
	ds, err := s.rv.Decisions(ctx, store.DecisionFilter{CourtIDs: courts, States: states})
	if err != nil {
		return nil, err
	}
	var out []Warning
	for i := range ds {
		d := &ds[i]
		if cd, err := loadCase(ctx, s.st, d.CaseNumber); err == nil {
			d.Deadline = deadline(cd, asOf, s.cfg)
		}
		if w := warningOf(d, asOf, s.cfg.Routing.For(d.CourtID)); w != nil {
			out = append(out, *w)
		}
	}
	return out, nil
}
