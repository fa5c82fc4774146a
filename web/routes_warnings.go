package web

import (
	"slices"

	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
)

var queueParams = []param{{"court", "query", "court id or 法院代字 (its whole subtree); one's scope by default"},
	{"rule", "query", "rule ids, comma-separated"}, {"severity", "query", "notice, warning, red; comma-separated"},
	{"state", "query", "open, assigned, verifying, confirmed, dismissed, rectified, closed, withdrawn, or active; comma-separated"},
	{"assignee", "query", "who verifies: a person id, user:<login>, or me"}, {"case", "query", "case number"},
	{"page", "query", "page, from 1"}, {"size", "query", "rows per page (50; at most 500)"}}

var statsParams = []param{{"court", "query", "court id or 法院代字; one's own court by default"},
	{"from", "query", "YYYY-MM-DD; twelve months before to by default"}, {"to", "query", "YYYY-MM-DD; the engine's day by default"}}

// warningRoutes are the routes of the integrity-risk warnings: the queue, a warning with its
// evidence, panorama and handling, the per-rule statistics, and the rule pack in force.
func (s *Server) warningRoutes() []route {
	view, handle := access.ViewWarnings, access.HandleWarnings
	t := func(zh, en string) i18n.Text { return i18n.Text{ZH: zh, EN: en} }
	pAction := param{"action", "path", "assign, verify, confirm, dismiss, rectify, close"}
	return []route{
		{method: "GET", path: "/warnings", kind: pageRoute, perm: view, params: queueParams, sum: t("预警队列", "Warning queue"), h: s.warningsPage},
		{method: "GET", path: "/warnings/stats", kind: pageRoute, perm: view, params: statsParams, sum: t("预警统计：按规则、排除率、分布与本单位走势", "Warning statistics: per rule, dismissal rates, distributions, the unit's history"), h: s.statsPage},
		{method: "GET", path: "/warnings/{id}", kind: pageRoute, perm: view, params: []param{pID}, sum: t("预警页：规则与依据、证据、说明、案件全景、处置与留痕", "A warning: rule and basis, evidence, reasoning, panorama, handling and history"), h: s.warningPage},
		{method: "POST", path: "/warnings/{id}/act", kind: pageRoute, perm: handle, params: []param{pID}, body: "form: csrf, action, assignee, note", sum: t("预警处置（状态机决定可否）", "A handling step (the state machine decides)"), h: s.warningActPost},
		{method: "GET", path: "/api/v1/warnings", kind: apiRoute, perm: view, export: true, params: slices.Concat(queueParams, []param{pFormat}), sum: t("预警列表（导出时为全部行）", "Warnings (an export has every row)"), h: s.apiWarnings},
		{method: "GET", path: "/api/v1/warnings/stats", kind: apiRoute, perm: view, export: true, params: slices.Concat(statsParams, []param{pFormat}), sum: t("预警统计（导出为按规则统计）", "Warning statistics (the export is per rule)"), h: s.apiWarningStats},
		{method: "GET", path: "/api/v1/warnings/{id}", kind: apiRoute, perm: view, params: []param{pID}, sum: t("一条预警：证据、规则、说明、全景、可做的处置与留痕", "A warning with its evidence, rule, reasoning, panorama, open steps and history"), h: s.apiWarning},
		{method: "POST", path: "/api/v1/warnings/{id}/{action}", kind: apiRoute, perm: handle, params: []param{pID, pAction}, body: "{assignee, note}", sum: t("预警处置（分派须核查人，排除须理由）", "A handling step (assign needs an assignee, dismiss a reason)"), h: s.apiWarningAct},
		{method: "GET", path: "/api/v1/rules", kind: apiRoute, perm: access.ViewDefs, export: true, params: []param{pFormat}, sum: t("在用的廉政风险规则包", "The integrity-risk rule pack in force"), h: s.apiRules},
	}
}
