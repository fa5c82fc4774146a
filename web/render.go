package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// lang picks the page language: ?lang= first, then the lang cookie, then Accept-Language.
func lang(r *http.Request) i18n.Lang {
	if v := r.URL.Query().Get("lang"); v != "" {
		return i18n.Parse(v)
	}
	if c, err := r.Cookie("lang"); err == nil {
		return i18n.Parse(c.Value)
	}
	if h := r.Header.Get("Accept-Language"); h != "" && i18n.Parse(h) == i18n.EN {
		return i18n.EN
	}
	return i18n.ZH
}

// page is what every template gets: the language, who is signed in, the navigation, the
// court tree and the page's own data.
type page struct {
	Lang    i18n.Lang
	Other   i18n.Lang
	Title   string
	Path    string // the request path
	Switch  string // the same page in the other language
	User    *qingfeng.User
	CSRF    string
	Nav     []navItem
	Tree    *treeNode
	Current string // the court the page is about, highlighted in the tree
	Data    any
}

type navItem struct {
	Href, Label string
	Active      bool
}

// nav lists the sections the principal may open.
func (c *call) nav() []navItem {
	if c.p == nil {
		return nil
	}
	items := []struct {
		href string
		perm access.Permission
		key  string
	}{
		{"/", "", "nav.home"},
		{"/courts/" + c.p.CourtID, access.ViewCourts, "nav.courts"},
		{"/indicators", access.ViewIndicators, "nav.indicators"},
		{"/reviews", access.ViewReviews, "nav.reviews"},
		{"/warnings", access.ViewWarnings, "nav.warnings"},
		{"/cases", access.ViewCases, "nav.cases"},
		{"/data", access.ViewData, "nav.data"},
		{"/defs", access.ViewDefs, "nav.defs"},
		{"/admin", access.ManageUsers, "nav.admin"},
		{"/audit", access.SearchAudit, "nav.audit"},
	}
	var out []navItem
	for _, it := range items {
		if it.perm != "" && !c.p.Can(it.perm) {
			continue
		}
		section := "/" + strings.SplitN(it.href[1:], "/", 2)[0]
		active := c.r.URL.Path == it.href || section != "/" && strings.HasPrefix(c.r.URL.Path, section)
		out = append(out, navItem{Href: it.href, Label: translate(c.lang, it.key), Active: active})
	}
	return out
}

// treeNode is one court of the navigation tree.
type treeNode struct {
	ID, Name string
	Href     string
	Level    qingfeng.CourtLevel
	Children []*treeNode
}

// courtTree is the principal's scope as a tree, its root first.
func (c *call) courtTree() *treeNode {
	if c.p == nil || !c.p.Can(access.ViewCourts) || !c.p.InScope(c.p.CourtID) {
		return nil
	}
	base := c.treeBase
	if base == "" {
		base = "/courts/"
	}
	var build func(id string) *treeNode
	build = func(id string) *treeNode {
		ct, _ := c.tree.Court(id)
		n := &treeNode{ID: id, Name: ct.Name, Level: ct.Level, Href: base + url.QueryEscape(id)}
		for _, k := range c.tree.Children(id) {
			n.Children = append(n.Children, build(k))
		}
		return n
	}
	return build(c.p.CourtID)
}

// render writes a page with the shell around it.
func (c *call) render(name string, title i18n.Text, data any) {
	if v := c.r.URL.Query().Get("lang"); v != "" {
		http.SetCookie(c.w, &http.Cookie{Name: "lang", Value: string(c.lang), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.s.opts.Secure})
	}
	other := i18n.EN
	if c.lang == i18n.EN {
		other = i18n.ZH
	}
	q := c.r.URL.Query()
	q.Set("lang", string(other))
	pg := page{Lang: c.lang, Other: other, Title: title.In(c.lang), Path: c.r.URL.Path, Switch: "?" + q.Encode(), User: c.user,
		Nav: c.nav(), Tree: c.courtTree(), Data: data}
	if c.sess != nil {
		pg.CSRF = c.sess.CSRF
	}
	if d, ok := data.(interface{ court() string }); ok {
		pg.Current = d.court()
	}
	h := c.w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	if err := c.s.pages.ExecuteTemplate(c.w, name, pg); err != nil {
		c.s.opts.Logger.Error("render page", "page", name, "err", err)
	}
}

func (s *Server) funcs() template.FuncMap {
	m := template.FuncMap{
		"t":         translate,
		"kindOrder": kindOrder,
		"role": func(l i18n.Lang, r qingfeng.UserRole) string {
			if t, ok := access.RoleNames[r]; ok {
				return t.In(l)
			}
			return string(r)
		},
		"courtName":  func(id string) string { return s.courtName(id) },
		"personName": func(id string) string { return s.trees.personName(id) },
		"pathEscape": url.PathEscape,
		"join":       strings.Join,
		"outcomes":   outcomes,
	}
	for k, f := range engineFuncs() {
		m[k] = f
	}
	for k, f := range s.warningFuncs() {
		m[k] = f
	}
	return m
}

// courtName names a court for display, its id when unknown.
func (s *Server) courtName(id string) string {
	s.trees.mu.Lock()
	t := s.trees.tree
	s.trees.mu.Unlock()
	if t != nil {
		if c, ok := t.Court(id); ok {
			return c.Name
		}
	}
	return id
}
