package gen

import (
	"encoding/json"
	"os"
	"testing"
)

// The courts of data/courts.yaml are the Fujian courts of the SPC court list the file names as
// its source, with the same names and the same city.
func TestCourtsMatchTheSourceList(t *testing.T) {
	path := sharedData(t, "china_spc_code_tables/court.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var list []struct{ Court, Province, Region, Level string }
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	source := map[string]string{}
	for _, c := range list {
		if c.Province == "福建" {
			source[c.Court] = c.Region
		}
	}
	cd, err := loadCourts(embedded)
	if err != nil {
		t.Fatal(err)
	}
	n := 1
	if _, ok := source[cd.High.Name]; !ok {
		t.Errorf("%s not in the source list", cd.High.Name)
	}
	for _, city := range cd.Cities {
		for _, c := range append([]courtEntry{city.Court}, city.Basic...) {
			n++
			region, ok := source[c.Name]
			if !ok {
				t.Errorf("%s not in the source list", c.Name)
			} else if region != city.Name+"市" {
				t.Errorf("%s is in %s in the source, in %s here", c.Name, region, city.Name)
			}
		}
	}
	for _, c := range cd.Special {
		n++
		if _, ok := source[c.Name]; !ok {
			t.Errorf("%s not in the source list", c.Name)
		}
	}
	if n != len(source) {
		t.Errorf("%d courts here, %d Fujian courts in the source", n, len(source))
	}
}

// Every cause code names the same cause in the SPC 案由 list.
func TestCauseCodesMatchTheSourceList(t *testing.T) {
	path := sharedData(t, "china_spc_code_tables/anyou.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Anyou []struct{ ID, Name string }
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, a := range doc.Anyou {
		names[a.ID] = a.Name
	}
	cs, err := loadCauses(embedded)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range [][]cause{cs.Civil, cs.Maritime, cs.Criminal, cs.Administrative, cs.NonLitigation, cs.Enforcement, cs.Preservation, cs.StateCompensation} {
		for _, c := range l {
			if got, ok := names[c.Code]; !ok || got != c.Name {
				t.Errorf("cause %s %s: source has %q", c.Code, c.Name, got)
			}
		}
	}
}
