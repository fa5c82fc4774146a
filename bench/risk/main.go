// Command risk runs the DuckDB anchor of the risk engine's benchmarks: the absence and
// sequence rules of risk/anchor (anchor.Queries, the NOT EXISTS SQL a BI user would schedule)
// on DuckDB, over the event table of the same generated province the engine's benchmarks use
// (4,000 matters, seed 7, every anomaly rate raised sixfold up to 8%). It prints the time of
// the queries (the best of -runs, the table already loaded and indexed), the rows they find
// and the events per second, and in the same run the hand-written Go loop (anchor.Loop) over
// the same events, so that the figures can be set next to the engine's, which come from
//
//	go test ./risk -run '^$' -bench Risk -benchtime 3x
//
// (Risk/anchor-sqlite runs the same SQL on SQLite and reports the same number of findings.)
// This module is separate from the product so that DuckDB (cgo) is never linked into it:
//
//	cd bench && CGO_ENABLED=1 go run ./risk
package main

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/risk/anchor"
)

func main() {
	matters := flag.Int("matters", 4000, "matters to generate")
	seed := flag.Int64("seed", 7, "generator seed")
	runs := flag.Int("runs", 5, "timed runs of the queries and of the loop (the best is reported)")
	flag.Parse()
	ctx := context.Background()

	dir, err := os.MkdirTemp("", "bench-risk-")
	check(err)
	defer os.RemoveAll(dir)
	cfg := gen.DefaultConfig()
	cfg.Matters, cfg.Seed, cfg.Out = *matters, *seed, dir
	cfg.Rates = map[string]float64{}
	for _, a := range gen.Anomalies() {
		cfg.Rates[a.Name] = min(0.08, a.Rate*6) // as the risk package's benchmarks generate it
	}
	_, err = gen.Run(ctx, cfg, nil)
	check(err)
	changes := read(dir)
	evs, cases := anchor.Rows(changes)
	fmt.Printf("province: %d matters, %d records, %d events, %d proceedings, as of %s\n",
		*matters, len(changes), len(evs), len(cases), cfg.AsOf)

	db := duckOpen(ctx)
	defer db.Close()
	t0 := time.Now()
	load(ctx, db, evs, cases)
	fmt.Printf("duckdb: loaded and indexed in %v\n", time.Since(t0).Round(time.Millisecond))

	var rows int
	sqlTime := best(*runs, func() {
		rows = 0
		for _, q := range anchor.Queries {
			var n int
			check(db.QueryRowContext(ctx, `SELECT count(*) FROM (`+anchor.Bind(q, cfg.AsOf)+`) x`).Scan(&n))
			rows += n
		}
	})
	fmt.Printf("duckdb: %d queries, %d rows, %v = %.0f events/s\n", len(anchor.Queries), rows, sqlTime, perSecond(len(evs), sqlTime))

	lim, err := calendar.LoadLimits(defs.Default())
	check(err)
	cal, err := calendar.LoadCalendar(defs.Default())
	check(err)
	var found int
	loopTime := best(*runs, func() { found = len(anchor.Loop(changes, cfg.AsOf, cal, lim)) })
	fmt.Printf("go loop: %d (rule, case) pairs, %v = %.0f events/s\n", found, loopTime, perSecond(len(evs), loopTime))
}

func perSecond(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func best(n int, fn func()) time.Duration {
	var out time.Duration
	for i := 0; i < max(n, 1); i++ {
		t := time.Now()
		fn()
		if d := time.Since(t); i == 0 || d < out {
			out = d
		}
	}
	return out
}

// read decodes a province's files as a log would hold them, numbering the records in order.
func read(dir string) []feed.Change {
	var out []feed.Change
	for _, name := range []string{"hr.jsonl", "cms.jsonl", "exec.jsonl", "funds.jsonl", "petition.jsonl", "commute.jsonl", "review.jsonl", "mediation.jsonl"} {
		f, err := os.Open(filepath.Join(dir, name))
		if os.IsNotExist(err) {
			continue
		}
		check(err)
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			k, v, err := qingfeng.DecodeBody(sc.Bytes())
			check(err)
			out = append(out, feed.Change{Seq: int64(len(out) + 1), Key: k, Value: v})
		}
		check(sc.Err())
		check(f.Close())
	}
	return out
}

func duckOpen(ctx context.Context) *sql.DB {
	c, err := duckdb.NewConnector("", nil)
	check(err)
	db := sql.OpenDB(c)
	db.SetMaxOpenConns(1) // one in-memory database, one connection
	for _, q := range anchor.Schema {
		_, err := db.ExecContext(ctx, q)
		check(err)
	}
	return db
}

// load appends the rows (DuckDB's bulk path) and creates the indexes the queries need.
func load(ctx context.Context, db *sql.DB, evs []anchor.EventRow, cases []anchor.CaseRow) {
	conn, err := db.Conn(ctx)
	check(err)
	defer conn.Close()
	check(conn.Raw(func(raw any) error {
		dc, ok := raw.(driver.Conn)
		if !ok {
			return fmt.Errorf("not a driver connection: %T", raw)
		}
		app := func(table string, rows [][]any) error {
			a, err := duckdb.NewAppenderFromConn(dc, "", table)
			if err != nil {
				return err
			}
			for _, r := range rows {
				vals := make([]driver.Value, len(r))
				for i, v := range r {
					vals[i] = v
				}
				if err := a.AppendRow(vals...); err != nil {
					return fmt.Errorf("append to %s: %w", table, err)
				}
			}
			return a.Close()
		}
		er := make([][]any, len(evs))
		for i, r := range evs {
			er[i] = r.Args()
		}
		cr := make([][]any, len(cases))
		for i, r := range cases {
			cr[i] = r.Args()
		}
		if err := app("ev", er); err != nil {
			return err
		}
		return app("cases", cr)
	}))
	for _, q := range anchor.Indexes {
		_, err := conn.ExecContext(ctx, q)
		check(err)
	}
}
