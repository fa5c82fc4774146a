package web

import (
	"html/template"
	"strconv"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// warningLabels are the words of the warning pages, added to labels at start.
var warningLabels = map[string]i18n.Text{
	"nav.warnings": {ZH: "预警", EN: "Warnings"},

	"warn.queue":       {ZH: "预警队列", EN: "Warning queue"},
	"warn.stats":       {ZH: "预警统计", EN: "Statistics"},
	"warn.rules":       {ZH: "在用规则", EN: "Rules in force"},
	"warn.filter":      {ZH: "筛选", EN: "Filter"},
	"warn.clear":       {ZH: "清除筛选", EN: "Clear filters"},
	"warn.any":         {ZH: "全部", EN: "Any"},
	"warn.active":      {ZH: "待处理（含已分派、核查中）", EN: "Waiting (open, assigned, verifying)"},
	"warn.mine":        {ZH: "分派给我的", EN: "Assigned to me"},
	"warn.court":       {ZH: "法院（含下级）", EN: "Court (and below)"},
	"warn.rule":        {ZH: "规则", EN: "Rule"},
	"warn.severity":    {ZH: "等级", EN: "Severity"},
	"warn.state":       {ZH: "状态", EN: "State"},
	"warn.assignee":    {ZH: "核查人", EN: "Assignee"},
	"warn.case":        {ZH: "案号", EN: "Case number"},
	"warn.on":          {ZH: "发生日期", EN: "On"},
	"warn.due":         {ZH: "期限", EN: "Due"},
	"warn.judge":       {ZH: "承办法官", EN: "Judge"},
	"warn.family":      {ZH: "风险类别", EN: "Risk family"},
	"warn.message":     {ZH: "说明", EN: "Message"},
	"warn.total":       {ZH: "共 %d 条；第 %d / %d 页", EN: "%d warnings; page %d of %d"},
	"warn.none":        {ZH: "没有符合条件的预警", EN: "No warnings match"},
	"warn.title":       {ZH: "预警", EN: "Warning"},
	"warn.basis":       {ZH: "依据", EN: "Basis"},
	"warn.statutory":   {ZH: "法定要求", EN: "Statutory requirement"},
	"warn.practice":    {ZH: "实践做法或经验阈值（参数可由本院调整）", EN: "Practice or heuristic (its parameters are the court's to tune)"},
	"warn.params":      {ZH: "参数", EN: "Parameters"},
	"warn.reasoning":   {ZH: "说明", EN: "Reasoning"},
	"warn.evidence":    {ZH: "证据（预警所依据的记录）", EN: "Evidence (the records the warning rests on)"},
	"warn.panorama":    {ZH: "案件全景", EN: "Case panorama"},
	"warn.hidden":      {ZH: "另有 %d 个关联案件不在您的查看范围内", EN: "%d more proceedings of the matter are outside your scope"},
	"warn.deadline":    {ZH: "审限届满", EN: "Deadline"},
	"warn.remaining":   {ZH: "剩余天数", EN: "Days left"},
	"warn.exceeded":    {ZH: "已超审限", EN: "over the limit"},
	"warn.handling":    {ZH: "处置", EN: "Handling"},
	"warn.noaction":    {ZH: "您当前对该预警没有可做的处置。", EN: "There is nothing you can do on this warning now."},
	"warn.readonly":    {ZH: "您可以查看预警，处置由督察人员进行。", EN: "You may read warnings; inspectors handle them."},
	"warn.history":     {ZH: "全程留痕", EN: "History"},
	"warn.note":        {ZH: "说明 / 理由", EN: "Note / reason"},
	"warn.reason":      {ZH: "排除理由（必填）", EN: "Why it is not a risk (required)"},
	"warn.rectified":   {ZH: "整改情况（必填）", EN: "What was put right (required)"},
	"warn.choose":      {ZH: "选择核查人", EN: "Choose who verifies"},
	"warn.fires":       {ZH: "触发次数", EN: "Fires"},
	"warn.hits":        {ZH: "处数", EN: "Hits"},
	"warn.fired":       {ZH: "首次预警", EN: "First raised"},
	"warn.updated":     {ZH: "最近更新", EN: "Last updated"},
	"warn.notinpack":   {ZH: "（当前规则包已无此规则）", EN: " (no longer in the pack)"},
	"warn.src":         {ZH: "来源", EN: "Source"},
	"warn.case.list":   {ZH: "本案预警", EN: "Warnings on this case"},
	"warn.court.link":  {ZH: "本院预警", EN: "The court's warnings"},
	"warn.open":        {ZH: "查看", EN: "Open"},
	"warn.from":        {ZH: "起", EN: "From"},
	"warn.to":          {ZH: "止", EN: "To"},
	"warn.byrule":      {ZH: "按规则", EN: "By rule"},
	"warn.count":       {ZH: "预警数", EN: "Warnings"},
	"warn.waiting":     {ZH: "待处理", EN: "Waiting"},
	"warn.confirmed":   {ZH: "确认属实", EN: "Confirmed"},
	"warn.dismissed":   {ZH: "排除", EN: "Dismissed"},
	"warn.rate":        {ZH: "排除率", EN: "Dismissal rate"},
	"warn.refired":     {ZH: "再次预警", EN: "Re-fired"},
	"warn.withdrawn":   {ZH: "系统撤销", EN: "Withdrawn"},
	"warn.ratehelp":    {ZH: "排除率 = 排除数 ÷ 已作结论数（确认 + 排除）；排除率高的规则可能需要调整参数。", EN: "Dismissal rate = dismissed ÷ decided (confirmed + dismissed); a high rate marks a rule whose parameters may need tuning."},
	"warn.courts":      {ZH: "下级法院分布", EN: "Across the courts below"},
	"warn.judges":      {ZH: "法官分布", EN: "Across the judges"},
	"warn.spreadhelp":  {ZH: "只显示分布（最小、四分位、中位数、最大），不列出、不排名任何法院或法官。", EN: "Distributions only (minimum, quartiles, median, maximum): no court or judge is listed or ranked."},
	"warn.units":       {ZH: "单位数", EN: "Units"},
	"warn.countsper":   {ZH: "每单位预警数", EN: "Warnings per unit"},
	"warn.ratesper":    {ZH: "排除率（有结论的单位）", EN: "Dismissal rate (units with decisions)"},
	"warn.quart":       {ZH: "最小 / 下四分位 / 中位数 / 上四分位 / 最大", EN: "min / Q1 / median / Q3 / max"},
	"warn.history.t":   {ZH: "本单位近12个月", EN: "The unit, last 12 months"},
	"warn.month":       {ZH: "月份", EN: "Month"},
	"warn.own":         {ZH: "（本人承办案件的预警）", EN: " (warnings on the cases you run)"},
	"warn.pack":        {ZH: "廉政风险规则包", EN: "Integrity-risk rule pack"},
	"warn.enabled":     {ZH: "启用", EN: "On"},
	"warn.file":        {ZH: "文件", EN: "File"},
	"warn.summary":     {ZH: "期间 %s 至 %s：预警 %d 条，已作结论 %d 条，排除率 %s。", EN: "%s to %s: %d warnings, %d decided, dismissal rate %s."},
	"warn.engine":      {ZH: "系统", EN: "System"},
	"sev.notice":       {ZH: "提示", EN: "Notice"},
	"sev.warning":      {ZH: "预警", EN: "Warning"},
	"sev.red":          {ZH: "红色预警", EN: "Red"},
	"fam.style":        {ZH: "作风不严不实", EN: "Lax working style"},
	"fam.care":         {ZH: "工作不慎不细", EN: "Careless work"},
	"fam.fairness":     {ZH: "判执不公不当", EN: "Unfair judging or enforcement"},
	"fam.integrity":    {ZH: "人员不净不廉", EN: "Integrity of staff"},
	"wstate.open":      {ZH: "待处理", EN: "Open"},
	"wstate.assigned":  {ZH: "已分派", EN: "Assigned"},
	"wstate.verifying": {ZH: "核查中", EN: "Verifying"},
	"wstate.confirmed": {ZH: "已确认", EN: "Confirmed"},
	"wstate.dismissed": {ZH: "已排除", EN: "Dismissed"},
	"wstate.rectified": {ZH: "已整改", EN: "Rectified"},
	"wstate.closed":    {ZH: "已办结", EN: "Closed"},
	"wstate.withdrawn": {ZH: "系统撤销", EN: "Withdrawn"},
	"wact.fire":        {ZH: "系统预警", EN: "Raised"},
	"wact.refire":      {ZH: "再次预警", EN: "Raised again"},
	"wact.withdraw":    {ZH: "系统撤销", EN: "Withdrawn"},
	"wact.assign":      {ZH: "分派核查", EN: "Assign"},
	"wact.verify":      {ZH: "开始核查", EN: "Start verifying"},
	"wact.confirm":     {ZH: "确认属实", EN: "Confirm"},
	"wact.dismiss":     {ZH: "排除", EN: "Dismiss"},
	"wact.rectify":     {ZH: "记录整改", EN: "Record rectification"},
	"wact.close":       {ZH: "办结", EN: "Close"},
}

func init() {
	for k, v := range warningLabels {
		labels[k] = v
	}
}

// named looks a code up under a prefix, leaving an unknown code as it is.
func named(l i18n.Lang, prefix, code string) string {
	if t, ok := warningLabels[prefix+code]; ok {
		return t.In(l)
	}
	return code
}

func severityName(l i18n.Lang, s qingfeng.Severity) string { return named(l, "sev.", string(s)) }
func familyName(l i18n.Lang, f qingfeng.Family) string     { return named(l, "fam.", string(f)) }
func warningStateName(l i18n.Lang, s qingfeng.WarningState) string {
	return named(l, "wstate.", string(s))
}
func warningActionName(l i18n.Lang, a qingfeng.Action) string { return named(l, "wact.", string(a)) }

// warningFuncs are the template functions of the warning pages.
func (s *Server) warningFuncs() template.FuncMap {
	return template.FuncMap{
		"severityName": severityName,
		"familyName":   familyName,
		"wstateName":   warningStateName,
		"wactionName":  warningActionName,
		"actorName":    s.actorName,
		"severities":   func() []qingfeng.Severity { return qingfeng.Severities },
		"wstates":      func() []qingfeng.WarningState { return qingfeng.WarningStates },
		"pct":          func(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" },
		"indent":       func(n int) string { return string([]rune("　　　　　　　　")[:min(n, 8)]) },
		"text":         func(l i18n.Lang, t i18n.Text) string { return t.In(l) },
		"dayOf":        func(d qingfeng.Date) string { return dateText(d) },
		"queryString":  queryString,
		"localTime":    func(t time.Time) string { return t.In(cst).Format("2006-01-02 15:04") },
		"attrText":     func(m map[string]any) string { return stepView{Event: qingfeng.Event{Attrs: m}}.AttrText() },
	}
}

// dateText writes a day, or nothing for no day.
func dateText(d qingfeng.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
