package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

func warningPath(prefix string, x qingfeng.Warning) string {
	return prefix + strconv.FormatInt(x.ID, 10)
}

// TestOutOfScopeWarningsAreRefusedAndAudited: a warning of a court outside the viewer's scope
// answers exactly as a missing one (404, nothing of it shown), and the refusal is in the audit
// log with the warning's court; a missing id is logged as a failed lookup; a view in scope is
// logged with its court.
func TestOutOfScopeWarningsAreRefusedAndAudited(t *testing.T) {
	w := newWorld(t)
	f := w.warningFixture()
	w.addUser("gulou-inspector", ownCourt, "", inspector)
	c := w.as("gulou-inspector")
	for _, p := range []string{warningPath("/warnings/", f.other), warningPath("/api/v1/warnings/", f.other)} {
		got := c.get(p)
		if got.code != http.StatusNotFound || strings.Contains(string(got.body), "思明") || strings.Contains(string(got.body), numOther) {
			t.Fatalf("%s: %d, want a plain 404: %.300s", p, got.code, got.body)
		}
	}
	// Handling it is refused the same way and does not change it.
	if got := c.postJSON(warningPath("/api/v1/warnings/", f.other)+"/verify", map[string]any{}); got.code != http.StatusNotFound {
		t.Fatalf("verify out of scope: %d", got.code)
	}
	es := w.auditEntries(store.AuditFilter{Actor: "gulou-inspector", Action: "warning.", Outcome: qingfeng.AuditDenied})
	if len(es) != 3 {
		t.Fatalf("denied warning requests in the audit log: %+v", es)
	}
	for _, e := range es {
		if e.CourtID != otherCourt || e.Object != warningPath("warnings/", f.other) {
			t.Errorf("denial logged as %+v", e)
		}
	}
	if d, err := w.risk.Warning(t.Context(), f.other.ID, nil); err != nil || d.Warning.State != qingfeng.StateOpen {
		t.Fatalf("the out-of-scope warning after the attempt: %+v %v", d, err)
	}
	// A queue filtered on a court outside the scope is refused too.
	if got := c.get("/api/v1/warnings?court=" + otherCourt); got.code != http.StatusNotFound {
		t.Fatalf("queue of another court: %d", got.code)
	}
	// The whole queue holds only the scope's warnings.
	var q struct {
		Total int                `json:"total"`
		Items []qingfeng.Warning `json:"items"`
	}
	if got := c.get("/api/v1/warnings?size=500"); got.code != http.StatusOK || json.Unmarshal(got.body, &q) != nil {
		t.Fatalf("queue: %d %s", got.code, got.body)
	}
	if q.Total == 0 || len(q.Items) != q.Total {
		t.Fatalf("queue of %d warnings, %d items", q.Total, len(q.Items))
	}
	for _, x := range q.Items {
		if x.CourtID != ownCourt {
			t.Errorf("warning %d of court %s in the queue of %s", x.ID, x.CourtID, ownCourt)
		}
	}
	c.get("/warnings/999999")
	if es := w.auditEntries(store.AuditFilter{Actor: "gulou-inspector", Action: "warning.view", Outcome: qingfeng.AuditFailed}); len(es) != 1 {
		t.Fatalf("failed lookups: %+v", es)
	}
	c.get(warningPath("/warnings/", f.own))
	es = w.auditEntries(store.AuditFilter{Actor: "gulou-inspector", Action: "warning.view", Outcome: qingfeng.AuditOK})
	if len(es) != 1 || es[0].CourtID != ownCourt || !strings.Contains(es[0].Detail, "R-14") {
		t.Fatalf("warning views: %+v", es)
	}
}

// TestJudgeSeesWarningsOnOwnCasesOnly: a judge reads the warnings that name them as the judge
// and no other, even at their own court; a judge's account linked to no one sees none.
func TestJudgeSeesWarningsOnOwnCasesOnly(t *testing.T) {
	w := newWorld(t)
	f := w.warningFixture()
	w.addUser("lin", ownCourt, ownJudge, judge)
	w.addUser("nobody", ownCourt, "", judge)
	c := w.as("lin")
	var q struct {
		Items []qingfeng.Warning `json:"items"`
	}
	got := c.get("/api/v1/warnings")
	if got.code != http.StatusOK || json.Unmarshal(got.body, &q) != nil {
		t.Fatalf("judge's queue: %d %s", got.code, got.body)
	}
	seen := false
	for _, x := range q.Items {
		if x.JudgeID != ownJudge {
			t.Errorf("the judge sees warning %d of judge %q", x.ID, x.JudgeID)
		}
		seen = seen || x.ID == f.own.ID
	}
	if !seen {
		t.Fatalf("the judge's own warning %d is not in their queue: %+v", f.own.ID, q.Items)
	}
	if got := c.get(warningPath("/warnings/", f.peer)); got.code != http.StatusNotFound {
		t.Fatalf("a colleague's warning: %d", got.code)
	}
	page := c.get(warningPath("/warnings/", f.own))
	if page.code != http.StatusOK || strings.Contains(string(page.body), `id="act-`) {
		t.Fatalf("the judge's own warning: %d, handling forms shown: %t", page.code, strings.Contains(string(page.body), `id="act-`))
	}
	var st statsView
	if got := c.get("/api/v1/warnings/stats"); got.code != http.StatusOK || json.Unmarshal(got.body, &st) != nil || !st.Own || st.Courts != nil || st.Judges != nil {
		t.Fatalf("the judge's statistics: %d %s", got.code, got.body)
	}
	q.Items = nil
	if got := w.as("nobody").get("/api/v1/warnings"); got.code != http.StatusOK || json.Unmarshal(got.body, &q) != nil || len(q.Items) != 0 {
		t.Fatalf("an unlinked judge's queue: %d %s", got.code, got.body)
	}
}

// TestAuditorReadsWarningsButCannotHandle: the auditor reads the queue and a warning with its
// history, is offered no handling, and a handling request is refused (403, audited) without
// changing the warning.
func TestAuditorReadsWarningsButCannotHandle(t *testing.T) {
	w := newWorld(t)
	f := w.warningFixture()
	w.addUser("auditor", ownCourt, "", auditor)
	c := w.as("auditor")
	page := c.get(warningPath("/warnings/", f.own))
	if page.code != http.StatusOK || !strings.Contains(string(page.body), `id="history"`) || strings.Contains(string(page.body), `id="act-`) {
		t.Fatalf("auditor's warning page: %d %.300s", page.code, page.body)
	}
	if got := c.postJSON(warningPath("/api/v1/warnings/", f.own)+"/assign", map[string]any{"assignee": "user:auditor"}); got.code != http.StatusForbidden {
		t.Fatalf("auditor assigning: %d", got.code)
	}
	form := url.Values{"csrf": {c.csrf}, "action": {"verify"}}
	if got := c.do("POST", warningPath("/warnings/", f.own)+"/act", "application/x-www-form-urlencoded", strings.NewReader(form.Encode())); got.code != http.StatusForbidden {
		t.Fatalf("auditor's form post: %d", got.code)
	}
	if d, err := w.risk.Warning(t.Context(), f.own.ID, nil); err != nil || d.Warning.State != qingfeng.StateOpen || len(d.History) != 1 {
		t.Fatalf("the warning after the auditor's attempts: %+v %v", d, err)
	}
	if es := w.auditEntries(store.AuditFilter{Actor: "auditor", Outcome: qingfeng.AuditDenied}); len(es) != 2 {
		t.Fatalf("the auditor's refusals in the audit log: %+v", es)
	}
}

// TestInspectorHandlesAWarning walks a warning through the workflow by the API: a dismissal
// without a reason and a step the state does not allow are refused (409, audited); each step
// taken is in the warning's history and the audit log; the queue finds it by its new state.
func TestInspectorHandlesAWarning(t *testing.T) {
	w := newWorld(t)
	f := w.warningFixture()
	w.addUser("insp", ownCourt, "", inspector)
	c := w.as("insp")
	base := warningPath("/api/v1/warnings/", f.own)
	step := func(action string, body map[string]any, want int) {
		t.Helper()
		if got := c.postJSON(base+"/"+action, body); got.code != want {
			t.Fatalf("%s: %d, want %d: %s", action, got.code, want, got.body)
		}
	}
	step("confirm", map[string]any{}, http.StatusConflict) // open: nothing verified yet
	step("assign", map[string]any{"assignee": "user:someone-else"}, http.StatusConflict)
	step("assign", map[string]any{"assignee": "user:insp"}, http.StatusOK)
	step("verify", map[string]any{}, http.StatusOK)
	step("dismiss", map[string]any{"note": "  "}, http.StatusConflict)
	step("dismiss", map[string]any{"note": "当事人申请延期，已依法批准"}, http.StatusOK)
	var v struct {
		Warning qingfeng.Warning         `json:"warning"`
		History []qingfeng.WarningAction `json:"history"`
		Actions []qingfeng.Action        `json:"actions"`
	}
	if got := c.get(base); got.code != http.StatusOK || json.Unmarshal(got.body, &v) != nil {
		t.Fatalf("warning: %d %s", got.code, got.body)
	}
	if v.Warning.State != qingfeng.StateDismissed || v.Warning.Assignee != "user:insp" {
		t.Fatalf("warning after dismissal: %+v", v.Warning)
	}
	var acts []string
	for _, h := range v.History {
		acts = append(acts, string(h.Action))
	}
	if strings.Join(acts, ",") != "fire,assign,verify,dismiss" || v.History[3].Note != "当事人申请延期，已依法批准" || v.History[3].Actor != "user:insp" {
		t.Fatalf("history: %+v", v.History)
	}
	for _, a := range v.Actions {
		if _, err := qingfeng.StateDismissed.Next(a); err != nil {
			t.Errorf("offered %s, which a dismissed warning does not allow", a)
		}
	}
	if es := w.auditEntries(store.AuditFilter{Actor: "insp", Action: "warning.", Outcome: qingfeng.AuditOK}); len(es) < 4 {
		t.Fatalf("handling in the audit log: %+v", es)
	}
	if es := w.auditEntries(store.AuditFilter{Actor: "insp", Action: "warning.", Outcome: qingfeng.AuditDenied}); len(es) != 3 {
		t.Fatalf("refused steps in the audit log: %+v", es)
	}
	var q struct {
		Items []qingfeng.Warning `json:"items"`
	}
	if got := c.get("/api/v1/warnings?state=dismissed"); json.Unmarshal(got.body, &q) != nil || len(q.Items) != 1 || q.Items[0].ID != f.own.ID {
		t.Fatalf("dismissed warnings: %s", got.body)
	}
	// The page shows the history with the reason, and the dismissal in the statistics.
	if got := c.get(warningPath("/warnings/", f.own)); !strings.Contains(string(got.body), "当事人申请延期") {
		t.Fatalf("the page lacks the reason: %.300s", got.body)
	}
	var st statsView
	if got := c.get("/api/v1/warnings/stats"); json.Unmarshal(got.body, &st) != nil || st.Decided != 1 || st.Rate != 1 {
		t.Fatalf("statistics after a dismissal: %s", got.body)
	}
}

// TestWarningPagesRender: the queue, the statistics, the definitions page with the rule pack and
// the case page with its warnings render in both languages, and the statistics name no judge.
func TestWarningPagesRender(t *testing.T) {
	w := newWorld(t)
	f := w.warningFixture()
	w.addUser("insp", ownCourt, "", inspector)
	c := w.as("insp")
	for _, tc := range []struct{ path, want, wantEn string }{
		{"/warnings", warningPath(`href="/warnings/`, f.own), "Warning queue"},
		{"/warnings?state=active&severity=warning", `id="queue"`, "Clear filters"},
		{"/warnings/stats", `id="by-rule"`, "Dismissal rate"},
		{warningPath("/warnings/", f.own), `id="act-assign"`, "Case panorama"},
		{"/defs", `id="rule-R-14"`, "Integrity-risk rule pack"},
		{caseURL("/cases/", numLate), warningPath(`href="/warnings/`, f.own), "Warnings on this case"},
	} {
		zh := c.get(tc.path)
		if zh.code != http.StatusOK || !strings.Contains(string(zh.body), tc.want) {
			t.Errorf("%s: %d, lacks %s", tc.path, zh.code, tc.want)
		}
		sep := "?"
		if strings.Contains(tc.path, "?") {
			sep = "&"
		}
		en := c.get(tc.path + sep + "lang=en")
		if en.code != http.StatusOK || !strings.Contains(string(en.body), tc.wantEn) {
			t.Errorf("%s in English: %d, lacks %q", tc.path, en.code, tc.wantEn)
		}
	}
	c.get("/?lang=zh-CN")
	stats := string(c.get("/warnings/stats").body)
	for _, name := range []string{"林法官", "张法官", "王院长"} {
		if strings.Contains(stats, name) {
			t.Errorf("the statistics name %s", name)
		}
	}
}

// TestWarningQueuePagesAndExports: pages of the queue add up to its total, filters narrow it,
// and the CSV export holds every row of the filter, recorded in the audit log.
func TestWarningQueuePagesAndExports(t *testing.T) {
	w := newWorld(t)
	w.warningFixture()
	w.addUser("fuzhou", "C3501", "", analyst)
	c := w.as("fuzhou")
	type page struct {
		Total int                `json:"total"`
		Pages int                `json:"pages"`
		Items []qingfeng.Warning `json:"items"`
	}
	read := func(q string) page {
		t.Helper()
		var p page
		if got := c.get("/api/v1/warnings?" + q); got.code != http.StatusOK || json.Unmarshal(got.body, &p) != nil {
			t.Fatalf("%s: %d %s", q, got.code, got.body)
		}
		return p
	}
	all := read("size=500")
	if all.Total < 2 {
		t.Fatalf("the scope of 闽01 holds %d warnings", all.Total)
	}
	seen := map[int64]bool{}
	first := read("size=1")
	for i := 1; i <= first.Pages; i++ {
		for _, x := range read("size=1&page=" + strconv.Itoa(i)).Items {
			seen[x.ID] = true
		}
	}
	if first.Pages != all.Total || len(seen) != all.Total {
		t.Fatalf("%d pages of one, %d distinct warnings, total %d", first.Pages, len(seen), all.Total)
	}
	r14 := read("rule=R-14&court=" + ownCourt)
	for _, x := range r14.Items {
		if x.Rule != "R-14" || x.CourtID != ownCourt {
			t.Errorf("filtered to R-14 at %s, got %s at %s", ownCourt, x.Rule, x.CourtID)
		}
	}
	if r14.Total < 2 || r14.Total > all.Total { // P1's and P4's overdue proceedings at least
		t.Fatalf("R-14 at the own court: %d of %d", r14.Total, all.Total)
	}
	if got := c.get("/api/v1/warnings?state=bogus"); got.code != http.StatusBadRequest {
		t.Fatalf("unknown state: %d", got.code)
	}
	csv := c.get("/api/v1/warnings?format=csv&rule=R-14&court=" + ownCourt)
	if lines := strings.Count(strings.TrimSpace(string(csv.body)), "\n"); csv.code != http.StatusOK || lines != r14.Total {
		t.Fatalf("CSV export: %d, %d rows for %d warnings", csv.code, lines, r14.Total)
	}
	if es := w.auditEntries(store.AuditFilter{Actor: "fuzhou", Action: "export"}); len(es) != 1 || !strings.Contains(es[0].Detail, "rows="+strconv.Itoa(r14.Total)) {
		t.Fatalf("the export in the audit log: %+v", es)
	}
}

// TestCaseTimelineAPI: /api/v1/cases/{number}/timeline gives the risk engine's panorama of a
// warned case — its clock and the warning on the timeline — audits the view as a view of the
// case, and answers another court's case as a plain 404.
func TestCaseTimelineAPI(t *testing.T) {
	w := newWorld(t)
	f := w.warningFixture()
	w.addUser("gulou-inspector", ownCourt, "", inspector)
	c := w.as("gulou-inspector")
	var v struct {
		CaseNumber  string `json:"case_number"`
		Proceedings []struct {
			Case     qingfeng.Case      `json:"case"`
			Warnings []qingfeng.Warning `json:"warnings"`
		} `json:"proceedings"`
		Entries []struct {
			Kind      string `json:"kind"`
			WarningID int64  `json:"warning_id"`
		} `json:"entries"`
	}
	got := c.get("/api/v1/cases/" + url.PathEscape(f.own.CaseNumber) + "/timeline")
	if got.code != http.StatusOK || json.Unmarshal(got.body, &v) != nil {
		t.Fatalf("timeline: %d %.300s", got.code, got.body)
	}
	if v.CaseNumber != f.own.CaseNumber || len(v.Proceedings) == 0 {
		t.Fatalf("timeline of %s: %+v", f.own.CaseNumber, v)
	}
	onLine := false
	for _, e := range v.Entries {
		onLine = onLine || e.Kind == "warning" && e.WarningID == f.own.ID
	}
	if !onLine {
		t.Fatalf("warning %d is not on the timeline: %+v", f.own.ID, v.Entries)
	}
	es := w.auditEntries(store.AuditFilter{Actor: "gulou-inspector", Action: "case.view", Outcome: qingfeng.AuditOK})
	if len(es) != 1 || es[0].Object != f.own.CaseNumber {
		t.Fatalf("case views in the audit log: %+v", es)
	}
	if got := c.get("/api/v1/cases/" + url.PathEscape(f.other.CaseNumber) + "/timeline"); got.code != http.StatusNotFound {
		t.Fatalf("another court's timeline: %d", got.code)
	}
}
