package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/storetest"
)

func TestReviewsConformance(t *testing.T) {
	t.Parallel()
	storetest.RunReviews(t, func(t *testing.T) store.Reviews { return openTemp(t) })
}

// TestReplaceDerivedTwoWorkers recomputes one case's derived review rows from two stores on
// one database at once, as the review engines of two workers may: replacements take turns, so
// none fails on the rows another is replacing, and the case ends with one replacement's rows.
func TestReplaceDerivedTwoWorkers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.DBFrom(t, migrated(t))
	const n = "（2024）闽0102民初8号"
	at := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	derived := func(round int) *store.DerivedReview {
		d := &store.DerivedReview{
			Decisions: []qingfeng.Decision{{ID: "ev-" + n, CaseNumber: n, CourtID: "C1", Source: "event", State: qingfeng.ReviewPending, CreatedAt: at}},
			Flags:     []qingfeng.FourTypeFlag{{ID: "src-" + n, CaseNumber: n, CourtID: "C1", Type: 1, Origin: "source", State: qingfeng.FlagActive}},
			Enquiries: []qingfeng.Enquiry{{ID: "ev-q-" + n, CaseNumber: n, CourtID: "C1", Source: "event", Content: fmt.Sprint(round)}},
		}
		for i := range 3 {
			d.Trail = append(d.Trail, qingfeng.Transition{Subject: "decision", SubjectID: "ev-" + n, CaseNumber: n, CourtID: "C1",
				Action: fmt.Sprint("e", i), At: at, Source: "event:cms/" + fmt.Sprint(round)})
		}
		return d
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 2 {
		s := openAt(t, url)
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 10 {
					if err := s.ReplaceDerived(ctx, n, derived(w*100+g*10+i)); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	s := openAt(t, url)
	ds, err := s.Decisions(ctx, store.DecisionFilter{CaseNumber: n})
	if err != nil || len(ds) != 1 {
		t.Fatalf("decisions %+v, %v", ds, err)
	}
	qs, _ := s.Enquiries(ctx, store.EnquiryFilter{CaseNumber: n})
	tr, _ := s.Trail(ctx, store.ReviewTrailFilter{CaseNumber: n})
	if len(qs) != 1 || len(tr) != 3 {
		t.Fatalf("%d entries and %d trail rows, want one replacement's 1 and 3", len(qs), len(tr))
	}
	if qs[0].Content != tr[0].Source[len("event:cms/"):] || tr[0].Source != tr[2].Source {
		t.Fatalf("rows of different replacements: entry %q, trail %q … %q", qs[0].Content, tr[0].Source, tr[2].Source)
	}
	if tr[2].ID != tr[0].ID+2 {
		t.Fatalf("one replacement's trail ids %d … %d are not consecutive", tr[0].ID, tr[2].ID)
	}
}
