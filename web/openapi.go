package web

import (
	"regexp"
	"strings"
)

// The OpenAPI document is made from the route table, so that it lists every endpoint the
// server has, with who may call it, and cannot drift from the code.

var pathParam = regexp.MustCompile(`\{([a-z_]+)(\.\.\.)?\}`)

// openapiPath turns a mux pattern into an OpenAPI path: /defs/file/{path...} → /defs/file/{path}.
func openapiPath(p string) string {
	p = strings.TrimSuffix(p, "{$}")
	return pathParam.ReplaceAllString(p, "{$1}")
}

func (s *Server) openapiDoc() map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range s.routes() {
		p := openapiPath(rt.path)
		op := map[string]any{
			"summary":     rt.sum.ZH + " / " + rt.sum.EN,
			"operationId": strings.ToLower(rt.method) + strings.NewReplacer("/", "_", "{", "", "}", "", ".", "_").Replace(p),
			"tags":        []string{tag(p)},
			"responses":   responses(rt),
		}
		var sec []map[string][]string
		switch {
		case rt.public:
			sec = []map[string][]string{}
		case rt.token:
			sec = []map[string][]string{{"token": {}}}
		default:
			sec = []map[string][]string{{"session": {}}}
		}
		op["security"] = sec
		if rt.perm != "" {
			op["x-permission"] = string(rt.perm)
		}
		var params []map[string]any
		for _, pr := range rt.params {
			params = append(params, map[string]any{"name": pr.name, "in": pr.in, "description": pr.desc,
				"required": pr.in == "path", "schema": map[string]string{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.body != "" {
			ct := "application/json"
			switch {
			case rt.token:
				ct = "application/x-ndjson"
			case rt.kind == pageRoute:
				ct = "application/x-www-form-urlencoded"
			}
			op["requestBody"] = map[string]any{"description": rt.body, "content": map[string]any{ct: map[string]any{}}}
		}
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(rt.method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "清风 Qingfeng API", "version": s.opts.Version,
			"description": "审判质量与廉政风险平台接口。页面与 /api/v1 共用登录会话；修改类请求须带 X-CSRF-Token 头（值见 GET /api/v1/me）。数据源以接口令牌推送记录。列表接口可加 ?format=csv 或 xlsx 导出。\n\n" +
				"Qingfeng's API. Pages and /api/v1 share the sign-in session; unsafe requests carry the X-CSRF-Token header (from GET /api/v1/me). Source systems push records with an API token. Listings export with ?format=csv or xlsx."},
		"paths": paths,
		"components": map[string]any{"securitySchemes": map[string]any{
			"session": map[string]string{"type": "apiKey", "in": "cookie", "name": "qf_session"},
			"token":   map[string]string{"type": "http", "scheme": "bearer"},
		}},
	}
}

func tag(p string) string {
	seg := strings.Split(strings.TrimPrefix(strings.TrimPrefix(p, "/api/v1"), "/"), "/")[0]
	if seg == "" {
		return "status"
	}
	return seg
}

func responses(rt route) map[string]any {
	ct := "application/json"
	if rt.kind == pageRoute {
		ct = "text/html"
	}
	out := map[string]any{"200": map[string]any{"description": "OK", "content": map[string]any{ct: map[string]any{}}}}
	if rt.export {
		out["200"] = map[string]any{"description": "OK; with format=csv or xlsx, the table as a file", "content": map[string]any{
			"application/json": map[string]any{}, "text/csv": map[string]any{},
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": map[string]any{}}}
	}
	if !rt.public {
		out["401"] = map[string]string{"description": "not signed in / no valid token"}
		out["403"] = map[string]string{"description": "no permission, or missing CSRF token"}
	}
	if strings.Contains(rt.path, "{") {
		out["404"] = map[string]string{"description": "not found, or outside the caller's court scope"}
	}
	return out
}

func (s *Server) openapi(c *call) error {
	c.json(200, s.openapiDoc())
	return nil
}
