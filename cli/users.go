package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/user"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/app"
	"github.com/qingfeng-court/qingfeng/audit"
	"github.com/qingfeng-court/qingfeng/auth"
	"github.com/qingfeng-court/qingfeng/store"
)

// accountsEnv is what the users and audit commands work with.
type accountsEnv struct {
	app *app.App
	acc store.Accounts
	log *audit.Log
	au  *auth.Authenticator
}

func openAccounts(cmd *cobra.Command, data, db string) (*accountsEnv, error) {
	a, err := app.Open(data, Version, dbOptions(cmd, db)...)
	if err != nil {
		return nil, err
	}
	acc, _, err := a.Accounts()
	if err != nil {
		a.Close()
		return nil, err
	}
	log, err := a.AuditLog()
	if err != nil {
		a.Close()
		return nil, err
	}
	return &accountsEnv{app: a, acc: acc, log: log, au: auth.NewAuthenticator(acc)}, nil
}

// record writes what an operator did from the command line to the audit log, as the operating
// system's user: the command line is a way in like any other.
func (e *accountsEnv) record(ctx context.Context, action, object, court, detail string) error {
	actor := "cli"
	if u, err := user.Current(); err == nil {
		actor = "cli:" + u.Username
	}
	return e.log.Record(ctx, qingfeng.AuditEntry{Actor: actor, Action: action, Object: object, CourtID: court,
		Outcome: qingfeng.AuditOK, Detail: detail, Addr: "local"})
}

func newUsersCmd() *cobra.Command {
	var data, db string
	cmd := &cobra.Command{
		Use:   "users",
		Short: "用户与接口令牌管理 / manage users and API tokens",
		Long: `管理本实例的用户（角色、范围、密码）和数据源接口令牌。所有操作写入审计日志。
角色：admin 系统管理员、analyst 审管办、inspector 督察、reviewer 院庭长、judge 法官、auditor 审计员；
数据源系统使用接口令牌（token-add），只能推送本来源、本院范围的记录。

Manage users (roles, scope, password) and source systems' API tokens. Every change is audited.`,
	}
	cmd.PersistentFlags().StringVar(&data, "data", "", "数据目录 / data directory")
	addDBFlag(cmd, &db)
	_ = cmd.MarkPersistentFlagRequired("data")
	with := func(fn func(cmd *cobra.Command, e *accountsEnv, args []string) error) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			e, err := openAccounts(cmd, data, db)
			if err != nil {
				return err
			}
			defer e.app.Close()
			return fn(cmd, e, args)
		}
	}
	cmd.AddCommand(usersList(with), usersAdd(with), usersSet(with), usersPasswd(with), tokensList(with), tokenAdd(with), tokenRevoke(with))
	return cmd
}

type withEnv func(fn func(cmd *cobra.Command, e *accountsEnv, args []string) error) func(*cobra.Command, []string) error

func usersList(with withEnv) *cobra.Command {
	var format string
	cmd := &cobra.Command{Use: "list", Short: "列出用户 / list users", Args: cobra.NoArgs,
		RunE: with(func(cmd *cobra.Command, e *accountsEnv, _ []string) error {
			us, err := e.acc.Users(cmd.Context(), store.UserFilter{})
			if err != nil {
				return err
			}
			if format == "json" {
				if us == nil {
					us = []qingfeng.User{}
				}
				return writeJSON(cmd.OutOrStdout(), us)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 2, 2, ' ', 0)
			fmt.Fprintln(tw, "LOGIN\tNAME\tROLES\tCOURT\tPERSON\tSTATE")
			for _, u := range us {
				state := "active"
				if u.Disabled {
					state = "disabled"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Login, u.Name, rolesString(u.Roles), u.CourtID, u.PersonID, state)
			}
			return tw.Flush()
		})}
	cmd.Flags().StringVar(&format, "format", "text", "text|json")
	return cmd
}

func rolesString(rs []qingfeng.UserRole) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return strings.Join(out, ",")
}

// parseRoles reads a comma-separated role list; users cannot hold the source role.
func parseRoles(s string) ([]qingfeng.UserRole, error) {
	var out []qingfeng.UserRole
	for _, r := range strings.Split(s, ",") {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		role := qingfeng.UserRole(r)
		if !qingfeng.Valid(qingfeng.UserRoles, role) || role == qingfeng.UserSource {
			return nil, fmt.Errorf("unknown role %q (admin, analyst, inspector, reviewer, judge, auditor)", r)
		}
		out = append(out, role)
	}
	if len(out) == 0 {
		return nil, errors.New("give at least one role (--role)")
	}
	return out, nil
}

// checkCourt makes sure a court id names a stored court.
func checkCourt(ctx context.Context, e *accountsEnv, id string) error {
	courts, err := e.app.Store.Courts(ctx)
	if err != nil {
		return err
	}
	if access.NewTree(courts).Subtree(id) == nil {
		return fmt.Errorf("court %q is not in the data (ingest the courts first)", id)
	}
	return nil
}

// readPassword takes a password from stdin when asked, or makes one and says so.
func readPassword(cmd *cobra.Command, fromStdin bool) (string, bool, error) {
	if !fromStdin {
		return auth.NewSecret()[:16], true, nil
	}
	b, err := io.ReadAll(io.LimitReader(cmd.InOrStdin(), 4096))
	if err != nil {
		return "", false, err
	}
	return strings.TrimRight(string(b), "\r\n"), false, nil
}

func usersAdd(with withEnv) *cobra.Command {
	var login, name, roles, court, person, subject string
	var stdin bool
	cmd := &cobra.Command{Use: "add --login L --name N --role R[,R] --court C", Short: "新建用户 / add a user", Args: cobra.NoArgs,
		RunE: with(func(cmd *cobra.Command, e *accountsEnv, _ []string) error {
			ctx := cmd.Context()
			rs, err := parseRoles(roles)
			if err != nil {
				return err
			}
			if err := checkCourt(ctx, e, court); err != nil {
				return err
			}
			pw, made, err := readPassword(cmd, stdin)
			if err != nil {
				return err
			}
			if err := auth.CheckPolicy(login, pw); err != nil {
				return err
			}
			u := &qingfeng.User{Login: login, Name: name, Roles: rs, CourtID: court, PersonID: person, Subject: subject}
			if u.PasswordHash, err = auth.HashPassword(pw, e.au.Params); err != nil {
				return err
			}
			if err := e.acc.CreateUser(ctx, u); err != nil {
				return err
			}
			if err := e.record(ctx, "user.create", login, court, "roles="+rolesString(rs)); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "用户已创建 created %s (%s) at %s\n", login, rolesString(rs), court)
			if made {
				fmt.Fprintf(cmd.OutOrStdout(), "初始密码 password: %s\n", pw)
			}
			return nil
		})}
	f := cmd.Flags()
	f.StringVar(&login, "login", "", "用户名 / login")
	f.StringVar(&name, "name", "", "姓名 / name")
	f.StringVar(&roles, "role", "", "角色，逗号分隔 / roles, comma-separated")
	f.StringVar(&court, "court", "", "范围：法院标识（含下级）/ scope: court id (and below)")
	f.StringVar(&person, "person", "", "人员标识（法官、院庭长）/ staff person id")
	f.StringVar(&subject, "subject", "", "统一身份：issuer 与 subject，空格分隔 / SSO issuer and subject")
	f.BoolVar(&stdin, "password-stdin", false, "从标准输入读取密码；否则生成 / read the password from stdin, else make one")
	for _, n := range []string{"login", "name", "role", "court"} {
		_ = cmd.MarkFlagRequired(n)
	}
	return cmd
}

func usersSet(with withEnv) *cobra.Command {
	var login, name, roles, court, person, subject string
	var disable, enable bool
	cmd := &cobra.Command{Use: "set --login L [--role R] [--court C] [--disable|--enable]", Short: "修改用户 / change a user", Args: cobra.NoArgs,
		RunE: with(func(cmd *cobra.Command, e *accountsEnv, _ []string) error {
			ctx := cmd.Context()
			u, err := e.acc.UserByLogin(ctx, login)
			if err != nil {
				return fmt.Errorf("user %s: %w", login, err)
			}
			fl := cmd.Flags()
			if fl.Changed("role") {
				if u.Roles, err = parseRoles(roles); err != nil {
					return err
				}
			}
			if fl.Changed("court") {
				if err := checkCourt(ctx, e, court); err != nil {
					return err
				}
				u.CourtID = court
			}
			if fl.Changed("name") {
				u.Name = name
			}
			if fl.Changed("person") {
				u.PersonID = person
			}
			if fl.Changed("subject") {
				u.Subject = subject
			}
			if disable || enable {
				u.Disabled = disable
			}
			if err := e.acc.UpdateUser(ctx, u); err != nil {
				return err
			}
			if u.Disabled {
				if _, err := e.acc.DeleteUserSessions(ctx, u.ID); err != nil {
					return err
				}
			}
			detail := fmt.Sprintf("roles=%s court=%s disabled=%t", rolesString(u.Roles), u.CourtID, u.Disabled)
			if err := e.record(ctx, "user.update", login, u.CourtID, detail); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已修改 updated %s: %s\n", login, detail)
			return nil
		})}
	f := cmd.Flags()
	f.StringVar(&login, "login", "", "用户名 / login")
	f.StringVar(&name, "name", "", "姓名 / name")
	f.StringVar(&roles, "role", "", "角色，逗号分隔 / roles, comma-separated")
	f.StringVar(&court, "court", "", "范围：法院标识 / scope: court id")
	f.StringVar(&person, "person", "", "人员标识 / person id")
	f.StringVar(&subject, "subject", "", "统一身份 / SSO subject")
	f.BoolVar(&disable, "disable", false, "停用并注销其会话 / disable and end their sessions")
	f.BoolVar(&enable, "enable", false, "启用 / enable")
	_ = cmd.MarkFlagRequired("login")
	cmd.MarkFlagsMutuallyExclusive("disable", "enable")
	return cmd
}

func usersPasswd(with withEnv) *cobra.Command {
	var login string
	var stdin bool
	cmd := &cobra.Command{Use: "passwd --login L [--password-stdin]", Short: "重设密码 / reset a password", Args: cobra.NoArgs,
		RunE: with(func(cmd *cobra.Command, e *accountsEnv, _ []string) error {
			ctx := cmd.Context()
			u, err := e.acc.UserByLogin(ctx, login)
			if err != nil {
				return fmt.Errorf("user %s: %w", login, err)
			}
			pw, made, err := readPassword(cmd, stdin)
			if err != nil {
				return err
			}
			if err := e.au.SetPassword(ctx, u, pw); err != nil {
				return err
			}
			if _, err := e.acc.DeleteUserSessions(ctx, u.ID); err != nil {
				return err
			}
			if err := e.record(ctx, "user.password", login, u.CourtID, ""); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "密码已重设 password reset for %s\n", login)
			if made {
				fmt.Fprintf(cmd.OutOrStdout(), "新密码 password: %s\n", pw)
			}
			return nil
		})}
	cmd.Flags().StringVar(&login, "login", "", "用户名 / login")
	cmd.Flags().BoolVar(&stdin, "password-stdin", false, "从标准输入读取密码；否则生成 / read from stdin, else make one")
	_ = cmd.MarkFlagRequired("login")
	return cmd
}

func tokensList(with withEnv) *cobra.Command {
	var format string
	cmd := &cobra.Command{Use: "tokens", Short: "列出接口令牌 / list API tokens", Args: cobra.NoArgs,
		RunE: with(func(cmd *cobra.Command, e *accountsEnv, _ []string) error {
			ts, err := e.acc.Tokens(cmd.Context())
			if err != nil {
				return err
			}
			if format == "json" {
				if ts == nil {
					ts = []qingfeng.APIToken{}
				}
				return writeJSON(cmd.OutOrStdout(), ts)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 2, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tSRC\tCOURTS\tCREATED BY\tREVOKED")
			for _, t := range ts {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%t\n", t.Name, t.Src, strings.Join(t.Courts, ","), t.CreatedBy, t.Revoked)
			}
			return tw.Flush()
		})}
	cmd.Flags().StringVar(&format, "format", "text", "text|json")
	return cmd
}

func tokenAdd(with withEnv) *cobra.Command {
	var name, src string
	var courts []string
	cmd := &cobra.Command{Use: "token-add --name N --src S --court C[,C]", Short: "新建数据源接口令牌 / make a source system's API token", Args: cobra.NoArgs,
		RunE: with(func(cmd *cobra.Command, e *accountsEnv, _ []string) error {
			ctx := cmd.Context()
			for _, c := range courts {
				if err := checkCourt(ctx, e, c); err != nil {
					return err
				}
			}
			t, secret, err := e.au.NewToken(ctx, name, src, courts, "cli")
			if err != nil {
				return err
			}
			if err := e.record(ctx, "token.create", name, courts[0], "src="+src+" courts="+strings.Join(courts, ",")); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "令牌已创建 token %s for src %s, courts %s\n密钥（只显示一次）secret, shown once: %s\n",
				t.Name, t.Src, strings.Join(t.Courts, ","), secret)
			return nil
		})}
	cmd.Flags().StringVar(&name, "name", "", "令牌名称 / token name")
	cmd.Flags().StringVar(&src, "src", "", "来源系统（记录的 src）/ source system (the records' src)")
	cmd.Flags().StringSliceVar(&courts, "court", nil, "法院标识（含下级）/ court ids (each with the courts below)")
	for _, n := range []string{"name", "src", "court"} {
		_ = cmd.MarkFlagRequired(n)
	}
	return cmd
}

func tokenRevoke(with withEnv) *cobra.Command {
	var name string
	cmd := &cobra.Command{Use: "token-revoke --name N", Short: "吊销接口令牌 / revoke an API token", Args: cobra.NoArgs,
		RunE: with(func(cmd *cobra.Command, e *accountsEnv, _ []string) error {
			ctx := cmd.Context()
			ts, err := e.acc.Tokens(ctx)
			if err != nil {
				return err
			}
			for _, t := range ts {
				if t.Name == name {
					if err := e.acc.RevokeToken(ctx, t.ID); err != nil {
						return err
					}
					if err := e.record(ctx, "token.revoke", name, t.Courts[0], ""); err != nil {
						return err
					}
					fmt.Fprintf(cmd.OutOrStdout(), "已吊销 revoked %s\n", name)
					return nil
				}
			}
			return fmt.Errorf("no token named %q", name)
		})}
	cmd.Flags().StringVar(&name, "name", "", "令牌名称 / token name")
	_ = cmd.MarkFlagRequired("name")
	return cmd
}

// printDemoAccounts makes the demo's accounts (one per role) and prints how to sign in.
func printDemoAccounts(ctx context.Context, a *app.App, out io.Writer) error {
	acc, _, err := a.Accounts()
	if err != nil {
		return err
	}
	log, err := a.AuditLog()
	if err != nil {
		return err
	}
	accounts, err := auth.DemoAccounts(ctx, a.Store, acc, auth.NewAuthenticator(acc))
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "演示账户 demo accounts (密码每次运行重新生成 / passwords are new on every run):")
	tw := tabwriter.NewWriter(out, 0, 2, 2, ' ', 0)
	for _, d := range accounts {
		kind, secret := "login", "password"
		if d.Role == qingfeng.UserSource {
			kind, secret = "token", "secret"
		}
		fmt.Fprintf(tw, "  %s\t%s %s\t%s %s\t%s %s\n", access.RoleNames[d.Role].ZH, kind, d.Login, secret, d.Secret, d.Court, d.PersonID)
		if err := log.Record(ctx, qingfeng.AuditEntry{Actor: "demo", Action: "user.password", Object: d.Login, CourtID: d.CourtID,
			Outcome: qingfeng.AuditOK, Detail: "demo account", Addr: "local"}); err != nil {
			return err
		}
	}
	return tw.Flush()
}
