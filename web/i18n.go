package web

import (
	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// labels are the interface's words in both languages, looked up by the templates' t function.
var labels = map[string]i18n.Text{
	"app":         {ZH: "清风 · 审判质量与廉政风险平台", EN: "Qingfeng · trial quality and integrity risk"},
	"status":      {ZH: "数据状态", EN: "Data status"},
	"kind":        {ZH: "记录类型", EN: "Record kind"},
	"count":       {ZH: "当前记录数", EN: "Current records"},
	"revisions":   {ZH: "记录日志条数（含历次修订）", EN: "Log entries (every revision)"},
	"quarantined": {ZH: "隔离区待处理记录", EN: "Records in quarantine"},
	"matters":     {ZH: "案（根案件）", EN: "Matters (root proceedings)"},
	"orphans":     {ZH: "原审案号不在数据中的案件", EN: "Proceedings whose origin is not in the data"},
	"version":     {ZH: "版本", EN: "Version"},
	"switch":      {ZH: "English", EN: "中文"},
	"api":         {ZH: "接口", EN: "API"},
	"court":       {ZH: "法院", EN: "Courts"},
	"division":    {ZH: "部门", EN: "Divisions"},
	"person":      {ZH: "工作人员", EN: "Staff"},
	"relative":    {ZH: "申报的近亲属", EN: "Declared relatives"},
	"lawyer":      {ZH: "律师", EN: "Lawyers"},
	"case":        {ZH: "案件（件）", EN: "Proceedings"},
	"event":       {ZH: "流程节点事件", EN: "Process events"},
	"mediation":   {ZH: "诉前调解", EN: "Pre-filing mediations"},

	"login":          {ZH: "登录", EN: "Sign in"},
	"logout":         {ZH: "退出", EN: "Sign out"},
	"login.name":     {ZH: "用户名", EN: "Login"},
	"login.password": {ZH: "密码", EN: "Password"},
	"login.sso":      {ZH: "使用统一身份认证登录", EN: "Sign in with single sign-on"},
	"tree":           {ZH: "法院", EN: "Courts"},
	"search":         {ZH: "查询", EN: "Search"},

	"nav.home":   {ZH: "首页", EN: "Home"},
	"nav.courts": {ZH: "本院", EN: "My court"},
	"nav.cases":  {ZH: "案件", EN: "Cases"},
	"nav.data":   {ZH: "数据", EN: "Data"},
	"nav.defs":   {ZH: "定义文件", EN: "Definitions"},
	"nav.admin":  {ZH: "系统管理", EN: "Administration"},
	"nav.audit":  {ZH: "审计日志", EN: "Audit log"},

	"court.code":      {ZH: "法院代字", EN: "Court code"},
	"court.level":     {ZH: "层级", EN: "Level"},
	"court.id":        {ZH: "标识", EN: "Id"},
	"court.children":  {ZH: "下级法院", EN: "Courts below"},
	"court.divisions": {ZH: "部门", EN: "Divisions"},
	"court.more":      {ZH: "预警页面将随廉政风险引擎上线。", EN: "The warning pages come with the risk engine."},
	"court.sheet":     {ZH: "本院体检表", EN: "The court's indicator sheet"},

	"level.supreme":      {ZH: "最高人民法院", EN: "Supreme"},
	"level.high":         {ZH: "高级人民法院", EN: "High"},
	"level.intermediate": {ZH: "中级人民法院", EN: "Intermediate"},
	"level.basic":        {ZH: "基层人民法院", EN: "Basic"},
	"level.tribunal":     {ZH: "人民法庭", EN: "Tribunal"},

	"col.id":      {ZH: "标识", EN: "Id"},
	"col.name":    {ZH: "名称", EN: "Name"},
	"col.line":    {ZH: "条线", EN: "Line"},
	"col.court":   {ZH: "法院", EN: "Court"},
	"col.stage":   {ZH: "类别·审级", EN: "Category · stage"},
	"col.filed":   {ZH: "立案", EN: "Filed"},
	"col.closed":  {ZH: "结案", EN: "Closed"},
	"col.closing": {ZH: "结案方式", EN: "Closing"},
	"col.judge":   {ZH: "承办人", EN: "Judge"},
	"col.time":    {ZH: "时间", EN: "Time"},
	"col.event":   {ZH: "节点", EN: "Event"},
	"col.actor":   {ZH: "操作人", EN: "Actor"},
	"col.attrs":   {ZH: "属性", EN: "Attributes"},
	"col.src":     {ZH: "来源", EN: "Source"},
	"col.file":    {ZH: "文件", EN: "File"},
	"col.record":  {ZH: "记录", EN: "Record"},
	"col.field":   {ZH: "字段", EN: "Field"},
	"col.reason":  {ZH: "原因", EN: "Reason"},
	"col.seq":     {ZH: "序号", EN: "Seq"},
	"col.title":   {ZH: "说明", EN: "Title"},

	"case.number":      {ZH: "案号", EN: "Case number"},
	"case.searchhelp":  {ZH: "输入完整案号，半角括号、空格、中文数字均可。只能查看本人范围内的案件。", EN: "Type a full case number; brackets, spaces and numerals are normalised. Only cases in your scope open."},
	"case.panorama":    {ZH: "案件全景", EN: "Case panorama"},
	"case.matter":      {ZH: "所属案（根案号）", EN: "Matter (root number)"},
	"case.orphan":      {ZH: "原审案件不在数据中", EN: "the origin is not in the data"},
	"case.hidden":      {ZH: "另有 %d 件不在您的查看范围内", EN: "%d more proceedings are outside your scope"},
	"case.proceedings": {ZH: "各件", EN: "Proceedings"},
	"case.timeline":    {ZH: "全部流程节点", EN: "Every event"},

	"data.sources":      {ZH: "数据来源", EN: "Sources"},
	"data.tokens":       {ZH: "接口令牌", EN: "API tokens"},
	"data.lastused":     {ZH: "最近使用", EN: "Last used"},
	"data.recent":       {ZH: "最近记录数", EN: "Recent records"},
	"data.lastseq":      {ZH: "最新序号", EN: "Last seq"},
	"data.quarantine":   {ZH: "隔离区", EN: "Quarantine"},
	"data.retry":        {ZH: "原样重新导入", EN: "Re-ingest as they are"},
	"data.noquarantine": {ZH: "隔离区为空", EN: "Quarantine is empty"},
	"data.last":         {ZH: "最近收到的记录", EN: "Records received last"},
	"defs.own":          {ZH: "本院文件", EN: "Court's own"},

	"admin.users":      {ZH: "用户", EN: "Users"},
	"admin.roles":      {ZH: "角色", EN: "Roles"},
	"admin.scope":      {ZH: "范围（法院及下级）", EN: "Scope (court and below)"},
	"admin.state":      {ZH: "状态", EN: "State"},
	"admin.disabled":   {ZH: "已停用", EN: "Disabled"},
	"admin.enabled":    {ZH: "正常", EN: "Active"},
	"admin.newuser":    {ZH: "新建用户", EN: "New user"},
	"admin.person":     {ZH: "人员标识（法官、院庭长）", EN: "Person id (judges, reviewers)"},
	"admin.create":     {ZH: "创建", EN: "Create"},
	"admin.tokens":     {ZH: "数据源接口令牌", EN: "Source systems' API tokens"},
	"admin.revoked":    {ZH: "已吊销", EN: "Revoked"},
	"admin.revoke":     {ZH: "吊销", EN: "Revoke"},
	"admin.newtoken":   {ZH: "新建接口令牌", EN: "New API token"},
	"admin.rolesperms": {ZH: "角色与权限", EN: "Roles and permissions"},
	"admin.perms":      {ZH: "权限", EN: "Permissions"},
	"admin.secretonce": {ZH: "请立即复制令牌密钥，它只显示这一次：", EN: "Copy the token's secret now; it is shown this once:"},

	"audit.action":   {ZH: "操作", EN: "Action"},
	"audit.object":   {ZH: "对象", EN: "Object"},
	"audit.outcome":  {ZH: "结果", EN: "Outcome"},
	"audit.from":     {ZH: "起始日期", EN: "From"},
	"audit.to":       {ZH: "截止日期", EN: "To"},
	"audit.total":    {ZH: "共 %d 条", EN: "%d entries"},
	"audit.addr":     {ZH: "来源地址", EN: "From address"},
	"audit.detail":   {ZH: "详情", EN: "Detail"},
	"outcome.ok":     {ZH: "成功", EN: "OK"},
	"outcome.denied": {ZH: "拒绝", EN: "Denied"},
	"outcome.failed": {ZH: "失败", EN: "Failed"},

	"perm.own":             {ZH: "（仅本人案件）", EN: " (own cases only)"},
	"perm.status.personal": {ZH: "本人账户", EN: "Own account"},
	"perm.courts.view":     {ZH: "法院树", EN: "Court tree"},
	"perm.case.view":       {ZH: "查看案件", EN: "View cases"},
	"perm.ledger.view":     {ZH: "指标台账", EN: "Indicator ledgers"},
	"perm.indicator.view":  {ZH: "指标与体检表", EN: "Indicators"},
	"perm.warning.view":    {ZH: "查看预警", EN: "View warnings"},
	"perm.warning.handle":  {ZH: "处置预警", EN: "Handle warnings"},
	"perm.review.view":     {ZH: "阅核收件箱", EN: "Review inbox"},
	"perm.review.act":      {ZH: "阅核操作", EN: "Review steps"},
	"perm.data.view":       {ZH: "数据与隔离区", EN: "Data and quarantine"},
	"perm.data.reingest":   {ZH: "重新导入", EN: "Re-ingest"},
	"perm.defs.view":       {ZH: "定义文件", EN: "Definitions"},
	"perm.users.manage":    {ZH: "用户管理", EN: "Manage users"},
	"perm.tokens.manage":   {ZH: "接口令牌管理", EN: "Manage API tokens"},
	"perm.audit.search":    {ZH: "审计日志查询", EN: "Search the audit log"},
	"perm.records.ingest":  {ZH: "推送记录", EN: "Push records"},
	"perm.rules.change":    {ZH: "修改规则与指标包", EN: "Change rule and indicator packs"},
}

func translate(l i18n.Lang, key string) string {
	if t, ok := labels[key]; ok {
		return t.In(l)
	}
	return key
}

// kindOrder lists the record kinds in the order the status page shows them.
func kindOrder() []string {
	out := make([]string, len(qingfeng.Kinds))
	for i, k := range qingfeng.Kinds {
		out[i] = string(k)
	}
	return out
}

// outcomes lists the audit outcomes for the search form.
func outcomes() []string {
	return []string{qingfeng.AuditOK, qingfeng.AuditDenied, qingfeng.AuditFailed}
}
