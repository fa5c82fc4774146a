// Package pgtest gives tests a real PostgreSQL: a fresh database per test on the server named
// by QINGFENG_PG_URL (what .ci/run starts), or else on a throwaway cluster that the package
// starts itself from the PostgreSQL binaries (initdb and postgres on 127.0.0.1, in a temporary
// directory, as the postgres user when the tests run as root) and stops when the tests end.
//
// Tests skip when there is neither a server nor binaries, unless QINGFENG_REQUIRE_PG is set
// (CI sets it), in which case they fail: PostgreSQL tests never skip in CI.
//
// A package that uses it runs its tests through Main, so that the cluster stops with them:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment variables the package reads.
const (
	EnvURL     = "QINGFENG_PG_URL"     // a server to create test databases on (needs CREATEDB)
	EnvRequire = "QINGFENG_REQUIRE_PG" // fail rather than skip when no PostgreSQL can be had
	EnvBin     = "QINGFENG_PG_BIN"     // the directory of initdb and postgres, when not found
)

var (
	once    sync.Once
	admin   string // URL of the server's maintenance database
	cluster *Cluster
	bootErr error
)

// Main runs the package's tests, then what AtExit registered, and stops the cluster they
// started, if any.
func Main(m *testing.M) {
	code := m.Run()
	exitMu.Lock()
	for i := len(atExit) - 1; i >= 0; i-- {
		atExit[i]()
	}
	exitMu.Unlock()
	if admin != "" {
		for _, name := range templates {
			_ = adminExec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		}
	}
	if cluster != nil {
		if err := cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
	os.Exit(code)
}

var (
	exitMu sync.Mutex
	atExit []func()
)

// AtExit registers fn to run when Main has run the tests: for what outlives single tests, such
// as data generated once for several benchmarks.
func AtExit(fn func()) {
	exitMu.Lock()
	defer exitMu.Unlock()
	atExit = append(atExit, fn)
}

// server returns the admin URL of the server to use, starting a cluster on first use, or skips
// (or fails, under QINGFENG_REQUIRE_PG) when there is none.
func server(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		if u := os.Getenv(EnvURL); u != "" {
			admin = u
			return
		}
		cluster, bootErr = Start(context.Background())
		if bootErr == nil {
			admin = cluster.URL("postgres")
		}
	})
	if admin == "" {
		msg := fmt.Sprintf("no PostgreSQL for this test (set %s, or install PostgreSQL): %v", EnvURL, bootErr)
		if os.Getenv(EnvRequire) != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return admin
}

// DB creates an empty database for the test, dropped when it ends, and returns its URL.
func DB(t testing.TB) string { return create(t, "") }

// DBFrom is DB for a copy of the template database (see Template).
func DBFrom(t testing.TB, template string) string { return create(t, template) }

func create(t testing.TB, template string) string {
	t.Helper()
	base := server(t)
	name := "qf_test_" + randomSuffix()
	stmt := "CREATE DATABASE " + name
	if template != "" {
		stmt += " TEMPLATE " + template
	}
	if err := adminExec(base, stmt); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := adminExec(base, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	return withDatabase(base, name)
}

// Template returns the name of a template database for DBFrom, made once per process and key
// by setup (given the template's URL), so that tests that need the same schema copy it rather
// than build it again.
func Template(t testing.TB, key string, setup func(url string) error) string {
	t.Helper()
	base := server(t)
	tmplMu.Lock()
	defer tmplMu.Unlock()
	if name, ok := templates[key]; ok {
		return name
	}
	name := "qf_template_" + randomSuffix()
	if err := adminExec(base, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	if err := setup(withDatabase(base, name)); err != nil {
		_ = adminExec(base, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		t.Fatalf("pgtest: template %s: %v", key, err)
	}
	templates[key] = name
	return name
}

var (
	tmplMu    sync.Mutex
	templates = map[string]string{}
)

func adminExec(base, stmt string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("%s: %w", stmt, err)
	}
	return nil
}

// withDatabase returns base with its database replaced by name.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
