package review

import (
	"context"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Finding is a breach of a review invariant found in the trail: a refused step of a source
// system's events (what the court's system let happen) or a refused attempt through the API.
type Finding struct {
	Rule       string `json:"rule"` // R-32, C3-I3, R-31, I4, I6 …
	Code       string `json:"code"` // the invariant code of the refusal
	CaseNumber string `json:"case_number"`
	CourtID    string `json:"court_id"`
	ActorID    string `json:"actor_id"`
	Action     string `json:"action"`
	Detail     string `json:"detail"`
	Source     string `json:"source"`
	At         string `json:"at"`
	Trail      int64  `json:"trail_id"`
}

// RuleOf maps a refusal to the rule it reports: a reviewer editing the operative part is
// R-32, an issue without review C3-I3 (§C.3 I3, as the generator names it), a 院庭长 acting
// outside the listed measures R-31; other invariants keep their code.
func RuleOf(t qingfeng.Transition) string {
	switch t.Code {
	case CodeI1:
		if t.Action == string(ActEdit) && strings.Contains(t.Detail, "part=operative") {
			return "R-32"
		}
	case CodeI3:
		return "C3-I3"
	case CodeI7:
		return "R-31"
	}
	return t.Code
}

// Anomalies lists the findings in the given courts (nil: all), in trail order. Plain
// refusals for role, state, input or scope are left out: they are mistakes, not breaches.
func Anomalies(ctx context.Context, rv store.Reviews, courts []string) ([]Finding, error) {
	rows, err := rv.Trail(ctx, store.ReviewTrailFilter{RefusedOnly: true, CourtIDs: courts})
	if err != nil {
		return nil, err
	}
	var out []Finding
	for _, t := range rows {
		if !strings.HasPrefix(t.Code, "I") {
			continue
		}
		out = append(out, Finding{Rule: RuleOf(t), Code: t.Code, CaseNumber: t.CaseNumber, CourtID: t.CourtID,
			ActorID: t.ActorID, Action: t.Action, Detail: t.Detail, Source: t.Source, At: t.At.Format("2006-01-02T15:04:05Z07:00"), Trail: t.ID})
	}
	return out, nil
}

// Anomalies lists the findings in the actor's courts.
func (s *Service) Anomalies(ctx context.Context, a Actor) ([]Finding, error) {
	courts, err := s.courts(ctx, a)
	if err != nil {
		return nil, err
	}
	return Anomalies(ctx, s.rv, courts)
}
