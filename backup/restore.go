package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/qingfeng-court/qingfeng/datadir"
)

// RestoreOptions says where and how to restore.
type RestoreOptions struct {
	// Database is the PostgreSQL database to restore a PostgreSQL archive into; empty for a
	// SQLite archive, which goes into the data directory.
	Database string
	// Force replaces what the target already holds (store, key, definition files); without it
	// Restore refuses to overwrite anything.
	Force bool
}

// Restore restores the archive at in into the data directory dir (created if needed), then
// opens the result and checks that it counts what the archive says.
func Restore(ctx context.Context, in, dir string, opts RestoreOptions) (*Manifest, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	stage, err := os.MkdirTemp(dir, ".restore-")
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(stage)
	m, err := readArchive(in, func(m *Manifest, name string, r io.Reader) error {
		return stageEntry(stage, name, r)
	})
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if err := checkTarget(ctx, m, stage, dir, opts); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if err := install(ctx, m, stage, dir, opts); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if err := verify(m, dir, opts.Database); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	return m, nil
}

// stageEntry writes one archive entry under the staging directory.
func stageEntry(stage, name string, r io.Reader) error {
	switch {
	case name == keyName, name == sqliteName, name == dumpName, strings.HasPrefix(name, defsDir+"/"):
	default:
		return errors.New("unexpected entry")
	}
	p := filepath.Join(stage, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// checkTarget refuses, before anything is changed, an archive that does not fit the target or
// a target that holds something the restore would overwrite (unless forced).
func checkTarget(ctx context.Context, m *Manifest, stage, dir string, opts RestoreOptions) error {
	switch {
	case m.Store == KindPostgres && opts.Database == "":
		return errors.New("this is a backup of a PostgreSQL store: give the database to restore it into (--db)")
	case m.Store == KindSQLite && opts.Database != "":
		return errors.New("this is a backup of a SQLite store: it restores into a data directory, not a database")
	case m.Store != KindPostgres && m.Store != KindSQLite:
		return fmt.Errorf("unknown store %q", m.Store)
	}
	key, err := os.ReadFile(filepath.Join(dir, keyName))
	switch {
	case err == nil && m.Key:
		staged, err := os.ReadFile(filepath.Join(stage, keyName))
		if err != nil {
			return err
		}
		if !bytes.Equal(key, staged) && !opts.Force {
			return fmt.Errorf("%s holds another secret.key than the backup (--force replaces it)", dir)
		}
	case err == nil:
	case !os.IsNotExist(err):
		return err
	case !m.Key:
		return fmt.Errorf("the backup has no secret.key: put the installation's key in %s first", dir)
	}
	if opts.Force {
		return nil
	}
	if m.Store == KindSQLite {
		if _, err := os.Stat(filepath.Join(dir, sqliteName)); err == nil {
			return fmt.Errorf("%s already holds a store (--force replaces it)", dir)
		}
	} else {
		empty, err := postgresEmpty(ctx, opts.Database)
		if err != nil {
			return err
		}
		if !empty {
			return errors.New("the database is not empty (--force replaces what it holds)")
		}
	}
	if own, err := defsFiles(dir); err != nil || len(own) > 0 {
		if err != nil {
			return err
		}
		return fmt.Errorf("%s already holds definition files (--force replaces them)", dir)
	}
	return nil
}

// install moves the staged files into the data directory, and loads a dump into the database.
func install(ctx context.Context, m *Manifest, stage, dir string, opts RestoreOptions) error {
	if m.Store == KindPostgres {
		empty, err := postgresEmpty(ctx, opts.Database)
		if err != nil {
			return err
		}
		if err := restorePostgres(ctx, opts.Database, filepath.Join(stage, dumpName), !empty); err != nil {
			return err
		}
	} else {
		db := filepath.Join(dir, sqliteName)
		for _, suffix := range []string{"-wal", "-shm"} {
			if err := os.Remove(db + suffix); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
		if err := os.Rename(filepath.Join(stage, sqliteName), db); err != nil {
			return err
		}
	}
	if m.Key {
		if err := os.Rename(filepath.Join(stage, keyName), filepath.Join(dir, keyName)); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(filepath.Join(dir, defsDir)); err != nil {
		return err
	}
	for _, rel := range m.Defs {
		if !safeName(path.Join(defsDir, rel)) {
			return fmt.Errorf("definition file %q", rel)
		}
		dst := filepath.Join(dir, defsDir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(stage, defsDir, filepath.FromSlash(rel)), dst); err != nil {
			return err
		}
	}
	return nil
}

// verify opens the restored data directory and compares its counts with the manifest's.
func verify(m *Manifest, dir, database string) error {
	d, err := datadir.Open(dir, datadir.WithDatabase(database))
	if err != nil {
		return err
	}
	defer d.Close()
	c, err := d.Store.Counts(context.Background())
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(c, m.Counts) {
		return fmt.Errorf("the restored store counts %+v, the backup %+v", c, m.Counts)
	}
	return nil
}
