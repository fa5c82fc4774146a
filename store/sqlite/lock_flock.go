//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package sqlite

import (
	"errors"
	"os"
	"syscall"
)

// fileLock is an exclusive advisory lock (flock) on the database file, held while the schema is
// migrated. SQLite locks its files with fcntl locks, which on a local file system are
// independent of flock, so holding this one never stands in SQLite's way. But closing any
// descriptor of a file drops every fcntl lock the process holds on it, SQLite's included (the
// shared lock each WAL connection keeps, by which another process knows it is not the last one
// and must not delete the write-ahead log). So the descriptor is only unlocked after the
// migration and stays open until the store's SQLite connections are closed.
type fileLock struct{ f *os.File }

// lockFile takes the lock on the file at path, creating the file if needed, waiting for a lock
// another process holds. A file that cannot be opened for writing is not locked: there is
// nothing to migrate in it.
func lockFile(path string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return &fileLock{}, nil
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &fileLock{f: f}, nil
}

// unlock releases the lock and keeps the descriptor open.
func (l *fileLock) unlock() {
	if l != nil && l.f != nil {
		syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	}
}

// close closes the descriptor; call it only once every SQLite connection to the file is closed.
func (l *fileLock) close() error {
	if l == nil || l.f == nil {
		return nil
	}
	return l.f.Close()
}
