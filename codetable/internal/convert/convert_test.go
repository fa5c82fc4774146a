package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/qingfeng-court/qingfeng/internal/realdata"
)

// The committed files must be exactly what the converter makes from the source, so that
// nobody edits them by hand and the conversion stays repeatable.
func TestCommittedFilesAreReproducible(t *testing.T) {
	from := realdata.Path(t, "china_spc_code_tables")
	committed := filepath.Join(realdata.Root(t), "defs", "codes")
	head, err := os.ReadFile(filepath.Join(committed, "causes.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`# Converted (\d{4}-\d{2}-\d{2}) `).FindSubmatch(head)
	if m == nil {
		t.Fatal("causes.yaml names no conversion date")
	}
	out := t.TempDir()
	if err := run(from, out, string(m[1])); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"causes.yaml", "closing_methods.yaml", "procedures.yaml", "misc.yaml"} {
		want, err := os.ReadFile(filepath.Join(committed, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("defs/codes/%s differs from the converter's output; run the converter again", name)
		}
	}
}

func TestSpanMappingRefusesOverlaps(t *testing.T) {
	saved := procedureSpans
	defer func() { procedureSpans = saved }()
	list := []spcxEntry{{Code: "01"}, {Code: "0101", Level: 1}, {Code: "0102", Level: 1}}
	procedureSpans = []procedureSpan{{"01", "0101", "other", ""}, {"0101", "0102", "other", "other"}}
	if _, err := spanMapping(list); err == nil {
		t.Error("overlapping spans accepted")
	}
	procedureSpans = []procedureSpan{{"0102", "0101", "other", "other"}}
	if _, err := spanMapping(list); err == nil {
		t.Error("a span running backwards accepted")
	}
}
