package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/risk"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
)

// Risk is what the warning pages read and do: package risk's Engine, kept current with the feed
// by the application. Its warnings are in the store and answer at once; Ready gates only what
// the engine holds in memory (a case's panorama), which waits for its load.
type Risk interface {
	Ready() error
	Pack() *rules.Pack
	Position() (int64, qingfeng.Date)
	Warnings(ctx context.Context, f store.WarningFilter) ([]qingfeng.Warning, int, error)
	Warning(ctx context.Context, id int64, scope []string) (*risk.Detail, error)
	Handle(ctx context.Context, id int64, a qingfeng.WarningAction, scope []string) (*qingfeng.Warning, error)
	Stats(ctx context.Context, f store.WarningFilter, by store.StatsBy) ([]store.WarningStat, error)
	Timeline(ctx context.Context, number string, scope []string) (*risk.Timeline, error)
}

func (s *Server) risk() (Risk, error) {
	if s.opts.Risk == nil {
		return nil, errEngineMissing
	}
	return s.opts.Risk, nil
}

// Who sees which warnings. A court-wide viewer (analyst, inspector, reviewer, auditor) sees the
// warnings of every court of their scope. A viewer whose right is their own cases only (a judge)
// sees the warnings that name them as the judge: those of the proceedings they run, and an
// aggregate rule's warning about them. Being on a panel is not enough — the warning is
// addressed to the judge in charge — and an account linked to nobody sees none.

// scopeFilter narrows f to the viewer's warnings.
func scopeFilter(c *call, f *store.WarningFilter) {
	f.Courts = c.p.Courts()
	if !c.p.CourtWide(access.ViewWarnings) {
		f.JudgeID = c.p.PersonID
		if f.JudgeID == "" {
			f.Courts = []string{}
		}
	}
}

// mayView reports whether the viewer may see warning w.
func mayView(c *call, w *qingfeng.Warning) bool {
	if !c.p.InScope(w.CourtID) {
		return false
	}
	return c.p.CourtWide(access.ViewWarnings) || c.p.PersonID != "" && w.JudgeID == c.p.PersonID
}

// handlerID is who a signed-in user is in a warning's history and as its assignee: the member
// of staff the account is linked to, or the account itself ("user:" and its login) for one linked
// to nobody, as an inspector of the discipline office often is.
func handlerID(p *access.Principal) string {
	if p.PersonID != "" {
		return p.PersonID
	}
	return "user:" + p.Login
}

// queueQuery is what the queue is asked for.
type queueQuery struct {
	Court      string   `json:"court,omitempty"`
	Rules      []string `json:"rules,omitempty"`
	Severities []string `json:"severities,omitempty"`
	States     []string `json:"states,omitempty"`
	Assignee   string   `json:"assignee,omitempty"`
	Case       string   `json:"case,omitempty"`
	Page       int      `json:"page"`
	Size       int      `json:"size"`
}

// list splits a parameter given as name=a,b or name=a&name=b, dropping empty items.
func list(c *call, name string) []string {
	var out []string
	for _, v := range c.r.URL.Query()[name] {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

// activeStates is what state=active stands for: the warnings still waiting for a decision.
var activeStates = []string{string(qingfeng.StateOpen), string(qingfeng.StateAssigned), string(qingfeng.StateVerifying)}

// queueFilter reads the queue's parameters into a store filter scoped to the viewer. A court
// outside the scope is refused (404, audited) like any other out-of-scope read.
func (s *Server) queueFilter(c *call) (queueQuery, store.WarningFilter, error) {
	q := queueQuery{Rules: list(c, "rule"), Severities: list(c, "severity"), Case: strings.TrimSpace(c.r.URL.Query().Get("case")),
		Assignee: strings.TrimSpace(c.r.URL.Query().Get("assignee"))}
	var f store.WarningFilter
	scopeFilter(c, &f)
	for _, st := range list(c, "state") {
		if st == "active" {
			q.States = append(q.States, activeStates...)
			continue
		}
		if !slices.Contains(qingfeng.WarningStates, qingfeng.WarningState(st)) {
			return q, f, badRequest("未知的预警状态 %q", "unknown warning state %q", st)
		}
		q.States = append(q.States, st)
	}
	for _, sv := range q.Severities {
		if !slices.Contains(qingfeng.Severities, qingfeng.Severity(sv)) {
			return q, f, badRequest("未知的预警等级 %q", "unknown severity %q", sv)
		}
		f.Severities = append(f.Severities, qingfeng.Severity(sv))
	}
	for _, st := range q.States {
		f.States = append(f.States, qingfeng.WarningState(st))
	}
	f.Rules, f.CaseNumber = q.Rules, q.Case
	f.Assignee = q.Assignee
	if q.Assignee == "me" {
		f.Assignee = handlerID(c.p)
	}
	if court := strings.TrimSpace(c.r.URL.Query().Get("court")); court != "" {
		id := court
		if _, ok := c.tree.Court(id); !ok {
			id, _ = c.tree.ByCode(court)
		}
		if id == "" || !c.p.InScope(id) {
			return q, f, c.deny("warning.list", "court "+court, id, access.ErrOutOfScope)
		}
		q.Court = id
		f.Courts = slices.DeleteFunc(c.tree.Subtree(id), func(x string) bool { return !c.p.InScope(x) })
	}
	var err error
	if q.Page, err = c.intParam("page", 1); err != nil {
		return q, f, err
	}
	if q.Size, err = c.intParam("size", 50); err != nil {
		return q, f, err
	}
	q.Page, q.Size = max(q.Page, 1), min(max(q.Size, 1), 500)
	return q, f, nil
}

// queueView is one page of the warning queue.
type queueView struct {
	Query queueQuery         `json:"query"`
	Total int                `json:"total"`
	Pages int                `json:"pages"`
	Items []qingfeng.Warning `json:"items"` // without their evidence, which the warning's page has
	Me    string             `json:"-"`
	Rules []*rules.Rule      `json:"-"`
	Tree  []courtOption      `json:"-"`
}

func (v *queueView) court() string { return v.Query.Court }

// Filtered reports whether any filter is set, for the page's "clear" link.
func (v *queueView) Filtered() bool {
	q := v.Query
	return q.Court != "" || len(q.Rules)+len(q.Severities)+len(q.States) > 0 || q.Assignee != "" || q.Case != ""
}

// Has reports whether a multi-valued filter holds v.
func (v *queueView) Has(name, val string) bool {
	switch name {
	case "rule":
		return slices.Contains(v.Query.Rules, val)
	case "severity":
		return slices.Contains(v.Query.Severities, val)
	case "state":
		return slices.Contains(v.Query.States, val)
	}
	return false
}

// PageLinks are the page numbers around the current one.
func (v *queueView) PageLinks() []int {
	var out []int
	for p := max(1, v.Query.Page-3); p <= min(v.Pages, v.Query.Page+3); p++ {
		out = append(out, p)
	}
	return out
}

// PageURL is the queue's query string for another page, with the same filters.
func (v *queueView) PageURL(page int) template.URL {
	q := v.Query
	vals := []string{"court", q.Court, "rule", strings.Join(q.Rules, ","), "severity", strings.Join(q.Severities, ","),
		"state", strings.Join(q.States, ","), "assignee", q.Assignee, "case", q.Case, "page", strconv.Itoa(page)}
	if q.Size != 50 {
		vals = append(vals, "size", strconv.Itoa(q.Size))
	}
	return queryString(vals...)
}

// courtOption is a court of the scope as the filter offers it, indented by its depth.
type courtOption struct {
	ID, Name string
	Depth    int
}

func scopeCourts(c *call) []courtOption {
	var out []courtOption
	var walk func(id string, depth int)
	walk = func(id string, depth int) {
		ct, ok := c.tree.Court(id)
		if !ok || !c.p.InScope(id) {
			return
		}
		out = append(out, courtOption{ID: id, Name: ct.Name, Depth: depth})
		for _, k := range c.tree.Children(id) {
			walk(k, depth+1)
		}
	}
	walk(c.p.CourtID, 0)
	return out
}

// queue reads one page of the queue (every row for an export) and records the view.
func (s *Server) queue(c *call, all bool) (*queueView, error) {
	rk, err := s.risk()
	if err != nil {
		return nil, err
	}
	q, f, err := s.queueFilter(c)
	if err != nil {
		return nil, err
	}
	f.Limit, f.Offset = q.Size, (q.Page-1)*q.Size
	if all {
		f.Limit, f.Offset = maxExportRows, 0
	}
	items, total, err := rk.Warnings(c.r.Context(), f)
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].Evidence = nil
	}
	if items == nil {
		items = []qingfeng.Warning{}
	}
	if !all {
		detail := fmt.Sprintf("filter=%s total=%d page=%d", c.r.URL.RawQuery, total, q.Page)
		if err := c.record("warning.list", "warnings", q.Court, qingfeng.AuditOK, detail); err != nil {
			return nil, err
		}
	}
	return &queueView{Query: q, Total: total, Pages: max(1, (total+q.Size-1)/q.Size), Items: items, Me: handlerID(c.p),
		Rules: rk.Pack().Rules}, nil
}

// maxExportRows bounds one export of the queue.
const maxExportRows = 100_000

func (s *Server) warningsPage(c *call) error {
	v, err := s.queue(c, false)
	if err != nil {
		return err
	}
	v.Tree = scopeCourts(c)
	c.render("warnings.html", i18n.Text{ZH: "预警", EN: "Warnings"}, v)
	return nil
}

func (s *Server) apiWarnings(c *call) error {
	f, err := c.format()
	if err != nil {
		return err
	}
	v, err := s.queue(c, f != "")
	if err != nil {
		return err
	}
	return c.answer(v, func() *table { return s.warningTable(c.lang, v.Items) })
}

func (s *Server) warningTable(l i18n.Lang, ws []qingfeng.Warning) *table {
	t := &table{name: "warnings", cols: []i18n.Text{{ZH: "编号", EN: "Id"}, {ZH: "规则", EN: "Rule"}, {ZH: "规则名称", EN: "Rule name"},
		{ZH: "等级", EN: "Severity"}, {ZH: "风险类别", EN: "Family"}, {ZH: "状态", EN: "State"}, {ZH: "案号", EN: "Case number"},
		{ZH: "法院", EN: "Court"}, {ZH: "承办法官", EN: "Judge"}, {ZH: "发生日期", EN: "On"}, {ZH: "期限", EN: "Due"},
		{ZH: "核查人", EN: "Assignee"}, {ZH: "处数", EN: "Hits"}, {ZH: "触发次数", EN: "Fires"}, {ZH: "首次预警时间", EN: "Fired at"},
		{ZH: "说明", EN: "Message"}}}
	for _, w := range ws {
		name, msg := w.RuleName, w.Message
		if l == i18n.EN {
			name, msg = w.RuleNameEn, w.MessageEn
		}
		due := ""
		if !w.Due.IsZero() {
			due = w.Due.String()
		}
		t.add(strconv.FormatInt(w.ID, 10), w.Rule, name, severityName(l, w.Severity), familyName(l, w.Family),
			warningStateName(l, w.State), w.CaseNumber, s.courtName(w.CourtID), s.trees.personName(w.JudgeID), w.On.String(), due,
			s.actorName(l, w.Assignee), strconv.Itoa(w.Hits), strconv.Itoa(w.Fires), w.FiredAt.In(cst).Format(time.RFC3339), msg)
	}
	return t
}

// actorName names whoever acted on or was given a warning: the engine, an account, a person.
func (s *Server) actorName(l i18n.Lang, id string) string {
	switch {
	case id == "":
		return ""
	case id == qingfeng.SystemActor:
		return i18n.Text{ZH: "系统", EN: "System"}.In(l)
	case strings.HasPrefix(id, "user:"):
		return strings.TrimPrefix(id, "user:")
	}
	return s.trees.personName(id)
}

// caseWarnings are the warnings on the proceedings of a matter the viewer may see, for the
// case page; nil when the viewer does not see warnings or the engine is not running.
func (s *Server) caseWarnings(c *call, numbers []string) ([]qingfeng.Warning, error) {
	if s.opts.Risk == nil || !c.p.Can(access.ViewWarnings) {
		return nil, nil
	}
	out := []qingfeng.Warning{}
	for _, n := range numbers {
		f := store.WarningFilter{CaseNumber: n}
		scopeFilter(c, &f)
		ws, _, err := s.opts.Risk.Warnings(c.r.Context(), f)
		if err != nil {
			return nil, err
		}
		for _, w := range ws {
			w.Evidence = nil
			out = append(out, w)
		}
	}
	return out, nil
}

// errRiskLoading answers for what waits on the engine's load.
func riskLoading(err error) error {
	return errStatus(http.StatusServiceUnavailable, "风险引擎正在加载，请稍后刷新：%v", "the risk engine is loading, reload in a moment: %v", err)
}
