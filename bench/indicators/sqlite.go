package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the product's embedded database, pure Go

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/indicator"
)

// sqliteSchema is DuckDB's schema in SQLite's types (dates as ISO text, booleans as 0/1), with
// the keys SQLite needs to join without scanning (DuckDB hashes its joins itself).
var sqliteSchema = []string{
	`CREATE TABLE p (row INTEGER PRIMARY KEY, court INTEGER, div INTEGER, judge INTEGER, cat INTEGER, stage INTEGER,
		closing INTEGER, outcome INTEGER, filed TEXT, closed TEXT, origin INTEGER, top INTEGER, is_root INTEGER,
		in_matter INTEGER, appealable INTEGER, hearing INTEGER, within INTEGER, has_limit INTEGER,
		applied INTEGER, recovered INTEGER, age_close INTEGER, over365 TEXT, received TEXT, transmit INTEGER)`,
	`CREATE TABLE anc (row INTEGER, anc INTEGER)`,
	`CREATE TABLE med (court INTEGER, concluded TEXT, success INTEGER)`,
	`CREATE TABLE court_anc (court INTEGER, anc INTEGER)`,
	`CREATE TABLE periods (pid INTEGER, first INTEGER, last INTEGER)`,
}

var sqliteIndexes = []string{
	`CREATE INDEX anc_anc ON anc (anc)`,
	`CREATE INDEX court_anc_court ON court_anc (court)`,
	`CREATE INDEX p_top ON p (top)`,
	`ANALYZE`,
}

// sqliteOpen makes a database file in dir and loads the engine's facts into it, in one
// transaction.
func sqliteOpen(ctx context.Context, dir string, e *indicator.Engine) *sql.DB {
	db, err := sql.Open("sqlite", filepath.Join(dir, "anchor.db")+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=cache_size(-1048576)&_pragma=temp_store(MEMORY)")
	check(err)
	db.SetMaxOpenConns(1)
	for _, ddl := range sqliteSchema {
		_, err := db.ExecContext(ctx, ddl)
		check(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	check(err)
	date := func(d qingfeng.Date) any {
		if d == 0 {
			return nil
		}
		return d.String()
	}
	for _, t := range tables(e, date) {
		var st *sql.Stmt
		t.fill(func(v ...any) {
			if st == nil {
				st, err = tx.PrepareContext(ctx, fmt.Sprintf("INSERT INTO %s VALUES (%s)", t.name, strings.TrimSuffix(strings.Repeat("?,", len(v)), ",")))
				check(err)
			}
			_, err := st.ExecContext(ctx, v...)
			check(err)
		})
		if st != nil {
			check(st.Close())
		}
	}
	check(tx.Commit())
	for _, ddl := range sqliteIndexes {
		_, err := db.ExecContext(ctx, ddl)
		check(err)
	}
	return db
}
