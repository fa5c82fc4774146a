package reviewapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/review"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// The court of these tests: C1 (under C0) with division D1 — judge J and P2 on the panel,
// deputy chief DC (so DC reviews J's decisions), chief CH — a chief L of another division,
// vice president VP, president PR, committee member CM; O is the president of C2, a sibling.
const caseNo = "（2024）闽0102民初1号"

var staff = map[string][]qingfeng.Role{
	"J": {qingfeng.RoleJudge}, "P2": {qingfeng.RoleJudge}, "DC": {qingfeng.RoleDeputyChief, qingfeng.RoleJudge},
	"CH": {qingfeng.RoleChief, qingfeng.RoleJudge}, "L": {qingfeng.RoleChief, qingfeng.RoleJudge},
	"VP": {qingfeng.RoleVicePresident, qingfeng.RoleJudge, qingfeng.RoleCommitteeMember},
	"PR": {qingfeng.RolePresident, qingfeng.RoleJudge, qingfeng.RoleCommitteeMember},
	"CM": {qingfeng.RoleCommitteeMember, qingfeng.RoleJudge}, "O": {qingfeng.RolePresident, qingfeng.RoleJudge},
}

func courtOf(id string) string {
	if id == "O" {
		return "C2"
	}
	return "C1"
}

type env struct {
	t   *testing.T
	srv *httptest.Server
	st  *sqlite.Store
	now time.Time
}

func newEnv(t *testing.T, parties int) *env {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "qingfeng.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var recs []qingfeng.Record
	add := func(id string, v any) {
		r, err := qingfeng.NewRecord("hr", id, v, qingfeng.Origin{})
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	add("C0", &qingfeng.Court{ID: "C0", Code: "闽01", Name: "中院", Level: qingfeng.LevelIntermediate})
	add("C1", &qingfeng.Court{ID: "C1", Code: "闽0102", Name: "鼓楼", Level: qingfeng.LevelBasic, ParentID: "C0"})
	add("C2", &qingfeng.Court{ID: "C2", Code: "闽0103", Name: "台江", Level: qingfeng.LevelBasic, ParentID: "C0"})
	add("D1", &qingfeng.Division{ID: "D1", CourtID: "C1", Name: "民一庭", Line: qingfeng.LineCivil})
	for id, roles := range staff {
		div := "D1"
		if id == "L" {
			div = "D2"
		}
		add(id, &qingfeng.Person{ID: id, CourtID: courtOf(id), DivisionID: div, Name: id, Roles: roles, From: qingfeng.NewDate(2015, 1, 1)})
	}
	c := &qingfeng.Case{Number: caseNo, CourtID: "C1", DivisionID: "D1", JudgeID: "J", Panel: []string{"J", "P2"},
		Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance, Procedure: qingfeng.ProcOrdinary, FiledOn: qingfeng.NewDate(2024, 1, 10)}
	for i := range parties {
		c.Parties = append(c.Parties, qingfeng.Party{Name: fmt.Sprint("当事人", i), Role: qingfeng.PartyPlaintiff, Type: qingfeng.PartyNatural})
	}
	r, _ := qingfeng.NewRecord("cms", "c1", c, qingfeng.Origin{})
	recs = append(recs, r)
	if _, err := st.Commit(context.Background(), &store.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	cfg, err := review.LoadConfig(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, st: st, now: time.Date(2024, 3, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	cfg.Now = func() time.Time { e.now = e.now.Add(time.Minute); return e.now }
	mux := http.NewServeMux()
	Register(mux, review.NewService(st, st, cfg), func(r *http.Request) (review.Actor, error) {
		id := r.Header.Get("X-Person")
		if staff[id] == nil {
			return review.Actor{}, errors.New("unknown")
		}
		return review.Actor{PersonID: id, CourtID: courtOf(id), Roles: staff[id]}, nil
	})
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

// call sends a request as person who and decodes the JSON answer into a map.
func (e *env) call(who, method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	req.Header.Set("X-Person", who)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// must fails unless the call answers want.
func (e *env) must(want int, who, method, path string, body any) map[string]any {
	e.t.Helper()
	code, out := e.call(who, method, path, body)
	if code != want {
		e.t.Fatalf("%s %s %s: %d %v, want %d", who, method, path, code, out, want)
	}
	return out
}

// refused checks that a call is refused with the invariant code and that the refusal is on
// the trail with the actor.
func (e *env) refused(code string, status int, who, method, path string, body any) {
	e.t.Helper()
	out := e.must(status, who, method, path, body)
	if want := map[bool]string{true: "not_found", false: code}[code == review.CodeScope]; out["code"] != want {
		e.t.Fatalf("%s %s: code %v, want %s (%v)", method, path, out["code"], code, out)
	}
	rows, err := e.st.Trail(context.Background(), store.ReviewTrailFilter{RefusedOnly: true})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, r := range rows {
		if r.Code == code && r.ActorID == who {
			return
		}
	}
	e.t.Fatalf("refusal %s by %s is not on the trail", code, who)
}

func (e *env) draft() string {
	out := e.must(http.StatusCreated, "J", "POST", "/api/v1/reviews", review.DraftInput{CaseNumber: caseNo, Kind: "judgment", Operative: "驳回原告的诉讼请求"})
	return out["id"].(string)
}

func dpath(id, rest string) string { return "/api/v1/reviews/decisions/" + id + rest }

// flag marks the case 四类 so that review is required.
func (e *env) flag() {
	e.must(http.StatusCreated, "J", "POST", "/api/v1/reviews/flags", review.FlagInput{CaseNumber: caseNo, SubType: "2.1", Reason: "当事人众多"})
}

func TestI1ReviewerCannotWriteTheOperativePart(t *testing.T) {
	e := newEnv(t, 2)
	id := e.draft()
	e.must(200, "J", "POST", dpath(id, "/submit"), nil)
	if got := e.must(200, "DC", "GET", dpath(id, ""), nil)["reviewer_id"]; got != "DC" {
		t.Fatalf("reviewer %v, want DC by rank", got)
	}
	e.refused(review.CodeI1, 403, "DC", "POST", dpath(id, "/edit"), map[string]string{"part": "operative", "text": "判决被告支付十万元"})
	e.refused(review.CodeI1, 403, "DC", "POST", dpath(id, "/agree"), map[string]string{"operative": "判决被告支付十万元"})
	d := e.must(200, "DC", "GET", dpath(id, ""), nil)
	if d["operative"] != "驳回原告的诉讼请求" || d["state"] != string(qingfeng.ReviewPending) {
		t.Fatalf("after refused edits: %v", d)
	}
	// The panel must carry out the committee's decision.
	e.must(200, "DC", "POST", dpath(id, "/disagree"), review.Command{Measure: "committee", Reason: "法律适用分歧"})
	e.must(200, "PR", "POST", dpath(id, "/approve_committee"), nil)
	e.must(200, "CM", "POST", dpath(id, "/committee_decide"), review.Command{Outcome: "change", Text: "判决被告支付八万元", Reason: "审委会决定"})
	e.refused(review.CodeI1, 403, "J", "POST", dpath(id, "/issue"), nil)
	e.refused(review.CodeI1, 403, "J", "POST", dpath(id, "/edit"), review.Command{Part: "operative", Text: "判决被告支付十万元"})
	e.must(200, "J", "POST", dpath(id, "/edit"), review.Command{Part: "operative", Text: "判决被告支付八万元"})
	e.must(200, "J", "POST", dpath(id, "/issue"), nil)
}

func TestI2EveryTransitionIsOnTheTrail(t *testing.T) {
	e := newEnv(t, 2)
	id := e.draft()
	steps := []struct{ who, action string }{{"J", "submit"}, {"DC", "agree"}, {"J", "issue"}}
	for _, s := range steps {
		e.must(200, s.who, "POST", dpath(id, "/"+s.action), nil)
	}
	out := e.must(200, "J", "GET", dpath(id, "/trail"), nil)
	var actions []string
	for _, x := range out["trail"].([]any) {
		r := x.(map[string]any)
		if r["action"] == "view" {
			continue
		}
		if r["actor_id"] == "" || r["at"] == "" || r["doc_version"] == nil {
			t.Fatalf("trail row without actor, time or version: %v", r)
		}
		actions = append(actions, r["action"].(string))
	}
	if strings.Join(actions, ",") != "create,submit,agree,issue" {
		t.Fatalf("trail actions %v", actions)
	}
}

func TestI3IssueNeedsACompletedReview(t *testing.T) {
	e := newEnv(t, 12)
	e.flag()
	id := e.draft()
	if d := e.must(200, "J", "GET", dpath(id, ""), nil); d["review_required"] != true {
		t.Fatalf("a 四类 decision does not require review: %v", d)
	}
	e.refused(review.CodeI3, 403, "J", "POST", dpath(id, "/issue"), nil)
	e.must(200, "J", "POST", dpath(id, "/submit"), nil)
	e.must(200, "DC", "POST", dpath(id, "/agree"), nil)
	// Changing the operative part after review voids it.
	e.must(200, "J", "POST", dpath(id, "/edit"), review.Command{Part: "operative", Text: "判决被告支付十万元"})
	e.refused(review.CodeI3, 403, "J", "POST", dpath(id, "/issue"), nil)
	e.must(200, "J", "POST", dpath(id, "/submit"), nil)
	e.must(200, "DC", "POST", dpath(id, "/agree"), nil)
	e.must(200, "J", "POST", dpath(id, "/issue"), nil)
}

func TestI4CommitteeNeedsThePresident(t *testing.T) {
	e := newEnv(t, 2)
	id := e.draft()
	e.must(200, "J", "POST", dpath(id, "/submit"), nil)
	e.must(200, "DC", "POST", dpath(id, "/disagree"), review.Command{Measure: "committee", Reason: "分歧较大"})
	e.refused(review.CodeI4, 403, "CM", "POST", dpath(id, "/committee_decide"), review.Command{Outcome: "maintain"})
	e.refused(review.CodeI4, 403, "CH", "POST", dpath(id, "/approve_committee"), nil)
	e.refused(review.CodeScope, 404, "O", "POST", dpath(id, "/approve_committee"), nil) // another court's president
	e.must(200, "PR", "POST", dpath(id, "/approve_committee"), nil)
	e.must(200, "CM", "POST", dpath(id, "/committee_decide"), review.Command{Outcome: "maintain"})
	e.must(200, "J", "POST", dpath(id, "/issue"), nil)
}

func TestI5ReviewTimeCountsAgainstTheLimit(t *testing.T) {
	e := newEnv(t, 2)
	id := e.draft()
	e.must(200, "J", "POST", dpath(id, "/submit"), nil)
	warnings := func(asOf string) []any {
		return e.must(200, "PR", "GET", "/api/v1/reviews/warnings?as_of="+asOf, nil)["warnings"].([]any)
	}
	if w := warnings("2024-03-04"); len(w) != 0 {
		t.Fatalf("warning three days into review, far from the deadline: %v", w)
	}
	stale := warnings("2024-03-20")
	if len(stale) != 1 || stale[0].(map[string]any)["kind"] != "stale" {
		t.Fatalf("a review waiting 19 days: %v", stale)
	}
	near := warnings("2024-07-01")
	if len(near) != 1 || near[0].(map[string]any)["kind"] != "deadline" || near[0].(map[string]any)["rule"] != "R-21" {
		t.Fatalf("in review nine days before the deadline: %v", near)
	}
	// The deadline is the limit's own: review did not stop the clock.
	limits, _ := calendar.LoadLimits(defs.Default())
	cal, _ := calendar.LoadCalendar(defs.Default())
	c, _ := e.st.Case(context.Background(), caseNo)
	want := calendar.Clock(c, nil, nil, qingfeng.NewDate(2024, 7, 1), limits, cal).Deadline
	if dl := near[0].(map[string]any)["deadline"]; dl != want.String() || want.IsZero() {
		t.Fatalf("deadline %v, want the clock's %v", dl, want)
	}
	e.must(200, "DC", "POST", dpath(id, "/agree"), nil)
	if w := warnings("2024-07-01"); len(w) != 0 {
		t.Fatalf("warning after the review ended: %v", w)
	}
}

func TestI6FlagsNeedAReasonAndASecondPerson(t *testing.T) {
	e := newEnv(t, 2)
	e.refused(review.CodeI6, 403, "J", "POST", "/api/v1/reviews/flags", review.FlagInput{CaseNumber: caseNo, SubType: "2.1"})
	e.refused(review.CodeI6, 403, "J", "POST", "/api/v1/reviews/flags", review.FlagInput{CaseNumber: caseNo, SubType: "7", Reason: "x"})
	f := e.must(201, "CH", "POST", "/api/v1/reviews/flags", review.FlagInput{CaseNumber: caseNo, SubType: "1.2", Reason: "事实争议大"})
	fid := f["id"].(string)
	e.must(200, "CH", "POST", "/api/v1/reviews/flags/"+fid+"/unflag", map[string]string{"reason": "争议已消除"})
	e.refused(review.CodeI6, 403, "CH", "POST", "/api/v1/reviews/flags/"+fid+"/approve-unflag", nil)
	e.refused(review.CodeI6, 403, "P2", "POST", "/api/v1/reviews/flags/"+fid+"/approve-unflag", nil)
	flags := e.must(200, "J", "GET", "/api/v1/reviews/flags?case="+caseNo, nil)["flags"].([]any)
	if len(flags) != 1 || flags[0].(map[string]any)["state"] != string(qingfeng.FlagRemovalRequested) {
		t.Fatalf("flag removed without a second person: %v", flags)
	}
	out := e.must(200, "PR", "POST", "/api/v1/reviews/flags/"+fid+"/approve-unflag", nil)
	if out["state"] != string(qingfeng.FlagRemoved) || out["removal_approver"] != "PR" || out["removal_by"] != "CH" {
		t.Fatalf("approved removal: %v", out)
	}
}

func TestI7EnquiriesAreRegisteredAndFixed(t *testing.T) {
	e := newEnv(t, 2)
	id := e.draft()
	e.must(200, "J", "POST", dpath(id, "/submit"), nil)
	// A chief who is not the reviewer tries to weigh in: refused, and put in the register.
	e.refused(review.CodeI7, 403, "L", "POST", dpath(id, "/disagree"), review.Command{Measure: "reconsider", Reason: "我认为应当改判"})
	q := e.must(201, "J", "POST", "/api/v1/reviews/enquiries", review.EnquiryInput{CaseNumber: caseNo, By: "VP", Channel: "phone", Content: "电话询问审理进度"})
	qs := e.must(200, "PR", "GET", "/api/v1/reviews/enquiries?case="+caseNo, nil)["enquiries"].([]any)
	byL := false
	for _, x := range qs {
		byL = byL || x.(map[string]any)["by"] == "L"
	}
	if len(qs) != 2 || !byL {
		t.Fatalf("register %v: want the automatic entry for L and the registered call", qs)
	}
	for _, m := range []string{"PUT", "DELETE", "PATCH"} {
		e.refused(review.CodeI7, 403, "PR", m, "/api/v1/reviews/enquiries/"+q["id"].(string), map[string]string{"content": "已删除"})
	}
	if n := len(e.must(200, "PR", "GET", "/api/v1/reviews/enquiries?case="+caseNo, nil)["enquiries"].([]any)); n != 2 {
		t.Fatalf("register has %d entries after change attempts", n)
	}
}

func TestOtherCourtsSeeNothing(t *testing.T) {
	e := newEnv(t, 2)
	id := e.draft()
	e.refused(review.CodeScope, 404, "O", "GET", dpath(id, ""), nil)
	if ds := e.must(200, "O", "GET", "/api/v1/reviews", nil)["decisions"].([]any); len(ds) != 0 {
		t.Fatalf("another court lists %d decisions", len(ds))
	}
	e.must(401, "nobody", "GET", "/api/v1/reviews", nil)
}

// TestEventsExportReplaysToTheSameState: the events a decision's trail exports, replayed as a
// source system's events, lead the machine to the same state and version.
func TestEventsExportReplaysToTheSameState(t *testing.T) {
	e := newEnv(t, 2)
	id := e.draft()
	for _, s := range []struct {
		who, action string
		c           review.Command
	}{
		{"J", "submit", review.Command{}}, {"DC", "disagree", review.Command{Measure: "reconsider", Reason: "说理不足"}},
		{"J", "reconsider", review.Command{Result: "changed"}}, {"J", "edit", review.Command{Part: "reasoning", Text: "补充说理"}},
		{"J", "submit", review.Command{}}, {"DC", "agree", review.Command{}},
	} {
		e.must(200, s.who, "POST", dpath(id, "/"+s.action), s.c)
	}
	req, _ := http.NewRequest("GET", e.srv.URL+dpath(id, "/events"), nil)
	req.Header.Set("X-Person", "J")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var events []qingfeng.Event
	dec := json.NewDecoder(res.Body)
	for dec.More() {
		var ev qingfeng.Event
		if err := dec.Decode(&ev); err != nil {
			t.Fatal(err)
		}
		events = append(events, ev)
	}
	if len(events) != 6 {
		t.Fatalf("%d events exported, want 6", len(events))
	}
	c, _ := e.st.Case(context.Background(), caseNo)
	people := map[string]*qingfeng.Person{}
	ps, _ := e.st.People(context.Background())
	for i := range ps {
		people[ps[i].ID] = &ps[i]
	}
	rt, _ := review.LoadRouting(defs.Default())
	got := review.Replay(review.CaseInput{Case: c, Events: events, People: people, Routing: rt.For("C1")})
	want := e.must(200, "J", "GET", dpath(id, ""), nil)
	if len(got.Decisions) != 1 || string(got.Decisions[0].State) != want["state"] || float64(got.Decisions[0].Version) != want["version"].(float64) {
		t.Fatalf("replayed %+v, API state %v version %v", got.Decisions, want["state"], want["version"])
	}
	for _, r := range got.Trail {
		if r.Refused {
			t.Fatalf("replay refused %s: %s", r.Action, r.Detail)
		}
	}
}
