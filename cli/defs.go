package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng/defs"
)

func newDefsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "defs",
		Short: "定义文件（代码表、节假日、审限表）/ definition files",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "export DIR",
		Short: "导出内置定义文件以便本院修改 / write the embedded definitions to DIR for editing",
		Long: `把内置的案件类型代字表、节假日、审限表和最高法代码表写到 DIR。
把修改后的文件放到数据目录的 defs/ 下（保持相同的相对路径），即可替换内置版本。

Write the embedded definitions to DIR. Put edited files under the data directory's defs/ folder,
at the same relative path, to replace the embedded ones.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := defs.Export(args[0]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已导出 exported to %s\n", args[0])
			return nil
		},
	})
	return cmd
}
