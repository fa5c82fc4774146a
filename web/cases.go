package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// panorama is a case as the case page shows it: every proceeding of its matter the viewer may
// see, and every event of those proceedings on one timeline.
type panorama struct {
	Number string         `json:"number"`
	Case   *qingfeng.Case `json:"case"`
	Matter *access.Matter `json:"matter"`
	Events []stepView     `json:"events"`
	// Warnings are the integrity-risk warnings on the proceedings shown that the viewer may
	// read; nil for a viewer without the right.
	Warnings []qingfeng.Warning `json:"warnings,omitempty"`
}

func (p *panorama) court() string { return p.Case.CourtID }

// stepView is one event on the timeline, with the names the page shows.
type stepView struct {
	qingfeng.Event
	Court string `json:"court_id"`
	Actor string `json:"actor_name,omitempty"`
}

// Local renders the event's time in China Standard Time, the courts' own clock.
func (e stepView) Local() string { return e.At.In(cst).Format("2006-01-02 15:04") }

// AttrText renders the attributes compactly.
func (e stepView) AttrText() string {
	if len(e.Attrs) == 0 {
		return ""
	}
	b, _ := json.Marshal(e.Attrs)
	return string(b)
}

var cst = time.FixedZone("CST", 8*3600)

// chartData is what the timeline chart draws: one row per proceeding, one point per event.
type chartData struct {
	Proceedings []string `json:"proceedings"`
	Points      [][]any  `json:"points"` // [time in ms, proceeding index, event type, actor]
}

// ChartData lays the events out for the page's chart.
func (p *panorama) ChartData() chartData {
	d := chartData{Proceedings: []string{}, Points: [][]any{}}
	row := map[string]int{}
	for _, c := range p.Matter.Proceedings {
		row[c.Number] = len(d.Proceedings)
		d.Proceedings = append(d.Proceedings, c.Number)
	}
	for _, e := range p.Events {
		d.Points = append(d.Points, []any{e.At.UnixMilli(), row[e.CaseNumber], e.Type, e.Actor})
	}
	return d
}

// loadPanorama reads a case through the principal's reader and records the view (or its
// refusal) in the audit log before anything is shown.
func (s *Server) loadPanorama(c *call, number string) (*panorama, error) {
	ctx := c.r.Context()
	cs, m, events, err := c.read.Panorama(ctx, number)
	switch {
	case errors.Is(err, access.ErrOutOfScope):
		court := ""
		if real, _ := s.store.Case(ctx, number); real != nil {
			court = real.CourtID
		}
		return nil, c.deny("case.view", number, court, err)
	case errors.Is(err, store.ErrNotFound):
		if rerr := c.record("case.view", number, "", qingfeng.AuditFailed, "no such case"); rerr != nil {
			return nil, rerr
		}
		return nil, errNotFound
	case err != nil:
		return nil, err
	}
	p := &panorama{Number: number, Case: cs, Matter: m, Events: []stepView{}}
	for _, pc := range m.Proceedings {
		for _, e := range events[pc.Number] {
			p.Events = append(p.Events, stepView{Event: e, Court: pc.CourtID, Actor: s.trees.personName(e.ActorID)})
		}
	}
	slices.SortStableFunc(p.Events, func(a, b stepView) int { return a.At.Compare(b.At) })
	detail := fmt.Sprintf("proceedings=%d events=%d hidden=%d", len(m.Proceedings), len(p.Events), m.Hidden)
	if err := c.record("case.view", number, cs.CourtID, qingfeng.AuditOK, detail); err != nil {
		return nil, err
	}
	numbers := make([]string, len(m.Proceedings))
	for i, pc := range m.Proceedings {
		numbers[i] = pc.Number
	}
	if p.Warnings, err = s.caseWarnings(c, numbers); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Server) casePage(c *call) error {
	p, err := s.loadPanorama(c, c.r.PathValue("number"))
	if err != nil {
		return err
	}
	c.render("case.html", i18n.Text{ZH: "案件全景 " + p.Number, EN: "Case " + p.Number}, p)
	return nil
}

func (s *Server) apiCase(c *call) error {
	p, err := s.loadPanorama(c, c.r.PathValue("number"))
	if err != nil {
		return err
	}
	return c.answer(p, func() *table {
		t := &table{name: "case-events", cols: []i18n.Text{{ZH: "时间", EN: "Time"}, {ZH: "案号", EN: "Case number"},
			{ZH: "法院", EN: "Court"}, {ZH: "节点", EN: "Event"}, {ZH: "操作人", EN: "Actor"}, {ZH: "属性", EN: "Attributes"}}}
		for _, e := range p.Events {
			t.add(e.At.In(cst).Format(time.RFC3339), e.CaseNumber, s.courtName(e.Court), e.Type, e.Actor, e.AttrText())
		}
		return t
	})
}

// apiCaseTimeline is the risk engine's panorama of a case: every proceeding of its matter with
// its clock (deadline, age, remaining days) and every event, deadline and rule hit on one
// timeline, narrowed to what the caller may read. The view is audited as a view of the case.
func (s *Server) apiCaseTimeline(c *call) error {
	rk, err := s.risk()
	if err != nil {
		return err
	}
	number := c.r.PathValue("number")
	if _, err := s.loadPanorama(c, number); err != nil {
		return err
	}
	v, why, err := s.timeline(c, rk, number)
	if err != nil {
		return err
	}
	if v == nil {
		return &httpError{code: http.StatusServiceUnavailable, msg: why}
	}
	return c.answer(v, nil)
}

// caseSearch finds a case by its number as the user typed it (half-width brackets, spaces,
// Chinese numerals are all normalised) and goes to its page.
func (s *Server) caseSearch(c *call) error {
	q := strings.TrimSpace(c.r.URL.Query().Get("q"))
	if q == "" {
		c.render("cases.html", i18n.Text{ZH: "查找案件", EN: "Find a case"}, map[string]string{})
		return nil
	}
	n, err := casenum.Normalize(q)
	if err != nil {
		n = q // a foreign court's number is kept as typed
	}
	http.Redirect(c.w, c.r, "/cases/"+url.PathEscape(n), http.StatusSeeOther)
	return nil
}
