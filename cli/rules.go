package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/risk"
	"github.com/qingfeng-court/qingfeng/risk/ruletest"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
)

// The integrity-risk commands: `rules check|test|backtest` for the rule pack, `warnings` for
// the warnings and their handling.

func newRulesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "廉政风险规则包：检查、测试、回测 / integrity-risk rule packs: check, test, backtest",
	}
	cmd.AddCommand(newRulesCheckCmd(), newRulesTestCmd(), newRulesBacktestCmd())
	return cmd
}

// defsFS returns the definitions in force: a data directory's (its defs/ over the embedded
// ones) when given, else the embedded ones.
func defsFS(data string) iofs.FS {
	if data == "" {
		return defs.Default()
	}
	return defs.Overlay(filepath.Join(data, "defs"))
}

func newRulesCheckCmd() *cobra.Command {
	var data, format, lang string
	cmd := &cobra.Command{
		Use:   "check [--data DIR] [FILE...]",
		Short: "加载并类型检查规则包或规则文件 / load and type-check the rule pack or rule files",
		Long: `加载规则包（内置的，或数据目录 defs/ 下本院修改的）并检查每条规则：字段、表达式类型、事件类型、审限表条目。
给出文件时，逐个检查这些规则文件（格式同规则包中的分组文件）。出错时给出文件、行号、规则编号和位置。

Load the rule pack (the embedded one, or the court's in the data directory's defs/) and check
every rule: fields, expression types, event types, time-limit rows. With files, check those rule
files (shaped like a pack's group files). An error names the file, line, rule and position.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			l := pickLang(lang)
			fsys := defsFS(data)
			lim, err := calendar.LoadLimits(fsys)
			if err != nil {
				return err
			}
			var packs []*rules.Pack
			if len(args) == 0 {
				p, err := rules.Load(fsys, rules.DefaultPack, lim)
				if err != nil {
					return err
				}
				packs = append(packs, p)
			}
			for _, f := range args {
				b, err := os.ReadFile(f)
				if err != nil {
					return err
				}
				p, err := rules.LoadFile(fsys, f, b, lim)
				if err != nil {
					return err
				}
				packs = append(packs, p)
			}
			return printRules(cmd.OutOrStdout(), packs, format, l)
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录（使用其 defs/）/ data directory whose defs/ to use")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式 text|json / output format")
	cmd.Flags().StringVar(&lang, "lang", "", "界面语言 zh-CN|en")
	return cmd
}

// ruleRow is one rule as `rules check` lists it.
type ruleRow struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	NameEn    string            `json:"name_en"`
	Group     string            `json:"group"`
	Form      string            `json:"form"`
	Family    qingfeng.Family   `json:"family"`
	Severity  qingfeng.Severity `json:"severity"`
	Statutory bool              `json:"statutory"`
	Enabled   bool              `json:"enabled"`
	Basis     string            `json:"basis"`
	File      string            `json:"file"`
	Line      int               `json:"line"`
}

func printRules(w io.Writer, packs []*rules.Pack, format string, l i18n.Lang) error {
	rows := []ruleRow{}
	for _, p := range packs {
		for _, r := range p.Rules {
			rows = append(rows, ruleRow{ID: r.ID, Name: r.Name, NameEn: r.NameEn, Group: r.Group, Form: r.Form(), Family: r.Family,
				Severity: r.Severity, Statutory: r.Statutory, Enabled: r.Enabled, Basis: r.Basis, File: r.File, Line: r.Line})
		}
	}
	if format == "json" {
		return writeJSON(w, rows)
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, r := range rows {
		name := r.Name
		if l == i18n.EN {
			name = r.NameEn
		}
		flags := ""
		if r.Statutory {
			flags += i18n.Text{ZH: "法定", EN: "statutory"}.In(l)
		}
		if !r.Enabled {
			flags += " " + i18n.Text{ZH: "停用", EN: "off"}.In(l)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, name, r.Form, r.Severity, flags)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, i18n.Text{ZH: "规则 %d 条，检查通过", EN: "%d rules, all checked"}.In(l, len(rows)))
	return err
}

func newRulesTestCmd() *cobra.Command {
	var data, format, lang string
	cmd := &cobra.Command{
		Use:   "test [--data DIR] [FILE...]",
		Short: "运行规则单元测试 / run rule unit tests",
		Long: `运行规则测试文件（仿照 promtool test rules）：文件给出输入记录和期望的预警，每个测试在临时存储中运行。
不给文件时运行规则包自带的全部测试（defs/rules/tests）。有失败时以非零状态退出。

Run rule test files (like promtool test rules): each gives input records and the warnings
expected, and runs in a store of its own. Without files, run the pack's own tests
(defs/rules/tests). Exits non-zero when a test fails.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			l := pickLang(lang)
			opts := ruletest.Options{Defs: defsFS(data)}
			var res []ruletest.Result
			if len(args) == 0 {
				r, err := ruletest.RunDir(cmd.Context(), opts)
				if err != nil {
					return err
				}
				res = r
			}
			for _, f := range args {
				b, err := os.ReadFile(f)
				if err != nil {
					return err
				}
				r, err := ruletest.RunFile(cmd.Context(), opts, f, b, os.DirFS(filepath.Dir(f)))
				if err != nil {
					return err
				}
				res = append(res, r...)
			}
			failed := 0
			for _, r := range res {
				if !r.Passed() {
					failed++
				}
			}
			if err := printTestResults(cmd.OutOrStdout(), res, format, l); err != nil {
				return err
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d rule tests failed", failed, len(res))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录（使用其 defs/）/ data directory whose defs/ to use")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式 text|json / output format")
	cmd.Flags().StringVar(&lang, "lang", "", "界面语言 zh-CN|en")
	return cmd
}

func printTestResults(w io.Writer, res []ruletest.Result, format string, l i18n.Lang) error {
	if format == "json" {
		type row struct {
			File     string   `json:"file"`
			Test     string   `json:"test"`
			Passed   bool     `json:"passed"`
			Failures []string `json:"failures,omitempty"`
		}
		rows := []row{}
		for _, r := range res {
			rows = append(rows, row{File: r.File, Test: r.Test, Passed: r.Passed(), Failures: r.Failures})
		}
		return writeJSON(w, rows)
	}
	passed := 0
	for _, r := range res {
		if r.Passed() {
			passed++
		}
		fmt.Fprintln(w, r)
	}
	_, err := fmt.Fprintln(w, i18n.Text{ZH: "通过 %d / %d", EN: "%d of %d passed"}.In(l, passed, len(res)))
	return err
}

func newRulesBacktestCmd() *cobra.Command {
	var data, db, file, rule, from, to, format, lang string
	var limit int
	cmd := &cobra.Command{
		Use:   "backtest --data DIR --rule R-14 [--file FILE] [--from DATE] [--to DATE]",
		Short: "回测规则：列出它在历史数据上会触发的预警 / backtest a rule over history",
		Long: `在数据目录的全部历史数据上运行一条规则（规则包中的，或 --file 给出的新规则、修改后的规则，不论是否启用），
列出它在 [--from, --to] 期间会触发的预警，并与该规则编号下已有的预警比较：新增多少、哪些不再触发。不写入任何数据。

Run one rule — the pack's, or a new or changed one from --file, enabled or not — over the whole
history in the data directory, list the warnings it would have raised in [--from, --to], and
compare them with the warnings raised under the same rule id: how many are new, which no
longer fire. Nothing is written.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l := pickLang(lang)
			d, ws, err := openWarnings(cmd, data, db)
			if err != nil {
				return err
			}
			defer d.Close()
			lim, cal, pack, err := riskTables(d)
			if err != nil {
				return err
			}
			r := pack.Rule(rule)
			if file != "" {
				b, err := os.ReadFile(file)
				if err != nil {
					return err
				}
				fp, err := rules.LoadFile(d.Defs, file, b, lim)
				if err != nil {
					return err
				}
				if r = fp.Rule(rule); r == nil {
					return fmt.Errorf("%s has no rule %s", file, rule)
				}
			}
			if r == nil {
				return fmt.Errorf("the pack has no rule %s (give its file with --file)", rule)
			}
			fromD, toD, err := dateRange(from, to)
			if err != nil {
				return err
			}
			eng := risk.NewEngine(pack, ws, cal, lim, risk.Options{})
			if err := eng.Replay(cmd.Context(), d.Store); err != nil {
				return err
			}
			res, err := eng.Backtest(cmd.Context(), r, fromD, toD)
			if err != nil {
				return err
			}
			return printBacktest(cmd.OutOrStdout(), res, format, limit, l)
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录 / data directory")
	addDBFlag(cmd, &db)
	cmd.Flags().StringVar(&rule, "rule", "", "规则编号 / rule id")
	cmd.Flags().StringVar(&file, "file", "", "含新规则或修改后规则的规则文件 / rule file with the new or changed rule")
	cmd.Flags().StringVar(&from, "from", "", "起始日期 YYYY-MM-DD / first day")
	cmd.Flags().StringVar(&to, "to", "", "截止日期（默认今天）/ last day (default today)")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式 text|json / output format")
	cmd.Flags().StringVar(&lang, "lang", "", "界面语言 zh-CN|en")
	cmd.Flags().IntVar(&limit, "limit", 50, "文本输出最多列出条数 / hits listed in text output")
	_ = cmd.MarkFlagRequired("data")
	_ = cmd.MarkFlagRequired("rule")
	return cmd
}

func dateRange(from, to string) (qingfeng.Date, qingfeng.Date, error) {
	var f, t qingfeng.Date
	var err error
	if from != "" {
		if f, err = qingfeng.ParseDate(from); err != nil {
			return 0, 0, fmt.Errorf("--from: %w", err)
		}
	}
	if to != "" {
		if t, err = qingfeng.ParseDate(to); err != nil {
			return 0, 0, fmt.Errorf("--to: %w", err)
		}
	}
	return f, t, nil
}

func printBacktest(w io.Writer, res *risk.BacktestResult, format string, limit int, l i18n.Lang) error {
	if format == "json" {
		if res.Hits == nil {
			res.Hits = []risk.BacktestHit{}
		}
		return writeJSON(w, res)
	}
	for i, h := range res.Hits {
		if i == limit {
			fmt.Fprintln(w, "…")
			break
		}
		msg := h.Message
		if l == i18n.EN {
			msg = h.MessageEn
		}
		mark := " "
		if !h.Raised {
			mark = "+"
		}
		fmt.Fprintf(w, "%s %s %s %s %s\n", mark, h.On, h.Subject, h.Severity, msg)
	}
	_, err := fmt.Fprintln(w, i18n.Text{
		ZH: "规则 %s：评估案件 %d 件，会触发 %d 条（其中新增 %d 条），已有预警不再触发 %d 条，出错 %d 次",
		EN: "rule %s: %d proceedings evaluated, %d warnings would fire (%d new), %d raised ones would not, %d errors",
	}.In(l, res.Rule, res.Cases, len(res.Hits), res.New, len(res.Vanished), res.Errors))
	return err
}

// openWarnings opens a data directory whose store keeps the risk engine's warnings.
func openWarnings(cmd *cobra.Command, data, db string) (*datadir.Dir, store.Warnings, error) {
	d, err := datadir.Open(data, dbOptions(cmd, db)...)
	if err != nil {
		return nil, nil, err
	}
	ws, ok := d.Store.(store.Warnings)
	if !ok {
		d.Close()
		return nil, nil, fmt.Errorf("the store of %s keeps no risk warnings", data)
	}
	return d, ws, nil
}

// riskTables loads the time-limit table, the calendar and the rule pack in force.
func riskTables(d *datadir.Dir) (*calendar.Limits, *calendar.Calendar, *rules.Pack, error) {
	lim, err := calendar.LoadLimits(d.Defs)
	if err != nil {
		return nil, nil, nil, err
	}
	cal, err := calendar.LoadCalendar(d.Defs)
	if err != nil {
		return nil, nil, nil, err
	}
	pack, err := rules.Load(d.Defs, rules.DefaultPack, lim)
	if err != nil {
		return nil, nil, nil, err
	}
	return lim, cal, pack, nil
}

// warningsFlags are the flags every warnings command shares.
type warningsFlags struct {
	data, db, asOf, format, lang string
}

func (f *warningsFlags) bind(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.data, "data", "", "数据目录 / data directory")
	addDBFlag(cmd, &f.db)
	cmd.Flags().StringVar(&f.format, "format", "text", "输出格式 text|json / output format")
	cmd.Flags().StringVar(&f.lang, "lang", "", "界面语言 zh-CN|en")
	_ = cmd.MarkFlagRequired("data")
}

// engine opens the data directory and an engine over it; with update, the engine first
// brings the warnings up to date with the log and the clock.
func (f *warningsFlags) engine(cmd *cobra.Command, update bool) (*datadir.Dir, *risk.Engine, error) {
	d, ws, err := openWarnings(cmd, f.data, f.db)
	if err != nil {
		return nil, nil, err
	}
	lim, cal, pack, err := riskTables(d)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	now, err := engineDay(f.asOf, d)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	eng := risk.NewEngine(pack, ws, cal, lim, risk.Options{Now: now})
	if update {
		err = eng.Load(cmd.Context(), d.Store)
	}
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	return d, eng, nil
}

// engineDay is the risk engine's clock: the --as-of day when given, else the day the data
// directory pins (its as-of file, written by the demo), else today.
func engineDay(asOf string, d *datadir.Dir) (func() qingfeng.Date, error) {
	day := d.AsOf
	if asOf != "" {
		var err error
		if day, err = qingfeng.ParseDate(asOf); err != nil {
			return nil, fmt.Errorf("--as-of: %w", err)
		}
	}
	if day.IsZero() {
		return risk.Today, nil
	}
	return func() qingfeng.Date { return day }, nil
}

func newWarningsCmd() *cobra.Command {
	var f warningsFlags
	var (
		ruleIDs, states, severities []string
		court, judge, caseNumber    string
		assignee                    string
		limit, offset               int
		noUpdate                    bool
	)
	cmd := &cobra.Command{
		Use:   "warnings --data DIR [--rule R]... [--state S]... [--court C]",
		Short: "廉政风险预警：列出、查看、处置、统计 / integrity-risk warnings: list, show, handle, count",
		Long: `先让风险引擎跟上已导入的数据和当前日期（--as-of 指定日期；--no-update 跳过），再列出预警。
--format json 输出一个 JSON 数组，每条至少有 id、rule、case_number、severity、state、fired_at。
--court 按法院及其下级法院筛选。子命令用于查看、分派、核查、确认、排除、整改、办结和统计。

Bring the risk engine up to date with the data ingested and the day (--as-of; --no-update to
skip), then list the warnings. --format json prints one JSON array; each warning has at least
id, rule, case_number, severity, state and fired_at. --court selects a court and the courts
below it. Subcommands show, assign, verify, confirm, dismiss, rectify, close and count them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l := pickLang(f.lang)
			d, eng, err := f.engine(cmd, !noUpdate)
			if err != nil {
				return err
			}
			defer d.Close()
			filter := store.WarningFilter{Rules: ruleIDs, Assignee: assignee, JudgeID: judge, CaseNumber: caseNumber,
				Limit: limit, Offset: offset}
			for _, s := range states {
				filter.States = append(filter.States, qingfeng.WarningState(s))
			}
			for _, s := range severities {
				filter.Severities = append(filter.Severities, qingfeng.Severity(s))
			}
			if court != "" {
				if filter.Courts, err = courtScope(cmd.Context(), d.Store, court); err != nil {
					return err
				}
			}
			list, total, err := eng.Warnings(cmd.Context(), filter)
			if err != nil {
				return err
			}
			return printWarnings(cmd.OutOrStdout(), list, total, f.format, l)
		},
	}
	f.bind(cmd)
	cmd.PersistentFlags().StringVar(&f.asOf, "as-of", "", "引擎的日期（默认为数据目录 as-of 文件中的日期，否则今天）/ the engine's day (default: the data directory's as-of file, else today)")
	cmd.Flags().StringSliceVar(&ruleIDs, "rule", nil, "规则编号 / rule id")
	cmd.Flags().StringSliceVar(&states, "state", nil, "状态 open|assigned|verifying|confirmed|dismissed|rectified|closed|withdrawn")
	cmd.Flags().StringSliceVar(&severities, "severity", nil, "严重程度 notice|warning|red")
	cmd.Flags().StringVar(&court, "court", "", "法院编号（含下级法院）/ court id, with the courts below it")
	cmd.Flags().StringVar(&judge, "judge", "", "承办法官 / judge id")
	cmd.Flags().StringVar(&caseNumber, "case", "", "案号 / case number")
	cmd.Flags().StringVar(&assignee, "assignee", "", "处置人 / assignee")
	cmd.Flags().IntVar(&limit, "limit", 0, "最多列出条数 / list at most N")
	cmd.Flags().IntVar(&offset, "offset", 0, "跳过条数 / skip N")
	cmd.Flags().BoolVar(&noUpdate, "no-update", false, "不先更新预警 / list without bringing the warnings up to date")
	cmd.AddCommand(newWarningShowCmd(), newWarningStatsCmd(), newWarningTimelineCmd())
	for _, a := range []qingfeng.Action{qingfeng.ActAssign, qingfeng.ActVerify, qingfeng.ActConfirm, qingfeng.ActDismiss,
		qingfeng.ActRectify, qingfeng.ActClose} {
		cmd.AddCommand(newWarningActionCmd(a))
	}
	return cmd
}

// courtScope returns a court and the courts below it.
func courtScope(ctx context.Context, st store.Store, court string) ([]string, error) {
	courts, err := st.Courts(ctx)
	if err != nil {
		return nil, err
	}
	scope := risk.Subtree(courts, court)
	if scope == nil {
		return nil, fmt.Errorf("no court %s", court)
	}
	return scope, nil
}

var severityNames = map[qingfeng.Severity]i18n.Text{
	qingfeng.SevNotice: {ZH: "提示", EN: "notice"}, qingfeng.SevWarning: {ZH: "预警", EN: "warning"}, qingfeng.SevRed: {ZH: "红色预警", EN: "red"},
}

var stateNames = map[qingfeng.WarningState]i18n.Text{
	qingfeng.StateOpen: {ZH: "待处理", EN: "open"}, qingfeng.StateAssigned: {ZH: "已分派", EN: "assigned"},
	qingfeng.StateVerifying: {ZH: "核查中", EN: "verifying"}, qingfeng.StateConfirmed: {ZH: "已确认", EN: "confirmed"},
	qingfeng.StateDismissed: {ZH: "已排除", EN: "dismissed"}, qingfeng.StateRectified: {ZH: "已整改", EN: "rectified"},
	qingfeng.StateClosed: {ZH: "已办结", EN: "closed"}, qingfeng.StateWithdrawn: {ZH: "系统撤销", EN: "withdrawn"},
}

func printWarnings(w io.Writer, list []qingfeng.Warning, total int, format string, l i18n.Lang) error {
	if format == "json" {
		if list == nil {
			list = []qingfeng.Warning{}
		}
		return writeJSON(w, list)
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, x := range list {
		msg := x.Message
		if l == i18n.EN {
			msg = x.MessageEn
		}
		if r := []rune(msg); len(r) > 60 {
			msg = string(r[:60]) + "…"
		}
		fmt.Fprintf(tw, "#%d\t%s\t%s\t%s\t%s\t%s\t%s\n", x.ID, x.Rule, x.Subject, severityNames[x.Severity].In(l),
			stateNames[x.State].In(l), x.FiredAt.Local().Format("2006-01-02 15:04"), msg)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, i18n.Text{ZH: "共 %d 条，列出 %d 条", EN: "%d warnings, %d listed"}.In(l, total, len(list)))
	return err
}

func newWarningShowCmd() *cobra.Command {
	var f warningsFlags
	cmd := &cobra.Command{
		Use:   "show ID --data DIR",
		Short: "查看一条预警：证据、理由和处置记录 / show a warning with its evidence, reasoning and history",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.onWarning(cmd, args[0], func(eng *risk.Engine, id int64) error {
				det, err := eng.Warning(cmd.Context(), id, nil)
				if err != nil {
					return err
				}
				return printDetail(cmd.OutOrStdout(), det, f.format, pickLang(f.lang))
			})
		},
	}
	f.bind(cmd)
	return cmd
}

// onWarning runs fn on the warning whose id arg gives, with the data directory's risk engine as
// stored (a warning is read or handled, the engine not brought up to date first).
func (f *warningsFlags) onWarning(cmd *cobra.Command, arg string, fn func(eng *risk.Engine, id int64) error) error {
	id, err := parseID(arg)
	if err != nil {
		return err
	}
	d, eng, err := f.engine(cmd, false)
	if err != nil {
		return err
	}
	defer d.Close()
	return fn(eng, id)
}

func parseID(s string) (int64, error) {
	var id int64
	if _, err := fmt.Sscanf(strings.TrimPrefix(s, "#"), "%d", &id); err != nil || id <= 0 {
		return 0, fmt.Errorf("not a warning id: %q", s)
	}
	return id, nil
}

func printDetail(w io.Writer, d *risk.Detail, format string, l i18n.Lang) error {
	if format == "json" {
		return writeJSON(w, d)
	}
	x := d.Warning
	name := x.RuleName
	if l == i18n.EN {
		name = x.RuleNameEn
	}
	fmt.Fprintf(w, "#%d %s %s · %s · %s\n", x.ID, x.Rule, name, severityNames[x.Severity].In(l), stateNames[x.State].In(l))
	fmt.Fprintf(w, "%s %s  %s %s\n", i18n.Text{ZH: "对象", EN: "subject"}.In(l), x.Subject, i18n.Text{ZH: "日期", EN: "on"}.In(l), x.On)
	fmt.Fprintln(w, d.Reasoning.In(l))
	fmt.Fprintln(w, i18n.Text{ZH: "证据：", EN: "Evidence:"}.In(l))
	for _, e := range x.Evidence {
		fmt.Fprintf(w, "  %s %s %s %s %s\n", e.Date, e.CaseNumber, e.Type, e.Src, e.ActorID)
	}
	fmt.Fprintln(w, i18n.Text{ZH: "处置记录：", EN: "History:"}.In(l))
	for _, a := range d.History {
		fmt.Fprintf(w, "  %s %s %s %s→%s %s\n", a.At.Local().Format("2006-01-02 15:04"), a.Actor, a.Action, a.From, a.To, a.Note)
	}
	return nil
}

func newWarningActionCmd(a qingfeng.Action) *cobra.Command {
	var f warningsFlags
	var actor, assignee, note string
	short := map[qingfeng.Action]string{
		qingfeng.ActAssign:  "分派给核查人 / assign to someone to verify (--to)",
		qingfeng.ActVerify:  "开始核查 / start verifying",
		qingfeng.ActConfirm: "确认风险属实 / confirm the risk",
		qingfeng.ActDismiss: "排除（须说明理由）/ dismiss, with the reason (--reason)",
		qingfeng.ActRectify: "记录整改情况 / record the rectification (--note)",
		qingfeng.ActClose:   "办结 / close",
	}[a]
	cmd := &cobra.Command{
		Use:   string(a) + " ID --data DIR --actor PERSON",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.onWarning(cmd, args[0], func(eng *risk.Engine, id int64) error {
				w, err := eng.Handle(cmd.Context(), id, qingfeng.WarningAction{Action: a, Actor: actor, Assignee: assignee, Note: note}, nil)
				if err != nil {
					return err
				}
				if f.format == "json" {
					return json.NewEncoder(cmd.OutOrStdout()).Encode(w)
				}
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "#%d %s\n", w.ID, stateNames[w.State].In(pickLang(f.lang)))
				return err
			})
		},
	}
	f.bind(cmd)
	cmd.Flags().StringVar(&actor, "actor", "", "处置人员编号 / the person acting")
	cmd.Flags().StringVar(&note, "note", "", "说明 / note")
	switch a {
	case qingfeng.ActAssign:
		cmd.Flags().StringVar(&assignee, "to", "", "核查人员编号 / who is to verify")
		_ = cmd.MarkFlagRequired("to")
	case qingfeng.ActDismiss:
		cmd.Flags().StringVar(&note, "reason", "", "排除理由 / why it is not a risk")
		_ = cmd.MarkFlagRequired("reason")
	}
	_ = cmd.MarkFlagRequired("actor")
	return cmd
}

func newWarningStatsCmd() *cobra.Command {
	var f warningsFlags
	var by, court string
	cmd := &cobra.Command{
		Use:   "stats --data DIR [--by rule|court|judge]",
		Short: "按规则、法院、法官统计预警及排除率 / count warnings per rule, court or judge, with dismissal rates",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l := pickLang(f.lang)
			d, eng, err := f.engine(cmd, false)
			if err != nil {
				return err
			}
			defer d.Close()
			var filter store.WarningFilter
			if court != "" {
				if filter.Courts, err = courtScope(cmd.Context(), d.Store, court); err != nil {
					return err
				}
			}
			stats, err := eng.Stats(cmd.Context(), filter, store.StatsBy(by))
			if err != nil {
				return err
			}
			if f.format == "json" {
				if stats == nil {
					stats = []store.WarningStat{}
				}
				return writeJSON(cmd.OutOrStdout(), stats)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, i18n.Text{ZH: "分组\t总数\t待处理\t确认\t排除\t排除率\t撤销", EN: "group\ttotal\tactive\tconfirmed\tdismissed\tdismissal rate\twithdrawn"}.In(l))
			for _, s := range stats {
				active := s.ByState[qingfeng.StateOpen] + s.ByState[qingfeng.StateAssigned] + s.ByState[qingfeng.StateVerifying]
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.0f%%\t%d\n", s.Key, s.Total, active, s.Confirmed, s.Dismissed,
					s.DismissalRate*100, s.ByState[qingfeng.StateWithdrawn])
			}
			return tw.Flush()
		},
	}
	f.bind(cmd)
	cmd.Flags().StringVar(&by, "by", "rule", "分组 rule|court|judge / grouping")
	cmd.Flags().StringVar(&court, "court", "", "法院编号（含下级法院）/ court id, with the courts below it")
	return cmd
}

func newWarningTimelineCmd() *cobra.Command {
	var f warningsFlags
	cmd := &cobra.Command{
		Use:   "timeline 案号 --data DIR",
		Short: "案件全流程：全部程序、事件、审限和预警 / a case's panorama: proceedings, events, deadlines, warnings",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l := pickLang(f.lang)
			d, eng, err := f.engine(cmd, false)
			if err != nil {
				return err
			}
			defer d.Close()
			if err := eng.Replay(cmd.Context(), d.Store); err != nil {
				return err
			}
			tl, err := eng.Timeline(cmd.Context(), args[0], nil)
			if err != nil {
				return err
			}
			if f.format == "json" {
				return writeJSON(cmd.OutOrStdout(), tl)
			}
			w := cmd.OutOrStdout()
			for _, e := range tl.Entries {
				fmt.Fprintf(w, "%s %-8s %s %s\n", e.Date, e.Kind, e.CaseNumber, e.Label.In(l))
			}
			return nil
		},
	}
	f.bind(cmd)
	return cmd
}
