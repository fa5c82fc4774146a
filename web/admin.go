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
	"github.com/qingfeng-court/qingfeng/auth"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// userInput is what creating or changing a user takes, from JSON or a form.
type userInput struct {
	Login    string              `json:"login"`
	Name     string              `json:"name"`
	Roles    []qingfeng.UserRole `json:"roles"`
	CourtID  string              `json:"court_id"`
	PersonID string              `json:"person_id"`
	Subject  string              `json:"subject"`
	Disabled bool                `json:"disabled"`
	Password string              `json:"password"`
}

func (c *call) userInput() (*userInput, error) {
	var in userInput
	if c.isForm() {
		if err := c.r.ParseForm(); err != nil {
			return nil, badRequest("表单无效", "bad form")
		}
		f := c.r.PostForm
		in = userInput{Login: f.Get("login"), Name: f.Get("name"), CourtID: f.Get("court_id"), PersonID: f.Get("person_id"),
			Subject: f.Get("subject"), Disabled: f.Get("disabled") == "on" || f.Get("disabled") == "true", Password: f.Get("password")}
		for _, r := range f["roles"] {
			in.Roles = append(in.Roles, qingfeng.UserRole(r))
		}
		return &in, nil
	}
	return &in, c.decode(&in)
}

// checkUser validates roles and scope: an administrator can give only courts of their own scope,
// and no user holds the source role (source systems use tokens).
func (c *call) checkUser(in *userInput) error {
	in.Login, in.Name, in.CourtID = strings.TrimSpace(in.Login), strings.TrimSpace(in.Name), strings.TrimSpace(in.CourtID)
	if len(in.Roles) == 0 {
		return badRequest("至少选择一个角色", "give at least one role")
	}
	for _, r := range in.Roles {
		if !qingfeng.Valid(qingfeng.UserRoles, r) || r == qingfeng.UserSource {
			return badRequest("角色 %q 无效", "role %q is not valid for a user", r)
		}
	}
	if _, ok := c.tree.Court(in.CourtID); !ok {
		return badRequest("法院 %q 不存在", "court %q does not exist", in.CourtID)
	}
	if !c.p.InScope(in.CourtID) {
		return c.deny("user.change", in.Login, in.CourtID, access.ErrOutOfScope)
	}
	return nil
}

func (s *Server) apiCreateUser(c *call) error {
	in, err := c.userInput()
	if err != nil {
		return err
	}
	if in.Login == "" || strings.ContainsAny(in.Login, " \t/") {
		return badRequest("用户名不能为空或含空格", "a login is required and has no spaces")
	}
	if err := c.checkUser(in); err != nil {
		return err
	}
	u := &qingfeng.User{Login: in.Login, Name: in.Name, Roles: in.Roles, CourtID: in.CourtID, PersonID: in.PersonID, Subject: in.Subject}
	if in.Password != "" {
		if err := auth.CheckPolicy(in.Login, in.Password); err != nil {
			return badRequest("密码不符合要求：至少 10 个字符，且不能与用户名相同", "%v", err)
		}
		if u.PasswordHash, err = auth.HashPassword(in.Password, s.auth.Params); err != nil {
			return err
		}
	}
	if err := s.acc.CreateUser(c.r.Context(), u); err != nil {
		return err
	}
	if err := c.record("user.create", u.Login, u.CourtID, qingfeng.AuditOK, rolesText(u.Roles)); err != nil {
		return err
	}
	return c.done(http.StatusCreated, "/admin", u)
}

func rolesText(rs []qingfeng.UserRole) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return "roles=" + strings.Join(out, ",")
}

// scopedUser returns a user of the principal's scope, recording the refusal of any other.
func (c *call) scopedUser() (*qingfeng.User, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	u, err := c.read.User(c.r.Context(), c.s.acc, id)
	if errors.Is(err, access.ErrOutOfScope) {
		return nil, c.deny("user.view", strconv.FormatInt(id, 10), "", err)
	}
	return u, err
}

func (s *Server) apiUser(c *call) error {
	u, err := c.scopedUser()
	if err != nil {
		return err
	}
	c.json(http.StatusOK, u)
	return nil
}

func (s *Server) apiUpdateUser(c *call) error {
	u, err := c.scopedUser()
	if err != nil {
		return err
	}
	in, err := c.userInput()
	if err != nil {
		return err
	}
	in.Login = u.Login
	if err := c.checkUser(in); err != nil {
		return err
	}
	if u.ID == c.p.UserID && (in.Disabled || !slices.Contains(in.Roles, qingfeng.UserAdmin)) {
		return badRequest("不能停用自己或取消自己的管理员角色", "you cannot disable yourself or drop your own administrator role")
	}
	before := rolesText(u.Roles) + " court=" + u.CourtID
	u.Name, u.Roles, u.CourtID, u.PersonID, u.Subject, u.Disabled = in.Name, in.Roles, in.CourtID, in.PersonID, in.Subject, in.Disabled
	ctx := c.r.Context()
	if err := s.acc.UpdateUser(ctx, u); err != nil {
		return err
	}
	s.sessions.Forget(u.ID) // new roles and scope apply from the user's next request
	if u.Disabled {
		if _, err := s.acc.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
	}
	detail := fmt.Sprintf("%s -> %s court=%s disabled=%t", before, rolesText(u.Roles), u.CourtID, u.Disabled)
	if err := c.record("user.update", u.Login, u.CourtID, qingfeng.AuditOK, detail); err != nil {
		return err
	}
	return c.done(http.StatusOK, "/admin", u)
}

func (s *Server) apiSetPassword(c *call) error {
	u, err := c.scopedUser()
	if err != nil {
		return err
	}
	var in struct {
		Password string `json:"password"`
	}
	if c.isForm() {
		in.Password = c.r.PostFormValue("password")
	} else if err := c.decode(&in); err != nil {
		return err
	}
	if err := s.auth.SetPassword(c.r.Context(), u, in.Password); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return err
		}
		return badRequest("密码不符合要求：至少 10 个字符，且不能与用户名相同", "%v", err)
	}
	// A new password ends the sessions signed in with the old one.
	if _, err := s.acc.DeleteUserSessions(c.r.Context(), u.ID); err != nil {
		return err
	}
	s.sessions.Forget(u.ID)
	if err := c.record("user.password", u.Login, u.CourtID, qingfeng.AuditOK, ""); err != nil {
		return err
	}
	return c.done(http.StatusOK, "/admin", map[string]bool{"ok": true})
}

func (s *Server) apiUsers(c *call) error {
	us, err := c.read.Users(c.r.Context(), s.acc, store.UserFilter{})
	if err != nil {
		return err
	}
	if us == nil {
		us = []qingfeng.User{}
	}
	return c.answer(us, func() *table { return userTable(c.lang, us) })
}

func userTable(l i18n.Lang, us []qingfeng.User) *table {
	t := &table{name: "users", cols: []i18n.Text{{ZH: "编号", EN: "Id"}, {ZH: "用户名", EN: "Login"}, {ZH: "姓名", EN: "Name"},
		{ZH: "角色", EN: "Roles"}, {ZH: "范围（法院）", EN: "Scope (court)"}, {ZH: "人员标识", EN: "Person id"},
		{ZH: "统一身份", EN: "SSO subject"}, {ZH: "已停用", EN: "Disabled"}}}
	for _, u := range us {
		roles := make([]string, len(u.Roles))
		for i, r := range u.Roles {
			roles[i] = access.RoleNames[r].In(l)
		}
		t.add(strconv.FormatInt(u.ID, 10), u.Login, u.Name, strings.Join(roles, "、"), u.CourtID, u.PersonID, u.Subject,
			strconv.FormatBool(u.Disabled))
	}
	return t
}

// scopedTokens lists the tokens whose courts all lie in the principal's scope.
func (s *Server) scopedTokens(c *call) ([]qingfeng.APIToken, error) {
	all, err := s.acc.Tokens(c.r.Context())
	if err != nil {
		return nil, err
	}
	out := []qingfeng.APIToken{}
	for _, t := range all {
		if len(t.Courts) > 0 && !slices.ContainsFunc(t.Courts, func(id string) bool { return !c.p.InScope(id) }) {
			out = append(out, t)
		}
	}
	return out, nil
}

func (s *Server) apiTokens(c *call) error {
	toks, err := s.scopedTokens(c)
	if err != nil {
		return err
	}
	return c.answer(toks, func() *table { return tokenTable(toks) })
}

func tokenTable(toks []qingfeng.APIToken) *table {
	t := &table{name: "tokens", cols: []i18n.Text{{ZH: "编号", EN: "Id"}, {ZH: "名称", EN: "Name"}, {ZH: "来源", EN: "Source"},
		{ZH: "法院", EN: "Courts"}, {ZH: "创建人", EN: "Created by"}, {ZH: "创建时间", EN: "Created"},
		{ZH: "最近使用", EN: "Last used"}, {ZH: "已吊销", EN: "Revoked"}}}
	for _, k := range toks {
		used := ""
		if !k.UsedAt.IsZero() {
			used = k.UsedAt.In(cst).Format(time.DateTime)
		}
		t.add(strconv.FormatInt(k.ID, 10), k.Name, k.Src, strings.Join(k.Courts, " "), k.CreatedBy,
			k.CreatedAt.In(cst).Format(time.DateTime), used, strconv.FormatBool(k.Revoked))
	}
	return t
}

func (s *Server) apiCreateToken(c *call) error {
	var in struct {
		Name   string   `json:"name"`
		Src    string   `json:"src"`
		Courts []string `json:"courts"`
	}
	if c.isForm() {
		in.Name, in.Src, in.Courts = c.r.PostFormValue("name"), c.r.PostFormValue("src"), strings.Fields(c.r.PostFormValue("courts"))
	} else if err := c.decode(&in); err != nil {
		return err
	}
	if len(in.Courts) == 0 {
		return badRequest("至少指定一个法院", "give at least one court")
	}
	for _, id := range in.Courts {
		if _, ok := c.tree.Court(id); !ok {
			return badRequest("法院 %q 不存在", "court %q does not exist", id)
		}
		if !c.p.InScope(id) {
			return c.deny("token.create", in.Name, id, access.ErrOutOfScope)
		}
	}
	tok, secret, err := s.auth.NewToken(c.r.Context(), strings.TrimSpace(in.Name), strings.TrimSpace(in.Src), in.Courts, c.p.Login)
	if errors.Is(err, store.ErrExists) {
		return err
	}
	if err != nil {
		return badRequest("令牌需要名称、来源和法院", "%v", err)
	}
	if err := c.record("token.create", tok.Name, in.Courts[0], qingfeng.AuditOK, "src="+tok.Src+" courts="+strings.Join(tok.Courts, ",")); err != nil {
		return err
	}
	out := map[string]any{"token": tok, "secret": secret}
	if c.isForm() && !c.wantsJSON() {
		c.render("token.html", i18n.Text{ZH: "新接口令牌", EN: "New API token"}, out)
		return nil
	}
	c.json(http.StatusCreated, out)
	return nil
}

func (s *Server) apiRevokeToken(c *call) error {
	id, err := c.pathID("id")
	if err != nil {
		return err
	}
	toks, err := s.scopedTokens(c)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(toks, func(t qingfeng.APIToken) bool { return t.ID == id })
	if i < 0 {
		return c.deny("token.revoke", strconv.FormatInt(id, 10), "", access.ErrOutOfScope)
	}
	if err := s.acc.RevokeToken(c.r.Context(), id); err != nil {
		return err
	}
	if err := c.record("token.revoke", toks[i].Name, toks[i].Courts[0], qingfeng.AuditOK, ""); err != nil {
		return err
	}
	return c.done(http.StatusOK, "/admin", map[string]bool{"revoked": true})
}

// adminView is the admin page.
type adminView struct {
	Users  []qingfeng.User
	Tokens []qingfeng.APIToken
	Roles  []roleView
	Courts []*qingfeng.Court
}

type roleView struct {
	Role  qingfeng.UserRole
	Perms []string
}

func (s *Server) adminPage(c *call) error {
	us, err := c.read.Users(c.r.Context(), s.acc, store.UserFilter{})
	if err != nil {
		return err
	}
	v := adminView{Users: us}
	if c.p.Can(access.ManageTokens) {
		if v.Tokens, err = s.scopedTokens(c); err != nil {
			return err
		}
	}
	for _, r := range qingfeng.UserRoles {
		g := access.Grants(r)
		rv := roleView{Role: r}
		for _, p := range access.Permissions {
			if own, ok := g[p]; ok {
				label := translate(c.lang, "perm."+string(p))
				if own {
					label += translate(c.lang, "perm.own")
				}
				rv.Perms = append(rv.Perms, label)
			}
		}
		v.Roles = append(v.Roles, rv)
	}
	for _, id := range c.p.Courts() {
		ct, _ := c.tree.Court(id)
		v.Courts = append(v.Courts, ct)
	}
	c.render("admin.html", i18n.Text{ZH: "系统管理", EN: "Administration"}, v)
	return nil
}
