package ingest

import (
	"fmt"
	"slices"

	"github.com/qingfeng-court/qingfeng"
)

// checkCase validates and normalises a proceeding: its case number (and the category and
// stage its type code implies), its court, people and lawyers, its dates, codes and parties.
func (d *decoder) checkCase(c *qingfeng.Case) *Problem {
	if court := d.refs.courts[c.CourtID]; court != nil && court.Foreign() {
		return d.checkForeignCase(c, court)
	}
	if p := required("case_number", c.Number); p != nil {
		return p
	}
	n, p := d.normaliseNumber("case_number", &c.Number, &c.NumberAsWritten)
	if p != nil {
		return p
	}
	if info, ok := d.types.Lookup(n.Type); ok {
		if c.Category == "" {
			c.Category = info.Category
		} else if c.Category != info.Category && info.Category != qingfeng.CatOther {
			return rStageMismatch.at("category", string(c.Category), n.Type, nCategory, string(info.Category))
		}
		if c.Stage == "" {
			c.Stage = info.Stage
		} else if c.Stage != info.Stage && info.Stage != qingfeng.StageOther {
			return rStageMismatch.at("stage", string(c.Stage), n.Type, nStage, string(info.Stage))
		}
	}
	if p := first(enumProblem("category", qingfeng.Categories, c.Category), enumProblem("stage", qingfeng.Stages, c.Stage)); p != nil {
		return p
	}
	if c.Procedure != "" {
		if p := enumProblem("procedure", qingfeng.Procedures, c.Procedure); p != nil {
			return p
		}
	}
	if p := d.checkCaseCourt(c, n.Court, n.Legacy); p != nil {
		return p
	}
	return d.checkCaseBody(c, true)
}

// checkCaseBody checks what Chinese and foreign proceedings share: the origin, dates, codes,
// amounts and parties. needMethod says whether a closing date needs a closing method, which
// foreign dockets do not give.
func (d *decoder) checkCaseBody(c *qingfeng.Case, needMethod bool) *Problem {
	if c.OriginNumber != "" {
		if p := d.normaliseAny("origin_case_number", &c.OriginNumber); p != nil {
			return p
		}
	}
	if p := d.checkCaseDates(c, needMethod); p != nil {
		return p
	}
	if c.CauseCode != "" {
		if _, ok := d.codes.Causes.Lookup(c.CauseCode); !ok {
			return rCause.at("cause_code", c.CauseCode)
		}
	}
	amounts := []struct {
		field string
		m     qingfeng.Money
	}{{"amount_claimed", c.AmountClaimed}, {"amount_applied", c.AmountApplied}, {"amount_recovered", c.AmountRecovered}}
	for _, a := range amounts {
		if a.m < 0 {
			return rMoney.at(a.field, a.m.String())
		}
	}
	if p := d.checkParties(c); p != nil {
		return p
	}
	return d.checkAgents(c)
}

// checkCaseCourt checks the handling court, division, judge and panel, and that the case
// number carries the court's 代字 (legacy numbers carry an abbreviation that cannot be checked).
func (d *decoder) checkCaseCourt(c *qingfeng.Case, code string, legacy bool) *Problem {
	court, p := d.court("court_id", c.CourtID)
	if p != nil {
		return p
	}
	if codes := d.refs.courtCodes(court); !legacy && len(codes) > 0 && !slices.Contains(codes, code) {
		return rCourtCode.at("case_number", c.Number, code, codes[0])
	}
	return d.checkCaseStaff(c)
}

// checkCaseStaff checks the division, judge and panel against the reference data.
func (d *decoder) checkCaseStaff(c *qingfeng.Case) *Problem {
	if c.DivisionID != "" {
		div, ok := d.refs.divisions[c.DivisionID]
		if !ok {
			return rUnknownRef.at("division_id", c.DivisionID, nDivision)
		}
		if div.CourtID != c.CourtID {
			return rWrongCourt.at("division_id", c.DivisionID, nDivision)
		}
	}
	if c.JudgeID != "" {
		if _, ok := d.refs.people[c.JudgeID]; !ok {
			return rUnknownRef.at("judge_id", c.JudgeID, nPerson)
		}
	}
	for i, id := range c.Panel {
		if _, ok := d.refs.people[id]; !ok {
			return rUnknownRef.at(fmt.Sprintf("panel[%d]", i), id, nPerson)
		}
	}
	return nil
}

func (d *decoder) checkCaseDates(c *qingfeng.Case, needMethod bool) *Problem {
	if c.FiledOn.IsZero() {
		return rRequired.at("filed_on", "")
	}
	if p := first(
		d.checkDate("received_on", c.ReceivedOn), d.checkDate("filed_on", c.FiledOn), d.checkDate("closed_on", c.ClosedOn),
		notBefore("filed_on", c.FiledOn, "received_on", c.ReceivedOn),
		notBefore("closed_on", c.ClosedOn, "filed_on", c.FiledOn),
	); p != nil {
		return p
	}
	switch {
	case !c.ClosedOn.IsZero() && c.ClosingMethod == "" && needMethod:
		return rClosedNoHow.at("closing_method", "")
	case c.ClosedOn.IsZero() && c.ClosingMethod != "":
		return rHowNotClosed.at("closed_on", "")
	case c.ClosingMethod != "":
		if p := enumProblem("closing_method", qingfeng.ClosingMethods, c.ClosingMethod); p != nil {
			return p
		}
	}
	if c.Outcome != "" {
		return enumProblem("outcome", qingfeng.Outcomes, c.Outcome)
	}
	return nil
}

func (d *decoder) checkParties(c *qingfeng.Case) *Problem {
	for i := range c.Parties {
		pt := &c.Parties[i]
		f := fmt.Sprintf("parties[%d]", i)
		if p := first(required(f+".name", pt.Name), enumProblem(f+".role", qingfeng.PartyRoles, pt.Role),
			enumProblem(f+".type", qingfeng.PartyTypes, pt.Type)); p != nil {
			return p
		}
		if p := d.hashID(f+".id_number", &pt.IDNumber, &pt.IDHash); p != nil {
			return p
		}
	}
	return nil
}

func (d *decoder) checkAgents(c *qingfeng.Case) *Problem {
	for i, a := range c.Agents {
		f := fmt.Sprintf("agents[%d]", i)
		if p := required(f+".lawyer_id", a.LawyerID); p != nil {
			return p
		}
		if !d.refs.lawyers[a.LawyerID] {
			return rUnknownRef.at(f+".lawyer_id", a.LawyerID, nLawyer)
		}
		if a.PartyIndex < 0 || a.PartyIndex >= len(c.Parties) {
			return rPartyIndex.at(f+".party_index", fmt.Sprint(a.PartyIndex), len(c.Parties))
		}
	}
	return nil
}
