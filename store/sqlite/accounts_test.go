package sqlite

import (
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/storetest"
)

func TestAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) store.Accounts { return openTemp(t) })
}

func TestAuditConformance(t *testing.T) {
	storetest.RunAudit(t, func(t *testing.T) store.AuditLog { return openTemp(t) })
}

// TestAuditLogRefusesChanges checks the triggers that keep the audit table append-only for
// anything that goes through SQLite without dropping them first.
func TestAuditLogRefusesChanges(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	if _, err := s.AppendAudit(ctx, []byte("k"), qingfeng.AuditEntry{Actor: "a", Action: "login", Outcome: "ok"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `UPDATE audit_log SET actor = 'b'`); err == nil {
		t.Error("an update of the audit log went through")
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM audit_log`); err == nil {
		t.Error("a delete from the audit log went through")
	}
	if h, _ := s.AuditHead(ctx); h.Actor != "a" {
		t.Errorf("entry changed: %+v", h)
	}
}
