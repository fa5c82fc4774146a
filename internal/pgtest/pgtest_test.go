package pgtest

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

func query(t *testing.T, dbURL, sql string, args ...any) int64 {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int64
	if err := conn.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDatabasesAreFreshAndDropped: each test gets its own empty database, gone when it ends;
// copies of a template hold what the template's setup made.
func TestDatabasesAreFreshAndDropped(t *testing.T) {
	var names []string
	for range 2 {
		t.Run("db", func(t *testing.T) {
			u := DB(t)
			if n := query(t, u, `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`); n != 0 {
				t.Fatalf("a fresh database has %d tables", n)
			}
			p, _ := url.Parse(u)
			names = append(names, strings.TrimPrefix(p.Path, "/"))
		})
	}
	if names[0] == names[1] {
		t.Fatalf("two tests got the same database %s", names[0])
	}
	admin := server(t)
	for _, name := range names {
		if n := query(t, admin, `SELECT count(*) FROM pg_database WHERE datname = $1`, name); n != 0 {
			t.Fatalf("database %s outlived its test", name)
		}
	}
	tmpl := Template(t, "pgtest", func(u string) error {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, u)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, `CREATE TABLE marker (n integer); INSERT INTO marker VALUES (42)`)
		return err
	})
	if again := Template(t, "pgtest", nil); again != tmpl {
		t.Fatalf("the template was made twice: %s, %s", tmpl, again)
	}
	if n := query(t, DBFrom(t, tmpl), `SELECT n FROM marker`); n != 42 {
		t.Fatalf("copy of the template holds %d", n)
	}
}
