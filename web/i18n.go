package web

import (
	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// labels are the interface's words in both languages, looked up by the templates' t function.
var labels = map[string]i18n.Text{
	"app":         {ZH: "清风 · 审判质量与廉政风险平台", EN: "Qingfeng · trial quality and integrity risk"},
	"status":      {ZH: "数据状态", EN: "Data status"},
	"kind":        {ZH: "记录类型", EN: "Record kind"},
	"count":       {ZH: "当前记录数", EN: "Current records"},
	"revisions":   {ZH: "记录日志条数（含历次修订）", EN: "Log entries (every revision)"},
	"quarantined": {ZH: "隔离区待处理记录", EN: "Records in quarantine"},
	"matters":     {ZH: "案（根案件）", EN: "Matters (root proceedings)"},
	"orphans":     {ZH: "原审案号不在数据中的案件", EN: "Proceedings whose origin is not in the data"},
	"version":     {ZH: "版本", EN: "Version"},
	"switch":      {ZH: "English", EN: "中文"},
	"api":         {ZH: "接口", EN: "API"},
	"court":       {ZH: "法院", EN: "Courts"},
	"division":    {ZH: "部门", EN: "Divisions"},
	"person":      {ZH: "工作人员", EN: "Staff"},
	"relative":    {ZH: "申报的近亲属", EN: "Declared relatives"},
	"lawyer":      {ZH: "律师", EN: "Lawyers"},
	"case":        {ZH: "案件（件）", EN: "Proceedings"},
	"event":       {ZH: "流程节点事件", EN: "Process events"},
	"mediation":   {ZH: "诉前调解", EN: "Pre-filing mediations"},
}

func translate(l i18n.Lang, key string) string {
	if t, ok := labels[key]; ok {
		return t.In(l)
	}
	return key
}

// kindOrder lists the record kinds in the order the status page shows them.
func kindOrder() []string {
	out := make([]string, len(qingfeng.Kinds))
	for i, k := range qingfeng.Kinds {
		out[i] = string(k)
	}
	return out
}
