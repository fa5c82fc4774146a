package app

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"

	"github.com/qingfeng-court/qingfeng/audit"
	"github.com/qingfeng-court/qingfeng/auth"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/web"
)

// WebConfig is how the web server is reached and signs people in.
type WebConfig struct {
	CertFile, KeyFile string           // serve HTTPS with this certificate and key when set
	OIDC              *auth.OIDCConfig // single sign-on, when set
}

// Accounts returns where the instance keeps users, sessions, tokens and the audit log: the data
// directory's store, which must keep them (both stores do).
func (a *App) Accounts() (store.Accounts, store.AuditLog, error) {
	acc, ok1 := a.Dir.Store.(store.Accounts)
	log, ok2 := a.Dir.Store.(store.AuditLog)
	if !ok1 || !ok2 {
		return nil, nil, fmt.Errorf("the store of %s keeps no accounts or audit log", a.Dir.Path)
	}
	return acc, log, nil
}

// AuditLog returns the instance's audit log, sealed under the key derived from secret.key.
func (a *App) AuditLog() (*audit.Log, error) {
	_, log, err := a.Accounts()
	if err != nil {
		return nil, err
	}
	secret, err := ingest.LoadOrCreateKey(filepath.Join(a.Dir.Path, "secret.key"))
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	return audit.New(log, audit.Key(secret)), nil
}

// Handler returns the HTTP handler of the web interface and API.
func (a *App) Handler() (http.Handler, error) {
	acc, _, err := a.Accounts()
	if err != nil {
		return nil, err
	}
	log, err := a.AuditLog()
	if err != nil {
		return nil, err
	}
	opts := web.Options{Version: a.Version, Accounts: acc, Audit: log, Secure: a.Web.CertFile != "",
		Ingester: ingest.New(a.Store, a.Dir.Types, a.Dir.Codes, a.Dir.Hasher, ingest.Options{}),
		Defs:     a.Dir.Defs, Embedded: defs.Default()}
	if a.Engines != nil {
		opts.Indicators, opts.Reviews, opts.Risk = a.Engines.Indicators, a.Engines.Reviews, a.Engines.Risk
		opts.Ready = a.Engines.Indicators.Ready
	}
	if a.Web.OIDC != nil {
		if opts.OIDC, err = auth.NewOIDC(context.Background(), *a.Web.OIDC); err != nil {
			return nil, err
		}
	}
	return web.New(a.Store, opts)
}
