package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng/store"
)

// TestQueryPlans guards the indexes the hot queries rely on: a schema change that leaves one
// of them scanning a table would pass every other test and fail only at scale.
func TestQueryPlans(t *testing.T) {
	s := openTemp(t)
	cases := []struct {
		query string
		want  []string // each must appear in the plan
	}{
		{queryCase, []string{"INDEX sqlite_autoindex_numbers_1", "c USING INTEGER PRIMARY KEY", "l USING INTEGER PRIMARY KEY"}},
		{queryCaseEvents, []string{"INDEX log_events (case_id=?", "INDEX log_k (k=?)"}},
		{queryMatter, []string{"INDEX cases_root (root=?)"}},
		{`SELECT l.k, l.seq, l.hash, l.case_id FROM log l JOIN (SELECT max(seq) AS seq FROM log WHERE k IN (?, ?) GROUP BY k) h
			ON l.seq = h.seq`, []string{"INDEX log_k (k=?)", "l USING INTEGER PRIMARY KEY"}},
		{`SELECT count(*) FROM log WHERE k = ? AND hash = ?`, []string{"INDEX log_k (k=?)"}},
		{`SELECT l.seq, l.body FROM log l WHERE l.case_id = ? AND l.at_us IS NULL
			AND l.seq = (SELECT max(m.seq) FROM log m WHERE m.k = l.k) ORDER BY l.seq`,
			[]string{"INDEX log_cases (case_id=?)", "INDEX log_k (k=?)"}},
		{`SELECT id, origin FROM cases WHERE root = ?`, []string{"INDEX cases_root (root=?)"}},
		{`UPDATE cases SET root = ? WHERE root = ?`, []string{"INDEX cases_root (root=?)"}},
		{`UPDATE quarantine SET resolved_batch = ? WHERE resolved_batch IS NULL AND k IN (?, ?)`,
			[]string{"INDEX quarantine_open (k=?)"}},
		{`UPDATE quarantine SET resolved_batch = ? WHERE resolved_batch IS NULL AND k = '' AND file = ? AND line IN (?, ?)`,
			[]string{"INDEX quarantine_open (k=? AND file=? AND line=?)"}},
	}
	for _, c := range cases {
		args := make([]any, strings.Count(c.query, "?"))
		for i := range args {
			args[i] = "x"
		}
		rows, err := s.r.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+c.query, args...)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "\n")
		for _, w := range c.want {
			if !strings.Contains(joined, w) {
				t.Errorf("%s\nplan:\n%s\nwant a step using %q", c.query, joined, w)
			}
		}
	}
}

// TestLogKeysView checks the view that splits the log's keys for people reading the database.
func TestLogKeysView(t *testing.T) {
	s := openTemp(t)
	recs := testRecords(t, 1, "")
	if _, err := s.Commit(context.Background(), &store.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	var kind, src, srcID string
	if err := s.r.QueryRow(`SELECT kind, src, src_id FROM log_keys WHERE seq = 2`).Scan(&kind, &src, &srcID); err != nil {
		t.Fatal(err)
	}
	if kind != string(recs[1].Kind) || src != recs[1].Src || srcID != recs[1].SrcID {
		t.Fatalf("log_keys: %q %q %q, want %v", kind, src, srcID, recs[1].Key)
	}
}
