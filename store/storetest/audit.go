package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// RunAudit runs the conformance checks of store.AuditLog: sequence numbers without gaps, the
// hash chain (each entry sealed under the key with its predecessor's hash) across separate and
// concurrent appends, times kept to the microsecond so that seals verify after a read, the scan
// from a position, and the search filters with court scope and paging.
func RunAudit(t *testing.T, open func(t *testing.T) store.AuditLog) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.AuditLog)
	}{
		{"Chain", testAuditChain},
		{"ConcurrentAppends", testAuditConcurrent},
		{"Search", testAuditSearch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var auditKey = []byte("conformance audit key")

func auditEntry(actor, action, object, court string) qingfeng.AuditEntry {
	return qingfeng.AuditEntry{Actor: actor, UserID: 7, ActorCourt: "C35", Action: action, Object: object,
		CourtID: court, Addr: "192.0.2.10", Outcome: qingfeng.AuditOK, Detail: `{"page":1}`}
}

// checkChain reads the whole log and checks what a verifier checks.
func checkChain(t *testing.T, s store.AuditLog, want int) []qingfeng.AuditEntry {
	t.Helper()
	var all []qingfeng.AuditEntry
	if err := s.ScanAudit(context.Background(), 0, func(e *qingfeng.AuditEntry) error { all = append(all, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(all) != want {
		t.Fatalf("log holds %d entries, want %d", len(all), want)
	}
	prev := ""
	for i, e := range all {
		if e.Seq != int64(i+1) || e.Prev != prev || e.Hash != e.Seal(auditKey) {
			t.Fatalf("entry %d breaks the chain: %+v (prev %s)", i+1, e, prev)
		}
		prev = e.Hash
	}
	return all
}

func testAuditChain(t *testing.T, s store.AuditLog) {
	ctx := context.Background()
	if h, err := s.AuditHead(ctx); err != nil || h.Seq != 0 || h.Hash != "" {
		t.Fatalf("head of an empty log: %+v %v", h, err)
	}
	at := time.Date(2025, 3, 1, 9, 30, 0, 123456789, time.FixedZone("CST", 8*3600))
	e1 := auditEntry("alice", "login", "alice", "")
	e1.At = at
	got, err := s.AppendAudit(ctx, auditKey, e1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Seq != 1 || got[0].Prev != "" || !got[0].At.Equal(at.Truncate(time.Microsecond)) {
		t.Fatalf("first entry: %+v", got)
	}
	batch := []qingfeng.AuditEntry{auditEntry("alice", "case.view", "（2024）闽0102民初1号", "C350102"),
		auditEntry("alice", "export", "cases.csv", "C350102"), auditEntry("bob", "login", "bob", "")}
	got, err = s.AppendAudit(ctx, auditKey, batch...)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Seq != 2 || got[2].Seq != 4 || got[1].Prev != got[0].Hash || got[0].At.IsZero() {
		t.Fatalf("batch append: %+v", got)
	}
	all := checkChain(t, s, 4)
	if all[1].Object != "（2024）闽0102民初1号" || all[1].Detail != `{"page":1}` || all[1].Addr != "192.0.2.10" ||
		all[1].ActorCourt != "C35" || all[1].UserID != 7 || all[1].CourtID != "C350102" {
		t.Fatalf("fields not kept: %+v", all[1])
	}
	if h, _ := s.AuditHead(ctx); h.Seq != 4 || h.Hash != all[3].Hash {
		t.Fatalf("head: %+v", h)
	}
	var after []int64
	s.ScanAudit(ctx, 2, func(e *qingfeng.AuditEntry) error { after = append(after, e.Seq); return nil })
	if fmt.Sprint(after) != "[3 4]" {
		t.Fatalf("scan after 2: %v", after)
	}
	// A seal depends on the key: a chain written under one key does not verify under another.
	if all[0].Seal([]byte("another key")) == all[0].Hash {
		t.Fatal("seal ignores the key")
	}
}

func testAuditConcurrent(t *testing.T, s store.AuditLog) {
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if _, err := s.AppendAudit(context.Background(), auditKey, auditEntry(fmt.Sprintf("u%d", w), "case.view", fmt.Sprint(i), "C35")); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	checkChain(t, s, writers*each)
}

func testAuditSearch(t *testing.T, s store.AuditLog) {
	ctx := context.Background()
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var es []qingfeng.AuditEntry
	add := func(actor, actorCourt, action, object, court, outcome string) {
		e := qingfeng.AuditEntry{At: base.Add(time.Duration(len(es)) * time.Hour), Actor: actor, ActorCourt: actorCourt,
			Action: action, Object: object, CourtID: court, Outcome: outcome}
		es = append(es, e)
	}
	add("ann", "C350102", "login", "ann", "", qingfeng.AuditOK)                      // 1
	add("ann", "C350102", "case.view", "N1", "C350102", qingfeng.AuditOK)            // 2
	add("ann", "C350102", "case.view", "N9", "C3502", qingfeng.AuditDenied)          // 3
	add("ben", "C3502", "case.view", "N2", "C350203", qingfeng.AuditOK)              // 4
	add("ben", "C3502", "warning.handle", "17", "C350203", qingfeng.AuditOK)         // 5
	add("", "", "login", "nobody", "", qingfeng.AuditFailed)                         // 6
	add("ben", "C3502", "warning.assign", "17", "C350102", qingfeng.AuditOK)         // 7: ben acts on ann's court
	add("ann", "C350102", "casexview", "not a warning prefix", "", qingfeng.AuditOK) // 8
	if _, err := s.AppendAudit(ctx, auditKey, es...); err != nil {
		t.Fatal(err)
	}
	seqs := func(f store.AuditFilter) (string, int) {
		got, total, err := s.SearchAudit(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, e := range got {
			out = append(out, e.Seq)
		}
		return fmt.Sprint(out), total
	}
	cases := []struct {
		name  string
		f     store.AuditFilter
		want  string
		total int
	}{
		{"everything, newest first", store.AuditFilter{}, "[8 7 6 5 4 3 2 1]", 8},
		{"court scope: objects in it or actors from it", store.AuditFilter{Courts: []string{"C350102"}}, "[8 7 3 2 1]", 5},
		{"empty scope", store.AuditFilter{Courts: []string{}}, "[]", 0},
		{"actor", store.AuditFilter{Actor: "ben"}, "[7 5 4]", 3},
		{"exact action", store.AuditFilter{Action: "case.view"}, "[4 3 2]", 3},
		{"action prefix", store.AuditFilter{Action: "warning."}, "[7 5]", 2},
		{"object", store.AuditFilter{Object: "17"}, "[7 5]", 2},
		{"outcome", store.AuditFilter{Outcome: qingfeng.AuditDenied}, "[3]", 1},
		{"time window", store.AuditFilter{From: base.Add(2 * time.Hour), To: base.Add(4 * time.Hour)}, "[4 3]", 2},
		{"paging keeps the total", store.AuditFilter{Limit: 3, Offset: 2}, "[6 5 4]", 8},
		{"offset alone", store.AuditFilter{Offset: 6}, "[2 1]", 8},
	}
	for _, c := range cases {
		got, total := seqs(c.f)
		if got != c.want || total != c.total {
			t.Errorf("%s: got %s (total %d), want %s (total %d)", c.name, got, total, c.want, c.total)
		}
	}
}
