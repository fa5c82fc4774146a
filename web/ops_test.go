package web

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng/auth"
	"github.com/qingfeng-court/qingfeng/auth/oidctest"
	"github.com/qingfeng-court/qingfeng/store"
)

func TestMetricsAndProbes(t *testing.T) {
	w := newWorld(t)
	w.addUser("gulou", ownCourt, "", analyst)
	c := w.as("gulou")
	c.get(caseURL("/api/v1/cases/", numOwn))
	push := w.anonymous()
	push.token = w.addToken("gulou-cms", "cms", ownCourt)
	push.do("POST", "/api/v1/records", "application/x-ndjson", strings.NewReader(
		`{"kind":"case","src":"cms","src_id":"m1","case_number":"（2024）闽0102民初41号","court_id":"C350102","filed_on":"2024-04-01"}`+"\n"))
	m := string(w.anonymous().get("/metrics").body)
	for _, want := range []string{
		`qingfeng_http_request_duration_seconds_count{code="200",method="GET",route="GET /api/v1/cases/{number}"} 1`,
		`qingfeng_ingest_records_total{outcome="stored",src="cms"} 1`,
		`qingfeng_audit_entries_total{outcome="ok"}`,
		`go_goroutines`,
		`qingfeng_engine_ready{engine="indicator"} 1`,
		`qingfeng_engine_ready{engine="risk"} 1`,
		`qingfeng_engine_log_position{engine="risk"}`,
		`qingfeng_risk_evaluation_day_seconds`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(m, "闽0102民初1号") {
		t.Error("a case number leaked into a metric label")
	}
	if got := w.anonymous().get("/readyz"); got.code != 200 {
		t.Fatalf("readyz: %d", got.code)
	}
	w.srv.opts.Ready = func() error { return context.DeadlineExceeded }
	if got := w.anonymous().get("/readyz"); got.code != http.StatusServiceUnavailable {
		t.Fatalf("readyz when not ready: %d", got.code)
	}
}

// TestSingleSignOn signs a linked user in through an OpenID Connect provider, end to end through
// the browser's redirects, and refuses a subject no user is linked to.
func TestSingleSignOn(t *testing.T) {
	w := newWorld(t)
	p := oidctest.New(t, "qingfeng")
	o, err := auth.NewOIDC(context.Background(), auth.OIDCConfig{Issuer: p.URL, ClientID: "qingfeng", RedirectURL: w.http.URL + "/auth/oidc/callback"})
	if err != nil {
		t.Fatal(err)
	}
	w.srv.opts.OIDC = o
	u := w.addUser("sso-user", ownCourt, "", inspector)
	u.Subject = o.Subject("user-1")
	if err := w.st.UpdateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar} // follows redirects: qingfeng → provider → callback → next
	resp, err := hc.Get(w.http.URL + "/auth/oidc/login?next=/cases")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/cases" {
		t.Fatalf("single sign-on ended at %d %s", resp.StatusCode, resp.Request.URL)
	}
	me, _ := hc.Get(w.http.URL + "/api/v1/me")
	me.Body.Close()
	if me.StatusCode != 200 {
		t.Fatalf("signed in through the provider, /api/v1/me: %d", me.StatusCode)
	}
	p.Subject = "stranger"
	jar2, _ := cookiejar.New(nil)
	resp, _ = (&http.Client{Jar: jar2}).Get(w.http.URL + "/auth/oidc/login")
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("an unlinked subject: %d", resp.StatusCode)
	}
	if es := w.auditEntries(storeFilter("login")); len(es) != 2 || es[0].Outcome != "denied" || es[1].Detail != "sso" {
		t.Fatalf("sign-ins in the audit log: %+v", es)
	}
}

func storeFilter(action string) store.AuditFilter { return store.AuditFilter{Action: action} }
