package store

import (
	"context"
	"errors"

	"github.com/qingfeng-court/qingfeng"
)

// ErrReviewConflict is returned when a review write was based on a revision that is no longer
// the stored one (another action got there first), or would add an entry that exists.
var ErrReviewConflict = errors.New("review: stale revision or duplicate entry")

// Reviews keeps 阅核 and 四类 state: decisions, 四类 flags, the interference register and the
// trail of every action, accepted or refused. Two writers share it: actions through the API
// (ApplyReview, one change at a time under optimistic concurrency) and the projection of a
// source system's review events (ReplaceDerived, recomputed per case from the log, so that
// events arriving out of order still give the same result).
type Reviews interface {
	// ApplyReview writes one change atomically. A decision or flag is written only if its Rev
	// equals the stored revision (0 for a new one), and is stored with Rev+1; an enquiry must
	// be new. Otherwise nothing is written and ErrReviewConflict is returned. Trail rows are
	// appended and get their ids.
	ApplyReview(ctx context.Context, ch *ReviewChange) error
	// ReplaceDerived replaces, in one transaction, what the source system's events say about
	// one case: decisions with Source "event", flags with Origin "source", enquiries with
	// Source "event" and trail rows whose Source starts with "event:". Rows written through
	// ApplyReview are left alone.
	ReplaceDerived(ctx context.Context, caseNumber string, d *DerivedReview) error

	// Decision returns one decision, or ErrNotFound.
	Decision(ctx context.Context, id string) (*qingfeng.Decision, error)
	// Decisions lists decisions matching f, ordered by id.
	Decisions(ctx context.Context, f DecisionFilter) ([]qingfeng.Decision, error)
	// FourTypeFlag returns one flag, or ErrNotFound.
	FourTypeFlag(ctx context.Context, id string) (*qingfeng.FourTypeFlag, error)
	// FourTypeFlags lists flags matching f, ordered by id.
	FourTypeFlags(ctx context.Context, f FourTypeFlagFilter) ([]qingfeng.FourTypeFlag, error)
	// Enquiries lists interference-register entries matching f, ordered by id.
	Enquiries(ctx context.Context, f EnquiryFilter) ([]qingfeng.Enquiry, error)
	// Trail lists trail rows matching f, in the order they were written.
	Trail(ctx context.Context, f ReviewTrailFilter) ([]qingfeng.Transition, error)
	// ReviewCases lists the case numbers that have any derived review data, in order.
	ReviewCases(ctx context.Context) ([]string, error)

	// ReviewCursor is the last log sequence the review engine has applied; 0 at first.
	ReviewCursor(ctx context.Context) (int64, error)
	// SetReviewCursor records the last log sequence applied.
	SetReviewCursor(ctx context.Context, seq int64) error
}

// ReviewChange is one atomic write through the API. Any part may be nil or empty.
type ReviewChange struct {
	Decision *qingfeng.Decision
	Flag     *qingfeng.FourTypeFlag
	Enquiry  *qingfeng.Enquiry
	Trail    []qingfeng.Transition
}

// DerivedReview is everything a source system's events say about one case.
type DerivedReview struct {
	Decisions []qingfeng.Decision
	Flags     []qingfeng.FourTypeFlag
	Enquiries []qingfeng.Enquiry
	Trail     []qingfeng.Transition
}

// DecisionFilter selects decisions. Empty fields select everything; CourtIDs nil means every
// court, an empty non-nil list none.
type DecisionFilter struct {
	CaseNumber string
	CourtIDs   []string
	ReviewerID string
	States     []qingfeng.ReviewState
	Source     string
	AfterID    string // paging: ids greater than this
	Limit      int    // 0: no limit
}

// FourTypeFlagFilter selects 四类 flags.
type FourTypeFlagFilter struct {
	CaseNumber string
	CourtIDs   []string
	States     []qingfeng.FlagState
	Origin     string
	AfterID    string
	Limit      int
}

// EnquiryFilter selects interference-register entries.
type EnquiryFilter struct {
	CaseNumber string
	CourtIDs   []string
	AfterID    string
	Limit      int
}

// ReviewTrailFilter selects trail rows.
type ReviewTrailFilter struct {
	SubjectID   string
	CaseNumber  string
	CourtIDs    []string
	RefusedOnly bool
	AfterID     int64
	Limit       int
}
