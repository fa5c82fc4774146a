package gen

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qingfeng-court/qingfeng/internal/realdata"
)

// withEdit returns the embedded data files with one file changed by edit.
func withEdit(t *testing.T, file string, edit func(string) string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(embedded, "data", func(path string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		b, err := fs.ReadFile(embedded, path)
		m[path] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	before := string(m[file].Data)
	after := edit(before)
	if after == before {
		t.Fatalf("edit of %s changed nothing", file)
	}
	m[file] = &fstest.MapFile{Data: []byte(after)}
	return m
}

// lineOfText returns the 1-based line of the first occurrence of s.
func lineOfText(text, s string) int {
	i := strings.Index(text, s)
	if i < 0 {
		return -1
	}
	return strings.Count(text[:i], "\n") + 1
}

// A broken data file is refused with an error naming the file, the line and the reason.
func TestBrokenDataFilesNameFileAndLine(t *testing.T) {
	cases := []struct {
		name, file, old, new, reason string
	}{
		{"unknown field", profileFile, "  conversion: 0.04", "  conversion: 0.04\n  convertion: 0.04", "convertion"},
		{"share over one", profileFile, "  appeal_rate: 0.09", "  appeal_rate: 1.9", "civil.appeal_rate"},
		{"duration over 80%", profileFile, "simplified: [5, 15, 28, 42, 60, 78]", "simplified: [5, 15, 28, 42, 60, 95]", "civil.duration.simplified"},
		{"decreasing buckets", profileFile, "  leave_days: [3, 5, 8, 12]", "  leave_days: [3, 9, 8, 12]", "people.leave_days"},
		{"unknown closing method", profileFile, "withdrawal: 0.25, dismissal", "withdrawn: 0.25, dismissal", "civil.closing"},
		{"designated over the cap", profileFile, "  designated: 0.015", "  designated: 0.2", "civil.designated"},
		{"bad court code", courtsFile, "code: 闽0103,", "code: 闽103,", "court code"},
		{"duplicate court code", courtsFile, "code: 闽0103,", "code: 闽0102,", "appears twice"},
		{"unknown division role", courtsFile, "{role: inspection, name: 督察室, line: other}", "{role: inspections, name: 督察室, line: other}", "unknown role"},
		{"cause without weight", causesFile, `{code: "9181", name: 民间借贷纠纷, weight: 20,`, `{code: "9181", name: 民间借贷纠纷, weight: 0,`, "weight"},
		{"unknown anomaly", anomaliesFile, "{name: late_filing,", "{name: late_filings,", "cannot inject"},
		{"rate over one", anomaliesFile, "rule: R-01, rate: 0.01", "rule: R-01, rate: 2", "rate"},
		{"empty name list", namesFile, "occupations: [教师", "occupations: []\nx: [教师", "x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := withEdit(t, tc.file, func(s string) string { return strings.Replace(s, tc.old, tc.new, 1) })
			original, _ := fs.ReadFile(embedded, tc.file)
			cfg := smallConfig(5)
			cfg.Data = data
			cfg.Out = t.TempDir()
			_, err := Run(t.Context(), cfg, nil)
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a LoadError", err)
			}
			if le.File != tc.file || !strings.Contains(le.Error(), tc.reason) {
				t.Errorf("got %q, want file %s and %q", le.Error(), tc.file, tc.reason)
			}
			// The error points at the edited line (the last line of the replacement).
			want := lineOfText(string(original), tc.old) + strings.Count(tc.new, "\n")
			if le.Line != want {
				t.Errorf("error at line %d, the edited line is %d: %v", le.Line, want, le)
			}
		})
	}
}

// The embedded data is what Data exports, and every file has a header naming its source.
func TestDataFilesNameTheirSources(t *testing.T) {
	for _, name := range []string{profileFile, courtsFile, namesFile, causesFile, anomaliesFile} {
		b, err := fs.ReadFile(Data(), name)
		if err != nil {
			t.Fatal(err)
		}
		head := string(b[:min(len(b), 2000)])
		if !strings.HasPrefix(head, "#") || !(strings.Contains(head, "Source") || strings.Contains(head, "INVENTED") || strings.Contains(head, "reference notes")) {
			t.Errorf("%s: no header naming its source", name)
		}
	}
}

// sharedData locates ../shared/data/real from the repository root; tests skip without it
// unless QINGFENG_REQUIRE_SHARED=1.
func sharedData(t *testing.T, rel string) string {
	t.Helper()
	return realdata.Path(t, rel)
}
