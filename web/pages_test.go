package web

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
)

// TestLabelsCoverTemplates checks that every word a template asks for exists in both languages,
// including the keys templates build (levels, outcomes, permissions).
func TestLabelsCoverTemplates(t *testing.T) {
	keys := map[string]bool{}
	re := regexp.MustCompile(`t \$?\.Lang "([a-z.]+)"`)
	err := fs.WalkDir(assets, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(assets, p)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
		return nil
	})
	if err != nil || len(keys) < 50 {
		t.Fatalf("found %d keys: %v", len(keys), err)
	}
	for _, l := range qingfeng.CourtLevels {
		keys["level."+string(l)] = true
	}
	for _, o := range outcomes() {
		keys["outcome."+o] = true
	}
	for _, p := range access.Permissions {
		keys["perm."+string(p)] = true
	}
	for _, k := range kindOrder() {
		keys[k] = true
	}
	for k := range keys {
		if l, ok := labels[k]; !ok || l.ZH == "" || l.EN == "" {
			t.Errorf("label %q is missing a language", k)
		}
	}
	for _, r := range qingfeng.UserRoles {
		if n := access.RoleNames[r]; n.ZH == "" || n.EN == "" {
			t.Errorf("role %s has no name", r)
		}
	}
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	w := newWorld(t)
	got := w.anonymous().get("/api/v1/openapi.json")
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(got.body, &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("document: %v %s", err, doc.OpenAPI)
	}
	for _, rt := range w.srv.routes() {
		op, ok := doc.Paths[openapiPath(rt.path)][strings.ToLower(rt.method)]
		if !ok {
			t.Errorf("%s %s is not in the document", rt.method, rt.path)
			continue
		}
		if rt.perm != "" && op["x-permission"] != string(rt.perm) {
			t.Errorf("%s %s: permission %v, want %s", rt.method, rt.path, op["x-permission"], rt.perm)
		}
		if strings.Contains(openapiPath(rt.path), "{") && op["parameters"] == nil {
			t.Errorf("%s %s names no parameters", rt.method, rt.path)
		}
	}
	if _, ok := doc.Paths["/defs/file/{path}"]; !ok {
		t.Error("wildcard paths are not written as OpenAPI templates")
	}
}

func TestCasePanoramaByScope(t *testing.T) {
	w := newWorld(t)
	w.addUser("gulou", ownCourt, "", analyst)
	w.addUser("fuzhou", "C3501", "", inspector)
	// At the basic court the appeal, at the court above, is hidden and counted.
	page := w.as("gulou").get(caseURL("/cases/", numOwn))
	body := string(page.body)
	if page.code != 200 || !strings.Contains(body, "另有 1 件不在您的查看范围内") || strings.Contains(body, numAppeal) {
		t.Fatalf("basic court's view of the matter: %d\n%s", page.code, body)
	}
	for _, want := range []string{"hearing_held", "林法官", "timeline-data", "/static/echarts.min.js"} {
		if !strings.Contains(body, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	// At the intermediate court the whole matter is on one timeline, first instance and appeal.
	var p struct {
		Matter struct {
			Proceedings []qingfeng.Case `json:"proceedings"`
			Hidden      int             `json:"hidden"`
		} `json:"matter"`
		Events []struct {
			CaseNumber string `json:"case_number"`
			Type       string `json:"type"`
		} `json:"events"`
	}
	got := w.as("fuzhou").get(caseURL("/api/v1/cases/", numAppeal))
	if err := json.Unmarshal(got.body, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Matter.Proceedings) != 2 || p.Matter.Hidden != 0 || len(p.Events) != 4 ||
		p.Events[0].CaseNumber != numOwn || p.Events[3].CaseNumber != numAppeal {
		t.Fatalf("intermediate court's view: %s", got.body)
	}
	en := w.as("fuzhou").get(caseURL("/cases/", numOwn) + "?lang=en")
	if !strings.Contains(string(en.body), "Case panorama") || !strings.Contains(string(en.body), "Every event") {
		t.Fatalf("English case page: %s", en.body)
	}
}

func TestShellShowsOnlyWhatTheRoleMayOpen(t *testing.T) {
	w := newWorld(t)
	w.addUser("gulou-judge", ownCourt, ownJudge, judge)
	w.addUser("root-admin", "C35", "", admin)
	nav := regexp.MustCompile(`<nav class="top">(.*?)</nav>`)
	j := nav.FindString(string(w.as("gulou-judge").get("/").body))
	if !strings.Contains(j, `href="/cases"`) || strings.Contains(j, `href="/admin"`) || strings.Contains(j, `href="/data"`) {
		t.Fatalf("judge's navigation: %s", j)
	}
	a := w.as("root-admin").get("/courts/C35")
	an := nav.FindString(string(a.body))
	if strings.Contains(an, `href="/cases"`) || !strings.Contains(an, `href="/admin"`) || strings.Contains(an, `href="/audit"`) {
		t.Fatalf("admin's navigation: %s", an)
	}
	// The court tree holds the scope and nothing else.
	jt := string(w.as("gulou-judge").get("/courts/" + ownCourt).body)
	if !strings.Contains(jt, `data-court="C350102"`) || strings.Contains(jt, `data-court="C350203"`) {
		t.Fatal("judge's court tree shows courts outside the scope")
	}
	if !strings.Contains(string(a.body), `data-court="C350203"`) {
		t.Fatal("the province's tree lacks a basic court")
	}
	if got := w.anonymous().get("/"); got.code != http.StatusOK || !strings.Contains(string(got.body), "数据状态") || strings.Contains(string(got.body), `<nav class="top">`) {
		t.Fatalf("anonymous home page: %d", got.code)
	}
}
