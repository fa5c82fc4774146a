package ingest

import (
	"regexp"
	"strings"

	"golang.org/x/text/width"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// Foreign courts (Court.Country other than CN) number their cases their own way: no 案号 to
// parse, no 代字 to match, no SPC type code to derive the category and stage from. Their
// proceedings are known by qingfeng.ForeignNumber (court id and the court's own number), and
// events and origins refer to them by it.

var (
	rForeignCourt = reason{"case.foreign_court", i18n.Text{
		ZH: "编号所含法院标识“%s”与承办法院“%s”不一致",
		EN: "the number names court %q, but the handling court is %q"}}
	rForeignNumber = reason{"case.external_number", i18n.Text{
		ZH: "案号“%s”与法院自己的编号“%s”不一致",
		EN: "case number %q disagrees with the court's own number %q"}}
	rCountry = reason{"court.country", i18n.Text{
		ZH: "国家代码应为 ISO 3166-1 两位大写字母，如 US",
		EN: "the country must be an ISO 3166-1 two-letter code in capitals, e.g. US"}}
	rForeignID = reason{"court.id", i18n.Text{
		ZH: "境外法院的标识不能含冒号（冒号用于分隔法院标识和案件编号）",
		EN: "a foreign court's id may not contain a colon (it separates court id and case number)"}}
)

var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// checkCountry checks a court's country code and, for foreign courts, that its id can be
// the first part of a ForeignNumber.
func checkCountry(c *qingfeng.Court) *Problem {
	if c.Country == "" {
		return nil
	}
	if !countryCode.MatchString(c.Country) {
		return rCountry.at("country", c.Country)
	}
	if c.Foreign() && strings.Contains(c.ID, ":") {
		return rForeignID.at("id", c.ID)
	}
	return nil
}

// foreignCourt returns the foreign court a ForeignNumber names, if it names one.
func (d *decoder) foreignCourt(number string) (*qingfeng.Court, string, bool) {
	id, ext, ok := qingfeng.SplitForeignNumber(number)
	if !ok {
		return nil, "", false
	}
	c := d.refs.courts[id]
	if c == nil || !c.Foreign() {
		return nil, "", false
	}
	return c, ext, true
}

// normaliseAny normalises a number that refers to a proceeding, 案号 or ForeignNumber.
func (d *decoder) normaliseAny(field string, number *string) *Problem {
	if c, ext, ok := d.foreignCourt(*number); ok {
		ext = normaliseExternal(ext)
		if ext == "" {
			return rRequired.at(field, *number)
		}
		*number = qingfeng.ForeignNumber(c.ID, ext)
		return nil
	}
	_, p := d.normaliseNumber(field, number, nil)
	return p
}

// normaliseExternal is the one spelling of a foreign court's own number: full-width letters,
// digits and punctuation folded to ASCII, spaces trimmed and collapsed. Nothing else is
// changed — "1:15-mc-105" and "1:15-mc-00105" stay different numbers, as the court wrote
// them — because each country's numbering has its own rules and sources copy the court's.
func normaliseExternal(s string) string {
	return strings.Join(strings.Fields(width.Fold.String(s)), " ")
}

// checkForeignCase validates and normalises a proceeding of a foreign court. The number comes
// from external_number, or from case_number written either as the court's own number or as a
// ForeignNumber of the same court; category and stage must be given.
func (d *decoder) checkForeignCase(c *qingfeng.Case, court *qingfeng.Court) *Problem {
	written := c.Number
	fromNumber := c.Number
	if id, ext, ok := qingfeng.SplitForeignNumber(c.Number); ok {
		if _, known := d.refs.courts[id]; known {
			if id != court.ID {
				return rForeignCourt.at("case_number", c.Number, id, court.ID)
			}
			fromNumber = ext
		}
	}
	ext := normaliseExternal(c.ExternalNumber)
	fromNumber = normaliseExternal(fromNumber)
	switch {
	case ext == "" && fromNumber == "":
		return rRequired.at("external_number", "")
	case ext == "":
		ext = fromNumber
	case fromNumber != "" && fromNumber != ext:
		return rForeignNumber.at("case_number", c.Number, fromNumber, ext)
	}
	c.ExternalNumber = ext
	c.Number = qingfeng.ForeignNumber(court.ID, ext)
	if written != "" && written != c.Number && written != ext {
		c.NumberAsWritten = written
	}
	if p := first(enumProblem("category", qingfeng.Categories, c.Category), enumProblem("stage", qingfeng.Stages, c.Stage)); p != nil {
		return p
	}
	if c.Procedure != "" {
		if p := enumProblem("procedure", qingfeng.Procedures, c.Procedure); p != nil {
			return p
		}
	}
	if p := d.checkCaseStaff(c); p != nil {
		return p
	}
	return d.checkCaseBody(c, false)
}
