package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig configures single sign-on with an OpenID Connect provider (the court's or the
// province's identity system).
type OIDCConfig struct {
	Issuer       string // the provider's issuer URL
	ClientID     string
	ClientSecret string
	RedirectURL  string // this server's /auth/oidc/callback, as registered with the provider
}

// OIDC signs users in through an OpenID Connect provider with the authorization code flow,
// PKCE and a nonce. It maps the provider's subject to a local user (User.Subject) and never
// creates users: an administrator links a subject to a user, with that user's roles and scope.
type OIDC struct {
	cfg      OIDCConfig
	verifier *oidc.IDTokenVerifier
	oauth    oauth2.Config
}

// NewOIDC discovers the provider's endpoints and keys.
func NewOIDC(ctx context.Context, cfg OIDCConfig) (*OIDC, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, errors.New("single sign-on needs an issuer, a client id and a redirect URL")
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("single sign-on provider %s: %w", cfg.Issuer, err)
	}
	return &OIDC{cfg: cfg, verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile"}}}, nil
}

// Subject is how a provider's user is named locally: the issuer and the subject, so that two
// providers' subjects cannot collide.
func (o *OIDC) Subject(sub string) string { return o.cfg.Issuer + " " + sub }

const oidcCookie = "qf_oidc"

// Start begins a sign-in: it keeps the state, nonce, PKCE verifier and where to go afterwards
// in a short-lived cookie and returns the provider's URL to send the browser to.
func (o *OIDC) Start(w http.ResponseWriter, secure bool, next string) string {
	state, nonce, verifier := NewSecret(), NewSecret(), oauth2.GenerateVerifier()
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: strings.Join([]string{state, nonce, verifier, next}, "|"),
		Path: "/auth/oidc/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode, MaxAge: int((10 * time.Minute).Seconds())})
	return o.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
}

// ErrOIDC is returned (wrapped) when a sign-in through the provider fails.
var ErrOIDC = errors.New("single sign-on failed")

// Finish completes a sign-in at the callback: it checks the state, exchanges the code, verifies
// the ID token and its nonce, and returns the local subject and where to go next.
func (o *OIDC) Finish(ctx context.Context, w http.ResponseWriter, r *http.Request) (subject, next string, err error) {
	c, cerr := r.Cookie(oidcCookie)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/auth/oidc/", MaxAge: -1, HttpOnly: true})
	if cerr != nil {
		return "", "", fmt.Errorf("%w: no sign-in in progress", ErrOIDC)
	}
	parts := strings.SplitN(c.Value, "|", 4)
	if len(parts) != 4 {
		return "", "", fmt.Errorf("%w: bad state cookie", ErrOIDC)
	}
	state, nonce, verifier, next := parts[0], parts[1], parts[2], parts[3]
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return "", "", fmt.Errorf("%w: provider said %s", ErrOIDC, e)
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
		return "", "", fmt.Errorf("%w: state does not match", ErrOIDC)
	}
	tok, err := o.oauth.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		return "", "", fmt.Errorf("%w: %v", ErrOIDC, err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return "", "", fmt.Errorf("%w: no id_token in the response", ErrOIDC)
	}
	id, err := o.verifier.Verify(ctx, raw)
	if err != nil {
		return "", "", fmt.Errorf("%w: %v", ErrOIDC, err)
	}
	if subtle.ConstantTimeCompare([]byte(id.Nonce), []byte(nonce)) != 1 {
		return "", "", fmt.Errorf("%w: nonce does not match", ErrOIDC)
	}
	return o.Subject(id.Subject), next, nil
}
