package calendar

import (
	"fmt"
	"slices"

	"github.com/qingfeng-court/qingfeng"
)

// The shapes of timelimits.yaml, and their conversion into checked Limits. Each conversion
// returns the YAML key to blame and the reason when a check fails.

type limitsDoc struct {
	Limits  []limitRow  `yaml:"limits"`
	Reasons []reasonRow `yaml:"deduction_reasons"`
}

type limitRow struct {
	ID         string    `yaml:"id"`
	Name       string    `yaml:"name"`
	NameEn     string    `yaml:"name_en"`
	Match      *matchRow `yaml:"match"`
	Amount     int       `yaml:"amount"`
	Unit       string    `yaml:"unit"`
	Extensions []extRow  `yaml:"extensions"`
	Basis      string    `yaml:"basis"`
	Note       string    `yaml:"note"`
}

type matchRow struct {
	Category      []string `yaml:"category"`
	Stage         []string `yaml:"stage"`
	Procedure     []string `yaml:"procedure"`
	LongerLimit   *bool    `yaml:"longer_limit"`
	NonLitigation *bool    `yaml:"non_litigation"`
	OriginStage   []string `yaml:"origin_stage"`
	OriginClosing []string `yaml:"origin_closing"`
}

type extRow struct {
	Approver string `yaml:"approver"`
	Amount   int    `yaml:"amount"`
	Unit     string `yaml:"unit"`
}

type periodRow struct {
	Amount int    `yaml:"amount"`
	Unit   string `yaml:"unit"`
}

type reasonRow struct {
	Code   string     `yaml:"code"`
	Name   string     `yaml:"name"`
	NameEn string     `yaml:"name_en"`
	Basis  string     `yaml:"basis"`
	Max    *periodRow `yaml:"max"`
}

func (r limitRow) limit() (lim Limit, key, reason string) {
	lim = Limit{ID: r.ID, Name: r.Name, NameEn: r.NameEn, Basis: r.Basis, Note: r.Note,
		Period: Period{Amount: r.Amount, Unit: Unit(r.Unit)}}
	switch {
	case r.ID == "":
		return lim, "id", "a limit needs an id"
	case r.Name == "" || r.NameEn == "":
		return lim, "name", "a limit needs name and name_en"
	case r.Basis == "":
		return lim, "basis", "a limit needs its basis (law and article)"
	case !slices.Contains(units, lim.Unit):
		return lim, "unit", fmt.Sprintf("unknown unit %q (want one of %v)", r.Unit, units)
	case r.Amount <= 0:
		return lim, "amount", "amount must be positive"
	}
	for _, e := range r.Extensions {
		ext := Extension{Period: Period{Amount: e.Amount, Unit: Unit(e.Unit)}, Approver: Approver(e.Approver)}
		if ext.Approver != "" && !slices.Contains(approvers, ext.Approver) {
			return lim, "extensions", fmt.Sprintf("unknown approver %q (want one of %v)", e.Approver, approvers)
		}
		capped := e.Amount > 0 && ext.IsDuration() && slices.Contains(units, ext.Unit)
		if !capped && (e.Amount != 0 || e.Unit != "") {
			return lim, "extensions", "an extension gives both a positive amount and a duration unit, or neither"
		}
		lim.Extensions = append(lim.Extensions, ext)
	}
	if r.Match == nil {
		return lim, "", ""
	}
	if !lim.IsDuration() {
		return lim, "unit", "a proceeding's limit must be a duration"
	}
	m, reason := r.Match.match()
	lim.Match = m
	return lim, "match", reason
}

func (r matchRow) match() (*Match, string) {
	m := &Match{LongerLimit: r.LongerLimit, NonLitigation: r.NonLitigation}
	var bad []string
	m.Categories, bad = vocab(r.Category, qingfeng.Categories, false)
	if len(bad) == 0 {
		m.Stages, bad = vocab(r.Stage, qingfeng.Stages, false)
	}
	if len(bad) == 0 {
		m.Procedures, bad = vocab(r.Procedure, qingfeng.Procedures, true)
	}
	if len(bad) == 0 {
		m.OriginStages, bad = vocab(r.OriginStage, qingfeng.Stages, false)
	}
	if len(bad) == 0 {
		m.OriginClosings, bad = vocab(r.OriginClosing, qingfeng.ClosingMethods, false)
	}
	if len(bad) > 0 {
		return m, fmt.Sprintf("unknown value %q in match", bad[0])
	}
	if len(m.Categories)+len(m.Stages)+len(m.Procedures) == 0 {
		return m, "a match needs at least a category, stage or procedure"
	}
	return m, ""
}

// vocab converts values to T, returning those not in set; "" is allowed when allowEmpty.
func vocab[T ~string](values []string, set []T, allowEmpty bool) (out []T, bad []string) {
	for _, v := range values {
		t := T(v)
		if !qingfeng.Valid(set, t) && !(allowEmpty && v == "") {
			bad = append(bad, v)
		}
		out = append(out, t)
	}
	return out, bad
}

func (r reasonRow) reason() (rs Reason, key, reason string) {
	rs = Reason{Code: r.Code, Name: r.Name, NameEn: r.NameEn, Basis: r.Basis}
	switch {
	case r.Code == "":
		return rs, "code", "a deduction reason needs a code"
	case r.Name == "" || r.NameEn == "":
		return rs, "name", "a deduction reason needs name and name_en"
	case r.Basis == "":
		return rs, "basis", "a deduction reason needs its basis"
	}
	if r.Max != nil {
		rs.Max = Period{Amount: r.Max.Amount, Unit: Unit(r.Max.Unit)}
		if !rs.Max.IsDuration() || !slices.Contains(units, rs.Max.Unit) {
			return rs, "max", "max needs a positive amount and a duration unit"
		}
	}
	return rs, "", ""
}
