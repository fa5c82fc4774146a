package audit

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

var testKey = Key([]byte("0123456789abcdef0123456789abcdef"))

// newLog returns a log of n entries in a fresh SQLite store, and a second, raw connection to
// the same file: what someone with access to the database, but not the key, could use.
func newLog(t *testing.T, n int) (*Log, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "qingfeng.db")
	st, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	l := New(st, testKey)
	for i := range n {
		err := l.Record(context.Background(), qingfeng.AuditEntry{Actor: fmt.Sprintf("user%d", i%3), Action: "case.view",
			Object: fmt.Sprintf("（2024）闽0102民初%d号", i+1), CourtID: "C350102", Addr: "10.1.1.1"})
		if err != nil {
			t.Fatal(err)
		}
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return l, raw
}

func verify(t *testing.T, l *Log, anchors ...AnchorPoint) *Report {
	t.Helper()
	rep, err := Verify(context.Background(), l.Store(), testKey, anchors...)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestIntactChainVerifies(t *testing.T) {
	l, _ := newLog(t, 50)
	rep := verify(t, l)
	if !rep.OK() || rep.Entries != 50 || rep.Head.Seq != 50 {
		t.Fatalf("intact log: %+v", rep)
	}
	if rep := verify(t, l, AnchorPoint{Seq: 20, Hash: rep.Head.Hash}); rep.OK() {
		t.Fatal("an anchor with the wrong hash passed")
	}
	other, err := Verify(context.Background(), l.Store(), Key([]byte("another installation's key.....")))
	if err != nil {
		t.Fatal(err)
	}
	if other.OK() || other.Problems[0].Seq != 1 || other.Problems[0].Code != Altered {
		t.Fatalf("a chain verified under another key: %+v", other.Problems)
	}
}

// TestTamperingIsFoundAndNamed changes the log in each way someone with the database could, and
// checks that verification fails and names the entry.
func TestTamperingIsFoundAndNamed(t *testing.T) {
	cases := []struct {
		name   string
		tamper func(raw *sql.DB) error
		seq    int64
		code   string
	}{
		{"edit a field", func(raw *sql.DB) error {
			_, err := raw.Exec(`UPDATE audit_log SET object = '（2024）闽0102民初999号' WHERE seq = 17`)
			return err
		}, 17, Altered},
		{"edit and reseal without the key", func(raw *sql.DB) error {
			var e qingfeng.AuditEntry
			var at int64
			raw.QueryRow(`SELECT seq, at_us, actor, action, object, court_id, addr, outcome, prev FROM audit_log WHERE seq = 23`).
				Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Object, &e.CourtID, &e.Addr, &e.Outcome, &e.Prev)
			e.At = time.UnixMicro(at)
			e.Actor = "someone-else"
			_, err := raw.Exec(`UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 23`, e.Actor, e.Seal([]byte("guessed key")))
			return err
		}, 23, Altered},
		{"delete a row", func(raw *sql.DB) error {
			_, err := raw.Exec(`DELETE FROM audit_log WHERE seq = 31`)
			return err
		}, 31, Missing},
		{"delete a row and renumber the rest", func(raw *sql.DB) error {
			if _, err := raw.Exec(`DELETE FROM audit_log WHERE seq = 12`); err != nil {
				return err
			}
			_, err := raw.Exec(`UPDATE audit_log SET seq = seq - 1 WHERE seq > 12`)
			return err
		}, 12, Altered},
		{"change the time", func(raw *sql.DB) error {
			_, err := raw.Exec(`UPDATE audit_log SET at_us = at_us - 3600000000 WHERE seq = 5`)
			return err
		}, 5, Altered},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, raw := newLog(t, 40)
			if err := c.tamper(raw); err != nil {
				t.Fatal(err)
			}
			rep := verify(t, l)
			if rep.OK() {
				t.Fatal("tampered log verified")
			}
			if p := rep.Problems[0]; p.Seq != c.seq || p.Code != c.code {
				t.Fatalf("first problem %+v, want entry %d %s (all: %+v)", p, c.seq, c.code, rep.Problems)
			}
		})
	}
}

// TestCutTailIsFoundWithAnAnchor shows what an anchor is for: removing the newest entries leaves
// a valid chain, and only a head recorded elsewhere shows the loss.
func TestCutTailIsFoundWithAnAnchor(t *testing.T) {
	l, raw := newLog(t, 30)
	head := verify(t, l).Head
	if _, err := raw.Exec(`DELETE FROM audit_log WHERE seq > 25`); err != nil {
		t.Fatal(err)
	}
	if rep := verify(t, l); !rep.OK() || rep.Entries != 25 {
		t.Fatalf("without an anchor a cut tail is a valid chain: %+v", rep)
	}
	rep := verify(t, l, AnchorPoint{Seq: head.Seq, Hash: head.Hash})
	if rep.OK() || rep.Problems[0].Seq != 30 || rep.Problems[0].Code != Anchor {
		t.Fatalf("cut tail with an anchor: %+v", rep.Problems)
	}
}

// TestConcurrentRecordsKeepTheChain records from many goroutines at once, which the log writes
// in shared transactions, and checks that every entry is there once and the chain holds.
func TestConcurrentRecordsKeepTheChain(t *testing.T) {
	l, _ := newLog(t, 0)
	const n = 400
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- l.Record(context.Background(), qingfeng.AuditEntry{Actor: "u", Action: "case.view", Object: fmt.Sprint(i)})
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	rep := verify(t, l)
	if !rep.OK() || rep.Entries != n {
		t.Fatalf("after concurrent records: %+v", rep)
	}
	seen := map[string]bool{}
	l.Store().ScanAudit(context.Background(), 0, func(e *qingfeng.AuditEntry) error { seen[e.Object] = true; return nil })
	if len(seen) != n {
		t.Fatalf("%d distinct entries, want %d", len(seen), n)
	}
}
