package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// TestNumbersAfterLargeCommit commits more case numbers in one batch than the number cache
// copies (the commit's own map becomes the cache), then events and a case that name numbers of
// that batch, from the cache and from the table: every record must point at its own number's
// id, and no number may be stored twice.
func TestNumbersAfterLargeCommit(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	number := func(i int) string { return fmt.Sprintf("（2024）闽0102民初%d号", i+1) }
	rec := func(id string, v any, line int) qingfeng.Record {
		r, err := qingfeng.NewRecord("cms", id, v, qingfeng.Origin{File: "t.jsonl", Line: line})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	const first = numberCacheMax/4 + 100
	var b store.Batch
	for i := range first {
		b.Records = append(b.Records, rec(fmt.Sprint("case-", i), &qingfeng.Case{Number: number(i), CourtID: "gl",
			FiledOn: qingfeng.MustDate("2024-01-02")}, i+1))
	}
	if _, err := s.Commit(ctx, &b); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 1, 3, 9, 0, 0, 0, time.UTC)
	for round := range 2 { // the second round finds the numbers the first one put in the cache
		b = store.Batch{}
		for i := round; i < first; i += 997 {
			b.Records = append(b.Records, rec(fmt.Sprintf("ev-%d-%d", round, i), &qingfeng.Event{CaseNumber: number(i),
				Type: "filed", At: at}, i+1))
		}
		b.Records = append(b.Records, rec(fmt.Sprint("appeal-", round), &qingfeng.Case{Number: number(first + round),
			OriginNumber: number(round * 5), CourtID: "gl", FiledOn: qingfeng.MustDate("2024-03-01")}, 1))
		if _, err := s.Commit(ctx, &b); err != nil {
			t.Fatal(err)
		}
	}
	var numbers, distinct, wrong, events int
	err := s.r.QueryRow(`SELECT count(*), count(DISTINCT number) FROM numbers`).Scan(&numbers, &distinct)
	if err != nil {
		t.Fatal(err)
	}
	if numbers != first+2 || distinct != numbers {
		t.Errorf("numbers: %d rows, %d distinct, want %d", numbers, distinct, first+2)
	}
	err = s.r.QueryRow(`SELECT count(*), coalesce(sum(n.number IS NOT json_extract(CAST(l.body AS TEXT), '$.case_number')), 0)
		FROM log l LEFT JOIN numbers n ON n.id = l.case_id WHERE l.at_us IS NOT NULL`).Scan(&events, &wrong)
	if err != nil {
		t.Fatal(err)
	}
	if events == 0 || wrong != 0 {
		t.Errorf("%d of %d events point at another number", wrong, events)
	}
	for round := range 2 {
		var root, origin string
		err := s.r.QueryRow(`SELECT r.number, o.number FROM cases c JOIN numbers n ON n.id = c.id
			JOIN numbers r ON r.id = c.root JOIN numbers o ON o.id = c.origin WHERE n.number = ?`, number(first+round)).
			Scan(&root, &origin)
		if err != nil {
			t.Fatal(err)
		}
		if want := number(round * 5); root != want || origin != want {
			t.Errorf("appeal %d: root %s, origin %s, want %s", round, root, origin, want)
		}
	}
}
