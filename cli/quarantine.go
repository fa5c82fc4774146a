package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/store"
)

func newQuarantineCmd() *cobra.Command {
	var (
		data, format, lang, export, file string
		all, retry                       bool
		limit                            int
	)
	cmd := &cobra.Command{
		Use:   "quarantine --data DIR",
		Short: "查看与重新导入隔离区记录 / list and re-ingest rejected records",
		Long: `列出被拒收的记录：文件、行号、字段、取值和原因。
修正方法：改正源文件后用 qingfeng ingest 重新导入（同一记录导入成功后隔离条目自动解除）；
或用 --export 导出原始行，修改后再导入；或在补齐基础数据/代码表后用 --retry 原样重试。

List rejected records with file, line, field, value and reason. Fix the source file and ingest it
again (entries resolve when the record is stored), or --export the raw lines to fix them, or
--retry them as they are after loading the missing reference data or codes.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l := pickLang(lang)
			d, err := datadir.Open(data)
			if err != nil {
				return err
			}
			defer d.Close()
			entries, err := d.Store.Quarantine(cmd.Context(), store.QuarantineFilter{IncludeResolved: all, File: file, Limit: limit})
			if err != nil {
				return err
			}
			switch {
			case retry:
				sum, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, ingest.Options{}).Retry(cmd.Context(), entries)
				if err != nil {
					return err
				}
				return printSummary(cmd.OutOrStdout(), sum, format, l)
			case export != "":
				return exportRaw(export, entries)
			case format == "json":
				if entries == nil {
					entries = []qingfeng.Rejection{}
				}
				return writeJSON(cmd.OutOrStdout(), entries)
			}
			w := cmd.OutOrStdout()
			for _, e := range entries {
				reason := e.Reason
				if l == i18n.EN {
					reason = e.ReasonEn
				}
				state := ""
				if e.Resolved {
					state = map[i18n.Lang]string{i18n.ZH: " [已解除]", i18n.EN: " [resolved]"}[l]
				}
				fmt.Fprintf(w, "#%d %s:%d %s%s\n", e.ID, e.File, e.Line, reason, state)
			}
			fmt.Fprintln(w, i18n.Text{ZH: "共 %d 条", EN: "%d entries"}.In(l, len(entries)))
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录 / data directory")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式 text|json / output format")
	cmd.Flags().StringVar(&lang, "lang", "", "界面语言 zh-CN|en")
	cmd.Flags().StringVar(&file, "file", "", "只看某个文件的条目 / only entries from this file (absolute path)")
	cmd.Flags().BoolVar(&all, "all", false, "包括已解除的条目 / include resolved entries")
	cmd.Flags().BoolVar(&retry, "retry", false, "原样重试隔离记录 / ingest the open entries again as they are")
	cmd.Flags().StringVar(&export, "export", "", "把原始行写入文件以便修改 / write the raw lines to FILE for fixing")
	cmd.Flags().IntVar(&limit, "limit", 0, "最多列出条数 / list at most N entries")
	_ = cmd.MarkFlagRequired("data")
	return cmd
}

// exportRaw writes the raw lines of quarantine entries to a file, one per line, so they can
// be corrected and ingested again.
func exportRaw(path string, entries []qingfeng.Rejection) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if _, err := fmt.Fprintln(f, e.Raw); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
