package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/indicator"
)

// table is one input table of the SQL and how to fill it, a row at a time.
type table struct {
	name string
	fill func(add func(...any))
}

// tables are the engine's per-proceeding facts, the matter closure, the court tree, the
// mediations and the period table, with dates as date gives them to the database.
func tables(e *indicator.Engine, date func(qingfeng.Date) any) []table {
	origin := map[int32]int32{}
	parents := e.CourtParents()
	return []table{
		{"p", func(add func(...any)) {
			e.Facts(func(r *indicator.FactRow) {
				origin[r.Row] = r.Origin
				add(r.Row, r.Court, r.Division, r.Judge, r.Category, r.Stage, r.Closing, r.Outcome, date(r.Filed), date(r.Closed),
					r.Origin, r.Top, r.Root, r.InMatter, r.Appealable, r.HearingOpen, r.WithinLimit, r.HasLimit,
					r.Applied, r.Recovered, r.AgeAtClose, date(r.Over365), date(r.Received), r.TransmitDays)
			})
		}},
		{"anc", func(add func(...any)) { // filled after p: it reads the origins p saw
			for row, o := range origin {
				for n := 0; o >= 0 && n < 64; n++ {
					add(row, o)
					o = origin[o]
				}
			}
		}},
		{"med", func(add func(...any)) {
			e.MediationFacts(func(court int32, concluded qingfeng.Date, ok bool) { add(court, date(concluded), ok) })
		}},
		{"court_anc", func(add func(...any)) {
			for c := range parents {
				for a, n := int32(c), 0; a >= 0 && n < 64; a, n = parents[a], n+1 {
					add(int32(c), a)
				}
			}
		}},
		{"periods", func(add func(...any)) {
			for i, p := range append(indicator.PeriodsOfYear(2024), indicator.PeriodsOfYear(2023)...) {
				add(int32(i), month(p.Start()), month(p.End()))
			}
		}},
	}
}

// load hands the tables to DuckDB through its appender.
func load(ctx context.Context, c *duckdb.Connector, e *indicator.Engine) {
	conn, err := c.Connect(ctx)
	check(err)
	defer conn.Close()
	date := func(d qingfeng.Date) any {
		if d == 0 {
			return nil
		}
		return d.Time()
	}
	for _, t := range tables(e, date) {
		a, err := duckdb.NewAppenderFromConn(conn, "", t.name)
		check(err)
		t.fill(func(v ...any) {
			row := make([]driver.Value, len(v))
			for i := range v {
				row[i] = v[i]
			}
			check(a.AppendRow(row...))
		})
		check(a.Close())
	}
}

func month(d qingfeng.Date) int32 { y, m, _ := d.YMD(); return int32(y*12 + int(m) - 1) }

func code[T comparable](set []T, vs ...T) string {
	var out []string
	for _, v := range vs {
		for i, s := range set {
			if s == v {
				out = append(out, fmt.Sprint(i+1))
			}
		}
	}
	return "(" + strings.Join(out, ",") + ")"
}

// measure is one numerator or denominator of spc-2024-09 in SQL: rows of pp (the facts with
// their months), attributed to the units of `by`, dated by `mo`, adding `v`.
type measure struct {
	name, from, by, where, mo, v string
	stock                        string // for a stock: the month it stops (the start is mo)
}

func measures() []measure {
	st := func(s ...qingfeng.Stage) string { return code(qingfeng.Stages, s...) }
	cm := func(c ...qingfeng.ClosingMethod) string { return code(qingfeng.ClosingMethods, c...) }
	var trialStages, enfStages []qingfeng.Stage
	for _, s := range qingfeng.Stages {
		if s.IsTrial() {
			trialStages = append(trialStages, s)
		}
		if s.IsEnforcement() {
			enfStages = append(enfStages, s)
		}
	}
	trial, enf := "pp.stage IN "+st(trialStages...), "pp.stage IN "+st(enfStages...)
	fi, si := st(qingfeng.StageFirstInstance), st(qingfeng.StageSecondInstance)
	rev := code(qingfeng.Outcomes, qingfeng.OutReversed, qingfeng.OutPartlyReversed, qingfeng.OutRemanded)
	jr := cm(qingfeng.CloseJudgment, qingfeng.CloseRuling)
	civil := code(qingfeng.Categories, qingfeng.CatCivil)
	const orig = " JOIN p o ON o.row = pp.origin"
	closed := "pp.closed IS NOT NULL"
	return []measure{
		{"Q1n", orig, "o", closed + " AND pp.stage IN " + si + " AND pp.outcome IN " + rev + " AND o.stage IN " + fi, "pp.cm", "1", ""},
		{"Q1d", "", "pp", closed + " AND pp.stage IN " + fi + " AND pp.closing IN " + jr, "pp.cm", "1", ""},
		{"Q2n", " JOIN p o1 ON o1.row = pp.origin JOIN p o ON o.row = CASE WHEN o1.stage IN " +
			st(qingfeng.StageRetrialReview, qingfeng.StagePetitionReview) + " THEN o1.origin ELSE o1.row END", "o",
			closed + " AND pp.stage IN " + st(qingfeng.StageRetrial) + " AND pp.outcome IN " + rev, "pp.cm", "1", ""},
		{"Q2d", "", "pp", closed + " AND pp.closing IN " + jr, "pp.cm", "1", ""},
		{"Q3n", "", "pp", closed + " AND pp.stage IN " + si + " AND pp.hearing", "pp.cm", "1", ""},
		{"Q3d", "", "pp", closed + " AND pp.stage IN " + si, "pp.cm", "1", ""},
		{"E1n", "", "pp", closed + " AND " + trial + " AND pp.has_limit AND pp.within", "pp.cm", "1", ""},
		{"E1d", "", "pp", closed + " AND " + trial + " AND pp.has_limit", "pp.cm", "1", ""},
		{"E2n", "", "pp", trial + " AND pp.over365 IS NOT NULL AND (pp.closed IS NULL OR pp.over365 < pp.closed)", "pp.om", "1", "pp.cm"},
		{"E2d", "", "pp", trial, "pp.fm", "1", "pp.cm"},
		{"E3n", "", "pp", closed + " AND " + trial, "pp.cm", "pp.age_close", ""},
		{"E3d", "", "pp", closed + " AND " + trial, "pp.cm", "1", ""},
		{"E4n", "", "pp", closed, "pp.cm", "1", ""},
		{"E4d", "", "pp", "true", "pp.fm", "1", ""},
		{"E5n", "", "pp", "pp.received IS NOT NULL", "pp.rm", "pp.transmit", ""},
		{"E5d", "", "pp", "pp.received IS NOT NULL", "pp.rm", "1", ""},
		{"F1n", " JOIN (SELECT top, count(*) AS size FROM p GROUP BY top) s ON s.top = pp.row", "pp", "pp.is_root", "pp.fm", "s.size", ""},
		{"F1d", "", "pp", "pp.is_root", "pp.fm", "1", ""},
		{"F1Pn", " JOIN p t ON t.row = pp.top", "t", "pp.in_matter", "pp.fm", "1", ""},
		{"F2n", orig, "o", "pp.stage IN " + si + " AND o.stage IN " + fi, "pp.fm", "1", ""},
		{"F2d", "", "pp", closed + " AND pp.stage IN " + fi + " AND pp.appealable", "pp.cm", "1", ""},
		{"F3n", orig, "o", "pp.stage IN " + st(qingfeng.StageRetrialReview, qingfeng.StagePetitionReview), "pp.fm", "1", ""},
		{"F4n", "", "pp", closed + " AND pp.stage IN " + fi + " AND pp.appealable AND NOT EXISTS (SELECT 1 FROM anc a JOIN p d ON d.row = a.row WHERE a.anc = pp.row AND d.stage IN " +
			st(qingfeng.StageSecondInstance, qingfeng.StageRetrialReview) + ")", "pp.cm", "1", ""},
		{"F5n", "", "pp", closed + " AND pp.cat IN " + civil + " AND pp.stage IN " + fi + " AND pp.closing IN " + cm(qingfeng.CloseMediation, qingfeng.CloseWithdrawal), "pp.cm", "1", ""},
		{"F5d", "", "pp", closed + " AND pp.cat IN " + civil + " AND pp.stage IN " + fi, "pp.cm", "1", ""},
		{"F6n", "", "pp", closed + " AND " + enf, "pp.cm", "pp.recovered", ""},
		{"F6d", "", "pp", closed + " AND " + enf, "pp.cm", "pp.applied", ""},
		{"F7n", "", "pp", closed + " AND pp.stage IN " + st(qingfeng.StageEnforcementFirst) + " AND pp.closing IN " + cm(qingfeng.CloseEnforcementCompleted), "pp.cm", "1", ""},
		{"F7d", "", "pp", closed + " AND pp.stage IN " + st(qingfeng.StageEnforcementFirst), "pp.cm", "1", ""},
		{"F8n", "", "pp", closed + " AND pp.stage IN " + st(qingfeng.StageEnforcementFirst) + " AND pp.closing IN " + cm(qingfeng.CloseTerminatedThisRound), "pp.cm", "1", ""},
		{"F9n", orig, "o", "pp.stage IN " + st(qingfeng.StageEnforcementFirst) + " AND o.cat IN " + civil, "pp.fm", "1", ""},
		{"F9d", "", "pp", closed + " AND pp.cat IN " + civil + " AND pp.stage IN " + st(qingfeng.StageFirstInstance, qingfeng.StageSecondInstance) +
			" AND pp.closing IN " + cm(qingfeng.CloseJudgment, qingfeng.CloseMediation), "pp.cm", "1", ""},
	}
}

// dialect is what differs between DuckDB's SQL and SQLite's for the same query: the month
// of a date, and grouping by several sets (SQLite has no GROUPING SETS: a union of the groups).
type dialect struct {
	month  func(col string) string
	groups func(x string) string // x's sums by (m, court, mo), (m, div, mo), (m, judge, mo) as (m, kind, unit, mo, v)
}

var duckSQL = dialect{
	month: func(c string) string { return "year(" + c + ")*12+month(" + c + ")-1" },
	groups: func(x string) string {
		return `SELECT m, CASE WHEN grouping(court) = 0 THEN 0 WHEN grouping(div) = 0 THEN 1 ELSE 2 END AS kind,
	coalesce(court, div, judge) AS unit, mo, sum(v) AS v FROM ` + x + `
	GROUP BY GROUPING SETS ((m, court, mo), (m, div, mo), (m, judge, mo))`
	},
}

// sqliteSQL reads dates stored as ISO text.
var sqliteSQL = dialect{
	month: func(c string) string {
		return "CAST(substr(" + c + ",1,4) AS INTEGER)*12+CAST(substr(" + c + ",6,2) AS INTEGER)-1"
	},
	groups: func(x string) string {
		var q []string
		for k, col := range []string{"court", "div", "judge"} {
			q = append(q, fmt.Sprintf("SELECT m, %d AS kind, %s AS unit, mo, sum(v) AS v FROM %s WHERE %s IS NOT NULL GROUP BY m, %s, mo", k, col, x, col, col))
		}
		return strings.Join(q, "\nUNION ALL ")
	},
}

// query is spc-2024-09 in SQL for every court (over its subtree), division and judge and the
// 58 periods: contributions by month, grouped by unit, courts rolled up their ancestors, months
// summed into periods (stocks: everything up to the period's last month).
func query(d dialect) string {
	var parts, stocks []string
	for _, m := range measures() {
		sel := func(mo, v string) string {
			return fmt.Sprintf("SELECT '%s' AS m, %s.court AS court, %s.div AS div, %s.judge AS judge, %s AS mo, CAST(%s AS BIGINT) AS v FROM pp%s WHERE %s AND %s IS NOT NULL",
				m.name, m.by, m.by, m.by, mo, v, m.from, m.where, mo)
		}
		parts = append(parts, sel(m.mo, m.v))
		if m.stock != "" {
			stocks = append(stocks, "'"+m.name+"'")
			parts = append(parts, sel(m.stock, "-("+m.v+")"))
		}
	}
	parts = append(parts,
		"SELECT 'F10n', court, NULL, NULL, "+d.month("concluded")+", 1 FROM med WHERE concluded IS NOT NULL AND success",
		"SELECT 'F10d', court, NULL, NULL, "+d.month("concluded")+", 1 FROM med WHERE concluded IS NOT NULL")
	return `WITH pp AS (SELECT p.*, ` + d.month("filed") + ` AS fm, ` + d.month("closed") + ` AS cm,
	` + d.month("over365") + ` AS om, ` + d.month("received") + ` AS rm FROM p),
x AS (` + strings.Join(parts, "\nUNION ALL ") + `),
agg AS (` + d.groups("x") + `),
units AS (SELECT m, 0 AS kind, ca.anc AS unit, mo, sum(v) AS v FROM agg JOIN court_anc ca ON agg.kind = 0 AND ca.court = agg.unit GROUP BY m, ca.anc, mo
	UNION ALL SELECT m, kind, unit, mo, v FROM agg WHERE kind > 0 AND unit IS NOT NULL)
SELECT m, kind, unit, pid, sum(v) AS v FROM units JOIN periods ON mo BETWEEN first AND last WHERE m NOT IN (` + strings.Join(stocks, ",") + `) GROUP BY m, kind, unit, pid
UNION ALL
SELECT m, kind, unit, pid, sum(v) AS v FROM units JOIN periods ON mo <= last WHERE m IN (` + strings.Join(stocks, ",") + `) GROUP BY m, kind, unit, pid`
}

// crossCheck compares the province's 2024 numbers from a database with the engine's.
func crossCheck(ctx context.Context, name string, db *sql.DB, d dialect, e *indicator.Engine) {
	parents := e.CourtParents()
	top, size := int32(-1), -1
	for c := range parents { // the court with the most courts below it
		n := 0
		for d := range parents {
			for a, k := int32(d), 0; a >= 0 && k < 64; a, k = parents[a], k+1 {
				if a == int32(c) {
					n++
				}
			}
		}
		if n > size {
			top, size = int32(c), n
		}
	}
	rows, err := db.QueryContext(ctx, `SELECT m, v FROM (`+query(d)+`) WHERE kind = 0 AND unit = ? AND pid = 16`, top)
	check(err)
	got := map[string]float64{}
	for rows.Next() {
		var m string
		var v float64
		check(rows.Scan(&m, &v))
		got[m] = v
	}
	check(rows.Err())
	bad := 0
	for _, m := range measures() {
		ind, side := m.name[:len(m.name)-1], "numerator"
		if m.name[len(m.name)-1] == 'd' {
			side = "denominator"
		}
		v, err := e.Value(indicator.Query{Pack: "spc-2024-09", Indicator: ind, Unit: indicator.UnitRef{Kind: indicator.UnitCourt, ID: e.TopCourt()},
			Period: indicator.Period{Kind: indicator.Year, Year: 2024}})
		check(err)
		want := v.Numerator
		if side == "denominator" {
			want = v.Denominator
		}
		if ind == "F6" {
			want *= 100 // the SQL sums fen
		}
		if math.Abs(got[m.name]-want) > 1e-6 {
			bad++
			fmt.Printf("cross-check %s: %s %v, engine %v\n", m.name, name, got[m.name], want)
		}
	}
	fmt.Printf("cross-check of %s's 2024 numerators and denominators with the engine's: %d of %d differ\n", name, bad, len(measures()))
}
