package web

import (
	"html/template"
	"math"
	"net/url"
	"strconv"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/review"
)

// engineLabels are the words of the engines' pages, added to labels at start.
var engineLabels = map[string]i18n.Text{
	"nav.indicators": {ZH: "体检表", EN: "Indicators"},
	"nav.reviews":    {ZH: "阅核", EN: "Review"},

	"ind.sheet":        {ZH: "审判质量管理指标体检表", EN: "Trial-quality indicator sheet"},
	"ind.period":       {ZH: "期间", EN: "Period"},
	"ind.pack":         {ZH: "指标包", EN: "Pack"},
	"ind.show":         {ZH: "查看", EN: "Show"},
	"ind.indicator":    {ZH: "指标", EN: "Indicator"},
	"ind.value":        {ZH: "数值", EN: "Value"},
	"ind.numden":       {ZH: "分子 / 分母", EN: "Numerator / denominator"},
	"ind.range":        {ZH: "合理区间", EN: "Reasonable range"},
	"ind.yoy":          {ZH: "同比", EN: "Year on year"},
	"ind.spark":        {ZH: "近12个月", EN: "Last 12 months"},
	"ind.peers":        {ZH: "下级法院分布", EN: "Courts below"},
	"ind.abnormal":     {ZH: "异动", EN: "Abnormal"},
	"ind.dataseq":      {ZH: "数据序号 %d，数据截至 %s，口径 %s %s", EN: "data seq %d, data to %s, pack %s %s"},
	"ind.seq":          {ZH: "数据序号 %d，口径 %s %s", EN: "data seq %d, pack %s %s"},
	"ind.illustrative": {ZH: "合理区间为示例值，不是最高人民法院公布的区间。", EN: "The ranges are illustrative, not the SPC's published ones."},
	"ind.children":     {ZH: "下级法院（点击查看其体检表）", EN: "Courts below (open their sheets)"},
	"ind.nodist":       {ZH: "分布只显示下级法院的数值分布，不排名。", EN: "Courts below appear as a distribution, never ranked."},
	"ind.trend":        {ZH: "月度趋势（阴影为合理区间，红点为异动）", EN: "Monthly trend (band: reasonable range; red: abnormal movement)"},
	"ind.divisions":    {ZH: "本院各部门", EN: "Divisions of the court"},
	"ind.judges":       {ZH: "本院各法官", EN: "Judges of the court"},
	"ind.unit":         {ZH: "单位", EN: "Unit"},
	"ind.definition":   {ZH: "口径", EN: "Definition"},
	"ind.sheetlink":    {ZH: "返回体检表", EN: "Back to the sheet"},
	"ind.none":         {ZH: "无", EN: "none"},
	"ind.basis":        {ZH: "依据", EN: "basis"},

	"ledger.title":    {ZH: "指标台账", EN: "Ledger"},
	"ledger.member":   {ZH: "案号 / 成员", EN: "Case number / member"},
	"ledger.adds":     {ZH: "计入值", EN: "Adds"},
	"ledger.total":    {ZH: "共 %d 条，合计 %s；第 %d / %d 页", EN: "%d rows summing to %s; page %d of %d"},
	"ledger.other":    {ZH: "另一侧", EN: "Other side"},
	"ledger.noaccess": {ZH: "（不在您的查看范围内）", EN: " (outside your scope)"},

	"rev.inbox":       {ZH: "待我处理", EN: "Waiting on me"},
	"rev.empty":       {ZH: "暂无待处理的裁判文书", EN: "Nothing waiting on you"},
	"rev.warnings":    {ZH: "审限与阅核滞留预警", EN: "Deadline and stale-review warnings"},
	"rev.state":       {ZH: "状态", EN: "State"},
	"rev.actions":     {ZH: "可做的操作", EN: "Actions open"},
	"rev.deadline":    {ZH: "审限届满", EN: "Deadline"},
	"rev.daysleft":    {ZH: "剩余天数", EN: "Days left"},
	"rev.inreview":    {ZH: "阅核天数", EN: "Days in review"},
	"rev.reviewer":    {ZH: "阅核人", EN: "Reviewer"},
	"rev.panel":       {ZH: "合议庭", EN: "Panel"},
	"rev.kind":        {ZH: "文书类型", EN: "Kind"},
	"rev.version":     {ZH: "文书版本", EN: "Version"},
	"rev.operative":   {ZH: "裁判主文", EN: "Operative part"},
	"rev.reasoning":   {ZH: "裁判理由", EN: "Reasoning"},
	"rev.reasons":     {ZH: "须阅核的原因", EN: "Why it is reviewed"},
	"rev.trail":       {ZH: "全程留痕", EN: "Trail"},
	"rev.refused":     {ZH: "已拒绝", EN: "refused"},
	"rev.reason":      {ZH: "理由", EN: "Reason"},
	"rev.measure":     {ZH: "措施", EN: "Measure"},
	"rev.result":      {ZH: "复议结果", EN: "Result"},
	"rev.majority":    {ZH: "多数意见", EN: "Majority view"},
	"rev.outcome":     {ZH: "审委会决定", EN: "Committee's decision"},
	"rev.part":        {ZH: "修改部分", EN: "Part"},
	"rev.text":        {ZH: "新文本", EN: "New text"},
	"rev.noaction":    {ZH: "您当前对该文书没有可做的操作。", EN: "There is nothing you can do on this decision now."},
	"rev.sourceowned": {ZH: "该文书由法院案件管理系统的事件驱动，请在来源系统中办理。", EN: "This decision is driven by the court's case system: act there."},
	"rev.readonly":    {ZH: "阅核人只能同意或采取规定的监督措施，不能修改裁判文书。", EN: "A reviewer agrees or takes a listed measure; they cannot change the document."},
	"rev.flags":       {ZH: "四类案件标注", EN: "四类 flags"},
	"rev.noflags":     {ZH: "暂无标注", EN: "No flags"},
	"rev.type":        {ZH: "类型", EN: "Type"},
	"rev.origin":      {ZH: "来源", EN: "Origin"},
	"rev.by":          {ZH: "标注人", EN: "By"},
	"rev.register":    {ZH: "过问干预登记", EN: "Interference register"},
	"rev.noentries":   {ZH: "暂无登记", EN: "No entries"},
	"rev.enquirer":    {ZH: "过问人", EN: "Enquired by"},
	"rev.channel":     {ZH: "方式", EN: "Channel"},
	"rev.content":     {ZH: "内容", EN: "Content"},
	"rev.registrar":   {ZH: "登记人", EN: "Registered by"},
	"rev.new":         {ZH: "登记一次过问", EN: "Register an enquiry"},
	"rev.done":        {ZH: "已登记，登记一经记录不得修改或删除。", EN: "Registered; an entry can be neither changed nor deleted."},
	"rev.fixed":       {ZH: "登记只能新增，不能修改或删除（三个规定）。", EN: "The register is append-only (the three provisions)."},
	"rev.open":        {ZH: "打开", EN: "Open"},

	"flag.active":            {ZH: "有效", EN: "active"},
	"flag.removal_requested": {ZH: "申请撤销中", EN: "removal requested"},
	"flag.removed":           {ZH: "已撤销", EN: "removed"},
	"origin.rule":            {ZH: "规则识别", EN: "by rule"},
	"origin.manual":          {ZH: "人工标注", EN: "by hand"},
	"origin.source":          {ZH: "来源系统", EN: "source system"},
	"kind.judgment":          {ZH: "判决书", EN: "judgment"},
	"kind.ruling":            {ZH: "裁定书", EN: "ruling"},
	"kind.mediation":         {ZH: "调解书", EN: "mediation"},
	"reason.four_type":       {ZH: "四类案件", EN: "四类 case"},
	"reason.extended":        {ZH: "延长审限", EN: "time limit extended"},
	"reason.deducted":        {ZH: "扣除审限", EN: "time deducted"},
	"reason.remanded":        {ZH: "发回重审", EN: "remanded"},
	"reason.all":             {ZH: "本院全部文书阅核", EN: "all decisions reviewed"},
	"chan.platform":          {ZH: "平台内", EN: "On the platform"},
	"chan.phone":             {ZH: "电话", EN: "Phone"},
	"chan.in_person":         {ZH: "当面", EN: "In person"},
	"chan.letter":            {ZH: "书面", EN: "Letter"},
	"chan.message":           {ZH: "短信或即时通讯", EN: "Message"},
	"chan.other":             {ZH: "其他", EN: "Other"},

	"measure.reconsider": {ZH: "建议合议庭复议", EN: "Ask the panel to reconsider"},
	"measure.pjm":        {ZH: "提请专业法官会议", EN: "Refer to the professional judges' meeting"},
	"measure.committee":  {ZH: "报请审判委员会", EN: "Refer to the adjudication committee"},
	"result.changed":     {ZH: "改变原意见", EN: "Changed its view"},
	"result.maintained":  {ZH: "维持原意见", EN: "Maintained its view"},
	"outcome.maintain":   {ZH: "维持合议庭意见", EN: "Maintain the panel's view"},
	"outcome.change":     {ZH: "改变合议庭意见", EN: "Change the panel's view"},
	"part.operative":     {ZH: "裁判主文", EN: "Operative part"},
	"part.reasoning":     {ZH: "裁判理由", EN: "Reasoning"},
}

func init() {
	for k, v := range engineLabels {
		labels[k] = v
	}
}

// engineFuncs are the template functions of the engines' pages.
func engineFuncs() template.FuncMap {
	return template.FuncMap{
		"stateName":  stateName,
		"word":       word,
		"actionName": actionName,
		"status":     func(l i18n.Lang, s string) string { return statusText(s).In(l) },
		"yoy":        func(l i18n.Lang, s string) string { return yoyText(s).In(l) },
		"arrow":      arrow,
		"fmtNum":     fmtNum,
		"bound":      bound,
		"query":      queryString,
		"dict":       dict,
		"local":      func(t time.Time) string { return t.In(cst).Format("2006-01-02 15:04") },
		"itoa":       strconv.Itoa,
		"channels":   func() []string { return []string{"phone", "in_person", "letter", "message", "other"} },
		"rowNo":      func(page, size, i int) int { return (page-1)*size + i + 1 },
		"other": func(side string) string {
			if side == "denominator" {
				return "numerator"
			}
			return "denominator"
		},
		"deref": func(f *float64) float64 { return *f },
	}
}

var statusNames = map[string]i18n.Text{
	"in_range": {ZH: "区间内", EN: "in range"}, "below": {ZH: "低于区间", EN: "below range"},
	"above": {ZH: "高于区间", EN: "above range"}, "no_range": {ZH: "无区间", EN: "no range"}, "no_data": {ZH: "无数据", EN: "no data"},
}

var yoyNames = map[string]i18n.Text{
	"improved": {ZH: "趋优", EN: "improved"}, "worsened": {ZH: "趋差", EN: "worsened"}, "flat": {ZH: "持平", EN: "flat"},
	"": {ZH: "不可比", EN: "not comparable"},
}

func statusText(s string) i18n.Text {
	if t, ok := statusNames[s]; ok {
		return t
	}
	return i18n.Text{ZH: s, EN: s}
}

func yoyText(s string) i18n.Text {
	if t, ok := yoyNames[s]; ok {
		return t
	}
	return i18n.Text{ZH: s, EN: s}
}

// stateName names a review state (a flag's state too), taking any string kind so that the
// trail's from and to columns can use it.
func stateName(l i18n.Lang, s any) string {
	var st string
	switch v := s.(type) {
	case qingfeng.ReviewState:
		st = string(v)
	case qingfeng.FlagState:
		st = string(v)
	case string:
		st = v
	}
	if t, ok := review.StateNames[qingfeng.ReviewState(st)]; ok {
		return t.In(l)
	}
	if t, ok := engineLabels["flag."+st]; ok {
		return t.In(l)
	}
	return st
}

// word translates a code of the review pages (a document kind, a reason, an origin, a channel)
// by its prefix, leaving an unknown code as it is.
func word(l i18n.Lang, prefix, code string) string {
	if t, ok := engineLabels[prefix+"."+code]; ok {
		return t.In(l)
	}
	return code
}

func actionName(l i18n.Lang, a review.Action) string {
	if t, ok := review.ActionNames[a]; ok {
		return t.In(l)
	}
	return string(a)
}

// arrow shows which way a value moved on a year earlier.
func arrow(d *float64) string {
	switch {
	case d == nil:
		return ""
	case *d > 0:
		return "↑"
	case *d < 0:
		return "↓"
	}
	return "→"
}

// fmtNum writes a count or a sum without trailing zeros, money to two decimals.
func fmtNum(f float64) string {
	if f == math.Trunc(f) {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

// bound writes one end of a range, or an open end.
func bound(b *float64) string {
	if b == nil {
		return "…"
	}
	return strconv.FormatFloat(*b, 'f', -1, 64)
}

// queryString builds a query string from name, value pairs, leaving out empty values. It is
// typed as a URL so that the template puts it in an href as it is (its values are escaped here)
// rather than escaping its = and & too.
func queryString(kv ...string) template.URL {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	return template.URL(q.Encode())
}

// dict makes a map from name, value pairs, for passing several values to a template.
func dict(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}
