package casenum

import (
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

// publicCase is a case number copied as printed in a public judgment text (or an official page
// quoting it), with the page it was read on, and the parse it must have. Stage is checked where
// given. Numbers are as the page prints them — half-width brackets, a missing 号, traditional
// characters of a machine-converted copy — because that is how they reach Qingfeng.
type publicCase struct {
	in     string
	want   Number
	stage  qingfeng.Stage
	source string
}

// Pages the numbers were read on. China Judgements Online itself cannot be linked to a
// document; these pages reproduce its text or an official release.
const (
	srcSZZY   = "m.cbi360.net/hhb/sg_3357256/fy_22468385.html (深圳中院 (2019)粤03民再205号 民事判决书, from China Judgements Online)"
	srcSPCZX  = "m.cbi360.net/hhb/sg_534164/fy_23936431.html (最高人民法院 (2021)最高法执监344号 执行裁定书, from China Judgements Online)"
	srcIPC    = "ipc.court.gov.cn/zh-cn/news/view-1827.html (最高人民法院知识产权法庭, 精品裁判 (2021)最高法知行终93号)"
	srcZXYY   = "wxredian.com/art?id=8a563388b381583504d626a8d7a1a5bc (案外人执行异议之诉案例汇编, 案号 lines)"
	srcQHGY   = "hfyee.cn/h-nd-9216.html (青海高院 (2020)青行终103号 行政判决书)"
	srcBJGY   = "yuanyulai.blog.caixin.com/archives/206727 (北京高院 (2019)京行赔终40 行政赔偿判决书, as printed: no 号)"
	srcNTZY   = "bjknxz.com/gjpc/33753566071.html (南通中院 (2022)苏06行终741号 行政判决书)"
	srcLGY    = "freewechat.com/a/MzIwMDE1MjE0MQ==/2649144219/2 (最高法百篇行政判例, 案件索引)"
	srcGSFY   = "hfcsca.live/Show/46394 (甘肃法院网: (2018)甘行终637号 行政判决)"
	srcSYZY   = "1693k3512r.imwork.net/JusRepos/ui/view/CasesDetail.aspx?inkid=9100 (沈阳中院 二审行政判决书)"
	srcPCSC   = "yundiyx.com/show-22-550-1.html (最高法院典型案例 申请破产清算案, traditional-character copy)"
	srcHZZY   = "lawking.com.cn/Index/show/catid/252/id/6555.html (惠州中院 二审刑事裁定书)"
	srcSYJK   = "xsba.vip/xsal/rmsf/2015-2018/rmsf201620058.htm (人民司法 疑罪从无案例, □案号)"
	srcNSB    = "quda100.com/jinriredian/20161202142744.html (新华社: 最高人民法院再审改判聂树斌无罪)"
	srcYuHuan = "news.shm.com.cn/2017-05/30/content_4616341.htm (山东省检察院 于欢案上诉案件出庭检察员意见书)"
)

// publicGold: the forms of 法〔2015〕137号 and its 2018 revision (court code of 0, 2 or 4 digits
// after the province, 最高法, specialised prefix 知, 之N) and the old forms before 2016 (court
// abbreviation, type text with division numbers, 字第), as real judgments print them.
var publicGold = []publicCase{
	// New style: civil.
	{"(2019)粤03民再205号", Number{Year: 2019, Court: "粤03", Type: "民再", Serial: 205}, qingfeng.StageRetrial, srcSZZY},
	{"(2018)粤03民终10960号", Number{Year: 2018, Court: "粤03", Type: "民终", Serial: 10960}, qingfeng.StageSecondInstance, srcSZZY},
	{"(2018)粤民申9812号", Number{Year: 2018, Court: "粤", Type: "民申", Serial: 9812}, qingfeng.StageRetrialReview, srcSZZY},
	{"(2020)津民初101号", Number{Year: 2020, Court: "津", Type: "民初", Serial: 101}, qingfeng.StageFirstInstance, srcZXYY},
	{"(2021)最高法民终581号", Number{Year: 2021, Court: "最高法", Type: "民终", Serial: 581}, qingfeng.StageSecondInstance, srcZXYY},
	{"(2017)黑民初209号", Number{Year: 2017, Court: "黑", Type: "民初", Serial: 209}, "", srcZXYY},
	{"(2019)最高法民终1429号", Number{Year: 2019, Court: "最高法", Type: "民终", Serial: 1429}, "", srcZXYY},
	{"(2016)粤01民初556号", Number{Year: 2016, Court: "粤01", Type: "民初", Serial: 556}, "", srcZXYY},
	{"(2018)粤民终754号", Number{Year: 2018, Court: "粤", Type: "民终", Serial: 754}, "", srcZXYY},
	{"(2020)最高法民申1586号", Number{Year: 2020, Court: "最高法", Type: "民申", Serial: 1586}, qingfeng.StageRetrialReview, srcZXYY},
	// New style: enforcement.
	{"(2021)最高法执监344号", Number{Year: 2021, Court: "最高法", Type: "执监", Serial: 344}, qingfeng.StageEnforcementSupervision, srcSPCZX},
	{"(2020)湘执复244号", Number{Year: 2020, Court: "湘", Type: "执复", Serial: 244}, qingfeng.StageEnforcementReview, srcSPCZX},
	{"(2018)湘01执12号", Number{Year: 2018, Court: "湘01", Type: "执", Serial: 12}, qingfeng.StageEnforcementFirst, srcSPCZX},
	// New style: administrative, state compensation, the IP court and the IP tribunal prefix.
	{"(2021)最高法知行终93号", Number{Year: 2021, Court: "最高法", Type: "知行终", Serial: 93}, qingfeng.StageSecondInstance, srcIPC},
	{"(2020)京73行初7143号", Number{Year: 2020, Court: "京73", Type: "行初", Serial: 7143}, qingfeng.StageFirstInstance, srcIPC},
	{"(2020)青行终103号", Number{Year: 2020, Court: "青", Type: "行终", Serial: 103}, qingfeng.StageSecondInstance, srcQHGY},
	{"(2019)青02行初91号", Number{Year: 2019, Court: "青02", Type: "行初", Serial: 91}, "", srcQHGY},
	{"(2019)青02行初67号", Number{Year: 2019, Court: "青02", Type: "行初", Serial: 67}, "", srcQHGY},
	{"(2019)京行赔终40", Number{Year: 2019, Court: "京", Type: "行赔终", Serial: 40}, qingfeng.StageSecondInstance, srcBJGY},
	{"(2022)苏06行终741号", Number{Year: 2022, Court: "苏06", Type: "行终", Serial: 741}, "", srcNTZY},
	{"(2018)最高法行申2971号", Number{Year: 2018, Court: "最高法", Type: "行申", Serial: 2971}, qingfeng.StageRetrialReview, srcLGY},
	{"(2018)甘行终637号", Number{Year: 2018, Court: "甘", Type: "行终", Serial: 637}, "", srcGSFY},
	{"(2016)辽0102行初2号", Number{Year: 2016, Court: "辽0102", Type: "行初", Serial: 2}, "", srcSYZY},
	// New style: criminal.
	{"(2016)鲁15刑初33号", Number{Year: 2016, Court: "鲁15", Type: "刑初", Serial: 33}, qingfeng.StageFirstInstance, srcYuHuan},
	// New style from a traditional-character copy: 魯 → 鲁, 終 → 终, 號 → 号.
	{"(2018)魯06破申4號", Number{Year: 2018, Court: "鲁06", Type: "破申", Serial: 4}, "", srcPCSC},
	{"(2018)魯民終1873號", Number{Year: 2018, Court: "鲁", Type: "民终", Serial: 1873}, qingfeng.StageSecondInstance, srcPCSC},
	{"(2019)最高法民申3125號", Number{Year: 2019, Court: "最高法", Type: "民申", Serial: 3125}, "", srcPCSC},
	// Old style (before 2016).
	{"(2000)魯經終字第62號", Number{Year: 2000, Court: "鲁", Type: "经终", Serial: 62, Legacy: true}, "", srcPCSC},
	{"(2015)惠中法刑二终字第294号", Number{Year: 2015, Court: "惠中法", Type: "刑二终", Serial: 294, Legacy: true}, qingfeng.StageSecondInstance, srcHZZY},
	{"(2011)经开刑初字第216号", Number{Year: 2011, Court: "经开", Type: "刑初", Serial: 216, Legacy: true}, qingfeng.StageFirstInstance, srcSYJK},
	{"(2013)沈刑二终字第230号", Number{Year: 2013, Court: "沈", Type: "刑二终", Serial: 230, Legacy: true}, "", srcSYJK},
	{"(1995)石刑初字第53号", Number{Year: 1995, Court: "石", Type: "刑初", Serial: 53, Legacy: true}, qingfeng.StageFirstInstance, srcNSB},
	{"(1995)冀刑一终字第129号", Number{Year: 1995, Court: "冀", Type: "刑一终", Serial: 129, Legacy: true}, qingfeng.StageSecondInstance, srcNSB},
}

func TestPublicGoldSet(t *testing.T) {
	types := Default()
	for _, c := range publicGold {
		got, err := types.Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q) [%s]: %v", c.in, c.source, err)
			continue
		}
		if got != c.want {
			t.Errorf("Parse(%q) = %#v, want %#v [%s]", c.in, got, c.want, c.source)
		}
		if c.stage != "" {
			if s := got.Stage(types); s != c.stage {
				t.Errorf("Parse(%q).Stage = %s, want %s [%s]", c.in, s, c.stage, c.source)
			}
		}
		if again, err := types.Parse(got.String()); err != nil || again != got {
			t.Errorf("Parse(%q).String() = %q does not read back: %#v, %v", c.in, got.String(), again, err)
		}
	}
}

// TestPublicNonNumbers: strings printed next to case numbers in the same texts, which a
// case-number field must refuse with the right reason.
func TestPublicNonNumbers(t *testing.T) {
	cases := []struct{ in, code, source string }{
		// The page prints the court's earlier remand ruling without its serial.
		{"(2019)青行终号", CodeFormat, srcQHGY},
		// The procuratorate's indictment number beside the court's judgment number.
		{"聊检公二刑诉〔2016〕32号", CodeDocumentNumber, srcYuHuan},
	}
	for _, c := range cases {
		_, err := Default().Parse(c.in)
		e, ok := err.(*Error)
		if !ok || e.Code != c.code {
			t.Errorf("Parse(%q) = %v, want %s [%s]", c.in, err, c.code, c.source)
		}
	}
}
