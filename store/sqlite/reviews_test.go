package sqlite

import (
	"testing"

	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/storetest"
)

func TestReviewsConformance(t *testing.T) {
	storetest.RunReviews(t, func(t *testing.T) store.Reviews { return openTemp(t) })
}
