package web

import (
	"strconv"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// auditQuery reads the search form, the same for the page and the API.
func (c *call) auditQuery() (store.AuditFilter, error) {
	q := c.r.URL.Query()
	f := store.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Object: q.Get("object"), Outcome: q.Get("outcome")}
	var err error
	if f.Limit, err = c.intParam("limit", 100); err != nil {
		return f, err
	}
	f.Limit = min(max(f.Limit, 1), 10000)
	if f.Offset, err = c.intParam("offset", 0); err != nil {
		return f, err
	}
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := q.Get(name); v != "" {
			d, err := qingfeng.ParseDate(v)
			if err != nil {
				return f, badRequest("日期 %s 应为 YYYY-MM-DD", "date %s must be YYYY-MM-DD", name)
			}
			y, m, dd := d.YMD()
			*dst = time.Date(y, m, dd, 0, 0, 0, 0, cst)
			if name == "to" {
				*dst = dst.AddDate(0, 0, 1)
			}
		}
	}
	return f, nil
}

// auditResult is one page of the audit log.
type auditResult struct {
	Entries []qingfeng.AuditEntry `json:"entries"`
	Total   int                   `json:"total"`
	Filter  store.AuditFilter     `json:"-"`
	Query   map[string]string     `json:"-"`
}

func (s *Server) searchAudit(c *call) (*auditResult, error) {
	f, err := c.auditQuery()
	if err != nil {
		return nil, err
	}
	es, total, err := c.read.Audit(c.r.Context(), s.audit.Store(), f)
	if err != nil {
		return nil, err
	}
	if es == nil {
		es = []qingfeng.AuditEntry{}
	}
	q := map[string]string{}
	for k := range c.r.URL.Query() {
		q[k] = c.r.URL.Query().Get(k)
	}
	// Reading the audit log is itself recorded: auditors are watched too.
	if err := c.record("audit.search", c.r.URL.RawQuery, c.p.CourtID, qingfeng.AuditOK, "results="+strconv.Itoa(len(es))); err != nil {
		return nil, err
	}
	return &auditResult{Entries: es, Total: total, Filter: f, Query: q}, nil
}

func (s *Server) apiAudit(c *call) error {
	res, err := s.searchAudit(c)
	if err != nil {
		return err
	}
	return c.answer(res, func() *table {
		t := &table{name: "audit", cols: []i18n.Text{{ZH: "序号", EN: "Seq"}, {ZH: "时间", EN: "Time"}, {ZH: "操作人", EN: "Actor"},
			{ZH: "操作", EN: "Action"}, {ZH: "对象", EN: "Object"}, {ZH: "法院", EN: "Court"}, {ZH: "来源地址", EN: "From"},
			{ZH: "结果", EN: "Outcome"}, {ZH: "详情", EN: "Detail"}, {ZH: "哈希", EN: "Hash"}}}
		for _, e := range res.Entries {
			t.add(strconv.FormatInt(e.Seq, 10), e.At.In(cst).Format(time.RFC3339), e.Actor, e.Action, e.Object, e.CourtID,
				e.Addr, e.Outcome, e.Detail, e.Hash)
		}
		return t
	})
}

func (s *Server) auditPage(c *call) error {
	res, err := s.searchAudit(c)
	if err != nil {
		return err
	}
	c.render("audit.html", i18n.Text{ZH: "审计日志", EN: "Audit log"}, res)
	return nil
}
