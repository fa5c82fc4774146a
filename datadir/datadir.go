// Package datadir opens a Qingfeng data directory: the store, the installation's identity-hash
// key and the definitions in force (the embedded ones, overlaid by the directory's defs/
// folder). Every command that works on stored data starts here.
//
// Layout of a data directory:
//
//	qingfeng.db     the embedded SQLite store (with its -wal and -shm files)
//	secret.key      the key identity numbers are hashed with (mode 0600; back it up, never share it)
//	defs/           optional: a court's own definition files, replacing embedded ones by path
package datadir

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// Dir is an opened data directory.
type Dir struct {
	Path   string
	Store  store.Store
	Hasher *ingest.Hasher
	Defs   fs.FS
	Types  *casenum.Types
	Codes  *codetable.Tables
}

// Open opens (creating if needed) the data directory at path.
func Open(path string) (*Dir, error) {
	if path == "" {
		return nil, fmt.Errorf("no data directory given (--data)")
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("data directory %s: %w", path, err)
	}
	key, err := ingest.LoadOrCreateKey(filepath.Join(path, "secret.key"))
	if err != nil {
		return nil, fmt.Errorf("data directory %s: %w", path, err)
	}
	hasher, err := ingest.NewHasher(key)
	if err != nil {
		return nil, fmt.Errorf("data directory %s: secret.key: %w", path, err)
	}
	d := &Dir{Path: path, Hasher: hasher, Defs: defs.Overlay(filepath.Join(path, "defs"))}
	if d.Types, err = casenum.LoadTypes(d.Defs); err != nil {
		return nil, err
	}
	if d.Codes, err = codetable.Load(d.Defs); err != nil {
		return nil, err
	}
	st, err := sqlite.Open(filepath.Join(path, "qingfeng.db"))
	if err != nil {
		return nil, fmt.Errorf("data directory %s: %w", path, err)
	}
	d.Store = st
	return d, nil
}

// Close closes the store.
func (d *Dir) Close() error { return d.Store.Close() }
