package web

import (
	"net/http"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/indicator"
)

// Indicators is what the 体检表, indicator and ledger pages read: package indicator's Engine,
// kept current with the feed by the application. The server never changes it.
type Indicators interface {
	// Ready is nil once the engine holds the store's data; until then the pages answer 503
	// rather than wait for a load that may take minutes on a large province.
	Ready() error
	PackIDs() []string
	Pack(id string) (*indicator.Pack, bool)
	AsOf() qingfeng.Date
	Seq() int64
	Sheet(pack string, u indicator.UnitRef, p indicator.Period, l i18n.Lang) (*indicator.Sheet, error)
	Value(q indicator.Query) (indicator.Value, error)
	Trend(q indicator.Query, from, to indicator.Period) ([]indicator.Value, error)
	Spread(q indicator.Query) (*indicator.Spread, error)
	Ledger(q indicator.LedgerQuery) (*indicator.Ledger, error)
	Units(k indicator.UnitKind, court string) ([]indicator.UnitInfo, error)
	InScope(scope string, u indicator.UnitRef) bool
}

var errEngineMissing = errStatus(http.StatusServiceUnavailable, "该功能未启用", "this part is not running on this server")

// indicators returns the indicator engine once it is ready.
func (s *Server) indicators() (Indicators, error) {
	ind := s.opts.Indicators
	if ind == nil {
		return nil, errEngineMissing
	}
	if err := ind.Ready(); err != nil {
		return nil, errStatus(http.StatusServiceUnavailable, "指标数据正在加载，请稍后刷新：%v", "the indicators are loading, reload in a moment: %v", err)
	}
	return ind, nil
}
