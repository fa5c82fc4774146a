package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/qingfeng-court/qingfeng"
)

const exportProfile = `
name: 鼓楼法院案件导出
kind: case
src: gl_export
src_id: "{案件标识}"
encoding: gb18030
maps:
  courts: {鼓楼法院: gl}
fields:
  case_number: {column: 案号, required: true}
  court_id: {column: 承办法院, map_name: courts}
  filed_on: {column: 立案日期, format: ["2006/1/2", "2006-01-02"]}
  closed_on: {column: 结案日期, format: ["2006/1/2", "2006-01-02"]}
  closing_method: {column: 结案方式, map: {判决: judgment, 调解: mediation, 撤诉: withdrawal}}
  amount_claimed: {column: 标的额}
  cause_code: {column: 案由代码}
  parties.0.name: {column: 原告}
  parties.0.role: {value: plaintiff}
  parties.0.type: {value: natural}
events:
  - type: filed
    at: {column: 立案日期, format: ["2006/1/2", "2006-01-02"]}
`

func TestCSVThroughProfile(t *testing.T) {
	e := newEnv(t, Options{})
	dir := t.TempDir()
	pp := filepath.Join(dir, "profile.yaml")
	os.WriteFile(pp, []byte(exportProfile), 0o644)
	prof, err := LoadProfile(pp)
	if err != nil {
		t.Fatal(err)
	}
	e.in.opts.Profile = prof
	rows := strings.Join([]string{
		"案件标识,案号,承办法院,立案日期,结案日期,结案方式,标的额,案由代码,原告",
		`A1,（2024）闽0102民初501号,鼓楼法院,2024/3/5,2024/5/6,调解,"12,000.50",9181,王五`,
		`A2,（2024）闽0102民初502号,鼓楼法院,2024/3/6,,,,9181,赵六`,
		`A3,（2024）闽0102民初503号,鼓楼法院,2024/3/07x,,,,9181,钱七`,
		`A4,（2024）闽0102民初504号,鼓楼法院,2024/3/8,2024/4/1,驳回,,9181,孙八`,
		`A5,（2024）闽0102民初505号,仓山法院,2024/3/9,,,,9181,周九`,
	}, "\r\n") + "\r\n"
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(rows)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(dir, "export.csv")
	os.WriteFile(cp, []byte(gbk), 0o644)
	e.run("testdata/small/hr.jsonl")
	s := e.run(cp)
	// rows 1 and 2 give a case and a filed event each; rows 3–5 are rejected
	if s.Stored != 4 || s.Rejected != 3 {
		t.Fatalf("stored %d rejected %d; quarantine %+v", s.Stored, s.Rejected, e.quarantine())
	}
	c, err := e.st.Case(context.Background(), "（2024）闽0102民初501号")
	if err != nil {
		t.Fatal(err)
	}
	if c.CourtID != "gl" || c.ClosingMethod != qingfeng.CloseMediation || c.AmountClaimed != 1200050 ||
		c.FiledOn.String() != "2024-03-05" || len(c.Parties) != 1 || c.Parties[0].Name != "王五" || c.Category != qingfeng.CatCivil {
		t.Fatalf("mapped case wrong: %+v", c)
	}
	want := map[int]string{4: "profile.date", 5: "profile.map", 6: "profile.map"}
	for _, r := range e.quarantine() {
		if want[r.Line] != r.Code {
			t.Errorf("line %d: code %s (%s), want %s", r.Line, r.Code, r.ReasonEn, want[r.Line])
		}
		if !strings.Contains(r.Field, "（") {
			t.Errorf("line %d: field %q does not name the column", r.Line, r.Field)
		}
	}
}

func TestProfileErrorsNameTheLine(t *testing.T) {
	bad := strings.Replace(exportProfile, "  amount_claimed: {column: 标的额}", "  amount_claimd: {column: 标的额}", 1)
	_, err := ParseProfile("p.yaml", []byte(bad))
	if err == nil || !strings.Contains(err.Error(), "p.yaml line 15") || !strings.Contains(err.Error(), "amount_claimd") {
		t.Fatalf("got %v", err)
	}
	noFormat := strings.Replace(exportProfile, `filed_on: {column: 立案日期, format: ["2006/1/2", "2006-01-02"]}`, `filed_on: {column: 立案日期}`, 1)
	if _, err := ParseProfile("p.yaml", []byte(noFormat)); err == nil || !strings.Contains(err.Error(), "format") {
		t.Fatalf("date without format accepted: %v", err)
	}
}
