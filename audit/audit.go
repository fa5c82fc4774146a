// Package audit writes and checks the audit log: every view of a case or ledger and every
// action, appended to a hash chain sealed under a key derived from the installation's secret
// (secret.key in the data directory, kept apart from the database). Verify walks the chain and
// names the first entries that were changed, removed or inserted.
package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"sync"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Key derives the chain's key from the installation's secret, so that the identity-hash key is
// never used for two purposes.
func Key(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("qingfeng audit chain v1"))
	return m.Sum(nil)
}

// Log appends to the audit log. Concurrent Record calls are written together: the first caller
// in becomes the leader and appends everything queued in one transaction, again and again until
// the queue is empty, while the others wait for their batch (group commit). Under load this
// turns a hundred single-row transactions into a few, without delaying a lone caller.
type Log struct {
	st  store.AuditLog
	key []byte
	now func() time.Time

	mu       sync.Mutex
	pending  []*waiter
	flushing bool
}

type waiter struct {
	e    qingfeng.AuditEntry
	done chan error
}

// New returns a log writing to st under key (from Key).
func New(st store.AuditLog, key []byte) *Log { return &Log{st: st, key: key, now: time.Now} }

// Store returns the log's store, for searching.
func (l *Log) Store() store.AuditLog { return l.st }

// Record appends one entry, stamped now unless it carries a time. Callers fail the request when
// it fails: nothing is shown that was not recorded.
func (l *Log) Record(ctx context.Context, e qingfeng.AuditEntry) error {
	if e.At.IsZero() {
		e.At = l.now()
	}
	if e.Outcome == "" {
		e.Outcome = qingfeng.AuditOK
	}
	w := &waiter{e: e, done: make(chan error, 1)}
	l.mu.Lock()
	l.pending = append(l.pending, w)
	lead := !l.flushing
	l.flushing = true
	l.mu.Unlock()
	if lead {
		// The entries are written even when the request that caused them has been cancelled:
		// a client that hangs up must not leave its view unrecorded.
		l.flush(context.WithoutCancel(ctx))
	}
	if err := <-w.done; err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// flush appends the queued entries, a batch per transaction, until none are left.
func (l *Log) flush(ctx context.Context) {
	for {
		l.mu.Lock()
		batch := l.pending
		l.pending = nil
		if len(batch) == 0 {
			l.flushing = false
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
		entries := make([]qingfeng.AuditEntry, len(batch))
		for i, w := range batch {
			entries[i] = w.e
		}
		_, err := l.st.AppendAudit(ctx, l.key, entries...)
		for _, w := range batch {
			w.done <- err
		}
	}
}

// Key returns the key the log seals entries under, for verification.
func (l *Log) Key() []byte { return l.key }
