package defs

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestOverlayReplacesAndAddsFiles(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "calendar", "holidays"), 0o755)
	os.WriteFile(filepath.Join(dir, "calendar", "holidays", "2024.yaml"), []byte("# the court's own 2024\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "calendar", "holidays", "2027.yaml"), []byte("# a year added by the court\n"), 0o644)
	fsys := Overlay(dir)
	b, err := fs.ReadFile(fsys, "calendar/holidays/2024.yaml")
	if err != nil || string(b) != "# the court's own 2024\n" {
		t.Fatalf("override not used: %q %v", b, err)
	}
	if _, err := fs.ReadFile(fsys, "calendar/holidays/2019.yaml"); err != nil {
		t.Fatalf("embedded file hidden by the overlay: %v", err)
	}
	es, err := fs.ReadDir(fsys, "calendar/holidays")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range es {
		if names[e.Name()] {
			t.Fatalf("%s listed twice", e.Name())
		}
		names[e.Name()] = true
	}
	if !names["2027.yaml"] || !names["2019.yaml"] || !names["2024.yaml"] {
		t.Fatalf("merged listing: %v", names)
	}
	if Overlay(filepath.Join(dir, "missing")) != Default() {
		t.Fatal("a missing folder should give the embedded set")
	}
}

func TestExportWritesEveryEmbeddedFile(t *testing.T) {
	dir := t.TempDir()
	if err := Export(dir); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := fs.WalkDir(Default(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		want, _ := fs.ReadFile(Default(), path)
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s not exported faithfully: %v", path, err)
		}
		return nil
	})
	if err != nil || n < 10 {
		t.Fatalf("walked %d files: %v", n, err)
	}
}
