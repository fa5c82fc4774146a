package web

import (
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
)

var (
	pUnit   = param{"unit", "query", "court:ID (or a 法院代字), division:ID or judge:ID; one's court, or oneself for a judge, by default"}
	pPeriod = param{"period", "query", "2024, 2024Q3, 2024-03, 2024YTD09; the year to date of the data by default"}
	pPack   = param{"pack", "query", "indicator pack: spc-2024-09 (default; intl for a foreign court), spc-2024-01, intl"}
	pPackP  = param{"pack", "path", "indicator pack"}
	pIndP   = param{"id", "path", "indicator id, e.g. E1"}
	pCase   = param{"case", "query", "case number"}
)

// engineRoutes are the routes of the engines' pages and APIs: indicators (体检表, indicator
// pages, ledgers), 阅核 and the warnings (routes_warnings.go). The JSON of /api/v1/reviews is
// package reviewapi's, served behind these entries' checks.
func (s *Server) engineRoutes() []route {
	ind, led, rev := access.ViewIndicators, access.ViewLedgers, access.ViewReviews
	t := func(zh, en string) i18n.Text { return i18n.Text{ZH: zh, EN: en} }
	return append([]route{
		{method: "GET", path: "/indicators", kind: pageRoute, perm: ind, params: []param{pUnit, pPeriod, pPack}, sum: t("体检表", "Indicator sheet (体检表)"), h: s.sheetPage},
		{method: "GET", path: "/indicators/{pack}/{id}", kind: pageRoute, perm: ind, params: []param{pPackP, pIndP, pUnit, pPeriod}, sum: t("指标页：趋势、下级分布、部门与法官", "Indicator: trend, courts below, divisions and judges"), h: s.indicatorPage},
		{method: "GET", path: "/indicators/{pack}/{id}/ledger", kind: pageRoute, perm: led, params: []param{pPackP, pIndP, pUnit, pPeriod, {"side", "query", "numerator (default) or denominator"}, {"page", "query", "page, from 1"}, {"size", "query", "rows per page (50; at most 500)"}}, sum: t("指标台账：数值背后的案件", "Ledger: the proceedings behind a value"), h: s.ledgerPage},
		{method: "GET", path: "/api/v1/indicators/packs", kind: apiRoute, perm: ind, sum: t("指标包与指标定义（口径）", "Indicator packs and their definitions"), h: s.apiPacks},
		{method: "GET", path: "/api/v1/indicators/units", kind: apiRoute, perm: ind, export: true, params: []param{{"kind", "query", "court (default), division or judge"}, pFormat}, sum: t("范围内可查看指标的单位", "The units of one's scope"), h: s.apiUnits},
		{method: "GET", path: "/api/v1/indicators/sheet", kind: apiRoute, perm: ind, export: true, params: []param{pUnit, pPeriod, pPack, pFormat}, sum: t("体检表：各指标数值、区间、同比、异动、走势与下级分布", "Indicator sheet: values, ranges, year on year, abnormal movements, sparklines, courts below"), h: s.apiSheet},
		{method: "GET", path: "/api/v1/indicators/{pack}/{id}", kind: apiRoute, perm: ind, export: true, params: []param{pPackP, pIndP, pUnit, pPeriod, pFormat}, sum: t("一个指标：数值、月度趋势、下级分布、部门与法官", "One indicator: value, monthly trend, courts below, divisions and judges"), h: s.apiIndicator},
		{method: "GET", path: "/api/v1/indicators/{pack}/{id}/ledger", kind: apiRoute, perm: led, export: true, params: []param{pPackP, pIndP, pUnit, pPeriod, {"side", "query", "numerator or denominator"}, {"page", "query", "page"}, {"size", "query", "rows per page"}, pFormat}, sum: t("指标台账（导出时为全部行）", "Ledger (an export has every row)"), h: s.apiLedger},

		{method: "GET", path: "/reviews", kind: pageRoute, perm: rev, sum: t("阅核收件箱与审限预警", "Review inbox and deadline warnings"), h: s.inboxPage},
		{method: "GET", path: "/reviews/decisions/{id}", kind: pageRoute, perm: rev, params: []param{pID}, sum: t("阅核页：裁判文书、可做的操作、留痕", "A decision under review: the document, the actions open, the trail"), h: s.decisionPage},
		{method: "POST", path: "/reviews/decisions/{id}/act", kind: pageRoute, perm: rev, params: []param{pID}, body: "form: csrf, action, reason, measure, result, majority, outcome, part, text", sum: t("阅核操作（状态机决定可否）", "A review step (the state machine decides)"), h: s.actPost},
		{method: "GET", path: "/reviews/flags", kind: pageRoute, perm: rev, export: true, params: []param{pFormat}, sum: t("四类案件标注", "四类 flags"), h: s.flagsPage},
		{method: "GET", path: "/reviews/register", kind: pageRoute, perm: rev, export: true, params: []param{pFormat}, sum: t("过问干预登记", "The interference register"), h: s.registerPage},
		{method: "POST", path: "/reviews/register", kind: pageRoute, perm: rev, body: "form: csrf, case_number, by, channel, content", sum: t("登记过问干预", "Register an enquiry"), h: s.registerPost},

		{method: "GET", path: "/api/v1/reviews", kind: apiRoute, perm: rev, params: []param{pCase, {"reviewer", "query", "reviewer's person id"}, {"state", "query", "states, comma-separated"}, {"source", "query", "api or event"}, {"after", "query", "paging: ids after this"}, pLimit}, sum: t("裁判文书阅核列表", "Decisions under review"), h: s.reviewAPI},
		{method: "POST", path: "/api/v1/reviews", kind: apiRoute, perm: rev, body: "{case_number, kind, operative, reasoning}", sum: t("起草裁判文书（限合议庭）", "Draft a decision (the panel only)"), h: s.reviewAPI},
		{method: "GET", path: "/api/v1/reviews/inbox", kind: apiRoute, perm: rev, sum: t("待我处理的阅核", "Decisions waiting on me"), h: s.reviewAPI},
		{method: "GET", path: "/api/v1/reviews/warnings", kind: apiRoute, perm: rev, params: []param{{"as_of", "query", "YYYY-MM-DD"}}, sum: t("审限与阅核滞留预警（R-21）", "Deadline and stale-review warnings (R-21)"), h: s.reviewAPI},
		{method: "GET", path: "/api/v1/reviews/anomalies", kind: apiRoute, perm: rev, sum: t("违反阅核规则的记录", "Breaches of the review invariants"), h: s.reviewAPI},
		{method: "GET", path: "/api/v1/reviews/decisions/{id}", kind: apiRoute, perm: rev, params: []param{pID}, sum: t("一份裁判文书及可做的操作", "A decision and the actions open"), h: s.reviewAPI},
		{method: "GET", path: "/api/v1/reviews/decisions/{id}/trail", kind: apiRoute, perm: rev, params: []param{pID}, sum: t("阅核留痕", "The decision's trail"), h: s.reviewAPI},
		{method: "GET", path: "/api/v1/reviews/decisions/{id}/events", kind: apiRoute, perm: rev, params: []param{pID}, sum: t("阅核步骤的标准事件（JSON Lines）", "The accepted steps as interchange events (JSON Lines)"), h: s.reviewAPI},
		{method: "POST", path: "/api/v1/reviews/decisions/{id}/{action}", kind: apiRoute, perm: rev, params: []param{pID, {"action", "path", "edit, submit, agree, disagree, reconsider, pjm_opinion, follow_pjm, depart_pjm, escalate, withdraw, approve_committee, committee_decide, issue"}}, body: "{reason, measure, result, majority, outcome, part, text}", sum: t("阅核操作（状态机决定可否）", "A review step (the state machine decides)"), h: s.reviewAPI},
		{method: "GET", path: "/api/v1/reviews/flags", kind: apiRoute, perm: rev, params: []param{pCase}, sum: t("四类案件标注", "四类 flags"), h: s.reviewAPI},
		{method: "POST", path: "/api/v1/reviews/flags", kind: apiRoute, perm: rev, body: "{case_number, sub_type, reason}", sum: t("标注四类案件", "Flag a 四类 case"), h: s.reviewAPI},
		{method: "POST", path: "/api/v1/reviews/flags/{id}/unflag", kind: apiRoute, perm: rev, params: []param{pID}, body: "{reason}", sum: t("申请撤销四类标注", "Ask to remove a flag"), h: s.reviewAPI},
		{method: "POST", path: "/api/v1/reviews/flags/{id}/approve-unflag", kind: apiRoute, perm: rev, params: []param{pID}, sum: t("批准撤销四类标注（须另一位院庭长）", "Approve a flag's removal (another 院庭长)"), h: s.reviewAPI},
		{method: "GET", path: "/api/v1/reviews/enquiries", kind: apiRoute, perm: rev, params: []param{pCase}, sum: t("过问干预登记", "The interference register"), h: s.reviewAPI},
		{method: "POST", path: "/api/v1/reviews/enquiries", kind: apiRoute, perm: rev, body: "{case_number, by, channel, content}", sum: t("登记过问干预", "Register an enquiry"), h: s.reviewAPI},
		{method: "PUT", path: "/api/v1/reviews/enquiries/{id}", kind: apiRoute, perm: rev, params: []param{pID}, sum: t("修改登记（一律拒绝并留痕）", "Change an entry (always refused, on the trail)"), h: s.reviewAPI},
		{method: "PATCH", path: "/api/v1/reviews/enquiries/{id}", kind: apiRoute, perm: rev, params: []param{pID}, sum: t("修改登记（一律拒绝并留痕）", "Change an entry (always refused, on the trail)"), h: s.reviewAPI},
		{method: "DELETE", path: "/api/v1/reviews/enquiries/{id}", kind: apiRoute, perm: rev, params: []param{pID}, sum: t("删除登记（一律拒绝并留痕）", "Delete an entry (always refused, on the trail)"), h: s.reviewAPI},
	}, s.warningRoutes()...)
}
