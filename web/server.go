// Package web serves Qingfeng over HTTP: the JSON API under /api/v1 and the server-rendered
// pages (zh-CN by default, English with ?lang=en). This first version serves the status of
// the store; the indicator, warning, review and case pages are added by later work.
package web

import (
	"embed"
	"encoding/json"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

//go:embed templates static
var assets embed.FS

// Options configure a server.
type Options struct {
	Version string
	Logger  *slog.Logger
}

// Server is the HTTP handler.
type Server struct {
	store   store.Store
	opts    Options
	mux     *http.ServeMux
	pages   *template.Template
	started time.Time
}

// New returns a server over st.
func New(st store.Store, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{store: st, opts: opts, mux: http.NewServeMux(), started: time.Now()}
	s.pages = template.Must(template.New("").Funcs(template.FuncMap{"t": translate, "kindOrder": kindOrder}).ParseFS(assets, "templates/*.html"))
	static, _ := fs.Sub(assets, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /api/v1/status", s.apiStatus)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	s.mux.HandleFunc("GET /{$}", s.statusPage)
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "same-origin")
	s.mux.ServeHTTP(w, r)
}

// Status is the body of GET /api/v1/status.
type Status struct {
	Version     string           `json:"version"`
	Kinds       map[string]int64 `json:"kinds"` // current records per kind
	Revisions   int64            `json:"revisions"`
	Quarantined int64            `json:"quarantined"`
	Matters     int64            `json:"matters"`
	Orphans     int64            `json:"orphans"`
	UptimeSec   int64            `json:"uptime_seconds"`
}

func (s *Server) status(r *http.Request) (*Status, error) {
	c, err := s.store.Counts(r.Context())
	if err != nil {
		return nil, err
	}
	st := &Status{Version: s.opts.Version, Kinds: map[string]int64{}, Revisions: c.Revisions,
		Quarantined: c.Quarantined, Matters: c.Matters, Orphans: c.Orphans, UptimeSec: int64(time.Since(s.started).Seconds())}
	for k, n := range c.Kinds {
		st.Kinds[string(k)] = n
	}
	return st, nil
}

func (s *Server) apiStatus(w http.ResponseWriter, r *http.Request) {
	st, err := s.status(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) statusPage(w http.ResponseWriter, r *http.Request) {
	st, err := s.status(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "status.html", st)
}

// lang picks the page language: ?lang= first, then the lang cookie, then Accept-Language.
func lang(r *http.Request) i18n.Lang {
	if v := r.URL.Query().Get("lang"); v != "" {
		return i18n.Parse(v)
	}
	if c, err := r.Cookie("lang"); err == nil {
		return i18n.Parse(c.Value)
	}
	if h := r.Header.Get("Accept-Language"); h != "" && i18n.Parse(h) == i18n.EN {
		return i18n.EN
	}
	return i18n.ZH
}

type page struct {
	Lang  i18n.Lang
	Other i18n.Lang
	Data  any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	l := lang(r)
	if v := r.URL.Query().Get("lang"); v != "" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: string(l), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	other := i18n.EN
	if l == i18n.EN {
		other = i18n.ZH
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.pages.ExecuteTemplate(w, name, page{Lang: l, Other: other, Data: data}); err != nil {
		s.opts.Logger.Error("render page", "page", name, "err", err)
	}
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.opts.Logger.Error("request failed", "path", r.URL.Path, "err", err)
	writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
