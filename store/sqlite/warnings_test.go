package sqlite

import (
	"testing"

	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/storetest"
)

func TestWarningsConformance(t *testing.T) {
	storetest.RunWarnings(t, func(t *testing.T) store.Warnings { return openTemp(t) })
}
