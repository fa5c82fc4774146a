package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	neturl "net/url"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng/app"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/intake"
	"github.com/qingfeng-court/qingfeng/risk"
	"github.com/qingfeng-court/qingfeng/store"
)

func newWorkCmd() *cobra.Command {
	var (
		data, url, creds, id, lang, db string
		asOf                           string
		workers                        int
		noRisk                         bool
		opts                           intake.Options
	)
	cmd := &cobra.Command{
		Use:   "work --data DIR --nats URL [--workers N]",
		Short: "从 NATS JetStream 接收记录并入库 / take records from NATS JetStream into the store",
		Long: `作为接收节点运行：从 JetStream 流中按法院分区取出各业务系统发布的记录，入库提交后才确认消息。
多个节点（本机 --workers 或多台机器）按分区分担工作；节点退出或失联后，其分区由其余节点接管。
按 Ctrl-C 或 SIGTERM 退出：处理完手头一批并交还分区。

同时运行廉政风险规则引擎：跟随已提交的记录评估规则、保存预警与定时器；所有节点中同一时间只有一个进程运行它，
该进程退出或失联后由另一节点接替（--no-risk 不运行）。

Run as an intake worker: take the records the source systems publish from the JetStream stream,
partition by partition, and acknowledge each message only after it is committed. Several workers
(--workers in one process, or on several machines) share the partitions; when one stops or dies
the others take its partitions over. Ctrl-C or SIGTERM finishes the batch in hand and gives the
partitions back.

The risk engine runs beside the intake: it follows what is committed, evaluates the rules and
saves warnings and timers. One worker process at a time runs it, whichever holds its lease; when
that one stops or dies another takes it over (--no-risk: never run it here).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if workers < 1 {
				return fmt.Errorf("--workers must be at least 1")
			}
			a, err := app.Open(data, Version, dbOptions(cmd, db)...)
			if err != nil {
				return err
			}
			defer a.Close()
			d := a.Dir
			s, err := ingest.New(a.Store, d.Types, d.Codes, d.Hasher, ingest.Options{}).Stream(cmd.Context())
			if err != nil {
				return err
			}
			var job func(context.Context) error
			if !noRisk {
				if job, err = riskJob(a, asOf); err != nil {
					return err
				}
			}
			stats, err := runWorkers(cmd.Context(), url, creds, s, opts, id, workers, job)
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), workText.In(pickLang(lang), stats.Messages, stats.Stored, stats.Rejected))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&data, "data", "", "数据目录 / data directory")
	f.StringVar(&url, "nats", nats.DefaultURL, "NATS 地址 / NATS server URL(s), comma-separated")
	f.StringVar(&creds, "creds", "", "NATS 凭据文件 / NATS credentials file (JWT and NKey)")
	f.IntVar(&workers, "workers", 1, "本进程内的接收节点数 / workers in this process")
	f.StringVar(&id, "id", "", "节点标识（重启后沿用可立即恢复分区）/ worker id; keep it across restarts to resume at once")
	f.StringVar(&opts.Stream.Name, "stream", intake.DefaultStream, "JetStream 流名称 / stream name")
	f.IntVar(&opts.Stream.Partitions, "partitions", intake.DefaultPartitions, "新建流时的分区数 / partitions, when the stream is created")
	f.IntVar(&opts.Stream.Replicas, "replicas", 1, "新建流时的副本数 / replicas, when the stream is created")
	f.DurationVar(&opts.Stream.Retain, "retain", intake.DefaultRetain, "新建流时消息保留时长 / how long the stream keeps messages, when created")
	f.DurationVar(&opts.Lease, "lease", intake.DefaultLease, "分区租约时长（新建时）/ lease length, when the buckets are created")
	f.IntVar(&opts.Batch, "batch", intake.DefaultBatch, "每批消息数 / messages per batch")
	f.DurationVar(&opts.AckWait, "ack-wait", intake.DefaultAckWait, "未确认消息的重投时间 / redelivery time of unacknowledged messages")
	f.BoolVar(&noRisk, "no-risk", false, "不在本进程运行风险规则引擎 / never run the risk engine in this process")
	f.StringVar(&asOf, "as-of", "", "规则评估日期 YYYY-MM-DD（默认为数据目录 as-of 文件中的日期，否则今天）/ the day the risk rules are evaluated for (default: the data directory's as-of file, else today)")
	f.StringVar(&lang, "lang", "", "界面语言 zh-CN|en (默认 zh-CN，或 QINGFENG_LANG)")
	addDBFlag(cmd, &db)
	_ = cmd.MarkFlagRequired("data")
	return cmd
}

var workText = i18n.Text{
	ZH: "接收节点已退出：提交消息 %d 条，新增或修订记录 %d 条，拒收 %d 条（已进入隔离区）。\n",
	EN: "workers stopped: %d messages committed, %d records new or revised, %d rejected (in quarantine).\n",
}

// runWorkers runs n workers on their own connections until ctx ends and adds up their counts.
// job, when not nil, runs beside them as the stream's exclusive "risk" job.
func runWorkers(ctx context.Context, url, creds string, s *ingest.Stream, opts intake.Options, id string, n int, job func(context.Context) error) (intake.Stats, error) {
	var ws []*intake.Worker
	for i := 1; i <= n; i++ {
		o := opts
		if id != "" {
			o.ID = id
			if n > 1 {
				o.ID = fmt.Sprintf("%s-%d", id, i)
			}
		}
		nc, err := natsConnect(url, creds, "qingfeng work", nats.MaxReconnects(-1))
		if err != nil {
			return intake.Stats{}, err
		}
		defer nc.Close()
		w, err := intake.NewWorker(ctx, nc, s, o)
		if err != nil {
			return intake.Stats{}, err
		}
		slog.Info("intake: worker started", "worker", w.ID(), "partitions", w.Partitions())
		ws = append(ws, w)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	if job != nil {
		nc, err := natsConnect(url, creds, "qingfeng work (risk)", nats.MaxReconnects(-1))
		if err != nil {
			return intake.Stats{}, err
		}
		defer nc.Close()
		o := opts
		o.ID = id
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := intake.RunExclusive(ctx, nc, "risk", o, job); err != nil {
				slog.Error("risk: engine not running", "err", err)
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	for _, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.Run(ctx); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	var total intake.Stats
	for _, w := range ws {
		st := w.Stats()
		total.Messages += st.Messages
		total.Rounds += st.Rounds
		total.Stored += st.Stored
		total.Rejected += st.Rejected
	}
	if len(errs) > 0 {
		return total, errs[0]
	}
	return total, nil
}

func newPublishCmd() *cobra.Command {
	var (
		url, creds, format, lang string
		cfg                      intake.StreamConfig
	)
	cmd := &cobra.Command{
		Use:   "publish --nats URL PATH...",
		Short: "把 JSONL 文件发布到 NATS JetStream / publish JSONL files to NATS JetStream",
		Long: `代替业务系统把规范格式的 JSON Lines 文件逐行发布到接收流（演示与测试用）：先发布全部基础数据，再按文件顺序发布案件、事件。
重复发布同一文件不会产生重复记录。

Publish canonical JSON Lines files line by line to the intake stream, as the source systems would
(for demos and tests): reference data of all files first, then casework in file order. Publishing
the same files again adds nothing.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			nc, err := natsConnect(url, creds, "qingfeng publish")
			if err != nil {
				return err
			}
			defer nc.Close()
			js, err := jetstream.New(nc)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), time.Minute)
			_, _, err = intake.EnsureStream(ctx, js, cfg)
			cancel()
			if err != nil {
				return err
			}
			sum, err := intake.NewPublisher(js).PublishFiles(cmd.Context(), args)
			if sum != nil {
				if perr := printPublish(cmd.OutOrStdout(), sum, format, pickLang(lang)); perr != nil && err == nil {
					err = perr
				}
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&url, "nats", nats.DefaultURL, "NATS 地址 / NATS server URL(s), comma-separated")
	f.StringVar(&creds, "creds", "", "NATS 凭据文件 / NATS credentials file (JWT and NKey)")
	f.StringVar(&cfg.Name, "stream", intake.DefaultStream, "JetStream 流名称 / stream name")
	f.IntVar(&cfg.Partitions, "partitions", intake.DefaultPartitions, "新建流时的分区数 / partitions, when the stream is created")
	f.DurationVar(&cfg.Retain, "retain", intake.DefaultRetain, "新建流时消息保留时长 / how long the stream keeps messages, when created")
	f.StringVar(&format, "format", "text", "输出格式 text|json / summary format")
	f.StringVar(&lang, "lang", "", "界面语言 zh-CN|en (默认 zh-CN，或 QINGFENG_LANG)")
	return cmd
}

var publishText = i18n.Text{
	ZH: "发布 %d 个文件：新消息 %d 条，重复（已丢弃）%d 条。用时 %.1f 秒\n",
	EN: "published %d files: %d new messages, %d duplicates (dropped). %.1f s\n",
}

func printPublish(w io.Writer, s *intake.PublishSummary, format string, l i18n.Lang) error {
	if format == "json" {
		return json.NewEncoder(w).Encode(s)
	}
	_, err := fmt.Fprint(w, publishText.In(l, s.Files, s.Published, s.Duplicates, s.Seconds))
	return err
}

// natsConnect connects to NATS, with a credentials file when one is given. Errors name the
// servers without the user and password a URL may carry.
func natsConnect(url, creds, name string, opts ...nats.Option) (*nats.Conn, error) {
	opts = append(opts, nats.Name(name))
	if creds != "" {
		opts = append(opts, nats.UserCredentials(creds))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to NATS at %s: %w", redactURLs(url), err)
	}
	return nc, nil
}

// redactURLs drops the user information from a comma-separated list of server URLs.
func redactURLs(list string) string {
	parts := strings.Split(list, ",")
	for i, p := range parts {
		if u, err := neturl.Parse(strings.TrimSpace(p)); err == nil && u.User != nil {
			u.User = nil
			parts[i] = u.String()
		}
	}
	return strings.Join(parts, ",")
}

// riskJob returns the job that keeps the risk engine running over the application's store:
// it loads the engine (its saved position, warnings and timers, then everything committed
// since) and follows the feed, evaluating rules for asOf ("" for the data directory's as-of
// day, else today). It returns nil, and logs why, when the store keeps no warnings.
func riskJob(a *app.App, asOf string) (func(context.Context) error, error) {
	ws, ok := a.Dir.Store.(store.Warnings)
	if !ok {
		slog.Warn("risk: the store keeps no warnings; the risk engine does not run")
		return nil, nil
	}
	now, err := engineDay(asOf, a.Dir)
	if err != nil {
		return nil, err
	}
	lim, cal, pack, err := riskTables(a.Dir)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		start := time.Now()
		eng := risk.NewEngine(pack, ws, cal, lim, risk.Options{Now: now})
		if err := eng.Load(ctx, a.Dir.Store); err != nil {
			return err
		}
		seq, day := eng.Position()
		slog.Info("risk: engine loaded", "seq", seq, "day", day.String(), "seconds", time.Since(start).Seconds())
		err := eng.Run(ctx, a.Feed)
		seq, _ = eng.Position()
		slog.Info("risk: engine stopped", "seq", seq)
		return err
	}, nil
}
