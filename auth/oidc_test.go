package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng/auth/oidctest"
)

// signInThrough runs the authorization code flow against the test provider: Start, follow the
// browser to the provider and back, and Finish at the callback.
func signInThrough(t *testing.T, o *OIDC, mutate func(callback *http.Request)) (string, string, error) {
	t.Helper()
	rec := httptest.NewRecorder()
	to := o.Start(rec, false, "/cases")
	cookie := rec.Result().Cookies()[0]
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(to)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(back, "http://qingfeng.test/auth/oidc/callback?") {
		t.Fatalf("provider answered %d %q", resp.StatusCode, back)
	}
	req := httptest.NewRequest("GET", back, nil)
	req.AddCookie(cookie)
	if mutate != nil {
		mutate(req)
	}
	return o.Finish(context.Background(), httptest.NewRecorder(), req)
}

func TestOIDCFlow(t *testing.T) {
	p := oidctest.New(t, "qingfeng")
	o, err := NewOIDC(context.Background(), OIDCConfig{Issuer: p.URL, ClientID: "qingfeng", ClientSecret: "s",
		RedirectURL: "http://qingfeng.test/auth/oidc/callback"})
	if err != nil {
		t.Fatal(err)
	}
	sub, next, err := signInThrough(t, o, nil)
	if err != nil || sub != p.URL+" user-1" || next != "/cases" {
		t.Fatalf("sign-in: %q %q %v", sub, next, err)
	}
	cases := map[string]func(r *http.Request){
		"state from another sign-in": func(r *http.Request) {
			q := r.URL.Query()
			q.Set("state", "forged")
			r.URL.RawQuery = q.Encode()
		},
		"no state cookie": func(r *http.Request) { r.Header.Del("Cookie") },
		"code replayed": func(r *http.Request) {
			q := r.URL.Query()
			q.Set("code", "not-issued")
			r.URL.RawQuery = q.Encode()
		},
		"provider error": func(r *http.Request) { r.URL.RawQuery = url.Values{"error": {"access_denied"}}.Encode() },
	}
	for name, mutate := range cases {
		if _, _, err := signInThrough(t, o, mutate); !errors.Is(err, ErrOIDC) {
			t.Errorf("%s: got %v, want ErrOIDC", name, err)
		}
	}
	p.NonceOverride = "someone else's nonce"
	if _, _, err := signInThrough(t, o, nil); err == nil || !strings.Contains(err.Error(), "nonce") {
		t.Errorf("a token with another nonce: %v", err)
	}
	// The verifier in the cookie must match the challenge the provider saw.
	p.NonceOverride = ""
	if _, _, err := signInThrough(t, o, func(r *http.Request) {
		c, _ := r.Cookie(oidcCookie)
		parts := strings.SplitN(c.Value, "|", 4)
		parts[2] = "a-different-verifier-of-sufficient-length-0123456789"
		r.Header.Del("Cookie")
		r.AddCookie(&http.Cookie{Name: oidcCookie, Value: strings.Join(parts, "|")})
	}); !errors.Is(err, ErrOIDC) {
		t.Errorf("a wrong PKCE verifier: %v", err)
	}
	if _, err := NewOIDC(context.Background(), OIDCConfig{Issuer: p.URL}); err == nil {
		t.Error("a configuration without client id was accepted")
	}
}
