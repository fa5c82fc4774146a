package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// TestImplicitRowidsAreChecked: the log and the numbers leave rowids to SQLite, which gives the
// largest plus one, as the commit counts. When the two cannot agree — here the numbers table
// already holds the largest rowid there is, so SQLite picks one at random — the commit fails
// and leaves nothing behind, rather than refer to numbers by ids they do not have.
func TestImplicitRowidsAreChecked(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if _, err := s.Commit(ctx, &store.Batch{Records: testRecords(t, 2, "")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(`INSERT INTO numbers (id, number) VALUES (9223372036854775807, 'x')`); err != nil {
		t.Fatal(err)
	}
	const number = "（2024）闽0102民初999号"
	rec, err := qingfeng.NewRecord("cms", "case-999", &qingfeng.Case{Number: number, CourtID: "c1"}, qingfeng.Origin{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Commit(ctx, &store.Batch{Records: []qingfeng.Record{rec}})
	if err == nil || !strings.Contains(err.Error(), "rowid") {
		t.Fatalf("commit with ids SQLite does not give: %v", err)
	}
	if _, err := s.Case(ctx, number); err == nil {
		t.Fatal("the failed commit left its case behind")
	}
	var n int
	if err := s.w.QueryRow(`SELECT count(*) FROM numbers WHERE number = ?`, number).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the failed commit left its number behind: %d %v", n, err)
	}
}
