// Package app assembles a running Qingfeng: the data directory and its store, the feed that
// engines follow, and (as they are added) the engines and the web server. The serve and demo
// commands start it; tests start it on a temporary directory.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

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

	side io.Closer // the SQLite file keeping accounts when the store does not (web.go)
}

// Open opens the data directory at path.
func Open(path, version string, opts ...datadir.Option) (*App, error) {
	d, err := datadir.Open(path, opts...)
	if err != nil {
		return nil, err
	}
	f := feed.New(d.Store)
	return &App{Dir: d, Feed: f, Store: f.Wrap(), Version: version}, nil
}

// Close releases the store.
func (a *App) Close() error {
	if a.side != nil {
		a.side.Close()
	}
	return a.Dir.Close()
}

// Serve listens on addr and serves until ctx ends, then shuts down gracefully. ready, when not
// nil, receives the address actually listened on (useful with port 0).
func (a *App) Serve(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	h, err := a.Handler()
	if err != nil {
		ln.Close()
		return err
	}
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
