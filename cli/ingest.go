package cli

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/ingest"
)

func newIngestCmd() *cobra.Command {
	var (
		data, profile, format, lang, db string
		batch                           int
		strict                          bool
	)
	cmd := &cobra.Command{
		Use:   "ingest --data DIR [--profile FILE] PATH...",
		Short: "导入 JSONL/CSV 记录 / ingest JSONL or CSV records",
		Long: `导入规范格式的 JSON Lines 文件，或通过映射配置（--profile）导入 CSV 导出文件。
文件夹中的 *.jsonl、*.json、*.csv 按文件名顺序读取；基础数据（法院、部门、人员、近亲属、律师）先于案件和事件导入。
不合格的记录进入隔离区（qingfeng quarantine），修正后可重新导入。重复导入同一文件不会新增记录。

Ingest JSON Lines in the canonical format, or CSV exports through a mapping profile (--profile).
Reference data is loaded before casework; rejected records go to quarantine with their reasons.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l := pickLang(lang)
			d, err := datadir.Open(data, dbOptions(cmd, db)...)
			if err != nil {
				return err
			}
			defer d.Close()
			defer ingest.BulkGC()()
			opts := ingest.Options{BatchSize: batch, Progress: progressWriter(cmd.ErrOrStderr())}
			if profile != "" {
				if opts.Profile, err = ingest.LoadProfile(profile); err != nil {
					return err
				}
			}
			sum, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, opts).Run(cmd.Context(), args)
			if sum != nil {
				if perr := printSummary(cmd.OutOrStdout(), sum, format, l); perr != nil && err == nil {
					err = perr
				}
			}
			if err != nil {
				return err
			}
			if strict && sum.Rejected > 0 {
				return fmt.Errorf("%d records rejected (--strict)", sum.Rejected)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录 / data directory")
	addDBFlag(cmd, &db)
	cmd.Flags().StringVar(&profile, "profile", "", "CSV 映射配置文件 / CSV mapping profile (YAML)")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式 text|json / summary format")
	cmd.Flags().StringVar(&lang, "lang", "", "界面语言 zh-CN|en (默认 zh-CN，或 QINGFENG_LANG)")
	cmd.Flags().IntVar(&batch, "batch", ingest.DefaultBatchSize, "每个事务的记录数 / records per transaction")
	cmd.Flags().BoolVar(&strict, "strict", false, "有拒收记录时以非零状态退出 / exit non-zero when records were rejected")
	_ = cmd.MarkFlagRequired("data")
	return cmd
}

func pickLang(flag string) i18n.Lang {
	if flag != "" {
		return i18n.Parse(flag)
	}
	return i18n.FromEnv()
}

// progressWriter returns w when it is a terminal, so bars are drawn only for people.
func progressWriter(w io.Writer) io.Writer {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return w
	}
	return nil
}

var summaryText = i18n.Text{
	ZH: "读取 %d 条记录：新增 %d，未变 %d，修订 %d，拒收 %d（已进入隔离区）；修复隔离记录 %d。用时 %.1f 秒（%.0f 条/秒）\n",
	EN: "read %d records: %d stored, %d unchanged, %d revised, %d rejected (in quarantine); %d quarantine entries resolved. %.1f s (%.0f records/s)\n",
}

func printSummary(w io.Writer, s *ingest.Summary, format string, l i18n.Lang) error {
	if format == "json" {
		return writeJSON(w, s)
	}
	fmt.Fprint(w, summaryText.In(l, s.Read, s.Stored, s.Unchanged, s.Revised, s.Rejected, s.Resolved, s.Seconds, s.PerSecond))
	kinds := make([]string, 0, len(s.Kinds))
	for k := range s.Kinds {
		kinds = append(kinds, string(k))
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		ks := s.Kinds[qingfeng.Kind(k)]
		fmt.Fprintf(w, "  %-10s %9d %9d %9d %9d %9d\n", k, ks.Read, ks.Stored, ks.Unchanged, ks.Revised, ks.Rejected)
	}
	if len(s.Reasons) > 0 {
		codes := make([]string, 0, len(s.Reasons))
		for c := range s.Reasons {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		label := map[i18n.Lang]string{i18n.ZH: "拒收原因", i18n.EN: "rejections by reason"}[l]
		parts := make([]string, len(codes))
		for i, c := range codes {
			parts[i] = fmt.Sprintf("%s×%d", c, s.Reasons[c])
		}
		fmt.Fprintf(w, "  %s: %s\n", label, strings.Join(parts, ", "))
	}
	return nil
}
