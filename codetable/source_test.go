package codetable_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng/codetable"

	"github.com/qingfeng-court/qingfeng/internal/realdata"
)

// sharedTables locates shared/data/real/china_spc_code_tables beside the repository (the
// directory holding go.mod), skipping when it is absent unless QINGFENG_REQUIRE_SHARED=1.
func sharedTables(t *testing.T) string {
	t.Helper()
	return realdata.Path(t, "china_spc_code_tables")
}

func readJSON(t *testing.T, dir, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// The source files are read here directly, apart from the converter, so that every SPC fact
// in defs/codes is checked against its origin by a second route.

func TestCausesMatchSource(t *testing.T) {
	dir := sharedTables(t)
	var src struct {
		Anyou []struct{ ID, Name, ParentID string }
	}
	readJSON(t, dir, "anyou.json", &src)
	c := embedded(t).Causes
	if len(src.Anyou) != c.Len() {
		t.Errorf("source has %d causes, table %d", len(src.Anyou), c.Len())
	}
	for _, n := range src.Anyou {
		want := n.ParentID
		if want == "0" {
			want = ""
		}
		got, ok := c.Lookup(n.ID)
		if !ok || got.Name != n.Name || got.Parent != want {
			t.Errorf("cause %s %s (parent %s): table has %+v, %v", n.ID, n.Name, n.ParentID, got, ok)
		}
	}
}

func TestClosingMethodsMatchSource(t *testing.T) {
	dir := sharedTables(t)
	var src struct {
		Jiean []struct{ ID, Name, Code string }
	}
	readJSON(t, dir, "jiean.json", &src)
	m := embedded(t).ClosingMethods
	if len(src.Jiean) != m.Len() {
		t.Errorf("source has %d closing methods, table %d", len(src.Jiean), m.Len())
	}
	unspace := strings.NewReplacer(" ", "")
	for _, e := range src.Jiean {
		got, ok := m.Lookup(unspace.Replace(e.Code))
		if !ok || got.Name != unspace.Replace(e.Name) {
			t.Errorf("closing method %q %q: table has %+v, %v", e.Code, e.Name, got, ok)
		}
		if byName, ok := m.ByName(e.Name); !ok || byName.Code != got.Code {
			t.Errorf("ByName(%q) = %+v, %v", e.Name, byName, ok)
		}
	}
}

func TestProceduresMatchSource(t *testing.T) {
	dir := sharedTables(t)
	var src struct {
		Spcx []struct {
			Key, Code string
			Level     int
		}
	}
	readJSON(t, dir, "spcx.json", &src)
	p := embedded(t).Procedures
	if len(src.Spcx) != p.Len() {
		t.Errorf("source has %d procedures, table %d", len(src.Spcx), p.Len())
	}
	for i, e := range src.Spcx {
		got, ok := p.Lookup(e.Code)
		if !ok || got.Name != e.Key || got.Level != e.Level {
			t.Errorf("procedure %s %s level %d: table has %+v, %v", e.Code, e.Key, e.Level, got, ok)
			continue
		}
		// The parent is the nearest earlier code one level up.
		want := ""
		for k := i - 1; k >= 0 && e.Level > 0; k-- {
			if src.Spcx[k].Level == e.Level-1 {
				want = src.Spcx[k].Code
				break
			}
		}
		if got.Parent != want {
			t.Errorf("procedure %s: parent %q, source order says %q", e.Code, got.Parent, want)
		}
	}
}

func TestDictionariesMatchSource(t *testing.T) {
	dir := sharedTables(t)
	var src struct {
		Cls []struct{ Cls, Value string }
	}
	readJSON(t, dir, "cls.json", &src)
	tb := embedded(t)
	dicts := map[string]*codetable.Dictionary{"案件类型": tb.CaseTypes, "文书类型": tb.DocumentTypes,
		"法院层级": tb.CourtLevels, "不公开理由": tb.UnpublishedReasons}
	for _, d := range src.Cls {
		ours := dicts[d.Cls]
		if ours == nil {
			continue
		}
		delete(dicts, d.Cls)
		n := 0
		for _, item := range strings.Split(strings.TrimSuffix(d.Value, ";"), ";") {
			code, name, _ := strings.Cut(item, "=")
			if name == "全部" {
				continue
			}
			n++
			if e, ok := ours.Lookup(code); !ok || e.Name != name {
				t.Errorf("%s %s=%s: table has %+v, %v", d.Cls, code, name, e, ok)
			}
		}
		if n != ours.Len() {
			t.Errorf("%s: source has %d entries, table %d", d.Cls, n, ours.Len())
		}
	}
	for name := range dicts {
		t.Errorf("dictionary %s not in the source", name)
	}
}
