// Package app assembles a running Qingfeng: the data directory and its store, the feed that
// engines follow, and (as they are added) the engines and the web server. The serve and demo
// commands start it; tests start it on a temporary directory.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/store"
)

// App is one running instance.
type App struct {
	Dir     *datadir.Dir
	Feed    *feed.Feed
	Store   store.Store // the data directory's store, waking the feed on every commit
	Version string
	Web     WebConfig // TLS and single sign-on of the web server (web.go)
	// Engines serve the indicator, 阅核 and warning pages; Serve builds and starts them
	// (engines.go). Without them (Handler alone) those pages answer 503.
	Engines *Engines
	// AsOf, when set, is the day the risk engine evaluates its rules for instead of today (the
	// data directory's as-of file sets it at Open): data
	// that end on a fixed day (the generator's province) would otherwise have every absence
	// rule fire for the months between that day and now.
	AsOf qingfeng.Date
	// RiskElsewhere, when set, keeps this server from evaluating the risk rules: `qingfeng work`
	// runs the engine (one worker at a time holds its lease), and a second engine on the same
	// store would re-fire what the first withdrew. The server then serves the warnings from the
	// store and the timelines from a read-only replay of the log, renewed every RiskReplay.
	RiskElsewhere bool
	RiskReplay    time.Duration // 5 minutes when zero
}

// Open opens the data directory at path.
func Open(path, version string, opts ...datadir.Option) (*App, error) {
	d, err := datadir.Open(path, opts...)
	if err != nil {
		return nil, err
	}
	f := feed.New(d.Store)
	return &App{Dir: d, Feed: f, Store: f.Wrap(), Version: version, AsOf: d.AsOf}, nil
}

// Close releases the store.
func (a *App) Close() error { return a.Dir.Close() }

// Serve listens on addr and serves until ctx ends, then shuts down gracefully, the engines
// following the record log meanwhile (they stop before Serve returns). ready, when not nil,
// receives the address actually listened on (useful with port 0).
func (a *App) Serve(ctx context.Context, addr string, ready func(net.Addr)) error {
	if a.Engines == nil {
		eng, err := a.buildEngines()
		if err != nil {
			return err
		}
		a.Engines = eng
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	h, err := a.Handler()
	if err != nil {
		ln.Close()
		return err
	}
	engCtx, stopEngines := context.WithCancel(ctx)
	wait := a.Engines.Start(engCtx, a.Store, a.Feed)
	defer wait()
	defer stopEngines()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() {
		if a.Web.CertFile != "" {
			errc <- srv.ServeTLS(ln, a.Web.CertFile, a.Web.KeyFile)
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
