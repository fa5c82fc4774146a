package ingest

import (
	"errors"
	"fmt"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// earliest is the first date a record may carry: the People's Republic's courts begin in 1949.
var earliest = qingfeng.NewDate(1949, 1, 1)

func enumProblem[T ~string](field string, set []T, v T) *Problem {
	if qingfeng.Valid(set, v) {
		return nil
	}
	names := make([]string, len(set))
	for i, s := range set {
		names[i] = string(s)
	}
	return rEnum.at(field, string(v), strings.Join(names, " "))
}

func required(field, v string) *Problem {
	if strings.TrimSpace(v) == "" {
		return rRequired.at(field, v)
	}
	return nil
}

// checkDate rejects dates before 1949 and after today.
func (d *decoder) checkDate(field string, v qingfeng.Date) *Problem {
	switch {
	case v.IsZero():
		return nil
	case v < earliest:
		return rDateRange.at(field, v.String())
	case v > d.today:
		return rDateFuture.at(field, v.String(), d.today.String())
	}
	return nil
}

// notBefore rejects a date earlier than an earlier-named field's date.
func notBefore(field string, v qingfeng.Date, otherField string, other qingfeng.Date) *Problem {
	if v.IsZero() || other.IsZero() || v >= other {
		return nil
	}
	return rDateOrder.at(field, v.String(), otherField, other.String())
}

// hashID replaces an identity number by its keyed hash after checking resident numbers.
func (d *decoder) hashID(field string, number, hash *string) *Problem {
	n := strings.TrimSpace(*number)
	if n == "" {
		return nil
	}
	if looksLikeResidentID(n) {
		if err := checkResidentID(n); err != nil {
			return rIDNumber.at(field, "(hidden)", err.Error())
		}
	}
	*hash = d.hasher.Hash(n)
	*number = ""
	return nil
}

func first(ps ...*Problem) *Problem {
	for _, p := range ps {
		if p != nil {
			return p
		}
	}
	return nil
}

func (d *decoder) checkCourt(c *qingfeng.Court) *Problem {
	if p := first(required("id", c.ID), required("name", c.Name), enumProblem("level", qingfeng.CourtLevels, c.Level)); p != nil {
		return p
	}
	if c.Level != qingfeng.LevelTribunal {
		if p := required("code", c.Code); p != nil {
			return p
		}
	}
	if p := checkCountry(c); p != nil {
		return p
	}
	if c.ParentID != "" {
		if _, ok := d.refs.courts[c.ParentID]; !ok {
			return rUnknownRef.at("parent_id", c.ParentID, nParentCourt)
		}
		for p, seen := c.ParentID, 0; p != "" && seen < 16; seen++ {
			if p == c.ID {
				return rParentLoop.at("parent_id", c.ParentID)
			}
			p = d.refs.courts[p].ParentID
		}
	}
	return nil
}

func (d *decoder) court(field, id string) (*qingfeng.Court, *Problem) {
	if p := required(field, id); p != nil {
		return nil, p
	}
	c, ok := d.refs.courts[id]
	if !ok {
		return nil, rUnknownRef.at(field, id, nCourt)
	}
	return c, nil
}

func (d *decoder) checkDivision(v *qingfeng.Division) *Problem {
	if p := first(required("id", v.ID), required("name", v.Name), enumProblem("line", qingfeng.Lines, v.Line)); p != nil {
		return p
	}
	_, p := d.court("court_id", v.CourtID)
	return p
}

func (d *decoder) checkPerson(v *qingfeng.Person) *Problem {
	if p := first(required("id", v.ID), required("name", v.Name)); p != nil {
		return p
	}
	if _, p := d.court("court_id", v.CourtID); p != nil {
		return p
	}
	if v.DivisionID != "" {
		if _, ok := d.refs.divisions[v.DivisionID]; !ok {
			return rUnknownRef.at("division_id", v.DivisionID, nDivision)
		}
	}
	if len(v.Roles) == 0 {
		return rRequired.at("roles", "")
	}
	for i, r := range v.Roles {
		if p := enumProblem(fmt.Sprintf("roles[%d]", i), qingfeng.Roles, r); p != nil {
			return p
		}
	}
	if p := first(d.checkDate("from", v.From), d.checkDate("to", v.To), notBefore("to", v.To, "from", v.From)); p != nil {
		return p
	}
	for i, s := range v.StatusPeriods {
		f := fmt.Sprintf("status_periods[%d]", i)
		if p := first(required(f+".status", s.Status), notBefore(f+".to", s.To, f+".from", s.From)); p != nil {
			return p
		}
		if s.From.IsZero() {
			return rRequired.at(f+".from", "")
		}
	}
	return nil
}

func (d *decoder) checkRelative(v *qingfeng.Relative) *Problem {
	if p := first(required("person_id", v.PersonID), required("name", v.Name), required("relation", v.Relation)); p != nil {
		return p
	}
	if _, ok := d.refs.people[v.PersonID]; !ok {
		return rUnknownRef.at("person_id", v.PersonID, nPerson)
	}
	return d.hashID("id_number", &v.IDNumber, &v.IDHash)
}

func (d *decoder) checkLawyer(v *qingfeng.Lawyer) *Problem {
	if p := first(required("id", v.ID), required("name", v.Name)); p != nil {
		return p
	}
	if f := v.FormerCourtStaff; f != nil {
		if _, p := d.court("former_court_staff.court_id", f.CourtID); p != nil {
			return p
		}
		if p := d.checkDate("former_court_staff.left_on", f.LeftOn); p != nil {
			return p
		}
	}
	return d.hashID("id_number", &v.IDNumber, &v.IDHash)
}

func (d *decoder) checkMediation(v *qingfeng.Mediation) *Problem {
	if p := required("id", v.ID); p != nil {
		return p
	}
	if _, p := d.court("court_id", v.CourtID); p != nil {
		return p
	}
	if v.StartedOn.IsZero() {
		return rRequired.at("started_on", "")
	}
	if p := first(d.checkDate("started_on", v.StartedOn), d.checkDate("concluded_on", v.ConcludedOn),
		notBefore("concluded_on", v.ConcludedOn, "started_on", v.StartedOn)); p != nil {
		return p
	}
	if v.CaseNumber != "" {
		return d.normaliseAny("case_number", &v.CaseNumber)
	}
	return nil
}

// normaliseNumber parses a case number in place into its normalised spelling; asWritten, when
// not nil, receives the source's spelling if it differed. It returns the parsed number.
func (d *decoder) normaliseNumber(field string, number *string, asWritten *string) (casenum.Number, *Problem) {
	p, ok := d.numbers.get(*number)
	if !ok {
		n, err := d.types.Parse(*number)
		if err != nil {
			msg := i18n.Text{ZH: err.Error(), EN: err.Error()}
			var ce *casenum.Error
			if errors.As(err, &ce) {
				msg = i18n.Text{ZH: ce.Message, EN: ce.MessageEn}
			}
			return casenum.Number{}, rCaseNumber.at(field, *number, msg)
		}
		p = parsedNumber{n: n, s: n.String()}
		d.numbers.put(*number, p)
	}
	if p.s != *number {
		if asWritten != nil {
			*asWritten = *number
		}
		*number = p.s
	}
	return p.n, nil
}
