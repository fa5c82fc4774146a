package web

import (
	"errors"
	"fmt"
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

// warningView is a warning as its page shows it: the warning with its evidence, the rule and its
// basis, the reasoning in plain words, the case's panorama, what the viewer may do now and the
// handling history.
type warningView struct {
	*risk.Detail
	Timeline *timelineView `json:"timeline,omitempty"`
	// NoTimeline says why there is no panorama (no right to read cases, the engine loading …).
	NoTimeline i18n.Text         `json:"no_timeline,omitzero"`
	Actions    []qingfeng.Action `json:"actions"` // the handling steps open to the viewer now
	Assignees  []assigneeOption  `json:"assignees,omitempty"`
	Refusal    string            `json:"-"` // why the last step was refused
	Note       string            `json:"-"` // what the refused step's form held, to fill it again
	pack       *rules.Pack
}

func (v *warningView) court() string { return v.Warning.CourtID }

// Can reports whether the viewer may take action a now.
func (v *warningView) Can(a string) bool { return slices.Contains(v.Actions, qingfeng.Action(a)) }

// EventName names an event type in the page's language.
func (v *warningView) EventName(l i18n.Lang, typ string) string {
	if typ == "case" {
		return i18n.Text{ZH: "案件信息", EN: "Case record"}.In(l)
	}
	if v.pack != nil && v.pack.Events.Known(typ) {
		return v.pack.Events.Name(typ).In(l)
	}
	return typ
}

// assigneeOption is an account that may be given the warning to verify.
type assigneeOption struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Login string `json:"login"`
}

// timelineView is the panorama of the warning's case as the viewer may see it: the proceedings
// of the matter they may open, with their deadlines and warnings, on one line.
type timelineView struct {
	*risk.Timeline
	Hidden int       `json:"hidden"` // proceedings of the matter the viewer may not open
	Chart  chartData `json:"-"`
}

// people are the handling steps people take, in workflow order.
var people = []qingfeng.Action{qingfeng.ActAssign, qingfeng.ActVerify, qingfeng.ActConfirm, qingfeng.ActDismiss,
	qingfeng.ActRectify, qingfeng.ActClose}

// openActions are the steps the state machine allows from state st, for a viewer who handles
// warnings.
func openActions(c *call, st qingfeng.WarningState) []qingfeng.Action {
	out := []qingfeng.Action{}
	if !c.p.CourtWide(access.HandleWarnings) {
		return out
	}
	for _, a := range people {
		if _, err := st.Next(a); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// findWarning reads a warning for the viewer. One outside their scope, or not theirs, is
// refused as missing and the refusal audited with the warning's court; a missing one is
// audited as a failed lookup. action names the attempt in the audit log.
func (s *Server) findWarning(c *call, rk Risk, action, rawID string) (*risk.Detail, error) {
	id, err := strconv.ParseInt(rawID, 10, 64)
	object := "warnings/" + rawID
	if err == nil && id > 0 {
		var d *risk.Detail
		d, err = rk.Warning(c.r.Context(), id, nil)
		switch {
		case err == nil && mayView(c, &d.Warning):
			return d, nil
		case err == nil:
			return nil, c.deny(action, object, d.Warning.CourtID, access.ErrOutOfScope)
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
	}
	if rerr := c.record(action, object, "", qingfeng.AuditFailed, "no such warning"); rerr != nil {
		return nil, rerr
	}
	return nil, errNotFound
}

// loadWarning reads a warning with everything its page shows and records the view.
func (s *Server) loadWarning(c *call, rawID string) (*warningView, error) {
	rk, err := s.risk()
	if err != nil {
		return nil, err
	}
	d, err := s.findWarning(c, rk, "warning.view", rawID)
	if err != nil {
		return nil, err
	}
	w := &d.Warning
	if err := c.record("warning.view", "warnings/"+rawID, w.CourtID, qingfeng.AuditOK,
		fmt.Sprintf("rule=%s case=%s state=%s", w.Rule, w.CaseNumber, w.State)); err != nil {
		return nil, err
	}
	v := &warningView{Detail: d, Actions: openActions(c, w.State), pack: rk.Pack()}
	if v.Can(string(qingfeng.ActAssign)) {
		if v.Assignees, err = s.assignees(c, w.CourtID); err != nil {
			return nil, err
		}
	}
	v.Timeline, v.NoTimeline, err = s.timeline(c, rk, w.CaseNumber)
	return v, err
}

// timeline is the panorama of a case narrowed to what the viewer may open, or why there is none.
func (s *Server) timeline(c *call, rk Risk, number string) (*timelineView, i18n.Text, error) {
	if !c.p.Can(access.ViewCases) {
		return nil, i18n.Text{ZH: "查看案件全景需要案件查看权限。", EN: "The case panorama needs the right to read cases."}, nil
	}
	if err := rk.Ready(); err != nil {
		return nil, i18n.Text{ZH: "风险引擎正在加载案件，稍后刷新即可看到全景。", EN: "The risk engine is loading the proceedings: reload in a moment for the panorama."}, nil
	}
	tl, err := rk.Timeline(c.r.Context(), number, c.p.Courts())
	if errors.Is(err, store.ErrNotFound) {
		return nil, i18n.Text{ZH: "该案件不在可查看范围内。", EN: "The case is outside what you may read."}, nil
	}
	if err != nil {
		return nil, i18n.Text{}, err
	}
	v := &timelineView{Timeline: tl}
	visible := map[string]bool{}
	kept := map[int64]bool{}
	procs := tl.Proceedings[:0:0]
	for _, tc := range tl.Proceedings {
		if !c.p.CanSeeCase(access.ViewCases, tc.Case) {
			v.Hidden++
			continue
		}
		visible[tc.Case.Number] = true
		tc.Warnings = slices.DeleteFunc(tc.Warnings, func(w qingfeng.Warning) bool { return !mayView(c, &w) })
		for i := range tc.Warnings {
			kept[tc.Warnings[i].ID] = true
			tc.Warnings[i].Evidence = nil
		}
		procs = append(procs, tc)
	}
	if !visible[number] {
		return nil, i18n.Text{ZH: "该案件不在可查看范围内。", EN: "The case is outside what you may read."}, nil
	}
	tl.Proceedings = procs
	tl.Entries = slices.DeleteFunc(tl.Entries, func(e risk.TimelineEntry) bool {
		return !visible[e.CaseNumber] || e.Kind == "warning" && !kept[e.WarningID]
	})
	v.Chart = timelineChart(c.lang, tl, s.trees.personName)
	return v, i18n.Text{}, nil
}

// timelineChart lays the panorama out for the page's chart (the case page's format): a row per
// proceeding, a point per entry, deadlines and warnings at the start of their day.
func timelineChart(l i18n.Lang, tl *risk.Timeline, name func(string) string) chartData {
	d := chartData{Proceedings: []string{}, Points: [][]any{}}
	row := map[string]int{}
	for _, tc := range tl.Proceedings {
		row[tc.Case.Number] = len(d.Proceedings)
		d.Proceedings = append(d.Proceedings, tc.Case.Number)
	}
	for _, e := range tl.Entries {
		at := e.At
		if at.IsZero() {
			at = e.Date.Time().Add(-8 * time.Hour) // midnight in China Standard Time
		}
		actor := ""
		if e.ActorID != "" {
			actor = name(e.ActorID)
		}
		d.Points = append(d.Points, []any{at.UnixMilli(), row[e.CaseNumber], e.Label.In(l), actor})
	}
	return d
}

// assignees are the accounts of the viewer's scope that may handle the warnings of court.
func (s *Server) assignees(c *call, court string) ([]assigneeOption, error) {
	us, err := s.acc.Users(c.r.Context(), store.UserFilter{Courts: c.p.Courts()})
	if err != nil {
		return nil, err
	}
	out := []assigneeOption{}
	for i := range us {
		u := &us[i]
		p := access.ForUser(u, c.tree)
		if u.Disabled || !p.CourtWide(access.HandleWarnings) || !p.InScope(court) {
			continue
		}
		id := handlerID(p)
		if !slices.ContainsFunc(out, func(o assigneeOption) bool { return o.ID == id }) {
			out = append(out, assigneeOption{ID: id, Name: u.Name, Login: u.Login})
		}
	}
	return out, nil
}

func (s *Server) warningPage(c *call) error {
	v, err := s.loadWarning(c, c.r.PathValue("id"))
	if err != nil {
		return err
	}
	c.render("warning.html", warningTitle(v), v)
	return nil
}

func warningTitle(v *warningView) i18n.Text {
	return i18n.Text{ZH: "预警 · " + v.Warning.Rule + " · " + v.Warning.CaseNumber, EN: "Warning · " + v.Warning.Rule + " · " + v.Warning.CaseNumber}
}

func (s *Server) apiWarning(c *call) error {
	v, err := s.loadWarning(c, c.r.PathValue("id"))
	if err != nil {
		return err
	}
	c.json(http.StatusOK, v)
	return nil
}

// step is a handling step as the form or the API gives it.
type step struct {
	Assignee string `json:"assignee"`
	Note     string `json:"note"`
}

// refusal is a step the workflow does not allow, with why in both languages.
type refusal struct{ msg i18n.Text }

func (r *refusal) Error() string { return r.msg.EN }

// handle takes one handling step on a warning for the viewer: it checks the scope, the
// workflow and what the step needs, records the attempt in the audit log whatever comes of it,
// and returns the warning as it is afterwards, or a *refusal.
func (s *Server) handle(c *call, rawID string, a qingfeng.Action, in step) (*qingfeng.Warning, error) {
	rk, err := s.risk()
	if err != nil {
		return nil, err
	}
	action := "warning." + string(a)
	if !slices.Contains(people, a) {
		return nil, badRequest("未知的处置操作 %q", "unknown handling step %q", a)
	}
	d, err := s.findWarning(c, rk, action, rawID)
	if err != nil {
		return nil, err
	}
	w := &d.Warning
	in.Assignee, in.Note = strings.TrimSpace(in.Assignee), strings.TrimSpace(in.Note)
	if r := s.check(c, w, a, in); r != nil {
		return nil, s.refuse(c, action, w, r)
	}
	act := qingfeng.WarningAction{Action: a, Actor: handlerID(c.p), At: time.Now(), Note: in.Note}
	if a == qingfeng.ActAssign {
		act.Assignee = in.Assignee
	}
	after, err := rk.Handle(c.r.Context(), w.ID, act, c.p.Courts())
	switch {
	case errors.Is(err, store.ErrBadAction):
		// The warning changed between the check and the step (another handler, the engine).
		return nil, s.refuse(c, action, w, &refusal{msg: i18n.Text{ZH: "预警状态已变化，请刷新后重试。", EN: "The warning changed meanwhile: reload and try again."}})
	case errors.Is(err, store.ErrNotFound):
		return nil, c.deny(action, "warnings/"+rawID, w.CourtID, access.ErrOutOfScope)
	case err != nil:
		return nil, err
	}
	detail := fmt.Sprintf("rule=%s case=%s state=%s→%s", w.Rule, w.CaseNumber, w.State, after.State)
	if act.Assignee != "" {
		detail += " assignee=" + act.Assignee
	}
	if err := c.record(action, "warnings/"+rawID, w.CourtID, qingfeng.AuditOK, detail); err != nil {
		return nil, err
	}
	return after, nil
}

// check says why step a on w is refused, or nil.
func (s *Server) check(c *call, w *qingfeng.Warning, a qingfeng.Action, in step) *refusal {
	if _, err := w.State.Next(a); err != nil {
		return &refusal{msg: i18n.Text{
			ZH: fmt.Sprintf("预警当前为「%s」，不能%s。", warningStateName(i18n.ZH, w.State), warningActionName(i18n.ZH, a)),
			EN: fmt.Sprintf("The warning is %s: it cannot be given the step %q.", warningStateName(i18n.EN, w.State), warningActionName(i18n.EN, a))}}
	}
	switch a {
	case qingfeng.ActAssign:
		if in.Assignee == "" {
			return &refusal{msg: i18n.Text{ZH: "分派须选择核查人。", EN: "Assigning needs someone to verify."}}
		}
		opts, err := s.assignees(c, w.CourtID)
		if err != nil || !slices.ContainsFunc(opts, func(o assigneeOption) bool { return o.ID == in.Assignee }) {
			return &refusal{msg: i18n.Text{ZH: "核查人须是本范围内可处置该院预警的账户。", EN: "The assignee must be an account of your scope that handles this court's warnings."}}
		}
	case qingfeng.ActDismiss:
		if in.Note == "" {
			return &refusal{msg: i18n.Text{ZH: "排除预警须说明理由。", EN: "Dismissing a warning needs the reason."}}
		}
	case qingfeng.ActRectify:
		if in.Note == "" {
			return &refusal{msg: i18n.Text{ZH: "记录整改须说明整改情况。", EN: "Recording a rectification needs what was put right."}}
		}
	}
	return nil
}

// refuse records a refused step and returns the refusal.
func (s *Server) refuse(c *call, action string, w *qingfeng.Warning, r *refusal) error {
	if err := c.record(action, "warnings/"+strconv.FormatInt(w.ID, 10), w.CourtID, qingfeng.AuditDenied, "refused: "+r.msg.EN); err != nil {
		return err
	}
	return r
}

// actPost takes a step from the warning page's forms; a refusal is shown on the page (409).
func (s *Server) warningActPost(c *call) error {
	if err := c.r.ParseForm(); err != nil {
		return badRequest("表单无效", "bad form")
	}
	f, id := c.r.PostForm, c.r.PathValue("id")
	in := step{Assignee: f.Get("assignee"), Note: f.Get("note")}
	_, err := s.handle(c, id, qingfeng.Action(f.Get("action")), in)
	var r *refusal
	if !errors.As(err, &r) {
		if err != nil {
			return err
		}
		http.Redirect(c.w, c.r, "/warnings/"+id, http.StatusSeeOther)
		return nil
	}
	v, err := s.loadWarning(c, id)
	if err != nil {
		return err
	}
	v.Refusal, v.Note = r.msg.In(c.lang), in.Note
	c.w.WriteHeader(http.StatusConflict)
	c.render("warning.html", warningTitle(v), v)
	return nil
}

func (s *Server) apiWarningAct(c *call) error {
	var in step
	if c.r.ContentLength != 0 {
		if err := c.decode(&in); err != nil {
			return err
		}
	}
	w, err := s.handle(c, c.r.PathValue("id"), qingfeng.Action(c.r.PathValue("action")), in)
	var r *refusal
	if errors.As(err, &r) {
		c.json(http.StatusConflict, map[string]string{"error": r.msg.In(c.lang), "error_en": r.msg.EN})
		return nil
	}
	if err != nil {
		return err
	}
	c.json(http.StatusOK, w)
	return nil
}
