// Package store defines what Qingfeng keeps and how it is read back: an append-only log of
// every record received, keyed by (kind, src, src_id), and projections built from it (courts,
// divisions, people, relatives, lawyers, proceedings, matters, events, mediations), plus the
// quarantine of rejected records.
//
// Implementations live in sub-packages (store/sqlite, later store/postgres) and must pass the
// conformance suite in store/storetest. Everything above the store (ingest, indicators, rules,
// web) talks to this interface only.
package store

import (
	"context"
	"errors"
	"reflect"

	"github.com/qingfeng-court/qingfeng"
)

// ErrNotFound is returned when a looked-up item does not exist.
var ErrNotFound = errors.New("not found")

// Store is the storage contract. All methods are safe for concurrent use; Commit calls are
// serialised by the implementation.
type Store interface {
	// Commit writes one batch in a single transaction: every record is appended to the log
	// and projected, unless its content equals the key's current revision or any revision
	// received before (a re-send of history is a no-op: re-ingesting an old file never flips
	// a record back), in which case it is Unchanged; every
	// rejection is put in quarantine, and open quarantine entries are resolved for each record
	// stored with the same key, or with the same file and line when the entry had no key.
	// A rejection identical to an open entry (same key, file, line and raw text) is not added
	// again, so ingesting the same bad file twice leaves one entry per bad line.
	// Either all of it becomes visible or none of it.
	Commit(ctx context.Context, b *Batch) (Result, error)

	// Counts returns how many current records of each kind are stored, and other totals.
	Counts(ctx context.Context) (Counts, error)

	// Quarantine lists rejected records, oldest first.
	Quarantine(ctx context.Context, f QuarantineFilter) ([]qingfeng.Rejection, error)

	// Reference data, current revision of each.
	Courts(ctx context.Context) ([]qingfeng.Court, error)
	Divisions(ctx context.Context) ([]qingfeng.Division, error)
	People(ctx context.Context) ([]qingfeng.Person, error)
	Relatives(ctx context.Context) ([]qingfeng.Relative, error)
	Lawyers(ctx context.Context) ([]qingfeng.Lawyer, error)

	// Case returns the proceeding with the given normalised case number, or ErrNotFound.
	Case(ctx context.Context, number string) (*qingfeng.Case, error)
	// ScanCases calls fn for every proceeding, in case-number order. Returning an error stops
	// the scan and is passed back.
	ScanCases(ctx context.Context, fn func(*qingfeng.Case) error) error
	// CaseEvents returns the events of one proceeding, ordered by time then arrival.
	CaseEvents(ctx context.Context, number string) ([]qingfeng.Event, error)
	// ScanEvents calls fn for every event, in arrival order.
	ScanEvents(ctx context.Context, fn func(*qingfeng.Event) error) error
	// ScanMediations calls fn for every pre-filing mediation.
	ScanMediations(ctx context.Context, fn func(*qingfeng.Mediation) error) error
	// Matter returns the matter (案) that contains the proceeding with the given number.
	Matter(ctx context.Context, number string) (*Matter, error)

	// ScanLog calls fn for every log entry with a sequence number greater than after, in
	// order. Consumers that keep their own state (indicator engine, rule engine) use it to
	// catch up from the last sequence they saw.
	ScanLog(ctx context.Context, after int64, fn func(LogEntry) error) error

	// Close releases the store.
	Close() error
}

// Batch is the unit of atomic ingest.
type Batch struct {
	Records    []qingfeng.Record
	Rejections []qingfeng.Rejection
}

// Outcome says what a commit did with one record.
type Outcome uint8

// Outcomes of storing a record.
const (
	Stored    Outcome = iota + 1 // a key never seen before
	Unchanged                    // same key, content already received: nothing written
	Revised                      // same key, new content: a new revision
)

// Result summarises a commit.
type Result struct {
	Stored, Unchanged, Revised int
	Rejected                   int // rejections newly put in quarantine
	Resolved                   int // quarantine entries resolved by records of this batch
	// Outcomes has one entry per record of the batch, in order.
	Outcomes []Outcome
	// LastSeq is the highest log sequence number after the commit.
	LastSeq int64
}

// Counts are store-wide totals.
type Counts struct {
	Kinds       map[qingfeng.Kind]int64 `json:"kinds"`       // current records per kind
	Revisions   int64                   `json:"revisions"`   // log entries in all (every revision)
	Quarantined int64                   `json:"quarantined"` // open quarantine entries
	Matters     int64                   `json:"matters"`     // roots present in the data
	Orphans     int64                   `json:"orphans"`     // proceedings whose origin is not in the data
}

// QuarantineFilter selects quarantine entries.
type QuarantineFilter struct {
	IncludeResolved bool
	File            string // only entries from this file, when set
	Limit           int    // 0 means no limit
	AfterID         int64  // paging: entries with a larger id
}

// Matter is a root proceeding and every proceeding derived from it. When the root is not in
// the data (an orphan tree), Root is the number of the missing origin and Orphan is true.
type Matter struct {
	Root        string           `json:"root"`
	Orphan      bool             `json:"orphan"`
	Proceedings []*qingfeng.Case `json:"proceedings"` // ordered by filing date, then number
}

// LogEntry is one revision in the record log.
type LogEntry struct {
	Seq    int64
	Key    qingfeng.Key
	Hash   string
	Body   []byte // canonical JSON as stored
	Batch  int64
	Origin qingfeng.Origin
}

// MergeCase folds a later record of a proceeding into dst, field by field: every field that src
// sets (a non-zero value; an empty list counts as unset) replaces dst's, nested structs (Flags)
// merge the same way, and fields src leaves unset keep dst's value; a list is replaced whole.
// When several source systems report the same case number, the projection is their merge in
// log order, so that each system contributes what it knows (the filing system the parties, the
// enforcement system the amounts recovered). Every implementation merges through this function
// so that they agree.
func MergeCase(dst, src *qingfeng.Case) {
	mergeFields(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem())
}

func mergeFields(dst, src reflect.Value) {
	for i := range src.NumField() {
		f := src.Field(i)
		if f.IsZero() || (f.Kind() == reflect.Slice || f.Kind() == reflect.Map) && f.Len() == 0 {
			continue
		}
		if f.Kind() == reflect.Struct {
			mergeFields(dst.Field(i), f)
			continue
		}
		dst.Field(i).Set(f)
	}
}
