package review

import (
	"context"
	"fmt"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Identified is what identification found for one proceeding.
type Identified struct {
	CaseNumber string  `json:"case_number"`
	CourtID    string  `json:"court_id"`
	Matches    []Match `json:"matches"`
	Flagged    bool    `json:"flagged"` // the source or a person had flagged it already
}

// IdentifyResult summarises a run of the identification rules.
type IdentifyResult struct {
	Cases    int          `json:"cases"`
	Matched  int          `json:"matched"`
	NewFlags int          `json:"new_flags"`
	Found    []Identified `json:"found"`
}

// Identify runs the rules over every proceeding as of day asOf and stores a flag (origin
// "rule", id "rule-<case>-<rule>") for each match not stored before; a rule flag once
// removed is not set again. write=false only reports.
func (s *Service) Identify(ctx context.Context, asOf qingfeng.Date, write bool) (*IdentifyResult, error) {
	res := &IdentifyResult{}
	var cases []*qingfeng.Case
	err := s.st.ScanCases(ctx, func(c *qingfeng.Case) error {
		cases = append(cases, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	byNumber := make(map[string]*qingfeng.Case, len(cases))
	for _, c := range cases {
		byNumber[c.Number] = c
	}
	for _, c := range cases {
		res.Cases++
		if !asOf.IsZero() && c.FiledOn > asOf {
			continue
		}
		evs, err := s.st.CaseEvents(ctx, c.Number)
		if err != nil {
			return nil, err
		}
		ms, err := s.cfg.Rules.Identify(c, byNumber[c.OriginNumber], evs, asOf)
		if err != nil {
			return nil, err
		}
		if len(ms) == 0 {
			continue
		}
		res.Matched++
		id := Identified{CaseNumber: c.Number, CourtID: c.CourtID, Matches: ms, Flagged: sourceFlagged(c, evs)}
		res.Found = append(res.Found, id)
		if write {
			n, err := s.storeRuleFlags(ctx, c, ms)
			if err != nil {
				return nil, err
			}
			res.NewFlags += n
		}
	}
	return res, nil
}

// sourceFlagged: the record carries a 四类 sub-type or an event flagged it.
func sourceFlagged(c *qingfeng.Case, evs []qingfeng.Event) bool {
	if len(c.Flags.FourType) > 0 {
		return true
	}
	for _, e := range evs {
		if e.Type == "four_type_flagged" {
			return true
		}
	}
	return false
}

func (s *Service) storeRuleFlags(ctx context.Context, c *qingfeng.Case, ms []Match) (int, error) {
	n := 0
	for _, m := range ms {
		id := "rule-" + c.Number + "-" + m.RuleID
		if _, err := s.rv.FourTypeFlag(ctx, id); err == nil {
			continue
		}
		now := s.cfg.now()
		f := &qingfeng.FourTypeFlag{ID: id, CaseNumber: c.Number, CourtID: c.CourtID, Type: m.Type, SubType: m.SubType,
			Reason: m.Reason, Origin: "rule", RuleID: m.RuleID, By: "system", At: now, State: qingfeng.FlagActive}
		t := qingfeng.Transition{Subject: "flag", SubjectID: id, CaseNumber: c.Number, CourtID: c.CourtID, Action: "flag",
			To: string(qingfeng.FlagActive), ActorID: "system", At: now, Reason: m.Reason,
			Detail: fmt.Sprintf("rule=%s sub_type=%s", m.RuleID, m.SubType), Source: "rule"}
		if err := s.rv.ApplyReview(ctx, &store.ReviewChange{Flag: f, Trail: []qingfeng.Transition{t}}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
