package ingest

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// attrCheck is what one event attribute must look like. Only attributes that rules compute
// with are checked; the rest are kept as sent.
type attrCheck struct {
	name     string
	kind     string // "int" (positive integer), "money", "date", "enum"
	required bool
	values   []string // for enum
}

// eventAttrs lists the checked attributes per event type (docs/data-format.md, event table).
var eventAttrs = map[string][]attrCheck{
	"assigned":              {{name: "method", kind: "enum", values: []string{"random", "designated"}}},
	"extension_requested":   {{name: "days", kind: "int", required: true}},
	"extension_approved":    {{name: "days", kind: "int", required: true}},
	"commutation_published": {{name: "days", kind: "int"}},
	"funds_received":        {{name: "amount", kind: "money", required: true}},
	"funds_disbursed":       {{name: "amount", kind: "money", required: true}},
	"preservation_executed": {{name: "amount", kind: "money"}},
	"auction_held":          {{name: "price", kind: "money"}},
	"auction_noticed":       {{name: "auction_on", kind: "date"}},
	"seized":                {{name: "until", kind: "date"}, {name: "asset_kind", kind: "enum", values: []string{"deposit", "movable", "real_estate", "other"}}},
	"review_disagreed":      {{name: "measure", kind: "enum", required: true, values: []string{"reconsider", "pjm", "committee"}}},
	"panel_reconsidered":    {{name: "result", kind: "enum", values: []string{"changed", "maintained"}}},
	"document_edited":       {{name: "part", kind: "enum", required: true, values: []string{"operative", "reasoning"}}},
	"petition_received":     {{name: "kind", kind: "enum", values: []string{"petition", "complaint", "report"}}},
	"commutation_proposed":  {{name: "reduction_months", kind: "int"}, {name: "sentence_months", kind: "int"}, {name: "served_months", kind: "int"}},
	"procedure_converted":   {{name: "to", kind: "enum", required: true, values: procedureNames()}},
	"four_type_flagged":     {{name: "type", kind: "fourtype"}},
	"docket_entry":          {{name: "filed_on", kind: "date"}, {name: "entered_on", kind: "date"}},
}

// fourType is a 四类案件 type (法发〔2021〕30号 lists four) with an optional local sub-type.
var fourType = regexp.MustCompile(`^[1-4](\.[0-9]{1,2})?$`)

func procedureNames() []string {
	out := make([]string, len(qingfeng.Procedures))
	for i, p := range qingfeng.Procedures {
		out[i] = string(p)
	}
	return out
}

func (d *decoder) checkEvent(e *qingfeng.Event) *Problem {
	if p := first(required("case_number", e.CaseNumber), required("type", e.Type)); p != nil {
		return p
	}
	if p := d.normaliseAny("case_number", &e.CaseNumber); p != nil {
		return p
	}
	if e.At.IsZero() {
		return rRequired.at("at", "")
	}
	if p := d.checkDate("at", e.Date()); p != nil {
		return p
	}
	for _, c := range eventAttrs[e.Type] {
		if p := checkAttr(e, c); p != nil {
			return p
		}
	}
	return nil
}

func checkAttr(e *qingfeng.Event, c attrCheck) *Problem {
	field := "attrs." + c.name
	raw, present := e.Attrs[c.name]
	if !present || raw == nil {
		if c.required {
			return rRequired.at(field, "")
		}
		return nil
	}
	value := e.Str(c.name)
	switch c.kind {
	case "int":
		if n, ok := e.Int(c.name); !ok || n < 0 || fmt.Sprint(n) != strings.TrimSuffix(value, ".0") {
			return rAttr.at(field, value, i18n.Text{ZH: "需要非负整数", EN: "a non-negative integer is required"})
		}
	case "money":
		if _, ok := e.Money(c.name); !ok {
			return rAttr.at(field, value, i18n.Text{ZH: "需要以元为单位、最多两位小数的金额", EN: "an amount in yuan with at most two decimals is required"})
		}
	case "date":
		if _, ok := e.DateAttr(c.name); !ok {
			return rAttr.at(field, value, i18n.Text{ZH: "需要 YYYY-MM-DD 格式的日期", EN: "a YYYY-MM-DD date is required"})
		}
	case "fourtype":
		if !fourType.MatchString(value) {
			return rAttr.at(field, value, i18n.Text{ZH: "四类案件类型应为 1–4，可带子类，如 1 或 2.1", EN: "a 四类 type is 1–4, optionally with a sub-type, e.g. 1 or 2.1"})
		}
	case "enum":
		for _, v := range c.values {
			if v == value {
				return nil
			}
		}
		return rAttr.at(field, value, strings.Join(c.values, " "))
	}
	return nil
}
