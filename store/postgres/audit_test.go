package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/storetest"
)

func TestAuditConformance(t *testing.T) {
	t.Parallel()
	storetest.RunAudit(t, func(t *testing.T) store.AuditLog { return openTemp(t) })
}

// TestAuditLogRefusesChanges checks the triggers that keep the audit table append-only for
// anyone who writes to the database without dropping them first: UPDATE, DELETE and TRUNCATE.
func TestAuditLogRefusesChanges(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := t.Context()
	if _, err := s.AppendAudit(ctx, []byte("k"), qingfeng.AuditEntry{Actor: "a", Action: "login", Outcome: "ok"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE audit_log SET actor = 'b'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`} {
		if _, err := s.pool.Exec(ctx, q); err == nil {
			t.Errorf("%s went through", q)
		}
	}
	if h, _ := s.AuditHead(ctx); h.Actor != "a" || h.Seq != 1 {
		t.Errorf("entry changed: %+v", h)
	}
}

// TestAuditTwoWorkers appends from two stores on one database at once, as two Qingfeng
// workers do, on a database whose default isolation is REPEATABLE READ: appends must still take
// turns and each must read the head the one before it committed, so the chain comes out whole.
func TestAuditTwoWorkers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.DBFrom(t, migrated(t))
	first := openAt(t, url)
	if _, err := first.pool.Exec(ctx, `DO $$ BEGIN EXECUTE 'ALTER DATABASE ' || quote_ident(current_database()) ||
		' SET default_transaction_isolation = ''repeatable read'''; END $$`); err != nil {
		t.Fatal(err)
	}
	key := []byte("two workers")
	const workers, writers, each = 2, 4, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*writers)
	for w := range workers {
		s := openAt(t, url) // opened after the change: its connections start REPEATABLE READ
		var iso string
		if err := s.pool.QueryRow(ctx, `SHOW default_transaction_isolation`).Scan(&iso); err != nil || iso != "repeatable read" {
			t.Fatalf("isolation %q, %v", iso, err)
		}
		for g := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					e := qingfeng.AuditEntry{Actor: fmt.Sprintf("w%d-%d", w, g), Action: "case.view", Object: fmt.Sprint(i), Outcome: "ok"}
					if _, err := s.AppendAudit(ctx, key, e, e); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var n int64
	prev := ""
	err := first.ScanAudit(ctx, 0, func(e *qingfeng.AuditEntry) error {
		n++
		if e.Seq != n || e.Prev != prev || e.Hash != e.Seal(key) {
			return fmt.Errorf("entry %d breaks the chain: %+v", n, e)
		}
		prev = e.Hash
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != workers*writers*each*2 {
		t.Fatalf("%d entries, want %d", n, workers*writers*each*2)
	}
}
