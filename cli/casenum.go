package cli

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng/casenum"
)

func newCasenumCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "casenum 案号...",
		Short: "解析案号 / parse case numbers",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			enc := json.NewEncoder(cmd.OutOrStdout())
			types := casenum.Default()
			for _, a := range args {
				out := map[string]any{"input": a}
				n, err := types.Parse(a)
				if err != nil {
					out["error"] = err.Error()
				} else {
					out["normalised"] = n.String()
					out["parsed"] = n
					if info, ok := types.Lookup(n.Type); ok {
						out["type"] = info
					}
				}
				if err := enc.Encode(out); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
