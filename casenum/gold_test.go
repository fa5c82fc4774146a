package casenum

import (
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

// goldCase is a case number as found in the wild and what it must read as. Stage is checked
// only where given.
type goldCase struct {
	in     string
	want   Number
	stage  qingfeng.Stage
	reason string
}

// goldSet: real published numbers (most cited in defs/casetypes/*.yaml or by court websites) and
// the spelling variants clerks and scanners produce.
var goldSet = []goldCase{
	// New style, every category.
	{in: "（2024）闽0102民初1234号", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 1234}, stage: qingfeng.StageFirstInstance},
	{in: "（2017）京04民终367号", want: Number{Year: 2017, Court: "京04", Type: "民终", Serial: 367}, stage: qingfeng.StageSecondInstance},
	{in: "（2016）鄂0102刑初1223号", want: Number{Year: 2016, Court: "鄂0102", Type: "刑初", Serial: 1223}, stage: qingfeng.StageFirstInstance},
	{in: "（2018）川34刑更2110号", want: Number{Year: 2018, Court: "川34", Type: "刑更", Serial: 2110}, stage: qingfeng.StageCommutation},
	{in: "（2018）沪01民辖终1797号", want: Number{Year: 2018, Court: "沪01", Type: "民辖终", Serial: 1797}, stage: qingfeng.StageJurisdiction},
	{in: "（2018）沪01民特582号", want: Number{Year: 2018, Court: "沪01", Type: "民特", Serial: 582}},
	{in: "（2017）沪01认台3号之一", want: Number{Year: 2017, Court: "沪01", Type: "认台", Serial: 3, Sub: 1}},
	{in: "（2018）沪01行初100号", want: Number{Year: 2018, Court: "沪01", Type: "行初", Serial: 100}, stage: qingfeng.StageFirstInstance},
	{in: "（2018）沪01协外认16号", want: Number{Year: 2018, Court: "沪01", Type: "协外认", Serial: 16}},
	{in: "（2018）沪01民初937号之三", want: Number{Year: 2018, Court: "沪01", Type: "民初", Serial: 937, Sub: 3}},
	{in: "（2018）沪01民再77号", want: Number{Year: 2018, Court: "沪01", Type: "民再", Serial: 77}, stage: qingfeng.StageRetrial},
	{in: "（2018）沪02执复23号", want: Number{Year: 2018, Court: "沪02", Type: "执复", Serial: 23}, stage: qingfeng.StageEnforcementReview},
	{in: "（2018）沪01执异6号", want: Number{Year: 2018, Court: "沪01", Type: "执异", Serial: 6}, stage: qingfeng.StageEnforcementObjection},
	{in: "（2016）最高法民申123号", want: Number{Year: 2016, Court: "最高法", Type: "民申", Serial: 123}, stage: qingfeng.StageRetrialReview},
	{in: "（2024）最高法行申100号", want: Number{Year: 2024, Court: "最高法", Type: "行申", Serial: 100}, stage: qingfeng.StageRetrialReview},
	{in: "（2020）最高法刑核12345678号", want: Number{Year: 2020, Court: "最高法", Type: "刑核", Serial: 12345678}, reason: "eight-digit review serial"},
	{in: "（2024）最高法委赔监12号", want: Number{Year: 2024, Court: "最高法", Type: "委赔监", Serial: 12}, stage: qingfeng.StagePetitionReview},
	{in: "（2024）闽0102刑申3号", want: Number{Year: 2024, Court: "闽0102", Type: "刑申", Serial: 3}, stage: qingfeng.StagePetitionReview},
	{in: "（2024）闽01刑抗1号", want: Number{Year: 2024, Court: "闽01", Type: "刑抗", Serial: 1}, stage: qingfeng.StageRetrialReview},
	{in: "（2024）闽0102刑辖1号", want: Number{Year: 2024, Court: "闽0102", Type: "刑辖", Serial: 1}, stage: qingfeng.StageJurisdiction},
	{in: "（2024）粤03刑医1号", want: Number{Year: 2024, Court: "粤03", Type: "刑医", Serial: 1}},
	{in: "（2024）粤03刑没1号", want: Number{Year: 2024, Court: "粤03", Type: "刑没", Serial: 1}},
	{in: "（2024）粤0306执12号", want: Number{Year: 2024, Court: "粤0306", Type: "执", Serial: 12}, stage: qingfeng.StageEnforcementFirst},
	{in: "（2024）粤0306执恢12号", want: Number{Year: 2024, Court: "粤0306", Type: "执恢", Serial: 12}, stage: qingfeng.StageEnforcementResumed},
	{in: "（2024）粤0306执保12号", want: Number{Year: 2024, Court: "粤0306", Type: "执保", Serial: 12}, stage: qingfeng.StagePreservation},
	{in: "（2024）闽0102执监12号", want: Number{Year: 2024, Court: "闽0102", Type: "执监", Serial: 12}, stage: qingfeng.StageEnforcementSupervision},
	{in: "（2024）粤0306财保12号", want: Number{Year: 2024, Court: "粤0306", Type: "财保", Serial: 12}, stage: qingfeng.StagePreservation},
	{in: "（2024）粤0306证保1号", want: Number{Year: 2024, Court: "粤0306", Type: "证保", Serial: 1}, stage: qingfeng.StagePreservation},
	{in: "（2024）粤03行审12号", want: Number{Year: 2024, Court: "粤03", Type: "行审", Serial: 12}},
	{in: "（2024）粤03行审复2号", want: Number{Year: 2024, Court: "粤03", Type: "行审复", Serial: 2}},
	{in: "（2024）粤03行赔初1号", want: Number{Year: 2024, Court: "粤03", Type: "行赔初", Serial: 1}, stage: qingfeng.StageFirstInstance},
	{in: "（2024）粤委赔1号", want: Number{Year: 2024, Court: "粤", Type: "委赔", Serial: 1}},
	{in: "（2024）粤0306司救民1号", want: Number{Year: 2024, Court: "粤0306", Type: "司救民", Serial: 1}},
	{in: "（2024）闽司惩1号", want: Number{Year: 2024, Court: "闽", Type: "司惩", Serial: 1}},
	{in: "（2024）粤03破申5号", want: Number{Year: 2024, Court: "粤03", Type: "破申", Serial: 5}},
	{in: "（2024）粤03破12号", want: Number{Year: 2024, Court: "粤03", Type: "破", Serial: 12}},
	{in: "（2024）粤03强清1号", want: Number{Year: 2024, Court: "粤03", Type: "强清", Serial: 1}},
	{in: "（2024）粤0306民督100号", want: Number{Year: 2024, Court: "粤0306", Type: "民督", Serial: 100}},
	{in: "（2024）粤0306民催3号", want: Number{Year: 2024, Court: "粤0306", Type: "民催", Serial: 3}},
	{in: "（2024）粤0306民撤2号", want: Number{Year: 2024, Court: "粤0306", Type: "民撤", Serial: 2}, stage: qingfeng.StageFirstInstance},
	{in: "（2021）川0104民诉前调801号", want: Number{Year: 2021, Court: "川0104", Type: "民诉前调", Serial: 801}, reason: "observed code"},
	// Specialised-trial prefix (2018 revision).
	{in: "（2019）最高法知民终1号", want: Number{Year: 2019, Court: "最高法", Type: "知民终", Serial: 1}, stage: qingfeng.StageSecondInstance},
	{in: "（2021）最高法知民终2270号", want: Number{Year: 2021, Court: "最高法", Type: "知民终", Serial: 2270}},
	{in: "（2020）浙01知民初277号", want: Number{Year: 2020, Court: "浙01", Type: "知民初", Serial: 277}, stage: qingfeng.StageFirstInstance},
	{in: "（2025）吉01知民初64号", want: Number{Year: 2025, Court: "吉01", Type: "知民初", Serial: 64}},
	{in: "（2021）最高法知行终5号", want: Number{Year: 2021, Court: "最高法", Type: "知行终", Serial: 5}},
	// Courts: high, specialised, XPCC, military.
	{in: "（2024）闽民终12号", want: Number{Year: 2024, Court: "闽", Type: "民终", Serial: 12}},
	{in: "（2024）京73民初1号", want: Number{Year: 2024, Court: "京73", Type: "民初", Serial: 1}},
	{in: "（2024）沪72民初100号", want: Number{Year: 2024, Court: "沪72", Type: "民初", Serial: 100}},
	{in: "（2024）京7101刑初5号", want: Number{Year: 2024, Court: "京7101", Type: "刑初", Serial: 5}},
	{in: "（2023）津8601民初22号", want: Number{Year: 2023, Court: "津8601", Type: "民初", Serial: 22}},
	{in: "（2022）黑8101民初3号", want: Number{Year: 2022, Court: "黑8101", Type: "民初", Serial: 3}},
	{in: "（2022）兵0101民初9号", want: Number{Year: 2022, Court: "兵0101", Type: "民初", Serial: 9}},
	{in: "（2022）兵9001刑初9号", want: Number{Year: 2022, Court: "兵9001", Type: "刑初", Serial: 9}},
	{in: "（2022）军刑终1号", want: Number{Year: 2022, Court: "军", Type: "刑终", Serial: 1}},
	{in: "（2024）新40民终12号", want: Number{Year: 2024, Court: "新40", Type: "民终", Serial: 12}},
	{in: "（2024）内0102民初1号", want: Number{Year: 2024, Court: "内0102", Type: "民初", Serial: 1}},
	{in: "（2024）黔01民终1号", want: Number{Year: 2024, Court: "黔01", Type: "民终", Serial: 1}},
	{in: "（2024）云01民终1号", want: Number{Year: 2024, Court: "云01", Type: "民终", Serial: 1}},
	// Spelling variants.
	{in: "(2021)沪0115执1234号", want: Number{Year: 2021, Court: "沪0115", Type: "执", Serial: 1234}, reason: "half-width brackets"},
	{in: "(2023)京0105民初4567号", want: Number{Year: 2023, Court: "京0105", Type: "民初", Serial: 4567}},
	{in: "（２０２４）闽０１０２民初１２３４号", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 1234}, reason: "full-width digits"},
	{in: " ( 2024 ) 闽 0102 民初 1234 号 ", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 1234}, reason: "spaces"},
	{in: "（2024）\u3000闽0102\t民初1234号", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 1234}, reason: "ideographic space and tab"},
	{in: "（2024）闽0102民初00310号", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 310}, reason: "leading zeros"},
	{in: "（2024）闽0102民初310号之2", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 310, Sub: 2}, reason: "ASCII 之N"},
	{in: "（2024）闽0102民初310号之十", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 310, Sub: 10}},
	{in: "（2024）闽0102民初310号之二十", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 310, Sub: 20}},
	{in: "（2024）闽0102民初310号之九十九", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 310, Sub: 99}},
	{in: "（2024）闽0102民初310号 之 十二", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 310, Sub: 12}},
	{in: "（2024）闽0102民初310之三", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 310, Sub: 3}, reason: "号 missing before 之N"},
	{in: "（2024）闽0102民初310", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 310}, reason: "号 missing"},
	{in: "（2024）闽0102民初第1234号", want: Number{Year: 2024, Court: "闽0102", Type: "民初", Serial: 1234}, reason: "stray 第 in a new-style number"},
	// Legacy (before 2016).
	{in: "（2010）鼓民初字第123号", want: Number{Year: 2010, Court: "鼓", Type: "民初", Serial: 123, Legacy: true}, stage: qingfeng.StageFirstInstance},
	{in: "(2008)榕民终字第1234号", want: Number{Year: 2008, Court: "榕", Type: "民终", Serial: 1234, Legacy: true}, stage: qingfeng.StageSecondInstance},
	{in: "（2005）民一终字第12号", want: Number{Year: 2005, Type: "民一终", Serial: 12, Legacy: true}, stage: qingfeng.StageSecondInstance, reason: "SPC, no court abbreviation"},
	{in: "（2014）民一终字第174号", want: Number{Year: 2014, Type: "民一终", Serial: 174, Legacy: true}},
	{in: "（2007）民三终字第4号", want: Number{Year: 2007, Type: "民三终", Serial: 4, Legacy: true}},
	{in: "（2005）沪高民三（知）终字第36号", want: Number{Year: 2005, Court: "沪高", Type: "民三（知）终", Serial: 36, Legacy: true}, stage: qingfeng.StageSecondInstance},
	{in: "（2005）沪高民三(知)终字第36号", want: Number{Year: 2005, Court: "沪高", Type: "民三（知）终", Serial: 36, Legacy: true}, reason: "half-width inner brackets"},
	{in: "（2015）沪一中民保字第7号之一", want: Number{Year: 2015, Court: "沪一中", Type: "民保", Serial: 7, Sub: 1, Legacy: true}, stage: qingfeng.StagePreservation},
	{in: "（2012）海行初字第12号", want: Number{Year: 2012, Court: "海", Type: "行初", Serial: 12, Legacy: true}},
	{in: "（2010）鼓执字第123号", want: Number{Year: 2010, Court: "鼓", Type: "执", Serial: 123, Legacy: true}, stage: qingfeng.StageEnforcementFirst},
	{in: "（2012）民提字第1号", want: Number{Year: 2012, Type: "民提", Serial: 1, Legacy: true}, stage: qingfeng.StageRetrial},
	{in: "（2010）鼓民初字123号", want: Number{Year: 2010, Court: "鼓", Type: "民初", Serial: 123, Legacy: true}, reason: "字 without 第"},
	{in: "（2008）榕民终第1234号", want: Number{Year: 2008, Court: "榕", Type: "民终", Serial: 1234, Legacy: true}, reason: "第 without 字, not readable as new style"},
	{in: "（1998）民终字第0012号", want: Number{Year: 1998, Type: "民终", Serial: 12, Legacy: true}},
}

func TestGoldSet(t *testing.T) {
	if len(goldSet) < 60 {
		t.Fatalf("gold set has %d cases, want at least 60", len(goldSet))
	}
	types := Default()
	for _, c := range goldSet {
		got, err := types.Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q) %s: %v", c.in, c.reason, err)
			continue
		}
		if got != c.want {
			t.Errorf("Parse(%q) %s = %#v, want %#v", c.in, c.reason, got, c.want)
		}
		if c.stage != "" {
			if s := got.Stage(types); s != c.stage {
				t.Errorf("Parse(%q).Stage = %s, want %s", c.in, s, c.stage)
			}
		}
	}
}

// TestGoldSetNormalForm checks the normalised spelling: full-width brackets, ASCII digits, no
// spaces, 之N in Chinese numerals, and Normalize agreeing with Parse + String.
func TestGoldSetNormalForm(t *testing.T) {
	for _, c := range goldSet {
		got, err := Normalize(c.in)
		if err != nil {
			t.Errorf("Normalize(%q): %v", c.in, err)
			continue
		}
		for _, bad := range []string{"(", ")", " ", "\u3000", "０", "５", "９"} {
			if strings.Contains(got, bad) {
				t.Errorf("Normalize(%q) = %q contains %q", c.in, got, bad)
			}
		}
		if again, err := Normalize(got); err != nil || again != got {
			t.Errorf("Normalize(%q) = %q, but normalising that gives %q, %v", c.in, got, again, err)
		}
	}
	if got, _ := Normalize("(2024)闽0102民初00310号之2"); got != "（2024）闽0102民初310号之二" {
		t.Errorf("Normalize = %q", got)
	}
}
