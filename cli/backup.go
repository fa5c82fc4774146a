package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng/backup"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// addDBFlag adds --db, the PostgreSQL database that holds the store.
func addDBFlag(cmd *cobra.Command, db *string) {
	cmd.Flags().StringVar(db, "db", "", "PostgreSQL 数据库 postgres://…（默认数据目录中的 SQLite，或 "+datadir.EnvDatabase+
		"）/ PostgreSQL database URL (default: the data directory's SQLite file, or $"+datadir.EnvDatabase+")")
}

// dbOptions turns --db into datadir options: given, it wins over the environment; not given,
// datadir falls back to QINGFENG_DB.
func dbOptions(cmd *cobra.Command, db string) []datadir.Option {
	if cmd.Flags().Changed("db") {
		return []datadir.Option{datadir.WithDatabase(db)}
	}
	return nil
}

var (
	backupDone = i18n.Text{
		ZH: "已备份到 %s：%s 存储，%d 条日志记录，%d 个当前案件；密钥%s\n",
		EN: "backed up to %s: %s store, %d log entries, %d current cases; key %s\n",
	}
	restoreDone = i18n.Text{
		ZH: "已恢复到 %s：%s 存储，%d 条日志记录，%d 个当前案件，与备份一致；密钥%s\n",
		EN: "restored into %s: %s store, %d log entries, %d current cases, as in the backup; key %s\n",
	}
)

func newBackupCmd() *cobra.Command {
	var data, out, db, format, lang string
	var withoutKey bool
	cmd := &cobra.Command{
		Use:   "backup --data DIR [--db URL] --out FILE",
		Short: "在线备份数据目录 / back up a data directory while it runs",
		Long: `将存储、身份号码哈希密钥（secret.key）和本院定义文件写入一个备份文件，服务无需停止。
SQLite 用 VACUUM INTO 取一致副本；PostgreSQL 用 pg_dump 导出同一快照（需安装 PostgreSQL 客户端工具）。
备份文件含密钥，与数据目录同等保密（文件权限 0600）；--without-key 可不含密钥。

Write the store, the identity-hash key (secret.key) and the court's definition files into one
file while Qingfeng runs: a consistent copy by VACUUM INTO for SQLite, pg_dump of one snapshot for
PostgreSQL. The file holds the key and is as secret as the data directory (mode 0600).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := datadir.Open(data, dbOptions(cmd, db)...)
			if err != nil {
				return err
			}
			defer d.Close()
			m, err := backup.Create(cmd.Context(), d, out, backup.Options{WithoutKey: withoutKey})
			if err != nil {
				return err
			}
			return printManifest(cmd.OutOrStdout(), backupDone, m, out, format, pickLang(lang))
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录 / data directory")
	cmd.Flags().StringVar(&out, "out", "", "备份文件 / backup file to write")
	addDBFlag(cmd, &db)
	cmd.Flags().BoolVar(&withoutKey, "without-key", false, "不含 secret.key / leave secret.key out")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式 text|json / output format")
	cmd.Flags().StringVar(&lang, "lang", "", "界面语言 zh-CN|en (默认 zh-CN，或 QINGFENG_LANG)")
	_ = cmd.MarkFlagRequired("data")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func newRestoreCmd() *cobra.Command {
	var data, db, format, lang string
	var force bool
	cmd := &cobra.Command{
		Use:   "restore --data DIR [--db URL] [--force] FILE",
		Short: "从备份恢复数据目录 / restore a data directory from a backup",
		Long: `将 qingfeng backup 写出的备份恢复到数据目录（PostgreSQL 备份恢复到 --db 指定的空数据库），
恢复后核对记录数。目标已有存储、不同的密钥或定义文件时拒绝覆盖，除非给出 --force。

Restore a file written by qingfeng backup into a data directory (a PostgreSQL backup into the
empty database given by --db), then check the counts. It refuses to overwrite a store, another
key or definition files unless --force is given.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := backup.Restore(cmd.Context(), args[0], data, backup.RestoreOptions{Database: db, Force: force})
			if err != nil {
				return err
			}
			return printManifest(cmd.OutOrStdout(), restoreDone, m, data, format, pickLang(lang))
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "数据目录 / data directory")
	addDBFlag(cmd, &db)
	cmd.Flags().BoolVar(&force, "force", false, "覆盖目标已有内容 / replace what the target holds")
	cmd.Flags().StringVar(&format, "format", "text", "输出格式 text|json / output format")
	cmd.Flags().StringVar(&lang, "lang", "", "界面语言 zh-CN|en (默认 zh-CN，或 QINGFENG_LANG)")
	_ = cmd.MarkFlagRequired("data")
	return cmd
}

func printManifest(w io.Writer, done i18n.Text, m *backup.Manifest, where, format string, l i18n.Lang) error {
	if format == "json" {
		return writeJSON(w, m)
	}
	key := map[bool]i18n.Text{true: {ZH: "已包含", EN: "included"}, false: {ZH: "未包含", EN: "left out"}}[m.Key]
	_, err := fmt.Fprint(w, done.In(l, where, m.Store, m.Counts.Revisions, m.Counts.Kinds["case"], key.In(l)))
	return err
}
