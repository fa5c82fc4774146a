// Package web serves Qingfeng over HTTP: server-rendered pages (zh-CN by default, English with
// ?lang=en) and the JSON API under /api/v1 with its OpenAPI document, behind sign-in (local
// accounts or single sign-on), CSRF protection and court-scoped access, every view of a case and
// every action written to the audit log. Every table can also be had as CSV or .xlsx.
//
// Routes are declared once, in a table (routes.go) that says each route's permission and
// purpose; the mux, the access checks and the OpenAPI document are all made from it.
package web

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/qingfeng-court/qingfeng/audit"
	"github.com/qingfeng-court/qingfeng/auth"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/review"
	"github.com/qingfeng-court/qingfeng/store"
)

//go:embed templates static
var assets embed.FS

// Options configure a server. Accounts and Audit are required.
type Options struct {
	Version string
	Logger  *slog.Logger

	Accounts store.Accounts
	Audit    *audit.Log
	// Secure says the server runs under TLS: cookies are then Secure and __Host- prefixed.
	Secure bool
	// OIDC enables single sign-on when set.
	OIDC *auth.OIDC
	// Ingester stores what source systems push and what the data page re-ingests; without it
	// those endpoints answer 503.
	Ingester *ingest.Ingester
	// Defs is the set of definition files in force, Embedded the binary's own (to tell which
	// files the court replaced).
	Defs, Embedded fs.FS
	// Registry receives the server's metrics and is served on /metrics; a new one when nil.
	Registry *prometheus.Registry
	// Ready reports whether the instance is ready for traffic (engines caught up …); nil means
	// ready once the store answers.
	Ready func() error
	// MaxIngestBytes bounds one pushed body; 64 MiB when zero.
	MaxIngestBytes int64

	// Indicators serves the 体检表, indicator and ledger pages; without it they answer 503.
	Indicators Indicators
	// Reviews serves the 阅核 pages and, through package reviewapi, /api/v1/reviews; without it
	// they answer 503. It is the service itself, not an interface, because reviewapi takes it.
	Reviews *review.Service
	// Risk serves the warning pages (warnings.go); without it they answer 503.
	Risk Risk
}

// Server is the HTTP handler.
type Server struct {
	store    store.Store
	acc      store.Accounts
	audit    *audit.Log
	auth     *auth.Authenticator
	sessions *auth.Sessions
	opts     Options
	mux      *http.ServeMux
	handler  http.Handler
	pages    *template.Template
	trees    *treeCache
	views    *viewCache
	metrics  *metrics
	// reviewMux serves package reviewapi's routes behind the route table's checks.
	reviewMux *http.ServeMux
	started   time.Time
}

// New returns a server over st.
func New(st store.Store, opts Options) (*Server, error) {
	if opts.Accounts == nil || opts.Audit == nil {
		return nil, errors.New("web: accounts and audit log are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	if opts.MaxIngestBytes <= 0 {
		opts.MaxIngestBytes = 64 << 20
	}
	s := &Server{store: st, acc: opts.Accounts, audit: opts.Audit, opts: opts, mux: http.NewServeMux(),
		auth: auth.NewAuthenticator(opts.Accounts), sessions: auth.NewSessions(opts.Accounts, opts.Secure),
		trees: newTreeCache(st, 5*time.Second), views: newViewCache(512), started: time.Now()}
	if opts.Reviews != nil {
		s.reviewMux = newReviewMux(opts.Reviews)
	}
	var err error
	if s.metrics, err = newMetrics(opts.Registry); err != nil {
		return nil, err
	}
	if err := registerEngineMetrics(opts.Registry, opts); err != nil {
		return nil, err
	}
	if s.pages, err = template.New("").Funcs(s.funcs()).ParseFS(assets, "templates/*.html"); err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	static, _ := fs.Sub(assets, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	for _, rt := range s.routes() {
		s.mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
	}
	s.handler = s.metrics.instrument(http.NewCrossOriginProtection().Handler(s.mux))
	return s, nil
}

// Authenticator returns the server's password and token checker (its throttles included).
func (s *Server) Authenticator() *auth.Authenticator { return s.auth }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'")
	if s.opts.Secure {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	s.handler.ServeHTTP(w, r)
}

// cacheStatic lets browsers keep the static files for a day: the chart bundle is a megabyte.
func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		h.ServeHTTP(w, r)
	})
}
