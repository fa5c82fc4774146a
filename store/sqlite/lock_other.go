//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package sqlite

// fileLock does nothing where flock is not available: migrate's retries then settle processes
// that open a new file together.
type fileLock struct{}

func lockFile(string) (*fileLock, error) { return &fileLock{}, nil }

func (*fileLock) unlock() {}

func (*fileLock) close() error { return nil }
