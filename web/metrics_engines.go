package web

import (
	"github.com/prometheus/client_golang/prometheus"
)

// registerEngineMetrics adds, read at each scrape, how far each engine has followed the record
// log and whether it is ready: an engine whose position stops while ingest goes on, or that
// stays not ready, is what an operator alerts on. Engines the server does not run have no series.
func registerEngineMetrics(reg prometheus.Registerer, opts Options) error {
	var cs []prometheus.Collector
	gauge := func(name, help, engine string, f func() float64) {
		cs = append(cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help,
			ConstLabels: prometheus.Labels{"engine": engine}}, f))
	}
	const posHelp = "The record-log sequence number up to which the engine has evaluated."
	const readyHelp = "1 once the engine holds the store's data and serves it, else 0."
	ready := func(r interface{ Ready() error }) func() float64 {
		return func() float64 {
			if r.Ready() != nil {
				return 0
			}
			return 1
		}
	}
	if ind := opts.Indicators; ind != nil {
		gauge("qingfeng_engine_log_position", posHelp, "indicator", func() float64 { return float64(ind.Seq()) })
		gauge("qingfeng_engine_ready", readyHelp, "indicator", ready(ind))
	}
	if rk := opts.Risk; rk != nil {
		gauge("qingfeng_engine_log_position", posHelp, "risk", func() float64 { seq, _ := rk.Position(); return float64(seq) })
		gauge("qingfeng_engine_ready", readyHelp, "risk", ready(rk))
		cs = append(cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "qingfeng_risk_evaluation_day_seconds",
			Help: "The day the risk rules are evaluated for, as a Unix time: it moves on every day the engine runs."},
			func() float64 { _, day := rk.Position(); return float64(day.Time().Unix()) }))
	}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}
