package sqlite

import (
	"database/sql"
	"fmt"
	"strings"
)

// chunk is how many rows one multi-row INSERT writes and how many keys one IN lookup asks for.
// Fewer, larger statements cost far less per row in SQLite than one statement per row.
const chunk = 128

// statements are prepared once on the writer connection and reused by every commit.
type statements struct {
	maxSeq, maxNumber, batchInsert, batchUpdate, kindCount *sql.Stmt

	headsLookup, revisionHas *sql.Stmt
	logInsert                bulkStmt

	numberLookup, numbersLookup *sql.Stmt
	numberInsert                bulkStmt
	fileLookup, fileInsert      *sql.Stmt

	refInsert map[string]*sql.Stmt // by projection table
	refDelete map[string]*sql.Stmt

	caseRecords, caseContributors                                      *sql.Stmt
	caseInsert                                                         bulkStmt
	caseGet, caseRoot, caseUpdate, caseDelete, caseReroot, caseSetRoot *sql.Stmt
	treeMembers                                                        *sql.Stmt

	quarantineOpen, quarantineResolveKeys, quarantineResolveLines, quarantineInsert *sql.Stmt

	all []*sql.Stmt
}

// bulkStmt is a multi-row INSERT for a full chunk (rows[0]) and its forms for half as many
// rows, a quarter and so on down to one (rows[i] inserts chunk>>i rows), so that any remainder
// takes a few statements.
type bulkStmt struct {
	cols     int
	implicit bool // the table's rowid is left to SQLite, which gives the largest plus one
	rows     []*sql.Stmt
	queries  []string // the text of rows[i], which commits run on the driver connection (rawexec.go)
}

// refColumns lists the projection tables of reference records and mediations, with their
// columns after seq.
var refColumns = map[string][]string{
	"courts":     {"id"},
	"divisions":  {"id", "court_id"},
	"people":     {"id", "court_id"},
	"relatives":  {"person_id"},
	"lawyers":    {"id"},
	"mediations": {"id", "court_id", "case_number"},
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func prepare(db *sql.DB) (*statements, error) {
	st := &statements{refInsert: map[string]*sql.Stmt{}, refDelete: map[string]*sql.Stmt{}}
	var err error
	one := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		if s, err = db.Prepare(q); err != nil {
			err = fmt.Errorf("prepare %q: %w", q, err)
			return nil
		}
		st.all = append(st.all, s)
		return s
	}
	bulk := func(table string, cols ...string) bulkStmt {
		row := "(" + placeholders(len(cols)) + ")"
		// OR FAIL: a row that fails stops the statement without undoing the rows before it;
		// on an error the whole transaction is rolled back anyway.
		head := "INSERT OR FAIL INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
		b := bulkStmt{cols: len(cols)}
		for n := chunk; n >= 1; n /= 2 {
			q := head + strings.TrimSuffix(strings.Repeat(row+",", n), ",")
			b.rows = append(b.rows, one(q))
			b.queries = append(b.queries, q)
		}
		return b
	}
	// Tables whose rows get the next rowid in the order written (the log, the numbers) leave it
	// to SQLite (implicit): a given INTEGER PRIMARY KEY costs a look-up of the rowid per row
	// and makes SQLite keep a statement journal of every page the INSERT changes.
	implicit := func(table string, cols ...string) bulkStmt {
		b := bulk(table, cols...)
		b.implicit = true
		return b
	}

	st.maxSeq = one(`SELECT coalesce(max(seq), 0) FROM log`)
	st.maxNumber = one(`SELECT coalesce(max(id), 0) FROM numbers`)
	st.batchInsert = one(`INSERT INTO batches (at) VALUES (?)`)
	st.batchUpdate = one(`UPDATE batches SET records = ?, stored = ?, unchanged = ?, revised = ?, rejected = ?,
		resolved = ?, last_seq = ? WHERE id = ?`)
	st.kindCount = one(`INSERT INTO kind_counts (kind, n) VALUES (?, ?)
		ON CONFLICT (kind) DO UPDATE SET n = n + excluded.n`)

	// A key's head is its last log row.
	st.headsLookup = one(`SELECT l.k, l.seq, l.hash, l.case_id FROM log l JOIN
		(SELECT max(seq) AS seq FROM log WHERE k IN (` + placeholders(chunk) + `) GROUP BY k) h ON l.seq = h.seq`)
	st.revisionHas = one(`SELECT count(*) FROM log WHERE k = ? AND hash = ?`)
	st.logInsert = implicit("log", "k", "hash", "body", "batch", "file", "line", "case_id", "at_us")
	st.numberLookup = one(`SELECT id FROM numbers WHERE number = ?`)
	st.numbersLookup = one(`SELECT number, id FROM numbers WHERE number IN (` + placeholders(chunk) + `)`)
	st.numberInsert = implicit("numbers", "number")
	st.fileLookup = one(`SELECT id FROM files WHERE name = ?`)
	st.fileInsert = one(`INSERT INTO files (name) VALUES (?)`)
	for table, cols := range refColumns {
		st.refInsert[table] = one("INSERT INTO " + table + " (seq, " + strings.Join(cols, ", ") + ") VALUES (" +
			placeholders(len(cols)+1) + ")")
		st.refDelete[table] = one("DELETE FROM " + table + " WHERE seq = ?")
	}

	// The current records of a proceeding: its case records that are their key's head.
	st.caseRecords = one(`SELECT count(*) FROM log l WHERE l.case_id = ? AND l.at_us IS NULL
		AND l.seq = (SELECT max(m.seq) FROM log m WHERE m.k = l.k)`)
	st.caseContributors = one(`SELECT l.seq, l.body FROM log l WHERE l.case_id = ? AND l.at_us IS NULL
		AND l.seq = (SELECT max(m.seq) FROM log m WHERE m.k = l.k) ORDER BY l.seq`)
	st.caseGet = one(`SELECT root, origin FROM cases WHERE id = ?`)
	st.caseRoot = one(`SELECT root FROM cases WHERE id = ?`)
	st.caseInsert = bulk("cases", "id", "root", "origin", "filed_on", "seq", "merged")
	st.caseUpdate = one(`UPDATE cases SET origin = ?, filed_on = ?, seq = ?, merged = ? WHERE id = ?`)
	st.caseDelete = one(`DELETE FROM cases WHERE id = ?`)
	st.caseReroot = one(`UPDATE cases SET root = ? WHERE root = ?`)
	st.caseSetRoot = one(`UPDATE cases SET root = ? WHERE id = ?`)
	st.treeMembers = one(`SELECT id, origin FROM cases WHERE root = ?`)

	st.quarantineOpen = one(`SELECT EXISTS (SELECT 1 FROM quarantine WHERE resolved_batch IS NULL)`)
	st.quarantineResolveKeys = one(`UPDATE quarantine SET resolved_batch = ?
		WHERE resolved_batch IS NULL AND k IN (` + placeholders(chunk) + `)`)
	st.quarantineResolveLines = one(`UPDATE quarantine SET resolved_batch = ?
		WHERE resolved_batch IS NULL AND k = '' AND file = ? AND line IN (` + placeholders(chunk) + `)`)
	// An entry identical to an open one (same key, file, line and raw text) is not added
	// again: ingesting the same bad file twice leaves one entry per bad line.
	st.quarantineInsert = one(`INSERT INTO quarantine (batch, file, line, kind, src, src_id, k, field, value, code,
		reason, reason_en, raw, at) SELECT ` + placeholders(14) + ` WHERE NOT EXISTS (SELECT 1 FROM quarantine
		WHERE resolved_batch IS NULL AND k = ? AND file = ? AND line = ? AND raw = ?)`)

	if err != nil {
		st.close()
		return nil, err
	}
	return st, nil
}

func (st *statements) close() {
	for _, s := range st.all {
		s.Close()
	}
}
