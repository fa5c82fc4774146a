package casenum

import (
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

func TestLevel(t *testing.T) {
	cases := []struct {
		code string
		want qingfeng.CourtLevel
	}{
		{"最高法", qingfeng.LevelSupreme},
		{"闽", qingfeng.LevelHigh},
		{"兵", qingfeng.LevelHigh},
		{"军", qingfeng.LevelHigh},
		{"内", qingfeng.LevelHigh},
		{"闽01", qingfeng.LevelIntermediate},
		{"京04", qingfeng.LevelIntermediate},
		{"京73", qingfeng.LevelIntermediate},
		{"沪72", qingfeng.LevelIntermediate},
		{"沪74", qingfeng.LevelIntermediate},
		{"黑81", qingfeng.LevelIntermediate},
		{"兵01", qingfeng.LevelIntermediate},
		{"闽0102", qingfeng.LevelBasic},
		{"京7101", qingfeng.LevelBasic},
		{"津8601", qingfeng.LevelBasic},
		{"黑7508", qingfeng.LevelBasic},
		{"浙0192", qingfeng.LevelBasic},
		{"兵9001", qingfeng.LevelBasic},
		{"", ""},
		{"闽0", ""},
		{"闽012", ""},
		{"闽01021", ""},
		{"闽01a", ""},
		{"最高法01", ""},
		{"榕", ""},
		{"滇01", ""},
		{"鼓", ""},
		{"01", ""},
	}
	for _, c := range cases {
		if got := Level(c.code); got != c.want {
			t.Errorf("Level(%q) = %q, want %q", c.code, got, c.want)
		}
	}
}

func TestCourtKind(t *testing.T) {
	types := Default()
	cases := []struct{ code, kind string }{
		{"沪71", "railway"},
		{"沪7101", "railway"},
		{"京7101", "railway"},
		{"沪72", "maritime"},
		{"京73", "intellectual_property"},
		{"辽74", "oil_field_or_financial"},
		{"吉75", "forestry"},
		{"黑7508", "forestry"},
		{"黑81", "land_reclamation"},
		{"黑8101", "land_reclamation"},
		{"津8601", "transferred_railway"},
		{"沪87", "cross_region"},
		{"新96", "county_group"},
		{"闽01", ""},
		{"闽0102", ""},
		{"兵9001", ""}, // 90 in a basic code is the GB/T 2260 number of province-direct counties
		{"鄂9004", ""},
	}
	for _, c := range cases {
		got, ok := types.Court(c.code)
		if !ok || got.Kind != c.kind {
			t.Errorf("Court(%q) = %+v, %v; want kind %q", c.code, got, ok, c.kind)
		}
	}
	fj, _ := types.Court("闽0102")
	if fj.Province.Code != "闽" || fj.Province.Region != "35" || fj.Digits != "0102" {
		t.Errorf("Court(闽0102) = %+v", fj)
	}
}

// TestProvinceRegionsUnique: two provinces with the same GB/T 2260 number would be a typo.
func TestProvinceRegionsUnique(t *testing.T) {
	seen := map[string]string{}
	for code, p := range Default().provinces {
		if p.Region == "" {
			continue
		}
		if prev, dup := seen[p.Region]; dup {
			t.Errorf("region %s used by %s and %s", p.Region, prev, code)
		}
		seen[p.Region] = code
	}
	if len(seen) != 31 {
		t.Errorf("%d provinces with a region number, want the 31 of mainland China", len(seen))
	}
}
