package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/access"
	"github.com/qingfeng-court/qingfeng/auth"
	"github.com/qingfeng-court/qingfeng/i18n"
)

type routeKind uint8

const (
	pageRoute routeKind = iota // HTML: a visitor who is not signed in is sent to the sign-in page
	apiRoute                   // JSON: a visitor who is not signed in gets 401
)

// route is one endpoint: what it answers, who may call it, and what the OpenAPI document says.
type route struct {
	method, path string
	kind         routeKind
	public       bool              // no sign-in needed
	token        bool              // only a source system's API token may call it
	perm         access.Permission // needed beyond being signed in; "" for any signed-in user
	export       bool              // the table it returns is also had with ?format=csv or xlsx
	sum          i18n.Text
	params       []param // query and path parameters, for the document
	body         string  // what the request body is, for the document
	h            func(*call) error
}

type param struct {
	name, in, desc string
}

var (
	pNumber = param{"number", "path", "normalised case number (案号)"}
	pID     = param{"id", "path", "numeric id"}
	pFormat = param{"format", "query", "json (default), csv or xlsx"}
	pLimit  = param{"limit", "query", "page size"}
	pOffset = param{"offset", "query", "rows to skip"}
)

func (s *Server) routes() []route {
	return append([]route{
		{method: "GET", path: "/{$}", kind: pageRoute, public: true, sum: i18n.Text{ZH: "首页与数据状态", EN: "Home and data status"}, h: s.home},
		{method: "GET", path: "/healthz", kind: apiRoute, public: true, sum: i18n.Text{ZH: "存活检查", EN: "Liveness"}, h: s.healthz},
		{method: "GET", path: "/readyz", kind: apiRoute, public: true, sum: i18n.Text{ZH: "就绪检查", EN: "Readiness"}, h: s.readyz},
		{method: "GET", path: "/metrics", kind: apiRoute, public: true, sum: i18n.Text{ZH: "Prometheus 指标", EN: "Prometheus metrics"}, h: s.metricsPage},
		{method: "GET", path: "/api/v1/status", kind: apiRoute, public: true, sum: i18n.Text{ZH: "数据状态", EN: "Data status"}, h: s.apiStatus},
		{method: "GET", path: "/api/v1/openapi.json", kind: apiRoute, public: true, sum: i18n.Text{ZH: "接口文档（OpenAPI 3.1）", EN: "This document (OpenAPI 3.1)"}, h: s.openapi},

		{method: "GET", path: "/login", kind: pageRoute, public: true, sum: i18n.Text{ZH: "登录页", EN: "Sign-in page"}, h: s.loginPage},
		{method: "POST", path: "/login", kind: pageRoute, public: true, sum: i18n.Text{ZH: "登录", EN: "Sign in"}, body: "form: login, password, csrf, next", h: s.loginPost},
		{method: "POST", path: "/logout", kind: pageRoute, sum: i18n.Text{ZH: "退出登录", EN: "Sign out"}, h: s.logout},
		{method: "GET", path: "/auth/oidc/login", kind: pageRoute, public: true, sum: i18n.Text{ZH: "统一身份认证登录", EN: "Single sign-on"}, h: s.oidcLogin},
		{method: "GET", path: "/auth/oidc/callback", kind: pageRoute, public: true, sum: i18n.Text{ZH: "统一身份认证回调", EN: "Single sign-on callback"}, h: s.oidcCallback},
		{method: "GET", path: "/api/v1/me", kind: apiRoute, sum: i18n.Text{ZH: "当前用户、角色、权限与范围", EN: "The signed-in user, roles, permissions and scope"}, h: s.apiMe},

		{method: "GET", path: "/courts/{id}", kind: pageRoute, perm: access.ViewCourts, params: []param{pID}, sum: i18n.Text{ZH: "法院页", EN: "Court page"}, h: s.courtPage},
		{method: "GET", path: "/api/v1/courts", kind: apiRoute, perm: access.ViewCourts, export: true, params: []param{pFormat}, sum: i18n.Text{ZH: "范围内的法院树", EN: "The courts of one's scope, as a tree"}, h: s.apiCourts},
		{method: "GET", path: "/api/v1/courts/{id}", kind: apiRoute, perm: access.ViewCourts, params: []param{pID}, sum: i18n.Text{ZH: "法院、上下级与部门", EN: "A court, its path, children and divisions"}, h: s.apiCourt},

		{method: "GET", path: "/cases", kind: pageRoute, perm: access.ViewCases, params: []param{{"q", "query", "case number"}}, sum: i18n.Text{ZH: "按案号查找案件", EN: "Find a case by number"}, h: s.caseSearch},
		{method: "GET", path: "/cases/{number}", kind: pageRoute, perm: access.ViewCases, params: []param{pNumber}, sum: i18n.Text{ZH: "案件全景", EN: "Case panorama"}, h: s.casePage},
		{method: "GET", path: "/api/v1/cases/{number}", kind: apiRoute, perm: access.ViewCases, export: true, params: []param{pNumber, pFormat}, sum: i18n.Text{ZH: "案件全景：案的各件与全部节点", EN: "Case panorama: every proceeding of the matter and every event"}, h: s.apiCase},
		{method: "GET", path: "/api/v1/cases/{number}/timeline", kind: apiRoute, perm: access.ViewCases, params: []param{pNumber}, sum: i18n.Text{ZH: "案件全流程时间轴：各件的审限与剩余天数、节点、期限与预警", EN: "Case timeline: each proceeding's time limit and days left, its events, deadlines and warnings"}, h: s.apiCaseTimeline},

		{method: "GET", path: "/data", kind: pageRoute, perm: access.ViewData, sum: i18n.Text{ZH: "数据：来源、最近记录、隔离区", EN: "Data: sources, last records, quarantine"}, h: s.dataPage},
		{method: "GET", path: "/api/v1/sources", kind: apiRoute, perm: access.ViewData, export: true, params: []param{pFormat}, sum: i18n.Text{ZH: "数据来源系统", EN: "Source systems"}, h: s.apiSources},
		{method: "GET", path: "/api/v1/records/recent", kind: apiRoute, perm: access.ViewData, export: true, params: []param{pLimit, pFormat}, sum: i18n.Text{ZH: "最近收到的记录", EN: "Records received last"}, h: s.apiRecent},
		{method: "GET", path: "/api/v1/quarantine", kind: apiRoute, perm: access.ViewData, export: true, params: []param{pLimit, {"all", "query", "include resolved entries"}, pFormat}, sum: i18n.Text{ZH: "隔离区记录及原因", EN: "Quarantined records and their reasons"}, h: s.apiQuarantine},
		{method: "POST", path: "/api/v1/quarantine/retry", kind: apiRoute, perm: access.Reingest, sum: i18n.Text{ZH: "重新导入隔离区记录", EN: "Re-ingest quarantined records"}, h: s.apiRetry},
		{method: "GET", path: "/defs", kind: pageRoute, perm: access.ViewDefs, sum: i18n.Text{ZH: "在用的定义文件", EN: "Definition files in force"}, h: s.defsPage},
		{method: "GET", path: "/api/v1/defs", kind: apiRoute, perm: access.ViewDefs, export: true, params: []param{pFormat}, sum: i18n.Text{ZH: "在用的定义文件", EN: "Definition files in force"}, h: s.apiDefs},
		{method: "GET", path: "/defs/file/{path...}", kind: pageRoute, perm: access.ViewDefs, params: []param{{"path", "path", "file path"}}, sum: i18n.Text{ZH: "定义文件内容", EN: "A definition file"}, h: s.defsFile},

		{method: "GET", path: "/admin", kind: pageRoute, perm: access.ManageUsers, sum: i18n.Text{ZH: "用户、角色、范围与接口令牌", EN: "Users, roles, scopes and API tokens"}, h: s.adminPage},
		{method: "GET", path: "/api/v1/users", kind: apiRoute, perm: access.ManageUsers, export: true, params: []param{pFormat}, sum: i18n.Text{ZH: "用户列表", EN: "Users"}, h: s.apiUsers},
		{method: "POST", path: "/api/v1/users", kind: apiRoute, perm: access.ManageUsers, body: "{login, name, roles, court_id, person_id, subject, password}", sum: i18n.Text{ZH: "新建用户", EN: "Create a user"}, h: s.apiCreateUser},
		{method: "GET", path: "/api/v1/users/{id}", kind: apiRoute, perm: access.ManageUsers, params: []param{pID}, sum: i18n.Text{ZH: "用户", EN: "A user"}, h: s.apiUser},
		{method: "POST", path: "/api/v1/users/{id}", kind: apiRoute, perm: access.ManageUsers, params: []param{pID}, body: "{name, roles, court_id, person_id, subject, disabled}", sum: i18n.Text{ZH: "修改用户角色、范围、状态", EN: "Change a user's roles, scope, state"}, h: s.apiUpdateUser},
		{method: "POST", path: "/api/v1/users/{id}/password", kind: apiRoute, perm: access.ManageUsers, params: []param{pID}, body: "{password}", sum: i18n.Text{ZH: "重设密码", EN: "Reset a password"}, h: s.apiSetPassword},
		{method: "GET", path: "/api/v1/tokens", kind: apiRoute, perm: access.ManageTokens, export: true, params: []param{pFormat}, sum: i18n.Text{ZH: "数据源接口令牌", EN: "Source systems' API tokens"}, h: s.apiTokens},
		{method: "POST", path: "/api/v1/tokens", kind: apiRoute, perm: access.ManageTokens, body: "{name, src, courts}", sum: i18n.Text{ZH: "新建接口令牌（密钥只显示一次）", EN: "Create an API token (its secret is shown once)"}, h: s.apiCreateToken},
		{method: "POST", path: "/api/v1/tokens/{id}/revoke", kind: apiRoute, perm: access.ManageTokens, params: []param{pID}, sum: i18n.Text{ZH: "吊销接口令牌", EN: "Revoke an API token"}, h: s.apiRevokeToken},

		{method: "GET", path: "/audit", kind: pageRoute, perm: access.SearchAudit, sum: i18n.Text{ZH: "审计日志查询", EN: "Audit log search"}, h: s.auditPage},
		{method: "GET", path: "/api/v1/audit", kind: apiRoute, perm: access.SearchAudit, export: true,
			params: []param{{"actor", "query", "login"}, {"action", "query", "action, or a prefix ending in ."}, {"object", "query", "object"}, {"outcome", "query", "ok, denied or failed"}, pLimit, pOffset, pFormat},
			sum:    i18n.Text{ZH: "审计日志", EN: "The audit log"}, h: s.apiAudit},

		{method: "POST", path: "/api/v1/records", kind: apiRoute, token: true, perm: access.IngestRecords, body: "JSON Lines of interchange-format records (application/x-ndjson)",
			sum: i18n.Text{ZH: "数据源推送记录（仅限接口令牌，限本来源与本院范围）", EN: "A source system pushes records (API token only; its source and courts only)"}, h: s.apiIngest},
	}, s.engineRoutes()...)
}

// wrap turns a route into a handler: it finds the principal, checks the CSRF token of unsafe
// requests and the route's permission, records refusals, and runs the handler.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &call{s: s, w: w, r: r, rt: &rt, lang: lang(r)}
		if err := s.admit(c); err != nil {
			c.fail(err)
			return
		}
		if err := rt.h(c); err != nil {
			c.fail(err)
		}
	})
}

func (s *Server) admit(c *call) error {
	ctx := c.r.Context()
	tree, err := s.trees.get(ctx)
	if err != nil {
		return err
	}
	c.tree = tree
	if c.rt.token {
		return s.admitToken(c)
	}
	ss, u, err := s.sessions.Get(ctx, c.r)
	switch {
	case err == nil:
		c.sess, c.user, c.p = ss, u, access.ForUser(u, tree)
		c.read = access.NewReader(s.store, c.p, tree)
	case !errors.Is(err, auth.ErrNoSession):
		return err
	case c.rt.public:
		return nil
	default:
		return errSignIn
	}
	if c.rt.public {
		return nil // public routes check what they need themselves (sign-in has its own CSRF token)
	}
	if !auth.CheckCSRF(c.r, ss) {
		return c.deny("csrf", c.r.Method+" "+c.r.URL.Path, "", errors.New("missing or wrong CSRF token"))
	}
	if c.rt.perm != "" && !c.p.Can(c.rt.perm) {
		return c.deny("access", c.r.Method+" "+c.r.URL.Path, "", errors.New("no permission "+string(c.rt.perm)))
	}
	return nil
}

// admitToken lets in a source system with a valid bearer token, and nobody else.
func (s *Server) admitToken(c *call) error {
	secret, ok := strings.CutPrefix(c.r.Header.Get("Authorization"), "Bearer ")
	tok, err := s.auth.Token(c.r.Context(), strings.TrimSpace(secret))
	if !ok || errors.Is(err, auth.ErrBadToken) {
		if rerr := c.record("token", "", "", qingfeng.AuditDenied, "missing, unknown or revoked API token"); rerr != nil {
			return rerr
		}
		c.w.Header().Set("WWW-Authenticate", `Bearer realm="qingfeng"`)
		return errStatus(http.StatusUnauthorized, "需要有效的接口令牌", "a valid API token is required")
	}
	if err != nil {
		return err
	}
	c.p = access.ForToken(tok, c.tree)
	if !c.p.Can(c.rt.perm) {
		return c.deny("access", c.r.Method+" "+c.r.URL.Path, "", errors.New("no permission "+string(c.rt.perm)))
	}
	return nil
}
