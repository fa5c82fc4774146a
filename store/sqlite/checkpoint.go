package sqlite

import (
	"database/sql"
	"log/slog"
)

// checkpointer copies committed pages from the write-ahead log into the database file on a
// connection of its own, every few megabytes of commits (checkpointEvery), so that commits do
// not wait for it: on two cores it runs beside the next batches. The writer's own automatic
// checkpoint stays as a backstop for a WAL that this one cannot keep short.
type checkpointer struct {
	db   *sql.DB
	path string
	kick chan struct{}
	done chan struct{}
}

func startCheckpointer(path string) (*checkpointer, error) {
	db, err := openDB(path, "deferred", []string{"cache_size(-2000)"})
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, path: path, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer close(c.done)
	for range c.kick {
		// PASSIVE: copy what no reader still needs, never wait for a lock.
		var busy, frames, copied int64
		err := c.db.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied)
		if err != nil {
			slog.Warn("sqlite checkpoint failed", "db", c.path, "err", err)
		}
	}
}

// nudge asks for a checkpoint; requests made while one runs are merged into the next.
func (c *checkpointer) nudge() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) stop() error {
	close(c.kick)
	<-c.done
	return c.db.Close()
}
