// Package backup copies a data directory — its store, its identity-hash key and its
// definition files — into one archive file while Qingfeng keeps running, and restores such an
// archive into a data directory.
//
// The archive is a gzip-compressed tar: manifest.json first (format, store, counts at the
// moment of the copy), then secret.key, the defs/ files, and the store: qingfeng.db, a
// consistent copy of the SQLite file made by VACUUM INTO, or postgres.dump, pg_dump's custom
// format of one exported snapshot. The key is included by default: without it, identity
// numbers ingested after a restore would hash differently from those already stored, and
// relatives, parties and lawyers would no longer match. The archive is therefore as secret as
// the data directory and is written with mode 0600.
package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/store"
)

// Format is the archive format this package writes and reads.
const Format = 1

// Store kinds a manifest names.
const (
	KindSQLite   = "sqlite"
	KindPostgres = "postgres"
)

// Archive entry names.
const (
	manifestName = "manifest.json"
	keyName      = "secret.key"
	defsDir      = "defs"
	sqliteName   = "qingfeng.db"
	dumpName     = "postgres.dump"
)

// Manifest describes an archive.
type Manifest struct {
	Format  int          `json:"format"`
	Created time.Time    `json:"created"`
	Store   string       `json:"store"`    // KindSQLite or KindPostgres
	Key     bool         `json:"key"`      // whether secret.key is in the archive
	Defs    []string     `json:"defs"`     // the definition files, relative to defs/
	Counts  store.Counts `json:"counts"`   // of the store as copied
	LastSeq int64        `json:"last_seq"` // the last log entry copied
}

// Options changes what Create writes.
type Options struct {
	// WithoutKey leaves secret.key out, for an archive that goes where the key must not.
	// Restoring it needs the key from elsewhere.
	WithoutKey bool
}

// Create writes an archive of the opened data directory to out, replacing it only once the
// archive is complete.
func Create(ctx context.Context, d *datadir.Dir, out string, opts Options) (*Manifest, error) {
	m := &Manifest{Format: Format, Created: time.Now().UTC(), Key: !opts.WithoutKey}
	tmpDir, err := os.MkdirTemp(filepath.Dir(out), ".qingfeng-backup-")
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmpDir)

	// The store first: its copy is the moment the archive stands for.
	var storeFile, storeName string
	if d.Database != "" {
		m.Store, storeName, storeFile = KindPostgres, dumpName, filepath.Join(tmpDir, dumpName)
		m.Counts, err = dumpPostgres(ctx, d, storeFile)
	} else {
		m.Store, storeName, storeFile = KindSQLite, sqliteName, filepath.Join(tmpDir, sqliteName)
		m.Counts, err = copySQLite(ctx, filepath.Join(d.Path, sqliteName), storeFile)
	}
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	m.LastSeq = m.Counts.Revisions
	if m.Defs, err = defsFiles(d.Path); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	partial := out + ".partial"
	if err := writeArchive(partial, m, d.Path, storeName, storeFile); err != nil {
		os.Remove(partial)
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(partial, out); err != nil {
		os.Remove(partial)
		return nil, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// defsFiles lists the data directory's own definition files, relative to defs/.
func defsFiles(dir string) ([]string, error) {
	root := filepath.Join(dir, defsDir)
	var out []string
	err := filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == root {
				return filepath.SkipDir
			}
			return err
		}
		if e.Type().IsRegular() {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out, err
}
