package casenum

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"

	"github.com/qingfeng-court/qingfeng/internal/realdata"
)

// sharedReal locates shared/data/real next to the repository (the directory holding go.mod,
// then ../shared). It skips when that is absent, unless QINGFENG_REQUIRE_SHARED=1.
func sharedReal(t *testing.T) string {
	t.Helper()
	return realdata.Path(t)
}

// spcxTypos maps codes of the SPC standard to the misspelt form spcx.json carries.
var spcxTypos = map[string]string{"0708": "07048"}

// TestSPCCodesAgainstWenshu checks every numeric code of the table against the SPC's own
// 审判程序 dictionary (China Judgements Online): a code that is not there is a typo.
func TestSPCCodesAgainstWenshu(t *testing.T) {
	path := filepath.Join(sharedReal(t), "china_spc_code_tables", "spcx.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Spcx []struct {
			Key  string `json:"key"`
			Code string `json:"code"`
		} `json:"spcx"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	names := map[string]string{}
	for _, e := range doc.Spcx {
		names[e.Code] = e.Key
	}
	if len(names) < 200 {
		t.Fatalf("spcx.json has %d codes; the file is not the one expected", len(names))
	}
	types := Default()
	checked := 0
	for _, code := range types.Codes() {
		info, _ := types.Lookup(code)
		if info.SPCCode == "" {
			continue
		}
		key := info.SPCCode
		if typo, ok := spcxTypos[key]; ok {
			key = typo
		}
		if _, ok := names[key]; !ok {
			t.Errorf("%s: SPC code %s not in spcx.json", code, info.SPCCode)
			continue
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("only %d codes checked", checked)
	}
}

// TestSPCGroupsMatchCategories: the first two digits of an SPC code name its group (01
// jurisdiction … 10 enforcement), which must agree with the category and stage given.
func TestSPCGroupsMatchCategories(t *testing.T) {
	types := Default()
	for _, code := range types.Codes() {
		info, _ := types.Lookup(code)
		if info.SPCCode == "" {
			continue
		}
		group := info.SPCCode[:2]
		ok := true
		switch group {
		case "01":
			ok = info.Stage == qingfeng.StageJurisdiction
		case "02":
			ok = info.Category == qingfeng.CatCriminal
		case "03", "11":
			ok = info.Category == qingfeng.CatCivil
		case "04":
			ok = info.Category == qingfeng.CatAdministrative
		case "05":
			ok = info.Category == qingfeng.CatStateCompensation || strings.HasPrefix(code, "司救")
		case "09":
			ok = info.Category == qingfeng.CatPreservation
		case "10":
			ok = info.Category == qingfeng.CatEnforcement
		}
		if info.Stage == qingfeng.StageJurisdiction && group != "01" {
			ok = false
		}
		if !ok {
			t.Errorf("%s: SPC group %s does not match category %s / stage %s", code, group, info.Category, info.Stage)
		}
	}
}
