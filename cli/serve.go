package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/web"
)

const defaultAddr = "127.0.0.1:8080"

func newServeCmd() *cobra.Command {
	var data, addr string
	cmd := &cobra.Command{
		Use:   "serve --data DIR [--addr HOST:PORT]",
		Short: "启动网页与接口服务 / serve the web interface and JSON API",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := datadir.Open(data)
			if err != nil {
				return err
			}
			defer d.Close()
			return serve(cmd.Context(), d, addr, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录 / data directory")
	cmd.Flags().StringVar(&addr, "addr", defaultAddr, "监听地址 / listen address")
	_ = cmd.MarkFlagRequired("data")
	return cmd
}

// serve runs the HTTP server until ctx is cancelled (Ctrl-C, SIGTERM), then shuts down
// gracefully.
func serve(ctx context.Context, d *datadir.Dir, addr string, out io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           web.New(d.Store, web.Options{Version: Version}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	fmt.Fprintf(out, "清风已启动 Qingfeng is serving at http://%s/  (Ctrl-C 退出 to stop)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
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
