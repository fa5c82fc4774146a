package backup

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite" // also registers the "sqlite" driver
)

// uriPath escapes the characters that would end the path of a SQLite file: URI.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// copySQLite writes a consistent copy of the SQLite store at src to dst with VACUUM INTO (one
// read transaction: commits go on meanwhile, and the copy is compact), and returns its counts.
func copySQLite(ctx context.Context, src, dst string) (store.Counts, error) {
	if _, err := os.Stat(src); err != nil {
		return store.Counts{}, fmt.Errorf("no store to back up: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+uriPath.Replace(src)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return store.Counts{}, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return store.Counts{}, fmt.Errorf("copy %s: %w", src, err)
	}
	return sqliteCounts(ctx, dst)
}

// sqliteCounts opens a SQLite store file and counts it.
func sqliteCounts(ctx context.Context, path string) (store.Counts, error) {
	s, err := sqlite.Open(path)
	if err != nil {
		return store.Counts{}, err
	}
	c, err := s.Counts(ctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return c, err
}
