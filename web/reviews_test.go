package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/review"
	"github.com/qingfeng-court/qingfeng/store"
)

func postForm(c *client, path string, f url.Values) response {
	f.Set("csrf", c.csrf)
	return c.do("POST", path, "application/x-www-form-urlencoded", strings.NewReader(f.Encode()))
}

// TestReviewerActsButNeverEdits: the president's inbox holds the decisions submitted to them;
// the review page offers the reviewer's actions and no control that writes the document; agreeing
// moves the decision on; an attempt to write the operative part anyway is refused by the state
// machine (I1), shown, put on the trail and in the audit log. The panel's judge then sees the
// edit control and the issue action.
func TestReviewerActsButNeverEdits(t *testing.T) {
	w := newWorld(t)
	f := w.reviewFixture()
	w.addUser("wang", ownCourt, "P3", reviewer)
	w.addUser("lin", ownCourt, ownJudge, judge)
	rc := w.as("wang")
	inbox := string(rc.get("/reviews").body)
	for _, id := range []string{f.own, f.peer} {
		if !strings.Contains(inbox, "/reviews/decisions/"+id) {
			t.Errorf("inbox lacks decision %s", id)
		}
	}
	if strings.Contains(inbox, f.other) {
		t.Error("the inbox holds another court's decision")
	}
	page := string(rc.get("/reviews/decisions/" + f.own).body)
	if !strings.Contains(page, `id="do-agree"`) || !strings.Contains(page, `id="do-disagree"`) {
		t.Fatalf("the reviewer is not offered agree and disagree:\n%s", page)
	}
	for _, edit := range []string{`name="part"`, "<textarea", `id="do-edit"`, `value="operative"`} {
		if strings.Contains(page, edit) {
			t.Fatalf("the reviewer's page has an edit control %q", edit)
		}
	}
	// Writing the operative part through the form anyway: refused by the machine, not the page.
	got := postForm(rc, "/reviews/decisions/"+f.own+"/act", url.Values{"action": {"edit"}, "part": {"operative"}, "text": {"改判"}})
	if got.code != http.StatusConflict || !strings.Contains(string(got.body), `id="refusal"`) {
		t.Fatalf("reviewer editing: %d %s", got.code, got.body)
	}
	d, _ := w.st.Decision(t.Context(), f.own)
	if d.Operative != "驳回原告的诉讼请求。" || d.State != qingfeng.ReviewPending {
		t.Fatalf("the refused edit changed the decision: %+v", d)
	}
	got = postForm(rc, "/reviews/decisions/"+f.own+"/act", url.Values{"action": {"agree"}})
	if got.code != http.StatusSeeOther {
		t.Fatalf("agree: %d %s", got.code, got.body)
	}
	if d, _ := w.st.Decision(t.Context(), f.own); d.State != qingfeng.ReviewApproved {
		t.Fatalf("after agree: %s", d.State)
	}
	trail, _ := w.st.Trail(t.Context(), store.ReviewTrailFilter{SubjectID: f.own})
	var refusedI1, agreed bool
	for _, tr := range trail {
		refusedI1 = refusedI1 || tr.Refused && tr.Code == review.CodeI1 && tr.ActorID == "P3"
		agreed = agreed || tr.Action == "agree" && !tr.Refused
	}
	if !refusedI1 || !agreed {
		t.Fatalf("trail: %+v", trail)
	}
	es := w.auditEntries(store.AuditFilter{Actor: "wang", Action: "review."})
	var acts []string
	for _, e := range es {
		acts = append(acts, e.Action+"/"+e.Outcome)
	}
	for _, want := range []string{"review.edit/denied", "review.agree/ok", "review.view/ok"} {
		if !slices.Contains(acts, want) {
			t.Errorf("audit log lacks %s: %v", want, acts)
		}
	}
	// The panel's judge may edit and issue now.
	jp := string(w.as("lin").get("/reviews/decisions/" + f.own).body)
	if !strings.Contains(jp, `id="do-issue"`) || !strings.Contains(jp, `id="do-edit"`) {
		t.Fatalf("the panel's page lacks issue or edit:\n%s", jp)
	}
}

// TestReviewAPIForAJudge: a judge's 阅核 rights are their own cases: the API lists their
// decision and not a colleague's, refuses the colleague's decision and its trail as missing,
// and lets them act on their own through the JSON API (with the CSRF header), audited.
func TestReviewAPIForAJudge(t *testing.T) {
	w := newWorld(t)
	f := w.reviewFixture()
	w.addUser("lin", ownCourt, ownJudge, judge)
	w.addUser("wang", ownCourt, "P3", reviewer)
	jc := w.as("lin")
	var list struct{ Decisions []qingfeng.Decision }
	getJSON(t, jc, "/api/v1/reviews", &list)
	if len(list.Decisions) != 1 || list.Decisions[0].ID != f.own {
		t.Fatalf("judge's decisions: %+v", list.Decisions)
	}
	getJSON(t, w.as("wang"), "/api/v1/reviews", &list)
	if len(list.Decisions) != 2 {
		t.Fatalf("reviewer's decisions: %d", len(list.Decisions))
	}
	for _, p := range []string{"/api/v1/reviews/decisions/" + f.peer, "/api/v1/reviews/decisions/" + f.peer + "/trail", "/api/v1/reviews/decisions/" + f.peer + "/events"} {
		if got := jc.get(p); got.code != http.StatusNotFound || strings.Contains(string(got.body), numOwnPeer) {
			t.Errorf("judge reads %s: %d %s", p, got.code, got.body)
		}
	}
	// The judge withdraws nothing, but submitting again is not open: the machine says why (409).
	got := jc.postJSON("/api/v1/reviews/decisions/"+f.own+"/submit", map[string]any{})
	var prob struct{ Code string }
	json.Unmarshal(got.body, &prob)
	if got.code != http.StatusConflict || prob.Code != review.CodeState {
		t.Fatalf("submit again: %d %s", got.code, got.body)
	}
	jc.csrf = ""
	if got := jc.postJSON("/api/v1/reviews/decisions/"+f.own+"/submit", map[string]any{}); got.code != http.StatusForbidden {
		t.Fatalf("an action without the CSRF header: %d", got.code)
	}
	es := w.auditEntries(store.AuditFilter{Actor: "lin", Action: "review."})
	var denied int
	for _, e := range es {
		if e.Outcome == qingfeng.AuditDenied {
			denied++
		}
	}
	if denied < 4 {
		t.Fatalf("judge's refusals in the audit log: %+v", es)
	}
}

// TestInterferenceRegister: an enquiry registered through the page is listed and exported; the
// register cannot be changed through the API, and the attempt is refused and recorded.
func TestInterferenceRegister(t *testing.T) {
	w := newWorld(t)
	w.addUser("wang", ownCourt, "P3", reviewer)
	c := w.as("wang")
	got := postForm(c, "/reviews/register", url.Values{"case_number": {numOwn}, "by": {"某区领导"}, "channel": {"phone"}, "content": {"询问何时判决"}})
	if got.code != http.StatusSeeOther || !strings.HasPrefix(got.header.Get("Location"), "/reviews/register?done=q-") {
		t.Fatalf("register: %d %s", got.code, got.body)
	}
	page := string(c.get(got.header.Get("Location")).body)
	if !strings.Contains(page, "询问何时判决") || !strings.Contains(page, `id="registered"`) {
		t.Fatal("the register page does not show the entry")
	}
	csv := string(c.get("/reviews/register?format=csv").body)
	if !strings.Contains(csv, "某区领导") || !strings.Contains(csv, numOwn) {
		t.Fatalf("register export: %s", csv)
	}
	id := strings.TrimPrefix(got.header.Get("Location"), "/reviews/register?done=")
	if del := c.do("DELETE", "/api/v1/reviews/enquiries/"+id, "", nil); del.code != http.StatusForbidden {
		t.Fatalf("delete a register entry: %d", del.code)
	}
	qs, _ := w.st.Enquiries(t.Context(), store.EnquiryFilter{})
	if len(qs) != 1 {
		t.Fatalf("register: %+v", qs)
	}
	if es := w.auditEntries(store.AuditFilter{Action: "review.enquiry.delete", Outcome: qingfeng.AuditDenied}); len(es) != 1 {
		t.Fatalf("the delete attempt in the audit log: %+v", es)
	}
	if got := postForm(c, "/reviews/register", url.Values{"case_number": {numOwn}, "channel": {"fax"}}); got.code != http.StatusBadRequest {
		t.Fatalf("an incomplete entry: %d", got.code)
	}
}

// TestReviewActor maps accounts to 阅核 actors: the person's roles as far as the account's roles
// allow, nothing without a person, and the account's court as the scope.
func TestReviewActor(t *testing.T) {
	w := newWorld(t)
	tree, _ := w.srv.trees.get(t.Context())
	actor := func(u *qingfeng.User) review.Actor {
		return w.srv.actor(&call{p: access.ForUser(u, tree)})
	}
	rev := actor(&qingfeng.User{Roles: []qingfeng.UserRole{reviewer}, CourtID: ownCourt, PersonID: "P3"})
	if rev.PersonID != "P3" || !rev.Has(qingfeng.RolePresident) || !rev.IsLeader() || rev.CourtID != ownCourt {
		t.Fatalf("reviewer: %+v", rev)
	}
	// The same person through a judge's account acts as a judge only.
	asJudge := actor(&qingfeng.User{Roles: []qingfeng.UserRole{judge}, CourtID: ownCourt, PersonID: "P3"})
	if asJudge.IsLeader() || !asJudge.Has(qingfeng.RoleJudge) {
		t.Fatalf("judge account of a president: %+v", asJudge)
	}
	if a := actor(&qingfeng.User{Roles: []qingfeng.UserRole{analyst}, CourtID: ownCourt, PersonID: "P3"}); a.PersonID != "" || len(a.Roles) != 0 {
		t.Fatalf("an analyst acts in 阅核: %+v", a)
	}
	if a := actor(&qingfeng.User{Roles: []qingfeng.UserRole{reviewer}, CourtID: otherCourt, PersonID: "P3"}); a.PersonID != "" {
		t.Fatalf("an account scoped away from its person acts as them: %+v", a)
	}
}
