package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/review"
	"github.com/qingfeng-court/qingfeng/store"
)

// The 阅核 pages: the inbox, a decision with the actions the state machine offers its viewer,
// the 四类 flags and the interference register. Forms post to page routes that call the review
// service directly; package reviewapi serves the same as JSON.

func (s *Server) reviews() (*review.Service, error) {
	if s.opts.Reviews == nil {
		return nil, errEngineMissing
	}
	return s.opts.Reviews, nil
}

// keepOwn drops the items about proceedings the viewer may not open, for viewers whose 阅核
// rights are their own cases only; court-wide viewers get the list as the service scoped it.
func keepOwn[T any](s *Server, c *call, items []T, number func(T) string) ([]T, error) {
	if c.p.CourtWide(access.ViewReviews) {
		return items, nil
	}
	out := []T{}
	for _, it := range items {
		ok, err := s.mayOpen(c, number(it))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, it)
		}
	}
	return out, nil
}

type inboxPage struct {
	Items    []review.InboxItem `json:"items"`
	Warnings []review.Warning   `json:"warnings"`
}

func (s *Server) inboxPage(c *call) error {
	svc, err := s.reviews()
	if err != nil {
		return err
	}
	ctx, a := c.r.Context(), s.actor(c)
	var pg inboxPage
	if pg.Items, err = svc.Inbox(ctx, a); err != nil {
		return err
	}
	if pg.Warnings, err = svc.Warnings(ctx, a, 0); err != nil {
		return err
	}
	if pg.Warnings, err = keepOwn(s, c, pg.Warnings, func(w review.Warning) string { return w.CaseNumber }); err != nil {
		return err
	}
	c.render("reviews.html", i18n.Text{ZH: "阅核收件箱", EN: "Review inbox"}, &pg)
	return nil
}

// decisionPage is a decision as its page shows it.
type decisionPage struct {
	D       *qingfeng.Decision
	Allowed []review.Action
	Trail   []qingfeng.Transition
	Refusal string // why the last action was refused
}

func (p *decisionPage) court() string { return p.D.CourtID }

// Can reports whether the viewer may take action a now.
func (p *decisionPage) Can(a string) bool { return slices.Contains(p.Allowed, review.Action(a)) }

// loadDecision reads a decision for the viewer (recording the view on the review trail and in
// the audit log) with its trail and the actions open to them.
func (s *Server) loadDecision(c *call, id string) (*decisionPage, error) {
	svc, err := s.reviews()
	if err != nil {
		return nil, err
	}
	ctx, a := c.r.Context(), s.actor(c)
	d, err := svc.Get(ctx, a, id)
	if errors.Is(err, store.ErrNotFound) {
		if rerr := c.record("review.view", "decisions/"+id, "", qingfeng.AuditDenied, "not found or outside the scope"); rerr != nil {
			return nil, rerr
		}
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if ok, err := s.mayOpen(c, d.CaseNumber); err != nil {
		return nil, err
	} else if !ok && !c.p.CourtWide(access.ViewReviews) {
		return nil, c.deny("review.view", "decisions/"+id, d.CourtID, access.ErrOutOfScope)
	}
	if err := c.record("review.view", "decisions/"+id, d.CourtID, qingfeng.AuditOK, "case="+d.CaseNumber); err != nil {
		return nil, err
	}
	p := &decisionPage{D: d}
	if d.Source == "api" {
		p.Allowed = review.Allowed(d, a, svc.Config().Routing.For(d.CourtID).Policy)
	}
	if p.Trail, err = svc.Trail(ctx, a, store.ReviewTrailFilter{SubjectID: id}); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Server) decisionPage(c *call) error {
	p, err := s.loadDecision(c, c.r.PathValue("id"))
	if err != nil {
		return err
	}
	c.render("decision.html", i18n.Text{ZH: "阅核 · " + p.D.CaseNumber, EN: "Review · " + p.D.CaseNumber}, p)
	return nil
}

// actPost takes one action of the state machine from the decision page's forms. A refusal is
// shown on the page; either way the attempt is in the audit log and on the review trail.
func (s *Server) actPost(c *call) error {
	svc, err := s.reviews()
	if err != nil {
		return err
	}
	if err := c.r.ParseForm(); err != nil {
		return badRequest("表单无效", "bad form")
	}
	f, id := c.r.PostForm, c.r.PathValue("id")
	cmd := review.Command{Action: review.Action(f.Get("action")), Reason: f.Get("reason"), Measure: f.Get("measure"),
		Result: f.Get("result"), Majority: f.Get("majority"), Outcome: f.Get("outcome"), Part: f.Get("part"), Text: f.Get("text")}
	d, err := svc.Act(c.r.Context(), s.actor(c), id, cmd)
	refusal, refused := review.AsRefusal(err)
	switch {
	case errors.Is(err, store.ErrNotFound):
		if rerr := c.record("review."+string(cmd.Action), "decisions/"+id, "", qingfeng.AuditDenied, "not found or outside the scope"); rerr != nil {
			return rerr
		}
		return errNotFound
	case err != nil && !refused:
		return err
	}
	outcome, court, detail := qingfeng.AuditOK, "", ""
	if refused {
		outcome, detail = qingfeng.AuditDenied, "refusal="+refusal.Code
	} else {
		court, detail = d.CourtID, "state="+string(d.State)
	}
	if err := c.record("review."+string(cmd.Action), "decisions/"+id, court, outcome, detail); err != nil {
		return err
	}
	if !refused {
		http.Redirect(c.w, c.r, "/reviews/decisions/"+url.PathEscape(id), http.StatusSeeOther)
		return nil
	}
	p, err := s.loadDecision(c, id)
	if err != nil {
		return err
	}
	p.Refusal = refusal.Text(c.lang)
	c.w.WriteHeader(http.StatusConflict)
	c.render("decision.html", i18n.Text{ZH: "阅核 · " + p.D.CaseNumber, EN: "Review · " + p.D.CaseNumber}, p)
	return nil
}

func (s *Server) flagsPage(c *call) error {
	svc, err := s.reviews()
	if err != nil {
		return err
	}
	flags, err := svc.Flags(c.r.Context(), s.actor(c), "")
	if err != nil {
		return err
	}
	if flags, err = keepOwn(s, c, flags, func(f qingfeng.FourTypeFlag) string { return f.CaseNumber }); err != nil {
		return err
	}
	if f, err := c.format(); err != nil || f != "" {
		return cmpErr(err, c.answer(flags, func() *table {
			t := &table{name: "four-type-flags", cols: []i18n.Text{{ZH: "案号", EN: "Case number"}, {ZH: "法院", EN: "Court"},
				{ZH: "类型", EN: "Type"}, {ZH: "理由", EN: "Reason"}, {ZH: "来源", EN: "Origin"}, {ZH: "标注人", EN: "By"},
				{ZH: "时间", EN: "At"}, {ZH: "状态", EN: "State"}}}
			for _, f := range flags {
				t.add(f.CaseNumber, s.courtName(f.CourtID), f.SubType, f.Reason, f.Origin, s.trees.personName(f.By),
					f.At.In(cst).Format(time.RFC3339), string(f.State))
			}
			return t
		}))
	}
	c.render("flags.html", i18n.Text{ZH: "四类案件标注", EN: "四类 flags"}, flags)
	return nil
}

// cmpErr returns err when set, else then: a format error stops an export before it starts.
func cmpErr(err error, then error) error {
	if err != nil {
		return err
	}
	return then
}

type registerPage struct {
	Entries []qingfeng.Enquiry
	Done    string // the id of the entry just registered
}

func (s *Server) registerPage(c *call) error {
	svc, err := s.reviews()
	if err != nil {
		return err
	}
	qs, err := svc.Enquiries(c.r.Context(), s.actor(c), "")
	if err != nil {
		return err
	}
	if qs, err = keepOwn(s, c, qs, func(q qingfeng.Enquiry) string { return q.CaseNumber }); err != nil {
		return err
	}
	if f, err := c.format(); err != nil || f != "" {
		return cmpErr(err, c.answer(qs, func() *table {
			t := &table{name: "interference-register", cols: []i18n.Text{{ZH: "案号", EN: "Case number"}, {ZH: "法院", EN: "Court"},
				{ZH: "过问人", EN: "Enquired by"}, {ZH: "方式", EN: "Channel"}, {ZH: "内容", EN: "Content"},
				{ZH: "登记人", EN: "Registered by"}, {ZH: "时间", EN: "At"}}}
			for _, q := range qs {
				t.add(q.CaseNumber, s.courtName(q.CourtID), s.trees.personName(q.By), q.Channel, q.Content,
					s.trees.personName(q.RegisteredBy), q.At.In(cst).Format(time.RFC3339))
			}
			return t
		}))
	}
	c.render("register.html", i18n.Text{ZH: "过问干预登记", EN: "Interference register"}, &registerPage{Entries: qs, Done: c.r.URL.Query().Get("done")})
	return nil
}

// registerPost adds an entry to the register from the page's form.
func (s *Server) registerPost(c *call) error {
	svc, err := s.reviews()
	if err != nil {
		return err
	}
	if err := c.r.ParseForm(); err != nil {
		return badRequest("表单无效", "bad form")
	}
	f := c.r.PostForm
	in := review.EnquiryInput{CaseNumber: strings.TrimSpace(f.Get("case_number")), By: strings.TrimSpace(f.Get("by")),
		Channel: f.Get("channel"), Content: strings.TrimSpace(f.Get("content"))}
	q, err := svc.RegisterEnquiry(c.r.Context(), s.actor(c), in)
	if r, ok := review.AsRefusal(err); ok {
		if rerr := c.record("review.register", in.CaseNumber, "", qingfeng.AuditFailed, "refusal="+r.Code); rerr != nil {
			return rerr
		}
		return badRequest("%s", "%s", r.Text(c.lang))
	}
	if errors.Is(err, store.ErrNotFound) {
		if rerr := c.record("review.register", in.CaseNumber, "", qingfeng.AuditDenied, "not found or outside the scope"); rerr != nil {
			return rerr
		}
		return errNotFound
	}
	if err != nil {
		return err
	}
	if err := c.record("review.register", in.CaseNumber, q.CourtID, qingfeng.AuditOK, fmt.Sprintf("entry=%s channel=%s", q.ID, q.Channel)); err != nil {
		return err
	}
	http.Redirect(c.w, c.r, "/reviews/register?done="+url.QueryEscape(q.ID), http.StatusSeeOther)
	return nil
}
