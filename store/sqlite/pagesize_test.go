package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"
)

// TestPageSizeAndBackstop: a new file gets 16 KiB pages; a file made with 4 KiB pages keeps
// them, and either way the writer checkpoints itself at walBackstop bytes of log.
func TestPageSizeAndBackstop(t *testing.T) {
	old := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", old+"?_pragma=page_size(4096)&_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE before_us (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, c := range []struct {
		path string
		page int
	}{{filepath.Join(t.TempDir(), "new.db"), 16384}, {old, 4096}} {
		s := openAt(t, c.path)
		var page, pages int
		if err := s.w.QueryRow(`PRAGMA page_size`).Scan(&page); err != nil {
			t.Fatal(err)
		}
		if err := s.w.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&pages); err != nil {
			t.Fatal(err)
		}
		if page != c.page || page*pages != walBackstop {
			t.Errorf("%s: %d-byte pages, checkpoint at %d pages; want %d-byte pages, %d bytes", filepath.Base(c.path),
				page, pages, c.page, walBackstop)
		}
	}
}
