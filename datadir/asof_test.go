package datadir

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

// TestAsOfFile: a directory without the file follows the calendar; SetAsOf pins a day that the
// next Open reads; a broken file stops Open naming it; a zero day removes the pin.
func TestAsOfFile(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !d.AsOf.IsZero() {
		t.Fatalf("a new directory pins %s", d.AsOf)
	}
	day := qingfeng.NewDate(2026, 9, 30)
	if err := d.SetAsOf(day); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if d, err = Open(dir); err != nil || d.AsOf != day {
		t.Fatalf("reopened: %v %v", d, err)
	}
	if err := d.SetAsOf(0); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := os.Stat(filepath.Join(dir, AsOfFile)); !os.IsNotExist(err) {
		t.Fatalf("the pin was not removed: %v", err)
	}
	os.WriteFile(filepath.Join(dir, AsOfFile), []byte("30/09/2026\n"), 0o644)
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, AsOfFile)+" line 1") {
		t.Fatalf("a broken as-of file: %v", err)
	}
}
