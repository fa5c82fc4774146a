package casenum

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
)

// TestEmbeddedTableLoads guards Default(), which panics on a broken embedded table.
func TestEmbeddedTableLoads(t *testing.T) {
	types, err := LoadTypes(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(types.Codes()); n < 100 {
		t.Errorf("%d type codes loaded, the standard has well over 100", n)
	}
	for _, code := range []string{"刑辖", "民辖", "行辖", "刑初", "刑终", "刑核", "刑申", "刑再", "刑抗", "刑更", "刑医",
		"民初", "民终", "民申", "民抗", "民再", "民监", "民特", "民催", "民督", "民撤", "行初", "行终", "行申", "行再", "行审",
		"行审复", "委赔", "司救民", "执", "执恢", "执异", "执复", "执监", "执协", "执他", "执保", "财保", "行保", "证保",
		"破申", "破", "破终", "强清", "认港", "协外认", "司惩"} {
		if _, ok := types.Lookup(code); !ok {
			t.Errorf("code %s missing", code)
		}
	}
}

func TestLookupPrefixed(t *testing.T) {
	types := Default()
	base, _ := types.Lookup("民终")
	info, ok := types.Lookup("知民终")
	if !ok {
		t.Fatal("知民终 not found")
	}
	if info.Prefix != "知" || info.Base != "民终" || info.Code != "知民终" || info.Stage != base.Stage ||
		info.Category != base.Category || info.SPCCode != base.SPCCode || !strings.HasSuffix(info.Name, base.Name) {
		t.Errorf("知民终 = %+v (base %+v)", info, base)
	}
	for _, code := range []string{"知执", "知财保", "知民提", "知", "知知民终", "民终知"} {
		if _, ok := types.Lookup(code); ok {
			t.Errorf("Lookup(%q) succeeded", code)
		}
	}
	// Every code a prefix admits reads back with the base's stage, in a full number too.
	for _, code := range types.Codes() {
		b, _ := types.Lookup(code)
		if b.Legacy || !qingfeng.Valid([]qingfeng.Category{qingfeng.CatCivil, qingfeng.CatAdministrative, qingfeng.CatCriminal}, b.Category) {
			continue
		}
		n, err := types.Parse("（2024）最高法知" + code + "7号")
		if err != nil || n.Stage(types) != b.Stage || n.Category(types) != b.Category {
			t.Errorf("知%s: %v, %v", code, n, err)
		}
	}
}

// TestEveryCodeParses: each new-style code of the table reads back from a number, and each
// legacy-only code is refused in a new-style number but read in an old one.
func TestEveryCodeParses(t *testing.T) {
	types := Default()
	for _, code := range types.Codes() {
		info, _ := types.Lookup(code)
		n, err := types.Parse("（2024）闽0102" + code + "5号")
		if info.Legacy {
			if !hasCode(err, CodeUnknownType) {
				t.Errorf("legacy code %s accepted in a new-style number: %v, %v", code, n, err)
			}
			if n, err := types.Parse("（2010）鼓" + code + "字第5号"); err != nil || n.Stage(types) != info.Stage {
				t.Errorf("legacy code %s in an old number: %v, %v", code, n, err)
			}
			continue
		}
		if err != nil || n.Type != code || n.Stage(types) != info.Stage || n.Category(types) != info.Category {
			t.Errorf("code %s: %#v, %v", code, n, err)
		}
	}
}

func TestLegacyInfo(t *testing.T) {
	types := Default()
	cases := []struct {
		typ   string
		stage qingfeng.Stage
		cat   qingfeng.Category
	}{
		{"民一终", qingfeng.StageSecondInstance, qingfeng.CatCivil},
		{"民三（知）终", qingfeng.StageSecondInstance, qingfeng.CatCivil},
		{"民五（商）初", qingfeng.StageFirstInstance, qingfeng.CatCivil},
		{"刑二终", qingfeng.StageSecondInstance, qingfeng.CatCriminal},
		{"民四他", qingfeng.StageOther, qingfeng.CatCivil},
		{"民提", qingfeng.StageRetrial, qingfeng.CatCivil},
		{"执恢", qingfeng.StageEnforcementResumed, qingfeng.CatEnforcement},
	}
	for _, c := range cases {
		n := Number{Year: 2010, Type: c.typ, Serial: 1, Legacy: true}
		if s, cat := n.Stage(types), n.Category(types); s != c.stage || cat != c.cat {
			t.Errorf("%s: stage %s category %s, want %s %s", c.typ, s, cat, c.stage, c.cat)
		}
	}
	// The same relaxation must not apply to new-style numbers.
	if _, ok := types.Info(Number{Year: 2020, Court: "闽", Type: "民一终", Serial: 1}); ok {
		t.Error("new-style 民一终 described")
	}
	if s := (Number{Type: "天书"}).Stage(nil); s != qingfeng.StageOther {
		t.Errorf("unknown type stage = %s", s)
	}
}

// brokenTable returns the embedded files with casetypes.yaml edited by edit.
func brokenTable(t *testing.T, file string, edit func(string) string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, name := range []string{TypesFile, ProvincesFile} {
		b, err := fs.ReadFile(defs.Default(), name)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if name == file {
			edited := edit(s)
			if edited == s {
				t.Fatalf("edit left %s unchanged", name)
			}
			s = edited
		}
		m[name] = &fstest.MapFile{Data: []byte(s)}
	}
	return m
}

// lineOf is the 1-based line of the first occurrence of sub in s.
func lineOf(t *testing.T, s, sub string) int {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("%q not in file", sub)
	}
	return strings.Count(s[:i], "\n") + 1
}

func TestBrokenTablesNameLine(t *testing.T) {
	typesText := readDef(t, TypesFile)
	provText := readDef(t, ProvincesFile)
	const extra = "\n  - {code: 民初, name: 重复, category: civil, stage: first_instance, spc: \"0301\"}\n"
	cases := []struct {
		name, file string
		edit       func(string) string
		line       int
		entry      string
		reason     string
	}{
		{"duplicate code", TypesFile, func(s string) string { return s + extra }, strings.Count(typesText, "\n") + 2, "民初", "duplicate code (first at line " + itoa(lineOf(t, typesText, "{code: 民初,")) + ")"},
		{"unknown stage", TypesFile, func(s string) string {
			return strings.Replace(s, "{code: 民终, name: 民事二审, category: civil, stage: second_instance", "{code: 民终, name: 民事二审, category: civil, stage: appeal", 1)
		}, lineOf(t, typesText, "{code: 民终,"), "民终", `unknown stage "appeal"`},
		{"unknown category", TypesFile, func(s string) string {
			return strings.Replace(s, "{code: 执恢, name: 恢复执行, category: enforcement", "{code: 执恢, name: 恢复执行, category: execution", 1)
		}, lineOf(t, typesText, "{code: 执恢,"), "执恢", `unknown category "execution"`},
		{"empty name", TypesFile, func(s string) string {
			return strings.Replace(s, "{code: 刑更, name: 刑罚与执行变更审查,", "{code: 刑更, name: \"\",", 1)
		}, lineOf(t, typesText, "{code: 刑更,"), "刑更", "empty name"},
		{"unknown field", TypesFile, func(s string) string {
			return strings.Replace(s, "{code: 行初, name: 行政一审,", "{code: 行初, colour: red, name: 行政一审,", 1)
		}, lineOf(t, typesText, "{code: 行初,"), "行初", `unknown field "colour"`},
		{"missing spc", TypesFile, func(s string) string {
			return strings.Replace(s, `{code: 刑终, name: 刑事二审, category: criminal, stage: second_instance, spc: "0202"}`, `{code: 刑终, name: 刑事二审, category: criminal, stage: second_instance}`, 1)
		}, lineOf(t, typesText, "{code: 刑终,"), "刑终", "missing spc code"},
		{"prefix ambiguity", TypesFile, func(s string) string {
			return s + "\n  - {code: 知民初, name: 知产一审, category: civil, stage: first_instance, spc: \"0301\"}\n"
		}, strings.Count(typesText, "\n") + 2, "知民初", `also reads as prefix "知"`},
		{"duplicate province", ProvincesFile, func(s string) string {
			return strings.Replace(s, "  - {code: 津,", "  - {code: 京,", 1)
		}, lineOf(t, provText, "{code: 津,"), "京", "duplicate code (first at line " + itoa(lineOf(t, provText, "{code: 京,")) + ")"},
		{"bad province level", ProvincesFile, func(s string) string {
			return strings.Replace(s, `{code: 闽, court: 福建省高级人民法院, region: "35", level: high}`, `{code: 闽, court: 福建省高级人民法院, region: "35", level: basic}`, 1)
		}, lineOf(t, provText, "{code: 闽,"), "闽", `level "basic"`},
		{"overlapping numbering", ProvincesFile, func(s string) string {
			return strings.Replace(s, "{from: 81, to: 85,", "{from: 80, to: 85,", 1)
		}, lineOf(t, provText, "{from: 81, to: 85,"), "land_reclamation", "overlaps forestry"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadTypes(brokenTable(t, c.file, c.edit))
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want *LoadError", err)
			}
			if le.File != c.file || le.Line != c.line || le.Entry != c.entry || !strings.Contains(le.Reason, c.reason) {
				t.Errorf("got %s; want %s line %d entry %s reason ~%q", le, c.file, c.line, c.entry, c.reason)
			}
			if msg := le.Error(); !strings.Contains(msg, c.file) || !strings.Contains(msg, "line "+itoa(c.line)) {
				t.Errorf("message %q lacks file or line", msg)
			}
		})
	}
}

func TestBrokenFiles(t *testing.T) {
	typesText := readDef(t, TypesFile)
	unknownTop := brokenTable(t, TypesFile, func(s string) string { return s + "\nextra_section: 1\n" })
	if _, err := LoadTypes(unknownTop); err == nil || !strings.Contains(err.Error(), TypesFile) ||
		!strings.Contains(err.Error(), "line "+itoa(strings.Count(typesText, "\n")+2)) {
		t.Errorf("unknown top-level key: %v", err)
	}
	empty := brokenTable(t, TypesFile, func(string) string { return "# nothing\n" })
	if _, err := LoadTypes(empty); err == nil || !strings.Contains(err.Error(), "empty file") {
		t.Errorf("empty file: %v", err)
	}
	missing := brokenTable(t, ProvincesFile, func(s string) string { return s + " " })
	delete(missing, ProvincesFile)
	if _, err := LoadTypes(missing); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), ProvincesFile) {
		t.Errorf("missing file: %v", err)
	}
}

func readDef(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(defs.Default(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func itoa(n int) string { return strconv.Itoa(n) }
