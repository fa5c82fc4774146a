package cli

import (
	"context"
	"fmt"
	"io"
	"net"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng/app"
)

const defaultAddr = "127.0.0.1:8080"

func newServeCmd() *cobra.Command {
	var data, addr, db string
	var web webFlags
	var noRisk bool
	cmd := &cobra.Command{
		Use:   "serve --data DIR [--addr HOST:PORT]",
		Short: "启动网页与接口服务 / serve the web interface and JSON API",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := app.Open(data, Version, dbOptions(cmd, db)...)
			if err != nil {
				return err
			}
			defer a.Close()
			a.Web = web.config()
			a.RiskElsewhere = noRisk
			return serve(cmd.Context(), a, addr, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录 / data directory")
	cmd.Flags().StringVar(&addr, "addr", defaultAddr, "监听地址 / listen address")
	cmd.Flags().BoolVar(&noRisk, "no-risk", false, "风险规则由 qingfeng work 运行，本服务只展示预警 / the risk rules run in qingfeng work: only show the warnings here")
	addDBFlag(cmd, &db)
	web.add(cmd)
	_ = cmd.MarkFlagRequired("data")
	return cmd
}

// serve runs the application's server until ctx is cancelled (Ctrl-C, SIGTERM).
func serve(ctx context.Context, a *app.App, addr string, out io.Writer) error {
	return a.Serve(ctx, addr, func(at net.Addr) {
		fmt.Fprintf(out, "清风已启动 Qingfeng is serving at http://%s/  (Ctrl-C 退出 to stop)\n", at)
	})
}
