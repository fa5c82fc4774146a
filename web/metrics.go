package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus series: HTTP latency per route, records pushed by source
// systems and re-ingested, audit entries written.
type metrics struct {
	latency *prometheus.HistogramVec
	ingest  *prometheus.CounterVec
	audit   *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry) (*metrics, error) {
	m := &metrics{
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "qingfeng_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route", "method", "code"}),
		ingest: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "qingfeng_ingest_records_total",
			Help: "Records received over HTTP (pushed by source systems or re-ingested from quarantine), by outcome.",
		}, []string{"src", "outcome"}),
		audit: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "qingfeng_audit_entries_total",
			Help: "Audit log entries written by the web server, by outcome.",
		}, []string{"outcome"}),
	}
	for _, c := range []prometheus.Collector{m.latency, m.ingest, m.audit} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	// The process and runtime collectors may already be there when the registry is shared.
	for _, c := range []prometheus.Collector{collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		if err := reg.Register(c); err != nil {
			if _, dup := err.(prometheus.AlreadyRegisteredError); !dup {
				return nil, err
			}
		}
	}
	return m, nil
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// instrument times every request under its route pattern (never the raw path, which would make
// one series per case number).
func (m *metrics) instrument(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		m.latency.WithLabelValues(route, r.Method, strconv.Itoa(sw.code)).Observe(time.Since(start).Seconds())
	})
}
