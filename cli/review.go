package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/review"
	"github.com/qingfeng-court/qingfeng/store"
)

func newReviewCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review",
		Short: "四类案件识别与阅核 / 四类 identification and 阅核 review",
	}
	cmd.AddCommand(newReviewIdentifyCmd(), newReviewAnomaliesCmd())
	return cmd
}

// openReview opens the data directory with its review state and definitions.
func openReview(data string) (*datadir.Dir, store.Reviews, review.Config, error) {
	d, err := datadir.Open(data)
	if err != nil {
		return nil, nil, review.Config{}, err
	}
	rv, ok := d.Store.(store.Reviews)
	if !ok {
		d.Close()
		return nil, nil, review.Config{}, fmt.Errorf("the store of %s keeps no review state", data)
	}
	cfg, err := review.LoadConfig(d.Defs)
	if err != nil {
		d.Close()
		return nil, nil, review.Config{}, err
	}
	return d, rv, cfg, nil
}

func newReviewIdentifyCmd() *cobra.Command {
	var data, asOf, format, lang string
	var write bool
	cmd := &cobra.Command{
		Use:   "identify --data DIR",
		Short: "按 defs/review/fourtype.yaml 识别四类案件 / flag 四类 cases by the identification rules",
		Long: `对每个案件运行四类案件识别规则，列出命中的规则；--write 将新命中保存为四类标注（撤销须经第二人批准）。
Run the identification rules over every proceeding and list the rules that hold; --write stores
new matches as 四类 flags (removing one needs a second person's approval).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, rv, cfg, err := openReview(data)
			if err != nil {
				return err
			}
			defer d.Close()
			var day qingfeng.Date
			if asOf != "" {
				if day, err = qingfeng.ParseDate(asOf); err != nil {
					return fmt.Errorf("--as-of: %w", err)
				}
			}
			res, err := review.NewService(d.Store, rv, cfg).Identify(cmd.Context(), day, write)
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), res)
			}
			l := pickLang(lang)
			w := cmd.OutOrStdout()
			for _, f := range res.Found {
				for _, m := range f.Matches {
					mark := ""
					if !f.Flagged {
						mark = i18n.Text{ZH: "（未标注）", EN: " (not flagged)"}.In(l)
					}
					reason := m.Reason
					if l == i18n.EN {
						reason = m.ReasonEn
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s%s\n", f.CaseNumber, m.RuleID, m.SubType, reason, mark)
				}
			}
			fmt.Fprintln(w, i18n.Text{ZH: "案件 %d 件，命中 %d 件，新增标注 %d 条", EN: "%d proceedings, %d matched, %d new flags"}.In(l, res.Cases, res.Matched, res.NewFlags))
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录 / data directory")
	cmd.Flags().StringVar(&asOf, "as-of", "", "统计日 YYYY-MM-DD（默认今天）/ as-of day (default today)")
	cmd.Flags().BoolVar(&write, "write", false, "保存新的四类标注 / store new flags")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式 text|json / output format")
	cmd.Flags().StringVar(&lang, "lang", "", "界面语言 zh-CN|en")
	return cmd
}

func newReviewAnomaliesCmd() *cobra.Command {
	var data, format, lang string
	cmd := &cobra.Command{
		Use:   "anomalies --data DIR",
		Short: "报告阅核不变量被违反的情形 / report breaches of the review invariants",
		Long: `先按日志重放来源系统的阅核事件，再列出违反阅核不变量的情形：院庭长修改裁判主文（R-32）、
四类案件未经阅核签发（C3-I3）、未经院长批准提交审委会（I4）、四类标注撤销未经第二人批准（I6）等。
Replay the source systems' review events from the log, then list the breaches of the review
invariants: a reviewer editing the operative part (R-32), a 四类 decision issued without review
(C3-I3), the committee without the president's approval (I4), a flag removed by one person (I6).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, rv, cfg, err := openReview(data)
			if err != nil {
				return err
			}
			defer d.Close()
			if err := review.NewEngine(d.Store, rv, cfg).CatchUp(cmd.Context(), feed.New(d.Store)); err != nil {
				return err
			}
			fs, err := review.Anomalies(cmd.Context(), rv, nil)
			if err != nil {
				return err
			}
			if format == "json" {
				if fs == nil {
					fs = []review.Finding{}
				}
				return writeJSON(cmd.OutOrStdout(), fs)
			}
			w := cmd.OutOrStdout()
			counts := map[string]int{}
			for _, f := range fs {
				counts[f.Rule]++
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", f.Rule, f.CaseNumber, f.ActorID, f.Action, f.Detail)
			}
			fmt.Fprintln(w, i18n.Text{ZH: "共 %d 条：%v", EN: "%d findings: %v"}.In(pickLang(lang), len(fs), counts))
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录 / data directory")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式 text|json / output format")
	cmd.Flags().StringVar(&lang, "lang", "", "界面语言 zh-CN|en")
	return cmd
}
