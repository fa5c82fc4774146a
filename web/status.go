package web

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/qingfeng-court/qingfeng/i18n"
)

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

func (s *Server) status(ctx context.Context) (*Status, error) {
	c, err := s.store.Counts(ctx)
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

func (s *Server) apiStatus(c *call) error {
	st, err := s.status(c.r.Context())
	if err != nil {
		return err
	}
	c.json(http.StatusOK, st)
	return nil
}

// home is the status page; signed in, it sits in the shell with the navigation and court tree.
func (s *Server) home(c *call) error {
	st, err := s.status(c.r.Context())
	if err != nil {
		return err
	}
	c.render("status.html", i18n.Text{ZH: "数据状态", EN: "Data status"}, st)
	return nil
}

func (s *Server) healthz(c *call) error {
	c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	c.w.Write([]byte("ok\n"))
	return nil
}

// readyz answers 200 when the store answers and the instance says it is ready, 503 otherwise.
func (s *Server) readyz(c *call) error {
	ctx, cancel := context.WithTimeout(c.r.Context(), 2*time.Second)
	defer cancel()
	_, err := s.audit.Store().AuditHead(ctx)
	if err == nil && s.opts.Ready != nil {
		err = s.opts.Ready()
	}
	c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err != nil {
		c.w.WriteHeader(http.StatusServiceUnavailable)
		c.w.Write([]byte("not ready: " + err.Error() + "\n"))
		return nil
	}
	c.w.Write([]byte("ready\n"))
	return nil
}

func (s *Server) metricsPage(c *call) error {
	promhttp.HandlerFor(s.opts.Registry, promhttp.HandlerOpts{}).ServeHTTP(c.w, c.r)
	return nil
}
