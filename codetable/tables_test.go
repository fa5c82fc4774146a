package codetable_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/defs"
)

func embedded(t testing.TB) *codetable.Tables {
	t.Helper()
	tb, err := codetable.Load(defs.Default())
	if err != nil {
		t.Fatalf("embedded tables: %v", err)
	}
	return tb
}

func TestDefaultIsLoadedOnce(t *testing.T) {
	if codetable.Default() != codetable.Default() {
		t.Fatal("Default returned two different tables")
	}
}

// The sizes published with the source (shared/data/real/README.md §2).
func TestCounts(t *testing.T) {
	tb := embedded(t)
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"causes", tb.Causes.Len(), 1741},
		{"closing methods", tb.ClosingMethods.Len(), 231},
		{"procedures", tb.Procedures.Len(), 217},
		{"案件类型", tb.CaseTypes.Len(), 12},
		{"文书类型 (全部 left out)", tb.DocumentTypes.Len(), 7},
		{"法院层级 (全部 left out)", tb.CourtLevels.Len(), 4},
		{"不公开理由", tb.UnpublishedReasons.Len(), 6},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d entries, want %d", c.what, c.got, c.want)
		}
	}
}

func TestWellKnownCauses(t *testing.T) {
	c := embedded(t).Causes
	for code, name := range map[string]string{
		"9015": "离婚纠纷",
		"9178": "金融借款合同纠纷",
		"9181": "民间借贷纠纷",
		"9722": "机动车交通事故责任纠纷",
	} {
		got, ok := c.Lookup(code)
		if !ok || got.Name != name {
			t.Errorf("Lookup(%s) = %+v, %v; want %s", code, got, ok, name)
			continue
		}
		if got.Category != codetable.CauseCivil || c.Category(code) != codetable.CauseCivil {
			t.Errorf("%s %s: category %q, want civil", code, name, got.Category)
		}
		if got.ProjectCategory() != qingfeng.CatCivil {
			t.Errorf("%s: project category %s", code, got.ProjectCategory())
		}
		if p := c.Path(code); len(p) < 2 || p[0].Code != "9000" || p[len(p)-1].Code != code {
			t.Errorf("Path(%s) = %v, want 9000 … %s", code, p, code)
		}
	}
	// 民间借贷纠纷 sits under 借款合同纠纷 under 合同纠纷 in the 2011/2018 scheme.
	p := c.Path("9181")
	if p[len(p)-2].Name != "借款合同纠纷" {
		t.Errorf("9181's parent is %s, want 借款合同纠纷", p[len(p)-2].Name)
	}
	if _, ok := c.Lookup("no-such-code"); ok || c.Path("no-such-code") != nil || c.Category("no-such-code") != "" {
		t.Error("an unknown code resolved")
	}
}

func TestCauseTreeInvariants(t *testing.T) {
	c := embedded(t).Causes
	roots := map[string]string{"1": "刑事案由", "9000": "民事案由", "3200": "执行案由", "2100": "国家赔偿案由", "xzay": "行政案由"}
	gotRoots := c.Children("")
	if len(gotRoots) != len(roots) {
		t.Fatalf("%d roots, want 5: %v", len(gotRoots), gotRoots)
	}
	for _, r := range gotRoots {
		if roots[r.Code] != r.Name {
			t.Errorf("unexpected root %s %s", r.Code, r.Name)
		}
	}
	childCount := len(gotRoots)
	for x := range c.All() {
		if x.Parent != "" {
			if _, ok := c.Lookup(x.Parent); !ok {
				t.Errorf("%s: parent %s missing", x.Code, x.Parent)
			}
		}
		// Path walks the parent links; it must end at a root within Depth steps, which
		// rules out cycles, and each step must be the previous node's parent.
		path := c.Path(x.Code)
		if len(path) != x.Depth+1 || path[0].Parent != "" || roots[path[0].Code] == "" {
			t.Errorf("%s: path %v does not reach a root in depth %d", x.Code, path, x.Depth)
			continue
		}
		for i := 1; i < len(path); i++ {
			if path[i].Parent != path[i-1].Code || path[i].Depth != i {
				t.Errorf("%s: broken path at %s", x.Code, path[i].Code)
			}
		}
		inHistory := slices.ContainsFunc(path, func(p codetable.Cause) bool { return p.Code == "lsay" })
		if inHistory != (x.Category == codetable.CauseHistorical) {
			t.Errorf("%s: category %s, under lsay %v", x.Code, x.Category, inHistory)
		}
		if !inHistory && x.Category != path[0].Category {
			t.Errorf("%s: category %s, root's %s", x.Code, x.Category, path[0].Category)
		}
		kids := c.Children(x.Code)
		childCount += len(kids)
		for _, k := range kids {
			if k.Parent != x.Code {
				t.Errorf("child %s of %s names parent %s", k.Code, x.Code, k.Parent)
			}
		}
	}
	if childCount != c.Len() {
		t.Errorf("roots and children count %d nodes, table has %d", childCount, c.Len())
	}
}

func TestRootCategories(t *testing.T) {
	c := embedded(t).Causes
	for code, want := range map[string]qingfeng.Category{
		"1": qingfeng.CatCriminal, "9000": qingfeng.CatCivil, "3200": qingfeng.CatEnforcement,
		"2100": qingfeng.CatStateCompensation, "xzay": qingfeng.CatAdministrative, "lsay": qingfeng.CatCivil,
	} {
		x, _ := c.Lookup(code)
		if x.ProjectCategory() != want {
			t.Errorf("%s %s: project category %s, want %s", code, x.Name, x.ProjectCategory(), want)
		}
	}
}

func TestClosingMethods(t *testing.T) {
	m := embedded(t).ClosingMethods
	for code, want := range map[string]struct {
		name   string
		method qingfeng.ClosingMethod
	}{
		"70": {"判决", qingfeng.CloseJudgment},
		"75": {"调解", qingfeng.CloseMediation},
		"5":  {"终结本次执行程序", qingfeng.CloseTerminatedThisRound},
		"72": {"驳回起诉", qingfeng.CloseDismissal},
		"73": {"准予撤诉", qingfeng.CloseWithdrawal},
		"3":  {"执行完毕", qingfeng.CloseEnforcementCompleted},
	} {
		got, ok := m.Lookup(code)
		if !ok || got.Name != want.name {
			t.Errorf("Lookup(%s) = %+v, %v; want %s", code, got, ok, want.name)
		}
		if p, ok := m.Project(code); !ok || p != want.method {
			t.Errorf("Project(%s) = %q, %v; want %s", code, p, ok, want.method)
		}
		if byName, ok := m.ByName(want.name); !ok || byName.Code != code {
			t.Errorf("ByName(%s) = %+v, %v; want code %s", want.name, byName, ok, code)
		}
	}
	// Spaces inside a name, as in the published list, do not hide it.
	if got, ok := m.ByName("驳 回监督申请"); !ok || got.Code != "40" {
		t.Errorf("ByName with a stray space = %+v, %v", got, ok)
	}
	if _, ok := m.Project("10"); ok {
		t.Error("10 保全完毕 has no project method, but Project reported one")
	}
}

// A second route to the closing-method mapping: what the SPC names say.
func TestClosingMappingAgreesWithNames(t *testing.T) {
	m := embedded(t).ClosingMethods
	for name, want := range map[string]qingfeng.ClosingMethod{
		"不予受理": qingfeng.CloseDismissal, "按撤诉处理": qingfeng.CloseWithdrawal, "终结执行": qingfeng.CloseTerminated,
		"不予执行": qingfeng.CloseNotEnforced, "与本院其他案件并案审理": qingfeng.CloseCombined,
		"裁定移送其他法院管辖": qingfeng.CloseTransfer, "改判": qingfeng.CloseJudgment, "发回重审": qingfeng.CloseRuling,
		"其他": qingfeng.CloseOther,
	} {
		c, ok := m.ByName(name)
		if !ok || c.Method != want {
			t.Errorf("%s: %+v, %v; want %s", name, c, ok, want)
		}
	}
	for code := range 256 {
		c, ok := m.Lookup(strconv.Itoa(code))
		if !ok {
			continue
		}
		withdraws := strings.Contains(c.Name, "撤回") || strings.Contains(c.Name, "撤诉")
		if withdraws != (c.Method == qingfeng.CloseWithdrawal) {
			t.Errorf("%s %s: method %q, name speaks of withdrawal: %v", c.Code, c.Name, c.Method, withdraws)
		}
		if strings.HasPrefix(c.Name, "判决") && c.Method != qingfeng.CloseJudgment {
			t.Errorf("%s %s: method %q, want judgment", c.Code, c.Name, c.Method)
		}
		if c.Method == qingfeng.CloseMediation && c.Name != "调解" {
			t.Errorf("%s %s mapped to mediation", c.Code, c.Name)
		}
	}
}

func TestProcedureMapping(t *testing.T) {
	p := embedded(t).Procedures
	for code, want := range map[string]struct {
		cat   qingfeng.Category
		stage qingfeng.Stage
	}{
		"0301": {qingfeng.CatCivil, qingfeng.StageFirstInstance},
		"0302": {qingfeng.CatCivil, qingfeng.StageSecondInstance},
		"0201": {qingfeng.CatCriminal, qingfeng.StageFirstInstance},
		"0401": {qingfeng.CatAdministrative, qingfeng.StageFirstInstance},
		"1002": {qingfeng.CatEnforcement, qingfeng.StageEnforcementFirst},
		"1003": {qingfeng.CatEnforcement, qingfeng.StageEnforcementResumed},
		"1006": {qingfeng.CatEnforcement, qingfeng.StageEnforcementObjection},
		"1007": {qingfeng.CatEnforcement, qingfeng.StageEnforcementReview},
		"1008": {qingfeng.CatEnforcement, qingfeng.StageEnforcementSupervision},
		"0901": {qingfeng.CatPreservation, qingfeng.StagePreservation},
		"1004": {qingfeng.CatEnforcement, qingfeng.StagePreservation},
		"0224": {qingfeng.CatCriminal, qingfeng.StageCommutation},
		"0205": {qingfeng.CatCriminal, qingfeng.StagePetitionReview},
		"0305": {qingfeng.CatCivil, qingfeng.StageRetrialReview},
	} {
		cat, stage, ok := p.CategoryStage(code)
		if !ok || cat != want.cat || stage != want.stage {
			t.Errorf("CategoryStage(%s) = %s, %s, %v; want %s/%s", code, cat, stage, ok, want.cat, want.stage)
		}
	}
	for _, code := range []string{"03", "0303", "01", "nope"} {
		if _, _, ok := p.CategoryStage(code); ok {
			t.Errorf("CategoryStage(%s) resolved, but no single stage fits it", code)
		}
	}
}

// A second route to the procedure mapping: what the SPC names say.
func TestProcedureMappingAgreesWithNames(t *testing.T) {
	tb := embedded(t)
	prefixes := []struct {
		prefix string
		cat    qingfeng.Category
	}{{"刑事", qingfeng.CatCriminal}, {"民事", qingfeng.CatCivil}, {"行政赔偿", qingfeng.CatStateCompensation},
		{"行政", qingfeng.CatAdministrative}}
	var walk func(code string)
	walk = func(code string) {
		for _, x := range tb.Procedures.Children(code) {
			for _, pf := range prefixes {
				// 刑事司法救助 and the like are judicial aid, other whatever the field.
				if strings.HasPrefix(x.Name, pf.prefix) && !strings.HasSuffix(x.Name, "司法救助") {
					if x.Category != pf.cat {
						t.Errorf("%s %s: category %s, name says %s", x.Code, x.Name, x.Category, pf.cat)
					}
					break
				}
			}
			switch {
			case strings.HasSuffix(x.Name, "一审") && x.Stage != qingfeng.StageFirstInstance,
				strings.HasSuffix(x.Name, "二审") && x.Stage != qingfeng.StageSecondInstance,
				strings.HasSuffix(x.Name, "再审") && !strings.HasSuffix(x.Name, "审查") && x.Stage != qingfeng.StageRetrial,
				strings.HasSuffix(x.Name, "再审审查") && x.Stage != qingfeng.StageRetrialReview && x.Stage != qingfeng.StagePetitionReview,
				strings.HasPrefix(x.Code, "01") && x.Level > 0 && x.Stage != qingfeng.StageJurisdiction:
				t.Errorf("%s %s: stage %q does not match its name", x.Code, x.Name, x.Stage)
			}
			if x.Stage != "" && x.Category == "" {
				t.Errorf("%s: stage without category", x.Code)
			}
			walk(x.Code)
		}
	}
	walk("")
}

// 案件类型 in misc.yaml and the level-0 procedure codes are the same list from two files.
func TestCaseTypesMatchProcedureCategories(t *testing.T) {
	tb := embedded(t)
	top := tb.Procedures.Children("")
	if len(top) != tb.CaseTypes.Len() {
		t.Fatalf("%d level-0 procedures, %d case types", len(top), tb.CaseTypes.Len())
	}
	for _, x := range top {
		e, ok := tb.CaseTypes.Lookup(x.Code)
		if !ok || e.Name != x.Name || e.Project != string(x.Category) {
			t.Errorf("case type %s: %+v, %v; procedure says %s %s", x.Code, e, ok, x.Name, x.Category)
		}
		cat, ok := tb.CaseTypeCategory(x.Code)
		if ok != (x.Category != "") || cat != x.Category {
			t.Errorf("CaseTypeCategory(%s) = %s, %v", x.Code, cat, ok)
		}
	}
}

func TestCourtLevelsAndDocuments(t *testing.T) {
	tb := embedded(t)
	for code, want := range map[string]qingfeng.CourtLevel{"1": qingfeng.LevelSupreme, "2": qingfeng.LevelHigh,
		"3": qingfeng.LevelIntermediate, "4": qingfeng.LevelBasic} {
		if got, ok := tb.CourtLevel(code); !ok || got != want {
			t.Errorf("CourtLevel(%s) = %s, %v; want %s", code, got, ok, want)
		}
	}
	if _, ok := tb.CourtLevel("0"); ok {
		t.Error("0 全部 is a search filter, not a level")
	}
	for code, name := range map[string]string{"01": "判决书", "02": "裁定书", "03": "调解书"} {
		if e, ok := tb.DocumentTypes.Lookup(code); !ok || e.Name != name {
			t.Errorf("document type %s = %+v, %v; want %s", code, e, ok, name)
		}
	}
}
