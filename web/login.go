package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/auth"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// loginCookie holds the sign-in form's CSRF token (double submit): before sign-in there is no
// session to hold it.
const loginCookie = "qf_login"

type loginData struct {
	Next  string
	Error string
	Token string
	SSO   bool
}

func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) loginPage(c *call) error {
	s.showLogin(c, http.StatusOK, safeNext(c.r.URL.Query().Get("next")), "")
	return nil
}

func (s *Server) showLogin(c *call, code int, next, msg string) {
	tok := auth.NewSecret()
	http.SetCookie(c.w, &http.Cookie{Name: loginCookie, Value: tok, Path: "/login", HttpOnly: true, Secure: s.opts.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	if code != http.StatusOK {
		c.w.WriteHeader(code)
	}
	c.render("login.html", i18n.Text{ZH: "登录", EN: "Sign in"}, loginData{Next: next, Error: msg, Token: tok, SSO: s.opts.OIDC != nil})
}

var (
	msgBadLogin  = i18n.Text{ZH: "用户名或密码错误", EN: "Wrong login or password"}
	msgThrottled = i18n.Text{ZH: "失败次数过多，请 15 分钟后再试", EN: "Too many failed attempts; try again in 15 minutes"}
	msgExpired   = i18n.Text{ZH: "页面已过期，请重新登录", EN: "The page expired; please sign in again"}
)

func (s *Server) loginPost(c *call) error {
	ctx := c.r.Context()
	next := safeNext(c.r.PostFormValue("next"))
	login := strings.TrimSpace(c.r.PostFormValue("login"))
	ck, err := c.r.Cookie(loginCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(c.r.PostFormValue("csrf"))) != 1 {
		if err := c.record("login", login, "", qingfeng.AuditDenied, "missing or wrong sign-in CSRF token"); err != nil {
			return err
		}
		s.showLogin(c, http.StatusForbidden, next, msgExpired.In(c.lang))
		return nil
	}
	u, err := s.auth.Login(ctx, login, c.r.PostFormValue("password"), c.addr())
	switch {
	case errors.Is(err, auth.ErrThrottled):
		if err := c.record("login", login, "", qingfeng.AuditDenied, err.Error()); err != nil {
			return err
		}
		s.showLogin(c, http.StatusTooManyRequests, next, msgThrottled.In(c.lang))
		return nil
	case errors.Is(err, auth.ErrBadCredentials):
		if err := c.record("login", login, "", qingfeng.AuditFailed, "wrong login or password"); err != nil {
			return err
		}
		s.showLogin(c, http.StatusUnauthorized, next, msgBadLogin.In(c.lang))
		return nil
	case err != nil:
		return err
	}
	return s.signIn(c, u, next, "password")
}

// signIn starts a session for u (ending the request's old one, so that a session id planted
// before sign-in is worth nothing after it) and goes on to next.
func (s *Server) signIn(c *call, u *qingfeng.User, next, how string) error {
	ctx := c.r.Context()
	if err := s.sessions.End(ctx, c.w, c.r); err != nil {
		return err
	}
	if _, err := s.sessions.Start(ctx, c.w, u, c.addr()); err != nil {
		return err
	}
	e := qingfeng.AuditEntry{Actor: u.Login, UserID: u.ID, ActorCourt: u.CourtID, Action: "login", Object: u.Login,
		Outcome: qingfeng.AuditOK, Detail: how, Addr: c.addr()}
	if err := s.audit.Record(ctx, e); err != nil {
		return err
	}
	http.Redirect(c.w, c.r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(c *call) error {
	if err := s.sessions.End(c.r.Context(), c.w, c.r); err != nil {
		return err
	}
	if err := c.record("logout", c.p.Login, "", qingfeng.AuditOK, ""); err != nil {
		return err
	}
	return c.done(http.StatusOK, "/login", map[string]bool{"signed_out": true})
}

func (s *Server) oidcLogin(c *call) error {
	if s.opts.OIDC == nil {
		return errNotFound
	}
	http.Redirect(c.w, c.r, s.opts.OIDC.Start(c.w, s.opts.Secure, safeNext(c.r.URL.Query().Get("next"))), http.StatusFound)
	return nil
}

func (s *Server) oidcCallback(c *call) error {
	if s.opts.OIDC == nil {
		return errNotFound
	}
	subject, next, err := s.opts.OIDC.Finish(c.r.Context(), c.w, c.r)
	if err != nil {
		if rerr := c.record("login", "", "", qingfeng.AuditFailed, err.Error()); rerr != nil {
			return rerr
		}
		return errStatus(http.StatusUnauthorized, "统一身份认证失败", "single sign-on failed")
	}
	u, err := s.acc.UserBySubject(c.r.Context(), subject)
	if err == nil && u.Disabled {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		if rerr := c.record("login", subject, "", qingfeng.AuditDenied, "no enabled user is linked to this single sign-on subject"); rerr != nil {
			return rerr
		}
		return errStatus(http.StatusForbidden, "该统一身份未关联本系统用户，请联系管理员", "this single sign-on identity is not linked to a user; ask an administrator")
	}
	if err != nil {
		return err
	}
	return s.signIn(c, u, safeNext(next), "sso")
}

func (s *Server) apiMe(c *call) error {
	perms := map[access.Permission]string{}
	for _, p := range access.Permissions {
		switch {
		case c.p.CourtWide(p):
			perms[p] = "court"
		case c.p.Can(p):
			perms[p] = "own"
		}
	}
	c.json(http.StatusOK, map[string]any{"user": c.user, "permissions": perms, "courts": c.p.Courts(), "csrf": c.sess.CSRF})
	return nil
}
