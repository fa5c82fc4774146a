package store

import (
	"context"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// AuditLog keeps the append-only, hash-chained audit log. Entries are only ever appended: the
// contract has no way to change or delete one, and verification (package audit) finds any
// change made behind its back.
type AuditLog interface {
	// AppendAudit appends entries, in order, in one transaction, serialised with every other
	// append: each gets the next sequence number (1 for the first entry of the log, no gaps), its
	// time cut to microseconds, Prev set to the Hash of the entry before it (empty for the first),
	// and Hash set to its Seal under key. It returns the entries as stored.
	AppendAudit(ctx context.Context, key []byte, entries ...qingfeng.AuditEntry) ([]qingfeng.AuditEntry, error)
	// AuditHead returns the last entry; the zero entry when the log is empty.
	AuditHead(ctx context.Context) (qingfeng.AuditEntry, error)
	// ScanAudit calls fn for every entry with a sequence number greater than after, in order.
	// Returning an error stops the scan and is passed back.
	ScanAudit(ctx context.Context, after int64, fn func(*qingfeng.AuditEntry) error) error
	// SearchAudit lists the entries selected by f, newest first, and how many f selects in all
	// (ignoring Limit and Offset).
	SearchAudit(ctx context.Context, f AuditFilter) ([]qingfeng.AuditEntry, int, error)
}

// AuditFilter selects audit entries. Empty fields select everything.
type AuditFilter struct {
	// Courts keeps entries whose object's court or actor's court is one of these (an auditor's
	// court subtree); nil means every entry, including those with neither.
	Courts   []string
	Actor    string
	Action   string // an exact action, or a prefix ending in "." (e.g. "warning.")
	Object   string
	Outcome  string
	From, To time.Time // At within [From, To) when set
	Limit    int       // 0 means no limit
	Offset   int
}
