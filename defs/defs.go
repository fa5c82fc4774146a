// Package defs carries Qingfeng's definitions as data: case-type codes, holiday calendars,
// statutory time limits, SPC code tables (and, later, indicator and rule packs). They are
// versioned files embedded in the binary; a court can export them, edit them, and point
// Qingfeng at its own copy, where its files replace the embedded ones of the same path.
//
// Each file names its source; packages that use a file load it through an fs.FS from here
// and check it at load with errors that name the file, the line and the reason.
package defs

import (
	"embed"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

//go:embed casetypes calendar codes review indicators courts rules
var embedded embed.FS

// Default returns the definitions embedded in the binary.
func Default() fs.FS { return embedded }

// Overlay returns the embedded definitions with the files under dir taking precedence: a file
// present in dir replaces the embedded file of the same relative path; other embedded files
// stay visible. An empty dir, or one that does not exist, gives the embedded set.
func Overlay(dir string) fs.FS {
	if dir == "" {
		return embedded
	}
	if _, err := os.Stat(dir); err != nil {
		return embedded
	}
	return overlay{top: os.DirFS(dir), base: embedded}
}

// Export writes every embedded definition file under dir, keeping the folder layout, so a
// court can edit its own copy. Existing files are overwritten.
func Export(dir string) error {
	return fs.WalkDir(embedded, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := embedded.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		st, serr := f.Stat()
		if serr == nil && !st.IsDir() {
			return f, nil
		}
		f.Close()
	}
	return o.base.Open(name)
}

// ReadDir merges the entries of both layers so a court can add files (a new holiday year, a
// new pack) as well as replace them.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, layer := range []fs.FS{o.top, o.base} {
		es, err := fs.ReadDir(layer, name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		for _, e := range es {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if len(out) == 0 {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}
