package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng/audit"
	"github.com/qingfeng-court/qingfeng/store"
)

func newAuditCmd() *cobra.Command {
	var data, db string
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "审计日志：校验与查询 / check and search the audit log",
		Long: `审计日志记录每一次案件与台账查看、每一个操作（登录、预警处置、规则修改、阅核、导出、账户变更），
以哈希链串联并以 secret.key 派生的密钥封签：任何修改、删除或插入都会在 verify 时被发现并指出序号。
建议定期记录 verify 输出的链头（序号:哈希），下次用 --anchor 校验，以发现截断末尾的行为。

The audit log is a hash chain sealed under a key derived from secret.key: verify finds any edited,
deleted or inserted entry and names it. Record the head verify prints and pass it back with
--anchor later to catch a log cut short at its end.`,
	}
	cmd.PersistentFlags().StringVar(&data, "data", "", "数据目录 / data directory")
	addDBFlag(cmd, &db)
	_ = cmd.MarkPersistentFlagRequired("data")
	cmd.AddCommand(auditVerifyCmd(&data, &db), auditSearchCmd(&data, &db))
	return cmd
}

// errChainBroken makes verify exit non-zero after printing the report.
var errChainBroken = errors.New("the audit log's hash chain is broken")

func auditVerifyCmd(data, db *string) *cobra.Command {
	var format string
	var anchors []string
	cmd := &cobra.Command{Use: "verify", Short: "校验哈希链 / verify the hash chain", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var pts []audit.AnchorPoint
			for _, a := range anchors {
				seq, hash, ok := strings.Cut(a, ":")
				n, err := strconv.ParseInt(seq, 10, 64)
				if !ok || err != nil || hash == "" {
					return fmt.Errorf("anchor %q: want SEQ:HASH", a)
				}
				pts = append(pts, audit.AnchorPoint{Seq: n, Hash: hash})
			}
			e, err := openAccounts(cmd, *data, *db)
			if err != nil {
				return err
			}
			defer e.app.Close()
			_, log, err := e.app.Accounts()
			if err != nil {
				return err
			}
			secretKey, err := auditKey(e)
			if err != nil {
				return err
			}
			rep, err := audit.Verify(cmd.Context(), log, secretKey, pts...)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				if err := writeJSON(out, map[string]any{"ok": rep.OK(), "entries": rep.Entries, "head_seq": rep.Head.Seq,
					"head_hash": rep.Head.Hash, "problems": rep.Problems, "truncated": rep.Truncated}); err != nil {
					return err
				}
			} else {
				for _, p := range rep.Problems {
					fmt.Fprintf(out, "第 %d 条 entry %d: %s — %s\n", p.Seq, p.Seq, p.Code, p.Detail)
				}
				if rep.OK() {
					fmt.Fprintf(out, "审计日志完整 audit log intact: %d entries\n", rep.Entries)
				}
				fmt.Fprintf(out, "链头 head %d:%s\n", rep.Head.Seq, rep.Head.Hash)
			}
			if !rep.OK() {
				return fmt.Errorf("%w at entry %d (%s)", errChainBroken, rep.Problems[0].Seq, rep.Problems[0].Code)
			}
			return nil
		}}
	cmd.Flags().StringVar(&format, "format", "text", "text|json")
	cmd.Flags().StringSliceVar(&anchors, "anchor", nil, "此前记录的链头 SEQ:HASH / a head recorded earlier")
	return cmd
}

// auditKey is the chain's key of the data directory.
func auditKey(e *accountsEnv) ([]byte, error) {
	l, err := e.app.AuditLog()
	if err != nil {
		return nil, err
	}
	return l.Key(), nil
}

func auditSearchCmd(data, db *string) *cobra.Command {
	var f store.AuditFilter
	var format, from, to string
	cmd := &cobra.Command{Use: "search", Short: "查询审计日志 / search the audit log", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, p := range []struct {
				s   string
				dst *time.Time
			}{{from, &f.From}, {to, &f.To}} {
				if p.s == "" {
					continue
				}
				t, err := time.ParseInLocation(time.DateOnly, p.s, time.Local)
				if err != nil {
					return fmt.Errorf("date %q: want YYYY-MM-DD", p.s)
				}
				*p.dst = t
			}
			if !f.To.IsZero() {
				f.To = f.To.AddDate(0, 0, 1)
			}
			e, err := openAccounts(cmd, *data, *db)
			if err != nil {
				return err
			}
			defer e.app.Close()
			es, total, err := e.log.Store().SearchAudit(cmd.Context(), f)
			if err != nil {
				return err
			}
			if err := e.record(cmd.Context(), "audit.search", "", "", fmt.Sprintf("actor=%s action=%s object=%s results=%d", f.Actor, f.Action, f.Object, len(es))); err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				return writeJSON(out, map[string]any{"total": total, "entries": es})
			}
			tw := tabwriter.NewWriter(out, 0, 2, 2, ' ', 0)
			fmt.Fprintln(tw, "SEQ\tTIME\tACTOR\tACTION\tOBJECT\tCOURT\tFROM\tOUTCOME\tDETAIL")
			for _, x := range es {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x.Seq, x.At.Local().Format(time.DateTime), x.Actor, x.Action,
					x.Object, x.CourtID, x.Addr, x.Outcome, x.Detail)
			}
			tw.Flush()
			fmt.Fprintf(out, "共 %d 条 %d entries\n", total, total)
			return nil
		}}
	fl := cmd.Flags()
	fl.StringVar(&f.Actor, "actor", "", "操作人 / actor")
	fl.StringVar(&f.Action, "action", "", "操作，或以 . 结尾的前缀 / action, or a prefix ending in .")
	fl.StringVar(&f.Object, "object", "", "对象 / object")
	fl.StringVar(&f.Outcome, "outcome", "", "ok|denied|failed")
	fl.StringVar(&from, "from", "", "起始日期 / from YYYY-MM-DD")
	fl.StringVar(&to, "to", "", "截止日期 / to YYYY-MM-DD")
	fl.IntVar(&f.Limit, "limit", 100, "最多条数 / at most N entries")
	fl.StringVar(&format, "format", "text", "text|json")
	return cmd
}
