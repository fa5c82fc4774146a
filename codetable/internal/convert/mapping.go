package main

// Qingfeng's additions: how SPC codes map onto the enumerations of the domain package
// (/enum.go). None of this is the SPC's; it is written into the YAML files as project_…
// fields and a cause's category.

// causeRoots names the category of each root of the 案由 tree.
var causeRoots = map[string]string{
	"1":    "criminal",
	"9000": "civil",
	"3200": "enforcement",
	"2100": "state_compensation",
	"xzay": "administrative",
}

// historicalBranch is the 2008–2011 causes kept under 民事案由; it and everything under it
// is categorised historical.
const historicalBranch = "lsay"

// closingMethods maps SPC 结案方式 codes to Qingfeng's closing methods. The rule: the specific
// methods (judgment, mediation, withdrawal, dismissal, transfer, combined and the enforcement
// outcomes) where the SPC name says so; ruling for other dispositions the law makes by 裁定;
// nothing for those made by 决定 or 通知, for preservation outcomes and for internal steps
// (报请, 指令, 备案 …), as Qingfeng has no method that fits them. 255 其他 is other.
var closingMethods = map[string]string{
	"1": "not_enforced", "2": "ruling", "3": "enforcement_completed", "4": "terminated",
	"5": "terminated_this_round", "7": "dismissal", "8": "dismissal", "9": "terminated_this_round",
	"14": "withdrawal", "15": "withdrawal", "16": "ruling", "17": "ruling", "18": "ruling", "19": "ruling",
	"20": "ruling", "21": "dismissal", "24": "ruling", "25": "ruling", "26": "ruling",
	"29": "ruling", "30": "ruling", "31": "ruling", "32": "ruling", "33": "ruling", "34": "ruling",
	"35": "ruling", "36": "withdrawal", "39": "withdrawal", "42": "ruling", "44": "transfer",
	"45": "ruling", "47": "withdrawal", "52": "ruling", "56": "withdrawal",
	"64": "ruling", "65": "transfer", "66": "ruling", "67": "withdrawal", "68": "withdrawal",
	"69": "ruling", "70": "judgment", "71": "dismissal", "72": "dismissal", "73": "withdrawal",
	"74": "withdrawal", "75": "mediation", "76": "transfer", "77": "transfer", "78": "transfer",
	"79": "combined", "80": "transfer", "81": "judgment", "82": "ruling", "83": "ruling", "84": "ruling",
	"85": "ruling", "86": "transfer", "87": "ruling", "88": "ruling", "89": "ruling", "90": "ruling",
	"91": "ruling", "92": "withdrawal", "93": "withdrawal", "94": "withdrawal", "95": "transfer",
	"96": "ruling", "99": "dismissal", "100": "dismissal", "101": "withdrawal", "108": "dismissal",
	"116": "withdrawal", "117": "withdrawal", "119": "ruling", "120": "ruling", "121": "ruling",
	"122": "ruling", "123": "ruling", "124": "ruling", "125": "withdrawal", "126": "withdrawal",
	"129": "transfer", "130": "transfer", "132": "judgment", "133": "judgment", "134": "judgment",
	"135": "judgment", "136": "combined", "137": "judgment", "138": "ruling", "139": "judgment",
	"140": "judgment", "141": "judgment", "142": "judgment", "143": "judgment", "144": "ruling",
	"145": "ruling", "146": "judgment", "147": "judgment", "148": "judgment", "149": "judgment",
	"150": "judgment", "151": "judgment", "152": "ruling", "153": "judgment", "154": "withdrawal",
	"155": "withdrawal", "156": "judgment", "157": "judgment", "158": "judgment", "159": "judgment",
	"160": "ruling", "161": "ruling", "162": "transfer", "163": "ruling", "165": "ruling",
	"166": "ruling", "167": "ruling", "168": "ruling", "169": "ruling", "170": "judgment",
	"174": "judgment", "175": "ruling", "177": "ruling", "179": "ruling", "180": "ruling",
	"181": "ruling", "182": "ruling", "183": "ruling", "184": "ruling", "185": "ruling",
	"186": "ruling", "188": "withdrawal", "192": "ruling", "193": "ruling", "194": "ruling",
	"195": "ruling", "196": "ruling", "197": "judgment", "201": "ruling", "206": "withdrawal",
	"207": "ruling", "211": "ruling", "212": "ruling", "213": "ruling", "215": "ruling",
	"216": "ruling", "217": "ruling", "218": "ruling", "219": "withdrawal", "220": "ruling",
	"221": "ruling", "226": "withdrawal", "255": "other",
}

// procedureSpan gives the category and stage of the procedure codes from first to last, in
// the order of the source list (which is not numeric order: 07048 sits between 0707 and 0709).
// An empty stage marks a case category or a group whose members differ in stage.
type procedureSpan struct {
	first, last     string
	category, stage string
}

// procedureSpans covers the list in order; a code outside every span gets no mapping (only
// 01 管辖案件, whose members belong to several categories). Choices worth knowing:
//   - 刑事申诉再审审查 (刑申) is petition_review, as criminal law knows 申诉 (刑诉法 Art. 252);
//     the civil, administrative and 行政赔偿 counterparts are 申请再审 and so retrial_review.
//   - 民事特别程序 cases (民特) are first_instance, tried under the special procedure.
//   - 刑罚与执行变更 (刑更) with its supervision and filing is commutation.
//   - 司法赔偿监督审查 and 赔偿确认申诉审查 are petition_review; the 赔偿委员会重审 codes retrial.
//   - 财产保全执行 (执保) is an enforcement case at the preservation stage; the 非诉保全
//     reviews are preservation in both.
//   - 强制清算与破产 is civil; its appeals are second_instance.
//   - 司法救助, 区际/国际司法协助, 司法制裁 and 其他案件 are other.
var procedureSpans = []procedureSpan{
	{"0101", "0103", "criminal", "jurisdiction"},
	{"0104", "0110", "civil", "jurisdiction"},
	{"0111", "0114", "administrative", "jurisdiction"},
	{"0115", "0119", "state_compensation", "jurisdiction"},
	{"02", "02", "criminal", ""},
	{"0201", "0201", "criminal", "first_instance"},
	{"0202", "0202", "criminal", "second_instance"},
	{"0203", "0203", "criminal", ""},
	{"0204", "0204", "criminal", "retrial_review"},
	{"0205", "0205", "criminal", "petition_review"},
	{"0206", "0206", "criminal", "retrial_review"},
	{"0207", "0207", "criminal", "retrial"},
	{"0208", "0222", "criminal", "other"},
	{"0223", "0223", "criminal", "commutation"},
	{"0224", "0226", "criminal", "commutation"},
	{"0227", "0232", "criminal", "other"},
	{"03", "03", "civil", ""},
	{"0301", "0301", "civil", "first_instance"},
	{"0302", "0302", "civil", "second_instance"},
	{"0303", "0303", "civil", ""},
	{"0304", "0306", "civil", "retrial_review"},
	{"0307", "0307", "civil", "retrial"},
	{"0308", "0308", "civil", "first_instance"},
	{"0309", "0309", "civil", ""},
	{"0310", "0322", "civil", "first_instance"},
	{"0323", "0333", "civil", "other"},
	{"04", "04", "administrative", ""},
	{"0401", "0401", "administrative", "first_instance"},
	{"0402", "0402", "administrative", "second_instance"},
	{"0403", "0403", "administrative", ""},
	{"0404", "0406", "administrative", "retrial_review"},
	{"0407", "0407", "administrative", "retrial"},
	{"0408", "0411", "administrative", "other"},
	{"05", "0501", "state_compensation", ""},
	{"0502", "0502", "state_compensation", "first_instance"},
	{"0503", "0503", "state_compensation", "second_instance"},
	{"0504", "0506", "state_compensation", "retrial_review"},
	{"0507", "0507", "state_compensation", "retrial"},
	{"0508", "0508", "state_compensation", "other"},
	{"0509", "0509", "state_compensation", ""},
	{"0510", "0511", "state_compensation", "other"},
	{"0512", "0513", "state_compensation", "petition_review"},
	{"0514", "0515", "state_compensation", "retrial"},
	{"0516", "0516", "state_compensation", "other"},
	{"0517", "0524", "other", "other"},
	{"06", "0804", "other", "other"},
	{"09", "0904", "preservation", "preservation"},
	{"10", "1001", "enforcement", ""},
	{"1002", "1002", "enforcement", "enforcement_first"},
	{"1003", "1003", "enforcement", "enforcement_resumed"},
	{"1004", "1004", "enforcement", "preservation"},
	{"1005", "1005", "enforcement", ""},
	{"1006", "1006", "enforcement", "enforcement_objection"},
	{"1007", "1007", "enforcement", "enforcement_review"},
	{"1008", "1008", "enforcement", "enforcement_supervision"},
	{"1009", "1010", "enforcement", "other"},
	{"11", "11", "civil", ""},
	{"1101", "1103", "civil", "other"},
	{"1104", "1106", "civil", "second_instance"},
	{"1107", "1114", "civil", "other"},
	{"99", "9999", "other", "other"},
}

// courtLevels maps the 法院层级 codes to Qingfeng's court levels.
var courtLevels = map[string]string{"1": "supreme", "2": "high", "3": "intermediate", "4": "basic"}
