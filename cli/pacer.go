package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/pacer"
)

func newPacerCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pacer",
		Short: "美国联邦法院 PACER 案卷 / US federal court dockets from PACER",
		Long: `把 PACER 案卷（juriscraper 解析结果，每行一个 JSON 案卷）转换为清风交换格式：
法院（含上级巡回法院）、法官、每个（法院，案卷号）一个案件、每条有日期的案卷记录一个事件。

Convert PACER dockets (juriscraper output, one JSON docket per line) into the interchange
format: courts (with their circuits), judges, one proceeding per (court, docket number) and one
event per dated docket entry.`,
	}
	cmd.AddCommand(newPacerConvertCmd(), newPacerIngestCmd())
	return cmd
}

func newPacerConvertCmd() *cobra.Command {
	var out, format, lang string
	cmd := &cobra.Command{
		Use:   "convert FILE --out DIR",
		Short: "转换为 JSONL 文件 / write the records as JSONL files",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := convertPacer(args[0], defs.Default())
			if err != nil {
				return err
			}
			if err := res.WriteDir(out); err != nil {
				return err
			}
			return printPacerStats(cmd.OutOrStdout(), res.Stats, format, pickLang(lang))
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "输出目录 / output directory")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式 text|json / summary format")
	cmd.Flags().StringVar(&lang, "lang", "", "界面语言 zh-CN|en")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func newPacerIngestCmd() *cobra.Command {
	var data, format, lang string
	cmd := &cobra.Command{
		Use:   "ingest FILE --data DIR",
		Short: "转换并导入 / convert and ingest into a data directory",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l := pickLang(lang)
			d, err := datadir.Open(data)
			if err != nil {
				return err
			}
			defer d.Close()
			res, err := convertPacer(args[0], d.Defs)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := res.WriteJSONL(&buf); err != nil {
				return err
			}
			sum, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, ingest.Options{}).RunReader(cmd.Context(), args[0], &buf)
			if err != nil {
				return err
			}
			if format == "json" {
				return json.NewEncoder(cmd.OutOrStdout()).Encode(map[string]any{"conversion": res.Stats, "ingest": sum})
			}
			if err := printPacerStats(cmd.OutOrStdout(), res.Stats, format, l); err != nil {
				return err
			}
			return printSummary(cmd.OutOrStdout(), sum, format, l)
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录 / data directory")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式 text|json / summary format")
	cmd.Flags().StringVar(&lang, "lang", "", "界面语言 zh-CN|en")
	_ = cmd.MarkFlagRequired("data")
	return cmd
}

// convertPacer converts a file of dockets with the court directory of the definitions fsys.
func convertPacer(path string, fsys fs.FS) (*pacer.Result, error) {
	dir, err := pacer.LoadDirectory(fsys)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("pacer: %w", err)
	}
	defer f.Close()
	return pacer.Convert(path, f, dir)
}

var pacerStatsText = i18n.Text{
	ZH: "读取案卷 %d 份（%d 个案件，另有 %d 份是同一案件的副本），案卷记录 %d 条：写出法院 %d 个、法官 %d 名、事件 %d 个；副本中重复的记录 %d 条、无日期的记录 %d 条未写出\n",
	EN: "read %d dockets (%d proceedings; %d were further copies of one), %d docket entries: wrote %d courts, %d judges, %d events; left out %d entries repeated in a copy and %d undated entries\n",
}

func printPacerStats(w io.Writer, s pacer.Stats, format string, l i18n.Lang) error {
	if format == "json" {
		return json.NewEncoder(w).Encode(s)
	}
	fmt.Fprint(w, pacerStatsText.In(l, s.Dockets, s.Proceedings, s.Copies, s.Entries, s.Courts, s.Judges, s.Events, s.CopiedEntries, s.Undated))
	if len(s.UnknownCourts) > 0 {
		label := map[i18n.Lang]string{i18n.ZH: "未能识别的法院代码", i18n.EN: "court ids not in defs/courts/us.yaml"}[l]
		fmt.Fprintf(w, "  %s: %v\n", label, s.UnknownCourts)
	}
	return nil
}
