// Package sqlite is the embedded store: a single SQLite file (pure Go, modernc.org/sqlite) in
// WAL mode, with one writer connection for Commit, a pool of readers that see the last
// committed state while a commit runs, and a checkpointer that copies the write-ahead log back
// into the database beside the writer. It implements store.Store and passes the conformance
// suite in store/storetest.
//
// The log holds every revision's body once; projections of single records point at their log
// row (events through the log's own partial index, reference data and mediations through small
// tables), cases hold the merge of their records. Case numbers are kept in a dictionary
// (numbers) so that events and matter trees refer to them by integer.
//
// A store opened on an empty file remembers every key and case number it writes, so that its
// commits need not look up the ones they have never seen; if another process writes to the
// same file, the store notices at its next commit and goes back to asking the database.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/qingfeng-court/qingfeng/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the SQLite implementation of store.Store.
type Store struct {
	w  *sql.DB // the single writer connection
	r  *sql.DB // readers
	st *statements
	cp *checkpointer
	// lock is the descriptor the migration was locked through, closed after the connections.
	lock *fileLock

	// mu serialises Commit and guards what commits remember between them.
	mu      sync.Mutex
	numbers numberCache
	files   map[string]int64 // files.id of every file name committed, as far as seen
	keys    *keyFilter       // nil unless the store was empty when opened
	raw     rawStmts         // bulk INSERTs prepared on the writer's driver connection
	unckpt  int              // bytes of bodies committed since the checkpointer was last asked to run
	lastSeq int64            // the highest seq as this store last saw it
}

var _ store.Store = (*Store)(nil)

// Pragmas shared by every connection. synchronous=NORMAL is durable across application crashes
// in WAL mode and loses at most the last commits on power loss; temp_store=MEMORY keeps the
// statement journal of multi-row INSERTs off the disk.
var commonPragmas = []string{
	"busy_timeout(10000)",
	"synchronous(NORMAL)",
	"temp_store(MEMORY)",
	"foreign_keys(OFF)",
}

// writerPragmas: a modest page cache (a large one costs more to fill in a fresh process than it
// saves on an ingest that mostly appends), and the automatic checkpoint only as a backstop at
// 64 MiB of log (walBackstop): the checkpointer does that work beside the writer, but while
// commits keep coming it never catches up with the end of the log, so the log starts afresh
// only after a checkpoint of the writer's own, which copies what the checkpointer has not yet,
// in the commit. At 16 MiB that took some 8% of a bulk load's commit time; a longer log makes
// it rarer.
//
// A new file gets 16 KiB pages (the page size cannot change once the file has switched to
// WAL): a bulk load then splits pages a quarter as often and writes a quarter as many log
// frames, each a system call, for 10–15% less commit time on a million-row import than with
// 4 KiB pages. Existing files keep their page size.
var writerPragmas = []string{"cache_size(-8000)", "wal_autocheckpoint(4096)", "page_size(16384)"}

// walBackstop is the size of write-ahead log at which the writer checkpoints itself.
const walBackstop = 64 << 20

var readerPragmas = []string{"cache_size(-8000)", "query_only(1)"}

// Open opens (creating if needed) the store in the SQLite file at path and brings its schema up
// to date.
func Open(path string) (*Store, error) {
	// The lock spans the writer's first connection too: on a new file, that connection switches
	// the journal to WAL, which another process doing the same at that moment may refuse
	// (SQLITE_BUSY, without waiting).
	lock, err := lockFile(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: lock for migration: %w", path, err)
	}
	w, err := openDB(path, "immediate", writerPragmas)
	if err != nil {
		lock.unlock()
		lock.close()
		return nil, err
	}
	// One connection: SQLite has one writer anyway, and prepared statements stay on it.
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	err = migrate(w)
	if err == nil {
		err = setBackstop(w)
	}
	lock.unlock()
	if err != nil {
		w.Close()
		lock.close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r, err := openDB(path, "deferred", readerPragmas)
	if err != nil {
		w.Close()
		lock.close()
		return nil, err
	}
	n := max(4, 2*runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s := &Store{w: w, r: r, lock: lock}
	if s.st, err = prepare(w); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.remember(); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if s.cp, err = startCheckpointer(path); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// setBackstop sets the writer's automatic checkpoint to walBackstop bytes of log in pages of
// the file's own size (writerPragmas assumes the page size of new files).
func setBackstop(w *sql.DB) error {
	var size int
	if err := w.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		return fmt.Errorf("page size: %w", err)
	}
	if size <= 0 || size == 16384 {
		return nil
	}
	if _, err := w.Exec(fmt.Sprintf(`PRAGMA wal_autocheckpoint = %d`, walBackstop/size)); err != nil {
		return fmt.Errorf("wal_autocheckpoint: %w", err)
	}
	return nil
}

// uriPath escapes the characters that would end the path of a SQLite file: URI.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

func openDB(path, txlock string, pragmas []string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_txlock", txlock)
	q.Set("_journal_mode", "WAL")
	for _, p := range append(commonPragmas[:len(commonPragmas):len(commonPragmas)], pragmas...) {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", "file:"+uriPath.Replace(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := pingBusy(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// pingBusy opens the first connection, trying again while the file is busy: processes that
// open a new file together each switch it to WAL, and SQLite refuses that switch at once
// (SQLITE_BUSY, whatever busy_timeout says) while another connection is doing the same.
// Where files cannot be locked (lockFile), nothing else keeps them apart.
func pingBusy(db *sql.DB) error {
	var err error
	for try := range 20 {
		if err = db.Ping(); err == nil || !isBusy(err) {
			return err
		}
		time.Sleep(time.Duration(try+1) * 10 * time.Millisecond)
	}
	return err
}

// isBusy reports whether SQLite said the database is locked by another connection.
func isBusy(err error) bool {
	var coded interface{ Code() int }
	return errors.As(err, &coded) && coded.Code()&0xff == 5 // SQLITE_BUSY and its extended codes
}

// migrate brings the schema up to date. Without the lock (where the platform has none), processes
// opening a new file together all find it without tables and start the same migration; all but
// the first fail on a table the first has just created. Each migration runs in one
// transaction, so a failed one leaves nothing behind: migrate then looks again, and is done if
// another process has brought the schema up to date, or goes on from where that one has got
// to. Every try after a failure finds at least one more migration applied, so it tries at most
// once per migration.
func migrate(db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	ctx := context.Background()
	for try := 0; ; try++ {
		_, err := p.Up(ctx)
		if err == nil {
			return nil
		}
		pending, perr := p.HasPending(ctx)
		if perr == nil && !pending {
			return nil
		}
		if try >= len(p.ListSources()) {
			return fmt.Errorf("migrate: %w", err)
		}
		time.Sleep(time.Duration(try+1) * 20 * time.Millisecond)
	}
}

// remember sets up what commits keep in memory: a new store knows every key and case number
// it will hold, so commits can skip looking up the ones they have never seen.
func (s *Store) remember() error {
	var numbers bool
	err := s.w.QueryRow(`SELECT (SELECT coalesce(max(seq), 0) FROM log), EXISTS (SELECT 1 FROM numbers)`).
		Scan(&s.lastSeq, &numbers)
	if err != nil {
		return err
	}
	if s.lastSeq == 0 {
		s.keys = newKeyFilter()
	}
	if !numbers {
		s.numbers.filter = newKeyFilter()
	}
	return nil
}

// Close releases the store. It must not be called while other calls are running.
func (s *Store) Close() error {
	if s.st != nil {
		s.st.close()
	}
	s.closeRaw()
	err := s.r.Close()
	if s.cp != nil {
		if cerr := s.cp.stop(); err == nil {
			err = cerr
		}
	}
	if werr := s.w.Close(); err == nil {
		err = werr
	}
	if lerr := s.lock.close(); err == nil {
		err = lerr
	}
	return err
}
