package access

import (
	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// Permission is one thing a principal may do.
type Permission string

// Permissions. Viewing a table includes exporting it; both are audited.
const (
	ViewCourts     Permission = "courts.view"     // the court tree of one's scope
	ViewCases      Permission = "case.view"       // a proceeding, its matter and events
	ViewLedgers    Permission = "ledger.view"     // the proceedings behind an indicator value
	ViewIndicators Permission = "indicator.view"  // the 体检表 and indicator pages
	ViewWarnings   Permission = "warning.view"    // the warning queue and warning pages
	HandleWarnings Permission = "warning.handle"  // assign, verify, confirm, dismiss …
	ViewReviews    Permission = "review.view"     // the 阅核 inbox
	ActReviews     Permission = "review.act"      // review steps
	ViewData       Permission = "data.view"       // sources, last records, quarantine
	Reingest       Permission = "data.reingest"   // retry quarantined records
	ViewDefs       Permission = "defs.view"       // the definition files in force
	ManageUsers    Permission = "users.manage"    // users, roles, scopes
	ManageTokens   Permission = "tokens.manage"   // source systems' API tokens
	SearchAudit    Permission = "audit.search"    // the audit log
	IngestRecords  Permission = "records.ingest"  // push records (source systems only)
	ChangeRules    Permission = "rules.change"    // rule and indicator packs
	ViewOwnStatus  Permission = "status.personal" // one's own account page
)

// Permissions lists every permission.
var Permissions = []Permission{ViewOwnStatus, ViewCourts, ViewCases, ViewLedgers, ViewIndicators, ViewWarnings,
	HandleWarnings, ViewReviews, ActReviews, ViewData, Reingest, ViewDefs, ManageUsers, ManageTokens, SearchAudit,
	IngestRecords, ChangeRules}

// grant says what a role may do and whether it is court-wide or limited to the principal's own
// proceedings (a judge's cases: judge or member of the panel).
type grant struct {
	perm Permission
	own  bool
}

func wide(ps ...Permission) []grant {
	out := make([]grant, len(ps))
	for i, p := range ps {
		out[i] = grant{perm: p}
	}
	return out
}

func own(ps ...Permission) []grant {
	out := make([]grant, len(ps))
	for i, p := range ps {
		out[i] = grant{perm: p, own: true}
	}
	return out
}

// grants is the role table. The administrator runs the installation but reads no casework;
// the auditor reads the audit log, watches the administrator and reads (never handles) the
// warnings and their handling; a judge reads the warnings of the proceedings they run (those
// naming them as the judge), the inspector alone handles warnings; a source system only writes.
var grants = map[qingfeng.UserRole][]grant{
	qingfeng.UserAdmin: wide(ViewOwnStatus, ViewCourts, ViewData, Reingest, ViewDefs, ManageUsers, ManageTokens),
	qingfeng.UserAnalyst: wide(ViewOwnStatus, ViewCourts, ViewCases, ViewLedgers, ViewIndicators, ViewWarnings,
		ViewData, ViewDefs, ChangeRules),
	qingfeng.UserInspector: wide(ViewOwnStatus, ViewCourts, ViewCases, ViewLedgers, ViewIndicators, ViewWarnings,
		HandleWarnings, ViewDefs),
	qingfeng.UserReviewer: wide(ViewOwnStatus, ViewCourts, ViewCases, ViewLedgers, ViewIndicators, ViewWarnings,
		ViewReviews, ActReviews),
	qingfeng.UserJudge: append(wide(ViewOwnStatus, ViewCourts),
		own(ViewCases, ViewLedgers, ViewIndicators, ViewReviews, ViewWarnings)...),
	qingfeng.UserAuditor: wide(ViewOwnStatus, ViewCourts, SearchAudit, ViewDefs, ViewWarnings),
	qingfeng.UserSource:  wide(IngestRecords),
}

// Grants returns the permissions of a role, and for each whether it is limited to the
// principal's own proceedings.
func Grants(r qingfeng.UserRole) map[Permission]bool {
	out := map[Permission]bool{}
	for _, g := range grants[r] {
		out[g.perm] = g.own
	}
	return out
}

// RoleNames are the roles' names in both languages.
var RoleNames = map[qingfeng.UserRole]i18n.Text{
	qingfeng.UserAdmin:     {ZH: "系统管理员", EN: "Administrator"},
	qingfeng.UserAnalyst:   {ZH: "审判管理（审管办）", EN: "Trial management analyst"},
	qingfeng.UserInspector: {ZH: "督察", EN: "Inspector"},
	qingfeng.UserReviewer:  {ZH: "院庭长（阅核）", EN: "President / chief (reviewer)"},
	qingfeng.UserJudge:     {ZH: "法官", EN: "Judge"},
	qingfeng.UserAuditor:   {ZH: "审计员", EN: "Auditor"},
	qingfeng.UserSource:    {ZH: "数据源系统", EN: "Source system"},
}
