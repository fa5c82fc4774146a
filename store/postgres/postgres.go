// Package postgres is the server store: store.Store on PostgreSQL (15 and later) through pgx,
// for a province or any installation that outgrows one SQLite file or runs several Qingfeng
// workers against one database. It keeps the same log, heads and projections as store/sqlite
// and passes the same conformance suite (store/storetest); the SQL keeps to what openGauss and
// KingbaseES accept as well (docs/postgres.md).
//
// A commit is one transaction that first locks the single row of store_state: writers in
// several processes take turns, sequence numbers stay free of gaps, and readers always see a
// log that is a prefix of the final one. Within a commit, round trips are what costs: heads,
// case numbers and superseded hashes are looked up once per batch (= ANY of an array), and new
// rows go in with COPY.
package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/qingfeng-court/qingfeng/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the PostgreSQL implementation of store.Store.
type Store struct {
	pool *pgxpool.Pool

	// mu serialises this process's commits and guards what they remember between them.
	mu         sync.Mutex
	numbers    numberCache
	lastSeq    int64 // the highest seq as this store last saw it
	lastNumber int64 // the highest case-number id as this store last saw it
}

var _ store.Store = (*Store)(nil)

// Open connects to the database at url (postgres://user:password@host:port/db?…, or any form
// pgx accepts) and brings its schema up to date.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "qingfeng"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres %s: %w", redact(cfg), err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres %s: %w", redact(cfg), err)
	}
	s := &Store{pool: pool}
	if err := s.remember(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres %s: %w", redact(cfg), err)
	}
	return s, nil
}

// redact names the database without its password, for error messages and logs.
func redact(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return fmt.Sprintf("%s@%s:%d/%s", c.User, c.Host, c.Port, c.Database)
}

func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	// The session lock keeps two workers starting at once from migrating at the same time.
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub,
		goose.WithDisableGlobalRegistry(true), goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// remember reads what commits keep in memory: the counters, and whether the dictionary of
// case numbers is empty, so that a new database's numbers need no look-up.
func (s *Store) remember(ctx context.Context) error {
	err := s.pool.QueryRow(ctx, `SELECT last_seq, last_number FROM store_state WHERE id = 1`).
		Scan(&s.lastSeq, &s.lastNumber)
	if err != nil {
		return err
	}
	s.numbers.complete = s.lastNumber == 0
	return nil
}

// Close releases the store's connections. It must not be called while other calls are running.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}
