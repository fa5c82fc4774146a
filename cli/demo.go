package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/app"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/ingest"
)

func newDemoCmd() *cobra.Command {
	cfg := gen.DefaultConfig()
	cfg.Matters = 50000
	var (
		data, addr string
		noServe    bool
	)
	cmd := &cobra.Command{
		Use:   "demo [--data DIR] [--addr HOST:PORT] [--matters N] [--seed S]",
		Short: "一条命令体验：生成、导入、启动服务 / generate, ingest and serve a demo province",
		Long: `生成一个模拟省份（默认约 5 万件根案件，固定种子），导入到数据目录，并在 127.0.0.1:8080 启动服务。
再次运行时，若数据已按相同参数生成则直接复用。

Generate a small synthetic province, ingest it into the data directory and serve it. Running it
again with the same parameters reuses the generated files; ingest is idempotent.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			cfg.Out = filepath.Join(data, "generated")
			if !sameManifest(cfg) {
				fmt.Fprintf(out, "生成模拟数据 generating %d matters (seed %d) into %s\n", cfg.Matters, cfg.Seed, cfg.Out)
				if _, err := runGen(cmd, cfg); err != nil {
					return err
				}
			}
			a, err := app.Open(data, Version)
			if err != nil {
				return err
			}
			defer a.Close()
			// The province's data end on its as-of day: the risk engine judges them as of that
			// day, or every absence rule would fire for the months since.
			day, err := manifestAsOf(cfg.Out)
			if err != nil {
				return err
			}
			// Pinned in the directory, so that serve, warnings and work on it later judge the
			// same day.
			if err := a.Dir.SetAsOf(day); err != nil {
				return err
			}
			a.AsOf = day
			d := a.Dir
			fmt.Fprintf(out, "导入 ingesting %s\n", cfg.Out)
			opts := ingest.Options{Progress: progressWriter(cmd.ErrOrStderr())}
			sum, err := ingest.New(a.Store, d.Types, d.Codes, d.Hasher, opts).Run(cmd.Context(), []string{cfg.Out})
			if err != nil {
				return err
			}
			if err := printSummary(out, sum, "text", i18n.FromEnv()); err != nil {
				return err
			}
			if err := printDemoAccounts(cmd.Context(), a, out); err != nil {
				return err
			}
			if noServe {
				return nil
			}
			return serve(cmd.Context(), a, addr, out)
		},
	}
	cmd.Flags().StringVar(&data, "data", "qingfeng-demo", "数据目录 / data directory")
	cmd.Flags().StringVar(&addr, "addr", defaultAddr, "监听地址 / listen address")
	cmd.Flags().IntVar(&cfg.Matters, "matters", cfg.Matters, "根案件（案）数 / number of root matters")
	cmd.Flags().Int64Var(&cfg.Seed, "seed", cfg.Seed, "随机种子 / seed")
	cmd.Flags().BoolVar(&noServe, "no-serve", false, "只生成和导入，不启动服务 / generate and ingest, then exit")
	return cmd
}

// manifestAsOf reads the as-of day of the generation in dir.
func manifestAsOf(dir string) (qingfeng.Date, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	var m gen.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return 0, fmt.Errorf("demo: %s: %w", filepath.Join(dir, "manifest.json"), err)
	}
	day, err := qingfeng.ParseDate(m.AsOf)
	if err != nil {
		return 0, fmt.Errorf("demo: as_of of %s: %w", filepath.Join(dir, "manifest.json"), err)
	}
	return day, nil
}

// sameManifest reports whether cfg.Out already holds a complete generation with the same
// seed and size, so a second demo run can skip generating.
func sameManifest(cfg gen.Config) bool {
	b, err := os.ReadFile(filepath.Join(cfg.Out, "manifest.json"))
	if err != nil {
		return false
	}
	var m gen.Manifest
	if json.Unmarshal(b, &m) != nil {
		return false
	}
	return m.Seed == cfg.Seed && m.Matters == cfg.Matters && m.Version == gen.Version
}
