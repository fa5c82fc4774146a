package cli

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/indicator"
)

// indicatorFlags are the flags the indicators commands share.
type indicatorFlags struct {
	data, court, period, pack, format, lang string
}

func (f *indicatorFlags) bind(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.data, "data", "", "数据目录 / data directory")
	cmd.Flags().StringVar(&f.court, "court", "", "法院代字或编号（默认最高一级法院）/ court code or id (default: the top court)")
	cmd.Flags().StringVar(&f.period, "period", "", "期间 2024、2024Q3、2024-03、2024YTD09（默认数据所在年度截至当月）/ period")
	cmd.Flags().StringVar(&f.pack, "pack", "spc-2024-09", "指标包 spc-2024-09|spc-2024-01|intl / indicator pack")
	cmd.Flags().StringVar(&f.lang, "lang", "", "界面语言 zh-CN|en")
	_ = cmd.MarkFlagRequired("data")
}

// open loads the engine from the data directory and resolves the court and period.
func (f *indicatorFlags) open(cmd *cobra.Command) (*indicator.Engine, string, indicator.Period, func(), error) {
	d, err := datadir.Open(f.data)
	if err != nil {
		return nil, "", indicator.Period{}, nil, err
	}
	e, err := indicator.NewDefault(d.Defs)
	if err != nil {
		d.Close()
		return nil, "", indicator.Period{}, nil, err
	}
	if err := e.Load(cmd.Context(), d.Store); err != nil {
		d.Close()
		return nil, "", indicator.Period{}, nil, err
	}
	court := f.court
	if court == "" {
		if court = e.TopCourt(); court == "" {
			d.Close()
			return nil, "", indicator.Period{}, nil, fmt.Errorf("the data directory has no courts")
		}
	}
	p := indicator.Period{Kind: indicator.YTD, Year: e.AsOf().Year()}
	if f.period != "" {
		if p, err = indicator.ParsePeriod(f.period); err != nil {
			d.Close()
			return nil, "", indicator.Period{}, nil, err
		}
	}
	return e, court, e.Resolve(p), func() { d.Close() }, nil
}

func newIndicatorsCmd() *cobra.Command {
	var f indicatorFlags
	var by string
	cmd := &cobra.Command{
		Use:   "indicators --data DIR [--court CODE] [--period P] [--pack ID] [--by division|judge]",
		Short: "审判质量管理指标体检表 / the trial-quality indicator sheet",
		Long: `计算一个法院（含下级法院）在一个期间的指标体检表：数值、合理区间、同比变化、异动，以及汇总行。
--by division|judge 列出该法院辖区内每个部门或法官的数值。--format json 输出一个 JSON 数组，每项含
indicator、court、period、numerator、denominator、value、display、status、yoy_value、yoy_change。

Compute the indicator sheet of a court (with the courts below it) for a period: values, reasonable
ranges, year-on-year change, abnormal movement and the summary line. --by lists every division or
judge inside the court. --format json prints one JSON array of values.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			e, court, p, done, err := f.open(cmd)
			if err != nil {
				return err
			}
			defer done()
			l := pickLang(f.lang)
			var values []indicator.Value
			var sheet *indicator.Sheet
			switch by {
			case "":
				if sheet, err = e.Sheet(f.pack, indicator.UnitRef{Kind: indicator.UnitCourt, ID: court}, p, l); err != nil {
					return err
				}
				for _, g := range sheet.Groups {
					values = append(values, g.Values...)
				}
			case "division", "judge":
				if values, err = e.Within(f.pack, court, indicator.UnitKind(by), p, l); err != nil {
					return err
				}
			default:
				return fmt.Errorf("--by %q: use division or judge", by)
			}
			w := cmd.OutOrStdout()
			switch f.format {
			case "json":
				if values == nil {
					values = []indicator.Value{}
				}
				return writeJSON(w, values)
			case "csv":
				return writeValuesCSV(w, values, l)
			case "table", "text", "":
				return writeValuesTable(w, sheet, values, l)
			}
			return fmt.Errorf("--format %q: use table, json or csv", f.format)
		},
	}
	f.bind(cmd)
	cmd.Flags().StringVar(&f.format, "format", "table", "输出格式 table|json|csv / output format")
	cmd.Flags().StringVar(&by, "by", "", "按部门或法官列出 division|judge / list by division or judge")
	cmd.AddCommand(newLedgerCmd())
	return cmd
}

func newLedgerCmd() *cobra.Command {
	var f indicatorFlags
	var ind, side, unit string
	var page, size int
	cmd := &cobra.Command{
		Use:   "ledger --data DIR --indicator ID [--court CODE] [--period P] [--side numerator|denominator]",
		Short: "指标台账：数值背后的案件 / the proceedings behind a value",
		Long: `列出一个指标数值的分子或分母所含的案件（按案号排序，分页），并注明指标口径版本和数据时点（日志序号）。

List the proceedings in the numerator or denominator of a value, by case number, a page at a time,
with the pack version and the data time (log sequence) it was computed at.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			e, court, p, done, err := f.open(cmd)
			if err != nil {
				return err
			}
			defer done()
			ref := indicator.UnitRef{Kind: indicator.UnitCourt, ID: court}
			if unit != "" {
				kind, id, ok := strings.Cut(unit, ":")
				if !ok {
					return fmt.Errorf("--unit %q: use division:ID or judge:ID", unit)
				}
				ref = indicator.UnitRef{Kind: indicator.UnitKind(kind), ID: id}
			}
			l, err := e.Ledger(indicator.LedgerQuery{Query: indicator.Query{Pack: f.pack, Indicator: ind, Unit: ref, Period: p},
				Side: side, Page: page, Size: size})
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if f.format == "json" {
				return writeJSON(w, l)
			}
			lang := pickLang(f.lang)
			fmt.Fprintln(w, i18n.Text{ZH: "%s %s %s %s（口径 %s，数据序号 %d，截至 %s）", EN: "%s %s %s %s (pack version %s, data seq %d, as of %s)"}.In(lang,
				l.Unit.Name, l.Period, l.Indicator, sideName(l.Side, lang), l.PackVersion, l.DataSeq, l.AsOf))
			for _, r := range l.Rows {
				fmt.Fprintf(w, "%s\t%s\n", r.ID, strconv.FormatFloat(r.Value, 'f', -1, 64))
			}
			fmt.Fprintln(w, i18n.Text{ZH: "共 %d 条，合计 %s；第 %d 页", EN: "%d in all, summing to %s; page %d"}.In(lang,
				l.Total, strconv.FormatFloat(l.Sum, 'f', -1, 64), l.Page))
			return nil
		},
	}
	f.bind(cmd)
	cmd.Flags().StringVar(&f.format, "format", "table", "输出格式 table|json / output format")
	cmd.Flags().StringVar(&ind, "indicator", "", "指标编号，如 Q1 / indicator id")
	cmd.Flags().StringVar(&side, "side", "numerator", "numerator|denominator")
	cmd.Flags().StringVar(&unit, "unit", "", "部门或法官 division:ID|judge:ID（默认法院）/ a division or judge instead of the court")
	cmd.Flags().IntVar(&page, "page", 1, "页码 / page")
	cmd.Flags().IntVar(&size, "size", 50, "每页条数 / rows per page")
	_ = cmd.MarkFlagRequired("indicator")
	return cmd
}

func sideName(side string, l i18n.Lang) string {
	if side == "denominator" {
		return i18n.Text{ZH: "分母", EN: "denominator"}.In(l)
	}
	return i18n.Text{ZH: "分子", EN: "numerator"}.In(l)
}

var yoyNames = map[string]i18n.Text{
	"improved": {ZH: "趋优", EN: "improved"}, "worsened": {ZH: "趋差", EN: "worsened"}, "flat": {ZH: "持平", EN: "flat"},
}

var statusNames = map[string]i18n.Text{
	"in_range": {ZH: "区间内", EN: "in range"}, "below": {ZH: "低于区间", EN: "below range"},
	"above": {ZH: "高于区间", EN: "above range"}, "no_range": {ZH: "无区间", EN: "no range"}, "no_data": {ZH: "无数据", EN: "no data"},
}

func name(m map[string]i18n.Text, k string, l i18n.Lang) string {
	if t, ok := m[k]; ok {
		return t.In(l)
	}
	return k
}

// writeValuesTable prints the sheet (or a by-unit list) for people.
func writeValuesTable(w io.Writer, sheet *indicator.Sheet, values []indicator.Value, l i18n.Lang) error {
	if sheet != nil {
		fmt.Fprintf(w, "%s  %s  %s\n", sheet.Unit.Name, sheet.PeriodLabel, sheet.PackName)
		if sheet.RangesIllustrative {
			fmt.Fprintln(w, i18n.Text{ZH: "（合理区间为示例值）", EN: "(the reasonable ranges are illustrative)"}.In(l))
		}
	}
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.Text{ZH: "单位\t指标\t名称\t数值\t分子/分母\t区间\t同比\t异动", EN: "unit\tid\tindicator\tvalue\tnum/den\trange\tYoY\tabnormal"}.In(l))
	for _, v := range values {
		yoy := name(yoyNames, v.YoYChange, l)
		if v.YoYDelta != nil {
			yoy += fmt.Sprintf(" (%+.2f)", *v.YoYDelta)
		}
		ab := ""
		if v.Abnormal != nil {
			ab = fmt.Sprintf("%s z=%.1f %+.2f", v.Abnormal.Basis, v.Abnormal.Z, v.Abnormal.Move)
		}
		unit := v.Unit.Name
		if unit == "" {
			unit = v.Unit.ID
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s/%s\t%s\t%s\t%s\n", unit, v.Indicator, v.Name, v.Display,
			num(v.Numerator), num(v.Denominator), name(statusNames, v.Status, l), yoy, ab)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if sheet != nil {
		fmt.Fprintln(w, sheet.Summary.Line(l))
	}
	return nil
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func writeValuesCSV(w io.Writer, values []indicator.Value, l i18n.Lang) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"indicator", "name", "court", "unit_kind", "unit_id", "unit_name", "period", "numerator",
		"denominator", "value", "display", "status", "yoy_value", "yoy_change", "abnormal_z"})
	opt := func(p *float64) string {
		if p == nil {
			return ""
		}
		return num(*p)
	}
	for _, v := range values {
		z := ""
		if v.Abnormal != nil {
			z = num(v.Abnormal.Z)
		}
		_ = cw.Write([]string{v.Indicator, v.Name, v.Court, string(v.Unit.Kind), v.Unit.ID, v.Unit.Name, v.Period,
			num(v.Numerator), num(v.Denominator), opt(v.Value), v.Display, v.Status, opt(v.YoYValue), v.YoYChange, z})
	}
	cw.Flush()
	return cw.Error()
}
