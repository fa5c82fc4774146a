// Package datadir opens a Qingfeng data directory: the store, the installation's identity-hash
// key and the definitions in force (the embedded ones, overlaid by the directory's defs/
// folder). Every command that works on stored data starts here.
//
// Layout of a data directory:
//
//	qingfeng.db     the embedded SQLite store (with its -wal and -shm files)
//	secret.key      the key identity numbers are hashed with (mode 0600; back it up, never share it)
//	defs/           optional: a court's own definition files, replacing embedded ones by path
//	as-of           optional: the day the data are judged on, when they end on a fixed day (asof.go)
//
// The store may instead be a PostgreSQL database (WithDatabase, or QINGFENG_DB in the
// environment): the directory then still holds secret.key and defs/, and qingfeng.db is not used.
package datadir

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/postgres"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// EnvDatabase names the environment variable that gives the database URL when no option does,
// so that every command of an installation on PostgreSQL finds it without a flag.
const EnvDatabase = "QINGFENG_DB"

// Option changes how Open opens a data directory.
type Option func(*options)

type options struct {
	database string
	set      bool
}

// WithDatabase keeps the store in the database at url (postgres://… or postgresql://…) rather
// than in the directory's SQLite file; an empty url means the SQLite file, whatever the
// environment says.
func WithDatabase(url string) Option {
	return func(o *options) { o.database, o.set = url, true }
}

// Dir is an opened data directory.
type Dir struct {
	Path string
	// Database is the URL of the PostgreSQL store, empty when the store is the SQLite file.
	Database string

	Store  store.Store
	Hasher *ingest.Hasher
	Defs   fs.FS
	Types  *casenum.Types
	Codes  *codetable.Tables
	// AsOf, when not zero, is the day the engines judge the data on instead of today (AsOfFile).
	AsOf qingfeng.Date
}

// Open opens (creating if needed) the data directory at path.
func Open(path string, opts ...Option) (*Dir, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if !o.set {
		o.database = os.Getenv(EnvDatabase)
	}
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
	d := &Dir{Path: path, Database: o.database, Hasher: hasher, Defs: defs.Overlay(filepath.Join(path, "defs"))}
	if d.AsOf, err = readAsOf(path); err != nil {
		return nil, err
	}
	if d.Types, err = casenum.LoadTypes(d.Defs); err != nil {
		return nil, err
	}
	if d.Codes, err = codetable.Load(d.Defs); err != nil {
		return nil, err
	}
	if d.Store, err = openStore(path, o.database); err != nil {
		return nil, fmt.Errorf("data directory %s: %w", path, err)
	}
	return d, nil
}

// IsPostgres reports whether a database URL names a PostgreSQL database.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

func openStore(path, database string) (store.Store, error) {
	switch {
	case database == "":
		return sqlite.Open(filepath.Join(path, "qingfeng.db"))
	case IsPostgres(database):
		return postgres.Open(context.Background(), database)
	}
	return nil, fmt.Errorf("database %q: only postgres:// URLs are supported", redactURL(database))
}

// redactURL hides a password in a URL given by mistake, for an error message.
func redactURL(u string) string {
	if at := strings.LastIndex(u, "@"); at >= 0 {
		return "…" + u[at:]
	}
	return u
}

// Close closes the store.
func (d *Dir) Close() error { return d.Store.Close() }
