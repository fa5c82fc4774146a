package backup

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/postgres"
)

// dumpPostgres dumps the data directory's PostgreSQL store to file with pg_dump, from one
// exported snapshot whose counts it returns.
func dumpPostgres(ctx context.Context, d *datadir.Dir, file string) (store.Counts, error) {
	ps, ok := d.Store.(*postgres.Store)
	if !ok {
		return store.Counts{}, fmt.Errorf("the store of %s is not a PostgreSQL store", d.Path)
	}
	var counts store.Counts
	err := ps.Snapshot(ctx, func(id string, c store.Counts) error {
		counts = c
		// Uncompressed: the archive around it is compressed once, as a whole.
		return runTool(ctx, "pg_dump", d.Database, "--format=custom", "--compress=0", "--no-owner",
			"--no-privileges", "--snapshot="+id, "--file="+file)
	})
	return counts, err
}

// restorePostgres loads a dump into the database at dbURL in one transaction: a failed
// restore leaves the database as it was. clean drops what the database already holds first.
func restorePostgres(ctx context.Context, dbURL, file string, clean bool) error {
	args := []string{"--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"}
	if clean {
		args = append(args, "--clean", "--if-exists")
	}
	return runTool(ctx, "pg_restore", dbURL, append(args, file)...)
}

// postgresEmpty reports whether the database at dbURL has no tables in its schema.
func postgresEmpty(ctx context.Context, dbURL string) (bool, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return false, err
	}
	defer conn.Close(ctx)
	var n int64
	err = conn.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n)
	return n == 0, err
}

// runTool runs a PostgreSQL client tool (pg_dump, pg_restore) against dbURL. The password
// goes through the environment, not the command line, where other users could read it.
func runTool(ctx context.Context, tool, dbURL string, args ...string) error {
	bin, err := toolPath(tool)
	if err != nil {
		return err
	}
	conn, password, err := libpqURL(dbURL)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"--dbname=" + conn}, args...)...)
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w\n%s", tool, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// toolPath finds a PostgreSQL client tool: in QINGFENG_PG_BIN when set, else on the PATH
// (Debian's wrappers there pick the version that matches the server).
func toolPath(tool string) (string, error) {
	if d := os.Getenv("QINGFENG_PG_BIN"); d != "" {
		return filepath.Join(d, tool), nil
	}
	p, err := exec.LookPath(tool)
	if err != nil {
		return "", fmt.Errorf("%s not found: install the PostgreSQL client tools (Debian: postgresql-client)", tool)
	}
	return p, nil
}

// pgxOnly are URL parameters that pgx understands and libpq refuses.
var pgxOnly = []string{"pool_", "statement_cache_capacity", "description_cache_capacity", "default_query_exec_mode"}

// libpqURL turns a database URL into one libpq tools accept, without its password, which it
// returns apart.
func libpqURL(dbURL string) (string, string, error) {
	u, err := url.Parse(dbURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", "", errors.New("the database must be given as a postgres:// URL")
	}
	password := ""
	if u.User != nil {
		password, _ = u.User.Password()
		if name := u.User.Username(); name != "" {
			u.User = url.User(name)
		} else {
			u.User = nil
		}
	}
	q := u.Query()
	for name := range q {
		for _, p := range pgxOnly {
			if strings.HasPrefix(name, p) {
				q.Del(name)
			}
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), password, nil
}
