package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/auth"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// call is one request on its way through a route: who asks, in what language, and the helpers
// handlers answer with.
type call struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	rt   *route
	lang i18n.Lang

	p    *access.Principal // nil when nobody is signed in
	user *qingfeng.User
	sess *qingfeng.Session
	tree *access.Tree
	read *access.Reader

	// treeBase is where the court tree's links go, the court's id appended: the court page,
	// or the page being looked at for another court (the 体检表 of each court below).
	treeBase string
}

// httpError is an error with the status and the message to show.
type httpError struct {
	code int
	msg  i18n.Text
}

func (e *httpError) Error() string { return e.msg.EN }

func errStatus(code int, zh, en string, args ...any) error {
	return &httpError{code: code, msg: i18n.Text{ZH: fmt.Sprintf(zh, args...), EN: fmt.Sprintf(en, args...)}}
}

var (
	errSignIn    = errStatus(http.StatusUnauthorized, "请先登录", "sign in first")
	errForbidden = errStatus(http.StatusForbidden, "无权访问", "not allowed")
	errNotFound  = errStatus(http.StatusNotFound, "未找到", "not found")
	errCSRF      = errStatus(http.StatusForbidden, "请求校验失败，请刷新页面后重试", "the request's CSRF token is missing or wrong; reload the page")
)

func badRequest(zh, en string, args ...any) error {
	return errStatus(http.StatusBadRequest, zh, en, args...)
}

// addr is the client's address as the audit log records it.
func (c *call) addr() string {
	host, _, err := net.SplitHostPort(c.r.RemoteAddr)
	if err != nil {
		return c.r.RemoteAddr
	}
	return host
}

// record appends an audit entry for this request's principal.
func (c *call) record(action, object, court, outcome, detail string) error {
	e := qingfeng.AuditEntry{Action: action, Object: object, CourtID: court, Outcome: outcome, Detail: detail, Addr: c.addr()}
	if c.p != nil {
		e.Actor, e.UserID, e.ActorCourt = c.p.Login, c.p.UserID, c.p.CourtID
	}
	err := c.s.audit.Record(c.r.Context(), e)
	if err == nil {
		c.s.metrics.audit.WithLabelValues(outcome).Inc()
	}
	return err
}

// deny records a refusal and returns the error to answer with: out-of-scope reads look like
// missing things, so the edge of a scope tells nothing about what lies beyond it.
func (c *call) deny(action, object, court string, err error) error {
	if rerr := c.record(action, object, court, qingfeng.AuditDenied, err.Error()); rerr != nil {
		return rerr
	}
	if errors.Is(err, access.ErrOutOfScope) {
		return errNotFound
	}
	return errForbidden
}

// fail answers with the error: JSON for the API, a page otherwise.
func (c *call) fail(err error) {
	var he *httpError
	switch {
	case errors.As(err, &he):
	case errors.Is(err, access.ErrForbidden):
		he = errForbidden.(*httpError)
	case errors.Is(err, store.ErrNotFound):
		he = errNotFound.(*httpError)
	case errors.Is(err, store.ErrExists):
		he = &httpError{code: http.StatusConflict, msg: i18n.Text{ZH: "已存在", EN: "already exists"}}
	case errors.Is(err, auth.ErrThrottled):
		he = &httpError{code: http.StatusTooManyRequests, msg: i18n.Text{ZH: "失败次数过多，请稍后再试", EN: "too many failed attempts, try again later"}}
	default:
		c.s.opts.Logger.Error("request failed", "method", c.r.Method, "path", c.r.URL.Path, "err", err)
		he = &httpError{code: http.StatusInternalServerError, msg: i18n.Text{ZH: "服务器内部错误", EN: "internal error"}}
	}
	if he.code == http.StatusUnauthorized && c.rt.kind == pageRoute && c.r.Method == http.MethodGet {
		http.Redirect(c.w, c.r, "/login?next="+url.QueryEscape(c.r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if c.rt.kind == apiRoute || c.isForm() && c.wantsJSON() {
		c.json(he.code, map[string]string{"error": he.msg.In(c.lang), "error_en": he.msg.EN})
		return
	}
	c.w.WriteHeader(he.code)
	c.render("error.html", i18n.Text{ZH: "出错了", EN: "Error"}, map[string]any{"Code": he.code, "Message": he.msg.In(c.lang)})
}

func (c *call) json(code int, v any) {
	c.w.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.w.Header().Set("Cache-Control", "no-store")
	c.w.WriteHeader(code)
	enc := json.NewEncoder(c.w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// isForm reports whether the request body is an HTML form.
func (c *call) isForm() bool {
	ct, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	return ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data"
}

func (c *call) wantsJSON() bool {
	return strings.Contains(c.r.Header.Get("Accept"), "application/json")
}

// decode reads a JSON body into v; forms are read by the handlers that accept them.
func (c *call) decode(v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(c.w, c.r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("请求内容不是有效的 JSON：%v", "the body is not valid JSON: %v", err)
	}
	return nil
}

// done ends a successful change: a form post goes back to the page named by next (303, so that
// reloading does not post again); an API call gets v as JSON.
func (c *call) done(code int, next string, v any) error {
	if c.isForm() && !c.wantsJSON() {
		if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
			next = "/"
		}
		http.Redirect(c.w, c.r, next, http.StatusSeeOther)
		return nil
	}
	c.json(code, v)
	return nil
}

// intParam reads a non-negative integer query parameter, def when absent.
func (c *call) intParam(name string, def int) (int, error) {
	v := c.r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest("参数 %s 应为非负整数", "parameter %s must be a non-negative integer", name)
	}
	return n, nil
}

// pathID reads an integer path value.
func (c *call) pathID(name string) (int64, error) {
	n, err := strconv.ParseInt(c.r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, errNotFound
	}
	return n, nil
}
