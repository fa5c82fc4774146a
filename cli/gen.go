package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/gen"
)

func newGenCmd() *cobra.Command {
	cfg := gen.DefaultConfig()
	var (
		out, from, asOf string
		rates           []string
	)
	cmd := &cobra.Command{
		Use:   "gen --matters N --seed S --out DIR",
		Short: "生成模拟省份数据 / generate a synthetic province",
		Long: `按种子确定性地生成一个模拟省份（福建）的法院、人员、律师和案件流转数据，按来源系统写成规范格式 JSONL，
并写出 truth.jsonl（注入的异常）和 manifest.json。

Generate a deterministic synthetic province: per-source JSONL in the canonical format, truth.jsonl
(the injected anomalies) and manifest.json. Rates: --rate time_limit_exceeded=0.02 (repeatable).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg.Out = out
			var err error
			if from != "" {
				if cfg.From, err = qingfeng.ParseDate(from); err != nil {
					return fmt.Errorf("--from: %w", err)
				}
			}
			if asOf != "" {
				if cfg.AsOf, err = qingfeng.ParseDate(asOf); err != nil {
					return fmt.Errorf("--as-of: %w", err)
				}
			}
			if cfg.Rates, err = parseRates(rates); err != nil {
				return err
			}
			m, err := runGen(cmd, cfg)
			if err != nil {
				return err
			}
			return writeJSON(cmd.OutOrStdout(), m)
		},
	}
	cmd.Flags().IntVar(&cfg.Matters, "matters", cfg.Matters, "根案件（案）数 / number of root matters")
	cmd.Flags().Int64Var(&cfg.Seed, "seed", cfg.Seed, "随机种子 / seed")
	cmd.Flags().StringVar(&out, "out", "", "输出目录 / output directory")
	cmd.Flags().StringVar(&from, "from", "", "数据起始日期 / first filing date (YYYY-MM-DD)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "数据截止日期 / state of the data on this date (YYYY-MM-DD)")
	cmd.Flags().StringArrayVar(&rates, "rate", nil, "异常注入比例 name=rate / anomaly rate, repeatable")
	cmd.Flags().IntVar(&cfg.Workers, "workers", cfg.Workers, "并行数 / worker goroutines (output is the same for any value)")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func parseRates(kv []string) (map[string]float64, error) {
	if len(kv) == 0 {
		return nil, nil
	}
	known := map[string]bool{}
	for _, a := range gen.Anomalies() {
		known[a.Name] = true
	}
	out := map[string]float64{}
	for _, s := range kv {
		name, val, ok := strings.Cut(s, "=")
		if !ok {
			return nil, fmt.Errorf("--rate %q: expected name=rate", s)
		}
		if !known[name] {
			return nil, fmt.Errorf("--rate %q: unknown anomaly (qingfeng gen --help lists them in manifest.json)", name)
		}
		r, err := strconv.ParseFloat(val, 64)
		if err != nil || r < 0 || r > 1 {
			return nil, fmt.Errorf("--rate %q: rate must be a number between 0 and 1", s)
		}
		out[name] = r
	}
	return out, nil
}

// runGen runs the generator with a progress bar on a terminal.
func runGen(cmd *cobra.Command, cfg gen.Config) (*gen.Manifest, error) {
	var bar *progressbar.ProgressBar
	if w := progressWriter(cmd.ErrOrStderr()); w != nil {
		bar = progressbar.NewOptions(cfg.Matters, progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("生成 gen"), progressbar.OptionClearOnFinish())
	}
	m, err := gen.Run(cmd.Context(), cfg, func(done int) {
		if bar != nil {
			_ = bar.Set(done)
		}
	})
	if bar != nil {
		_ = bar.Finish()
	}
	return m, err
}
