package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// recentWindow is how many of the newest log entries the data page looks at: enough to show
// what each source sent last without reading a whole province's log on every view.
const recentWindow = 5000

// recordView is one received record as the data page lists it.
type recordView struct {
	Seq   int64  `json:"seq"`
	Kind  string `json:"kind"`
	Src   string `json:"src"`
	SrcID string `json:"src_id"`
	File  string `json:"file"`
	Line  int    `json:"line"`
	Court string `json:"court_id,omitempty"`
}

// recent returns the newest records the principal may see, newest first, at most limit.
func (s *Server) recent(c *call, limit int) ([]recordView, error) {
	ctx := c.r.Context()
	counts, err := s.store.Counts(ctx)
	if err != nil {
		return nil, err
	}
	loc := access.NewLocator(s.store, c.tree)
	var out []recordView
	err = s.store.ScanLog(ctx, max(0, counts.Revisions-recentWindow), func(e store.LogEntry) error {
		court, err := loc.Court(ctx, e.Body)
		if err != nil {
			return err
		}
		if c.p.Visible(court) {
			out = append(out, recordView{Seq: e.Seq, Kind: string(e.Key.Kind), Src: e.Key.Src, SrcID: e.Key.SrcID,
				File: e.Origin.File, Line: e.Origin.Line, Court: court})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Reverse(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *Server) apiRecent(c *call) error {
	limit, err := c.intParam("limit", 100)
	if err != nil {
		return err
	}
	recs, err := s.recent(c, min(limit, recentWindow))
	if err != nil {
		return err
	}
	return c.answer(recs, func() *table { return recordTable(recs) })
}

func recordTable(recs []recordView) *table {
	t := &table{name: "recent-records", cols: []i18n.Text{{ZH: "序号", EN: "Seq"}, {ZH: "类型", EN: "Kind"},
		{ZH: "来源", EN: "Source"}, {ZH: "来源标识", EN: "Source id"}, {ZH: "文件", EN: "File"}, {ZH: "行", EN: "Line"},
		{ZH: "法院", EN: "Court"}}}
	for _, r := range recs {
		t.add(strconv.FormatInt(r.Seq, 10), r.Kind, r.Src, r.SrcID, r.File, strconv.Itoa(r.Line), r.Court)
	}
	return t
}

// sourceView is one source system: its tokens and what it sent lately.
type sourceView struct {
	Src      string         `json:"src"`
	Tokens   []string       `json:"tokens"`
	LastUsed time.Time      `json:"last_used,omitzero"`
	Recent   int            `json:"recent_records"` // among the newest records
	Kinds    map[string]int `json:"recent_kinds"`
	LastSeq  int64          `json:"last_seq"`
}

func (s *Server) sources(c *call) ([]*sourceView, error) {
	recs, err := s.recent(c, recentWindow)
	if err != nil {
		return nil, err
	}
	by := map[string]*sourceView{}
	get := func(src string) *sourceView {
		v, ok := by[src]
		if !ok {
			v = &sourceView{Src: src, Tokens: []string{}, Kinds: map[string]int{}}
			by[src] = v
		}
		return v
	}
	for _, r := range recs {
		v := get(r.Src)
		v.Recent++
		v.Kinds[r.Kind]++
		v.LastSeq = max(v.LastSeq, r.Seq)
	}
	toks, err := s.scopedTokens(c)
	if err != nil {
		return nil, err
	}
	for _, t := range toks {
		v := get(t.Src)
		v.Tokens = append(v.Tokens, t.Name)
		if t.UsedAt.After(v.LastUsed) {
			v.LastUsed = t.UsedAt
		}
	}
	out := make([]*sourceView, 0, len(by))
	for _, v := range by {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *sourceView) int { return cmp.Compare(a.Src, b.Src) })
	return out, nil
}

func (s *Server) apiSources(c *call) error {
	srcs, err := s.sources(c)
	if err != nil {
		return err
	}
	return c.answer(srcs, func() *table {
		t := &table{name: "sources", cols: []i18n.Text{{ZH: "来源", EN: "Source"}, {ZH: "接口令牌", EN: "Tokens"},
			{ZH: "令牌最近使用", EN: "Token last used"}, {ZH: "最近记录数", EN: "Recent records"}, {ZH: "最新序号", EN: "Last seq"}}}
		for _, v := range srcs {
			used := ""
			if !v.LastUsed.IsZero() {
				used = v.LastUsed.In(cst).Format(time.DateTime)
			}
			t.add(v.Src, fmt.Sprint(v.Tokens), used, strconv.Itoa(v.Recent), strconv.FormatInt(v.LastSeq, 10))
		}
		return t
	})
}

// quarantine lists the quarantine entries of the principal's scope.
func (s *Server) quarantine(c *call, all bool, limit int) ([]qingfeng.Rejection, error) {
	rs, err := c.read.Quarantine(c.r.Context(), store.QuarantineFilter{IncludeResolved: all, Limit: limit})
	if rs == nil {
		rs = []qingfeng.Rejection{}
	}
	return rs, err
}

func (s *Server) apiQuarantine(c *call) error {
	limit, err := c.intParam("limit", 500)
	if err != nil {
		return err
	}
	rs, err := s.quarantine(c, c.r.URL.Query().Get("all") == "1" || c.r.URL.Query().Get("all") == "true", limit)
	if err != nil {
		return err
	}
	return c.answer(rs, func() *table { return quarantineTable(c.lang, rs) })
}

func quarantineTable(l i18n.Lang, rs []qingfeng.Rejection) *table {
	t := &table{name: "quarantine", cols: []i18n.Text{{ZH: "编号", EN: "Id"}, {ZH: "文件", EN: "File"}, {ZH: "行", EN: "Line"},
		{ZH: "记录", EN: "Record"}, {ZH: "字段", EN: "Field"}, {ZH: "取值", EN: "Value"}, {ZH: "原因代码", EN: "Code"},
		{ZH: "原因", EN: "Reason"}, {ZH: "已解除", EN: "Resolved"}}}
	for _, r := range rs {
		reason := r.Reason
		if l == i18n.EN {
			reason = r.ReasonEn
		}
		t.add(strconv.FormatInt(r.ID, 10), r.File, strconv.Itoa(r.Line), r.Key.String(), r.Field, r.Value, r.Code, reason,
			strconv.FormatBool(r.Resolved))
	}
	return t
}

// apiRetry ingests the open quarantine entries of the principal's scope again, as they are.
func (s *Server) apiRetry(c *call) error {
	if s.opts.Ingester == nil {
		return errStatus(http.StatusServiceUnavailable, "本实例未启用导入", "ingest is not enabled on this instance")
	}
	rs, err := s.quarantine(c, false, 0)
	if err != nil {
		return err
	}
	sum, err := s.opts.Ingester.Retry(c.r.Context(), rs)
	if err != nil {
		return err
	}
	s.trees.invalidate()
	s.countIngest("quarantine", sum.Stored, sum.Revised, sum.Unchanged, sum.Rejected)
	detail := fmt.Sprintf("entries=%d stored=%d revised=%d rejected=%d", len(rs), sum.Stored, sum.Revised, sum.Rejected)
	if err := c.record("quarantine.retry", "", c.p.CourtID, qingfeng.AuditOK, detail); err != nil {
		return err
	}
	return c.done(http.StatusOK, "/data", sum)
}

func (s *Server) countIngest(src string, stored, revised, unchanged, rejected int) {
	for outcome, n := range map[string]int{"stored": stored, "revised": revised, "unchanged": unchanged, "rejected": rejected} {
		s.metrics.ingest.WithLabelValues(src, outcome).Add(float64(n))
	}
}

// dataView is the data page.
type dataView struct {
	Sources    []*sourceView
	Recent     []recordView
	Quarantine []qingfeng.Rejection
	CanRetry   bool
}

func (s *Server) dataPage(c *call) error {
	srcs, err := s.sources(c)
	if err != nil {
		return err
	}
	recs, err := s.recent(c, 50)
	if err != nil {
		return err
	}
	q, err := s.quarantine(c, false, 200)
	if err != nil {
		return err
	}
	c.render("data.html", i18n.Text{ZH: "数据", EN: "Data"}, dataView{Sources: srcs, Recent: recs, Quarantine: q,
		CanRetry: c.p.Can(access.Reingest) && s.opts.Ingester != nil})
	return nil
}
