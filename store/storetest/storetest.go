// Package storetest is the conformance suite of store.Store: every implementation (SQLite now,
// PostgreSQL later) runs it from its own tests with
//
//	storetest.Run(t, func(t *testing.T) store.Store { ... a fresh, empty store ... })
//
// The suite talks to the store through the interface only, and states the contract's
// semantics as checks: idempotent commits, revisions (last one wins, every one logged), case
// merge across source systems, matter trees that come out the same in every arrival order,
// orphans and their adoption, quarantine, atomicity, the log scan, event order and offsets,
// readers during commits, and the counts.
package storetest

import (
	"context"
	"testing"

	"github.com/qingfeng-court/qingfeng/store"
)

// Opener returns a fresh, empty store; the store is closed by the caller's cleanup (t.Cleanup)
// or by the suite, whichever the implementation prefers: the suite never closes it.
type Opener func(t *testing.T) store.Store

// Run runs every conformance check as a subtest of t.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, open Opener)
	}{
		{"Idempotency", testIdempotency},
		{"OutcomesWithinBatch", testOutcomesWithinBatch},
		{"Revisions", testRevisions},
		{"ReferenceData", testReferenceData},
		{"CaseMerge", testCaseMerge},
		{"CaseNumberMoves", testCaseNumberMoves},
		{"MatterPermutations", testMatterPermutations},
		{"OrphansAndAdoption", testOrphansAndAdoption},
		{"OriginRevised", testOriginRevised},
		{"RandomCaseHistory", testRandomCaseHistory},
		{"ScanCases", testScanCases},
		{"Quarantine", testQuarantine},
		{"QuarantinePaging", testQuarantinePaging},
		{"AtomicFailingRecord", testAtomicFailingRecord},
		{"AtomicCancelledContext", testAtomicCancelledContext},
		{"ScanLog", testScanLog},
		{"EventOrderAndOffsets", testEventOrderAndOffsets},
		{"EventRevisionMovesCase", testEventRevisionMovesCase},
		{"ConcurrentReaders", testConcurrentReaders},
		{"Counts", testCounts},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open) })
	}
}

// commit commits a batch and fails the test on error.
func commit(t *testing.T, s store.Store, b *store.Batch) store.Result {
	t.Helper()
	res, err := s.Commit(context.Background(), b)
	if err != nil {
		t.Fatalf("commit: %v", err)
	}
	if len(res.Outcomes) != len(b.Records) {
		t.Fatalf("commit: %d outcomes for %d records", len(res.Outcomes), len(b.Records))
	}
	return res
}

func counts(t *testing.T, s store.Store) store.Counts {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatalf("counts: %v", err)
	}
	return c
}
