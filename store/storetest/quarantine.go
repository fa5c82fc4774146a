package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

func quarantineList(t *testing.T, s store.Store, f store.QuarantineFilter) []qingfeng.Rejection {
	t.Helper()
	q, err := s.Quarantine(context.Background(), f)
	if err != nil {
		t.Fatalf("quarantine %+v: %v", f, err)
	}
	return q
}

func sameRejection(a, b qingfeng.Rejection) bool {
	a.ID, b.ID = 0, 0
	a.Resolved, b.Resolved = false, false
	ok := a.At.Equal(b.At)
	a.At, b.At = time.Time{}, time.Time{}
	return ok && a == b
}

func testQuarantine(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	n := num("闽0102", "民初", 1)
	when := time.Date(2024, 5, 6, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	keyed := qingfeng.Rejection{
		File: "cms.jsonl", Line: 12, Key: qingfeng.Key{Kind: qingfeng.KindCase, Src: "cms", SrcID: "case-1"},
		Field: "filed_on", Value: "2024-02-30", Code: "date.invalid", Reason: "日期不存在", ReasonEn: "no such date",
		Raw: `{"kind":"case","src":"cms","src_id":"case-1","filed_on":"2024-02-30"}`, At: when,
	}
	keyless := qingfeng.Rejection{File: "cms.jsonl", Line: 13, Code: "json.syntax", Reason: "不是合法的 JSON",
		ReasonEn: "not valid JSON", Raw: `{"kind":"ev`, At: when}
	other := qingfeng.Rejection{File: "exec.jsonl", Line: 13, Code: "json.syntax", Raw: `{`, At: when}
	res := commit(t, s, &store.Batch{Rejections: []qingfeng.Rejection{keyed, keyless, other}})
	if res.Rejected != 3 || res.Resolved != 0 {
		t.Fatalf("result %+v", res)
	}
	q := quarantineList(t, s, store.QuarantineFilter{})
	if len(q) != 3 || !sameRejection(q[0], keyed) || !sameRejection(q[1], keyless) || !sameRejection(q[2], other) {
		t.Fatalf("quarantine, oldest first:\n%+v", q)
	}
	if !(q[0].ID < q[1].ID && q[1].ID < q[2].ID) || q[0].Resolved {
		t.Fatalf("ids must grow with age, entries start open: %+v", q)
	}
	if f := quarantineList(t, s, store.QuarantineFilter{File: "exec.jsonl"}); len(f) != 1 || f[0].ID != q[2].ID {
		t.Fatalf("filter by file: %+v", f)
	}
	// The same rejections again (the same bad file ingested twice) add nothing.
	dup := keyed
	dup.At = when.Add(time.Minute)
	if res := commit(t, s, &store.Batch{Rejections: []qingfeng.Rejection{dup, keyless, other}}); res.Rejected != 0 {
		t.Fatalf("identical rejections added again: %+v", res)
	}
	if q2 := quarantineList(t, s, store.QuarantineFilter{}); len(q2) != 3 {
		t.Fatalf("after re-rejecting: %d entries, want 3", len(q2))
	}

	// A record on another line with another key resolves nothing.
	unrelated := r.rec("cms", "case-2", civilCase(num("闽0102", "民初", 2), "", day("2024-01-01")))
	unrelated.Origin = qingfeng.Origin{File: "cms.jsonl", Line: 14}
	if res := commit(t, s, batch(unrelated)); res.Resolved != 0 {
		t.Fatalf("an unrelated record resolved %d entries", res.Resolved)
	}

	// The corrected record, wherever it now comes from, resolves the keyed entry.
	fixed := r.rec("cms", "case-1", civilCase(n, "", day("2024-02-29")))
	fixed.Origin = qingfeng.Origin{File: "cms-fixed.jsonl", Line: 1}
	if res := commit(t, s, batch(fixed)); res.Resolved != 1 {
		t.Fatalf("fixing the keyed record resolved %d entries, want 1", res.Resolved)
	}
	// The same file and line, read again successfully, resolves the entry without a key, but
	// only in that file.
	line13 := r.rec("cms", "ev-13", sampleEvent(n, "filed", "2024-02-29T09:00:00+08:00"))
	line13.Origin = qingfeng.Origin{File: "cms.jsonl", Line: 13}
	if res := commit(t, s, batch(line13)); res.Resolved != 1 {
		t.Fatalf("re-reading cms.jsonl:13 resolved %d entries, want 1", res.Resolved)
	}
	open1 := quarantineList(t, s, store.QuarantineFilter{})
	if len(open1) != 1 || open1[0].ID != q[2].ID {
		t.Fatalf("open entries: %+v, want only exec.jsonl:13", open1)
	}
	all := quarantineList(t, s, store.QuarantineFilter{IncludeResolved: true})
	if len(all) != 3 || !all[0].Resolved || !all[1].Resolved || all[2].Resolved {
		t.Fatalf("all entries: %+v", all)
	}
	if c := counts(t, s); c.Quarantined != 1 {
		t.Fatalf("counts: %d quarantined, want 1", c.Quarantined)
	}

	// A record that is already stored (Unchanged) still resolves a new entry with its key, and
	// a batch never resolves its own rejections.
	again := keyed
	again.At = when.Add(time.Hour)
	commit(t, s, &store.Batch{Rejections: []qingfeng.Rejection{again}})
	res = commit(t, s, &store.Batch{Records: []qingfeng.Record{fixed}, Rejections: []qingfeng.Rejection{keyed}})
	if res.Outcomes[0] != store.Unchanged || res.Resolved != 1 || res.Rejected != 1 {
		t.Fatalf("unchanged record with a rejection in the same batch: %+v", res)
	}
	if c := counts(t, s); c.Quarantined != 2 {
		t.Fatalf("counts: %d quarantined, want 2 (exec.jsonl:13 and the batch's own rejection)", c.Quarantined)
	}
}

func testQuarantinePaging(t *testing.T, open Opener) {
	s := open(t)
	b := &store.Batch{}
	for i := range 25 {
		file := "a.csv"
		if i%5 == 0 {
			file = "b.csv"
		}
		b.Rejections = append(b.Rejections, qingfeng.Rejection{File: file, Line: i + 1, Code: "x", Raw: fmt.Sprint(i)})
	}
	commit(t, s, b)
	var pages [][]qingfeng.Rejection
	var after int64
	for {
		page := quarantineList(t, s, store.QuarantineFilter{File: "a.csv", Limit: 7, AfterID: after})
		if len(page) == 0 {
			break
		}
		pages = append(pages, page)
		after = page[len(page)-1].ID
	}
	var lines []int
	for _, p := range pages {
		if len(p) > 7 {
			t.Fatalf("page of %d entries with Limit 7", len(p))
		}
		for _, e := range p {
			if e.File != "a.csv" {
				t.Fatalf("filter by file returned %+v", e)
			}
			lines = append(lines, e.Line)
		}
	}
	if len(pages) != 3 || len(lines) != 20 {
		t.Fatalf("%d pages, %d entries; want 3 pages of 20 entries", len(pages), len(lines))
	}
	for i := 1; i < len(lines); i++ {
		if lines[i] <= lines[i-1] {
			t.Fatalf("pages out of order: %v", lines)
		}
	}
}
