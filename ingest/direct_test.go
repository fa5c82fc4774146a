package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

// directProfile has only top-level fields, of every type the direct path sets: text, a code
// map, dates, an amount, yes/no values, a list and a constant.
const directProfile = `
name: 直接映射
kind: case
src: direct
src_id: "{标识}"
maps:
  courts: {鼓楼法院: gl}
fields:
  case_number: {column: 案号, required: true}
  court_id: {column: 法院, map_name: courts}
  filed_on: {column: 立案, format: ["2006/1/2"]}
  closed_on: {column: 结案, format: ["2006/1/2"]}
  closing_method: {column: 方式, map: {判决: judgment, 调解: mediation}}
  amount_claimed: {column: 标的}
  appealable: {column: 可上诉}
  panel: {column: 合议庭}
  cause_code: {column: 案由}
  external_number: {column: 外部号}
  procedure: {value: ordinary}
`

func directMapper(t *testing.T, text string) *mapper {
	t.Helper()
	prof, err := ParseProfile("p.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	m, err := newMapper(prof, strings.Split("标识,案号,法院,立案,结案,方式,标的,可上诉,合议庭,案由,外部号", ","))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestDirectMappingMatchesJSON maps rows both ways — straight into the record, and through
// canonical JSON and the decoder — and requires the same record, byte for byte, or the same
// problem; rows the direct path cannot take as the decoder would must go the JSON way.
func TestDirectMappingMatchesJSON(t *testing.T) {
	m := directMapper(t, directProfile)
	if m.direct == nil {
		t.Fatal("a profile of top-level fields is not mapped directly")
	}
	general := *m
	general.direct = nil
	rows := []struct {
		cells  string
		direct bool // whether the direct path takes the row
	}{
		{`A1|（2024）闽0102民初1号|鼓楼法院|2024/3/5|2024/5/6|调解|12,000.50元|是|p1、p2|9181|X-1`, true},
		{`A2|（2024）闽0102民初2号|鼓楼法院|2024/3/6||||否||||`, true},
		{`A3|（2024）闽0102民初3号|鼓楼法院|2024/3/7||||||9181|say "hi"\ttab`, true},
		{`A4|（2024）闽0102民初4号|鼓楼法院|2024/3/8|||abc||||`, false},         // an amount Money refuses
		{"A5|（2024）闽0102民初5号|鼓楼法院|2024/3/9||||||9181|bad\xff", false}, // invalid UTF-8
		{"A6|（2024）闽0102民初6号|鼓楼法院|2024/3/9|||||p1,\xfe||", false},
		{`A7|（2024）闽0102民初7号|鼓楼法院|2024/3/9x||||||9181|`, true}, // a problem before either path
		{`A8|（2024）闽0102民初8号|鼓楼法院|2024/3/9||||maybe|||`, true},
		{`A9|（2024）闽0102民初9号|鼓楼法院|0000/1/1|||||||`, false}, // a year the day type does not take
	}
	for _, tc := range rows {
		cells := strings.Split(strings.ReplaceAll(tc.cells, `\t`, "\t"), "|")
		origin := qingfeng.Origin{File: "x.csv", Line: 2}
		d := m.record(&row{m: m, cells: cells}, origin)
		g := general.record(&row{m: &general, cells: cells}, origin)
		if (d.value != nil) != (tc.direct && d.problem == nil) {
			t.Errorf("%s: mapped directly %v, want %v", cells[0], d.value != nil, tc.direct)
		}
		if g.value != nil {
			t.Fatalf("%s: the general path mapped directly", cells[0])
		}
		if !reflect.DeepEqual(d.problem, g.problem) {
			t.Errorf("%s: problem %+v, the JSON way %+v", cells[0], d.problem, g.problem)
			continue
		}
		if g.problem != nil {
			continue
		}
		gk, gv, gp := decodeLine(g.line)
		var dv any
		var dp *Problem
		if d.value != nil {
			dv = d.value
		} else {
			_, dv, dp = decodeLine(d.line)
		}
		if !reflect.DeepEqual(dp, gp) {
			t.Errorf("%s: decoding problem %+v, the JSON way %+v", cells[0], dp, gp)
			continue
		}
		if gp != nil {
			continue
		}
		if gk != d.key {
			t.Errorf("%s: key %+v, the JSON way %+v", cells[0], d.key, gk)
		}
		dr, err1 := qingfeng.NewRecord(d.key.Src, d.key.SrcID, dv, origin)
		gr, err2 := qingfeng.NewRecord(gk.Src, gk.SrcID, gv, origin)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", cells[0], err1, err2)
		}
		if dr.Hash != gr.Hash {
			t.Errorf("%s: record\n%s\nthe JSON way\n%s", cells[0], dr.Body, gr.Body)
		}
	}
}

// TestDirectMappingKeepsGeneralProfiles checks that a profile with a nested path keeps the
// JSON way, which alone knows how to build nested values.
func TestDirectMappingKeepsGeneralProfiles(t *testing.T) {
	nested := directProfile + "  parties.0.name: {column: 外部号}\n"
	if m := directMapper(t, nested); m.direct != nil {
		t.Fatal("a profile with parties.0.name is mapped directly")
	}
}

// TestDirectMappingRejectionsNameColumn runs an export mapped directly through a store: a
// row validation refuses is quarantined with its line, the field and column, and the row as
// the file had it.
func TestDirectMappingRejectionsNameColumn(t *testing.T) {
	e := newEnv(t, Options{})
	dir := t.TempDir()
	pp := filepath.Join(dir, "profile.yaml")
	if err := os.WriteFile(pp, []byte(directProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	prof, err := LoadProfile(pp)
	if err != nil {
		t.Fatal(err)
	}
	e.in.opts.Profile = prof
	csv := "标识,案号,法院,立案,结案,方式,标的,可上诉,合议庭,案由,外部号\n" +
		"A1,（2024）闽0102民初1号,鼓楼法院,2024/3/5,2024/5/6,调解,100,是,,9181,X-1\n" +
		"A2,（2024）闽0102民初2号,鼓楼法院,2024/3/6,,,,,,0000,X-2\n"
	cp := filepath.Join(dir, "export.csv")
	if err := os.WriteFile(cp, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	e.run("testdata/small/hr.jsonl")
	s := e.run(cp)
	if s.Stored != 1 || s.Rejected != 1 {
		t.Fatalf("stored %d rejected %d: %+v", s.Stored, s.Rejected, e.quarantine())
	}
	var found bool
	for _, r := range e.quarantine() {
		if r.File != cp {
			continue
		}
		found = true
		if r.Line != 3 || r.Field != "cause_code（案由）" || !strings.HasPrefix(r.Raw, "A2,") {
			t.Errorf("rejection %+v", r)
		}
	}
	if !found {
		t.Fatalf("no rejection of the export: %+v", e.quarantine())
	}
	c, err := e.st.Case(t.Context(), "（2024）闽0102民初1号")
	if err != nil {
		t.Fatal(err)
	}
	if c.AmountClaimed != 10000 || !c.Appealable || c.ClosingMethod != qingfeng.CloseMediation || c.Procedure != "ordinary" {
		t.Fatalf("mapped case wrong: %+v", c)
	}
}
