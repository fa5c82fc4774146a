package ingest

import (
	"fmt"

	"github.com/qingfeng-court/qingfeng/i18n"
)

// Problem is why a record was rejected: the field, the value and a coded reason with its
// message in both languages.
type Problem struct {
	Field string
	Value string
	Code  string
	ZH    string
	EN    string
}

func (p *Problem) Error() string {
	if p.Field == "" {
		return p.EN
	}
	return fmt.Sprintf("field %s (%q): %s", p.Field, p.Value, p.EN)
}

// Message returns the reason in language l, naming the field and value.
func (p *Problem) Message(l i18n.Lang) string {
	msg := p.ZH
	if l == i18n.EN {
		msg = p.EN
	}
	if p.Field == "" {
		return msg
	}
	if l == i18n.EN {
		return fmt.Sprintf("field %s = %q: %s", p.Field, p.Value, msg)
	}
	return fmt.Sprintf("字段 %s = %q：%s", p.Field, p.Value, msg)
}

// reason is a coded message template.
type reason struct {
	code string
	text i18n.Text
}

func (r reason) at(field, value string, args ...any) *Problem {
	return &Problem{Field: field, Value: clip(value), Code: r.code, ZH: r.text.In(i18n.ZH, args...), EN: r.text.In(i18n.EN, args...)}
}

func clip(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}

// Names of the things a reference can point at.
var (
	nCourt       = i18n.Text{ZH: "法院", EN: "court"}
	nParentCourt = i18n.Text{ZH: "上级法院", EN: "parent court"}
	nDivision    = i18n.Text{ZH: "部门", EN: "division"}
	nPerson      = i18n.Text{ZH: "工作人员", EN: "staff member"}
	nLawyer      = i18n.Text{ZH: "律师", EN: "lawyer"}
	nCategory    = i18n.Text{ZH: "案件类别", EN: "category"}
	nStage       = i18n.Text{ZH: "审判阶段", EN: "stage"}
)

// The reasons a record can be rejected for. Codes are stable: tools and tests match on them.
var (
	rJSON          = reason{"json.syntax", i18n.Text{ZH: "不是合法的 JSON：%s", EN: "not valid JSON: %s"}}
	rJSONField     = reason{"json.field", i18n.Text{ZH: "取值类型或格式不对：%s", EN: "wrong type or format: %s"}}
	rKind          = reason{"record.kind", i18n.Text{ZH: "未知的记录类型（kind）", EN: "unknown record kind"}}
	rRequired      = reason{"field.required", i18n.Text{ZH: "必填字段为空", EN: "required field is empty"}}
	rEnum          = reason{"field.enum", i18n.Text{ZH: "不是允许的取值，应为：%s", EN: "not an allowed value; expected one of: %s"}}
	rCaseNumber    = reason{"case.number", i18n.Text{ZH: "案号无法识别：%s", EN: "case number not recognised: %s"}}
	rStageMismatch = reason{"case.stage_mismatch", i18n.Text{ZH: "与案号类型代字“%s”对应的%s“%s”不一致", EN: "disagrees with the case-type code %q, which means %s %q"}}
	rCourtCode     = reason{"case.court_code", i18n.Text{ZH: "案号中的法院代字“%s”与承办法院代字“%s”不一致", EN: "the court code %q in the case number is not the handling court's code %q"}}
	rUnknownRef    = reason{"ref.unknown", i18n.Text{ZH: "引用的%s不存在（请先导入该基础数据，再重新导入本记录）", EN: "refers to a %s that is not loaded (load that reference data first, then re-ingest this record)"}}
	rWrongCourt    = reason{"ref.other_court", i18n.Text{ZH: "该%s不属于本案承办法院", EN: "this %s does not belong to the handling court"}}
	rDateOrder     = reason{"date.order", i18n.Text{ZH: "日期早于%s（%s）", EN: "date is before %s (%s)"}}
	rDateFuture    = reason{"date.future", i18n.Text{ZH: "日期晚于当前日期 %s", EN: "date is after today, %s"}}
	rDateRange     = reason{"date.range", i18n.Text{ZH: "日期超出合理范围（1949 年以后）", EN: "date out of range (before 1949)"}}
	rClosedNoHow   = reason{"case.closing_method", i18n.Text{ZH: "已结案但缺少结案方式", EN: "closed but no closing method"}}
	rHowNotClosed  = reason{"case.not_closed", i18n.Text{ZH: "有结案方式但没有结案日期", EN: "closing method given but no closing date"}}
	rCause         = reason{"case.cause", i18n.Text{ZH: "案由代码不在案由表中（可在 defs/codes/causes.yaml 中补充后重新导入）", EN: "cause code not in the cause table (add it to defs/codes/causes.yaml, then re-ingest)"}}
	rIDNumber      = reason{"id.number", i18n.Text{ZH: "身份证号码无效：%s", EN: "invalid identity number: %s"}}
	rPartyIndex    = reason{"agent.party_index", i18n.Text{ZH: "代理人指向的当事人序号不存在（共 %d 名当事人）", EN: "agent points at a party that does not exist (%d parties)"}}
	rMoney         = reason{"money.negative", i18n.Text{ZH: "金额不能为负", EN: "amount must not be negative"}}
	rAttr          = reason{"event.attr", i18n.Text{ZH: "事件属性不合要求：%s", EN: "event attribute invalid: %s"}}
	rCSV           = reason{"csv.row", i18n.Text{ZH: "CSV 行无法解析：%s", EN: "CSV row cannot be read: %s"}}
	rMapping       = reason{"profile.map", i18n.Text{ZH: "取值在映射表中没有对应项", EN: "value has no entry in the profile's code map"}}
	rDateFormat    = reason{"profile.date", i18n.Text{ZH: "日期格式不符合配置（%s）", EN: "date does not match the profile's formats (%s)"}}
	rParentLoop    = reason{"court.parent_loop", i18n.Text{ZH: "上级法院关系形成循环", EN: "the court's parent chain loops"}}
)
