package postgres

import (
	"testing"

	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/storetest"
)

func TestAccountsConformance(t *testing.T) {
	t.Parallel()
	storetest.RunAccounts(t, func(t *testing.T) store.Accounts { return openTemp(t) })
}
