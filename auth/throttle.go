package auth

import (
	"sync"
	"time"
)

// Throttle slows password guessing: after Max failures for one key (a login, an address) within
// Window, the key is locked out for Lockout. It is kept in memory, per server process.
type Throttle struct {
	Max     int
	Window  time.Duration
	Lockout time.Duration
	now     func() time.Time

	mu    sync.Mutex
	fails map[string]*failures
}

type failures struct {
	n      int
	first  time.Time
	locked time.Time // locked until
}

// maxKeys bounds the throttle's memory under a flood of distinct keys: past it, entries whose
// window and lockout are over are dropped.
const maxKeys = 100_000

// NewThrottle returns a throttle allowing max failures per window, then locking for lockout.
func NewThrottle(max int, window, lockout time.Duration) *Throttle {
	return &Throttle{Max: max, Window: window, Lockout: lockout, now: time.Now, fails: map[string]*failures{}}
}

// Allow reports whether key may try now, and if not, how long until it may.
func (t *Throttle) Allow(key string) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f, ok := t.fails[key]
	if !ok {
		return true, 0
	}
	if wait := f.locked.Sub(t.now()); wait > 0 {
		return false, wait
	}
	return true, 0
}

// Fail records a failure for key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.fails) >= maxKeys {
		t.prune(now)
	}
	f, ok := t.fails[key]
	if !ok || now.Sub(f.first) > t.Window {
		f = &failures{first: now}
		t.fails[key] = f
	}
	f.n++
	if f.n >= t.Max {
		f.locked = now.Add(t.Lockout)
		f.n, f.first = 0, now
	}
}

// Reset forgets key's failures (after a successful sign-in).
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	delete(t.fails, key)
	t.mu.Unlock()
}

func (t *Throttle) prune(now time.Time) {
	for k, f := range t.fails {
		if now.Sub(f.first) > t.Window && now.After(f.locked) {
			delete(t.fails, k)
		}
	}
}
