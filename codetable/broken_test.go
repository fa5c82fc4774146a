package codetable_test

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/defs"
)

// withAppended returns the embedded definitions with lines appended to one file, and the
// line number the first appended line gets.
func withAppended(t *testing.T, file string, lines ...string) (fs.FS, int) {
	t.Helper()
	m := fstest.MapFS{}
	for _, name := range []string{codetable.CausesFile, codetable.ClosingMethodsFile, codetable.ProceduresFile, codetable.MiscFile} {
		b, err := fs.ReadFile(defs.Default(), name)
		if err != nil {
			t.Fatal(err)
		}
		m[name] = &fstest.MapFile{Data: b}
	}
	b := m[file].Data
	first := strings.Count(string(b), "\n") + 1
	m[file] = &fstest.MapFile{Data: []byte(string(b) + strings.Join(lines, "\n") + "\n")}
	return m, first
}

func TestBrokenFilesNameTheLine(t *testing.T) {
	cases := []struct {
		name   string
		file   string
		lines  []string
		reason error
		at     int // which appended line the error must point at
	}{
		{"duplicate cause", codetable.CausesFile,
			[]string{`  - {code: "9181", name: "又一个", parent: "9177", category: civil}`}, codetable.ErrDuplicate, 0},
		{"missing parent", codetable.CausesFile,
			[]string{`  - {code: "x1", name: "孤儿", parent: "nowhere", category: civil}`}, codetable.ErrParentMissing, 0},
		{"cycle", codetable.CausesFile,
			[]string{`  - {code: "x1", name: "甲", parent: "x2", category: civil}`,
				`  - {code: "x2", name: "乙", parent: "x1", category: civil}`}, codetable.ErrCycle, -1},
		{"category differs from parent", codetable.CausesFile,
			[]string{`  - {code: "x1", name: "甲", parent: "9181", category: criminal}`}, codetable.ErrInvalid, 0},
		{"unknown category", codetable.CausesFile,
			[]string{`  - {code: "x1", name: "甲", parent: "9181", category: commercial}`}, codetable.ErrUnknownValue, 0},
		{"unknown field", codetable.CausesFile,
			[]string{`  - {code: "x1", name: "甲", parent: "9181", category: civil, colour: red}`}, codetable.ErrSyntax, 0},
		{"malformed YAML (parser)", codetable.CausesFile,
			[]string{`  - {code: "x1", name: "甲"`}, codetable.ErrSyntax, -1},
		{"malformed YAML (scanner)", codetable.CausesFile,
			[]string{`  - {code: "x1", name: "bad \q escape", parent: "9181", category: civil}`}, codetable.ErrSyntax, 0},
		{"wrong type", codetable.ProceduresFile,
			[]string{`  - {code: "9998", name: "试", level: one, parent: "99"}`}, codetable.ErrSyntax, 0},
		{"unknown closing method", codetable.ClosingMethodsFile,
			[]string{`  - {code: "900", name: "宣判", project_method: verdict}`}, codetable.ErrUnknownValue, 0},
		{"duplicate closing name", codetable.ClosingMethodsFile,
			[]string{`  - {code: "900", name: "判决"}`}, codetable.ErrDuplicate, 0},
		{"unknown stage", codetable.ProceduresFile,
			[]string{`  - {code: "9998", name: "试", level: 1, parent: "99", project_category: other, project_stage: trial}`},
			codetable.ErrUnknownValue, 0},
		{"level skips", codetable.ProceduresFile,
			[]string{`  - {code: "9998", name: "试", level: 2, parent: "99"}`}, codetable.ErrInvalid, 0},
		{"procedure parent missing", codetable.ProceduresFile,
			[]string{`  - {code: "9998", name: "试", level: 1, parent: "98"}`}, codetable.ErrParentMissing, 0},
		{"project value outside the enumeration", codetable.MiscFile,
			[]string{`  - id: extra`, `    name: "试"`, `    project_enum: court_level`, `    entries:`,
				`      - {code: "5", name: "县级", project_value: county}`}, codetable.ErrUnknownValue, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys, first := withAppended(t, c.file, c.lines...)
			_, err := codetable.Load(fsys)
			var le *codetable.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load = %v, want a *LoadError", err)
			}
			if !errors.Is(err, c.reason) {
				t.Errorf("reason %v, want %v (%v)", le.Reason, c.reason, err)
			}
			if le.File != c.file {
				t.Errorf("file %s, want %s", le.File, c.file)
			}
			want := first + c.at
			if c.at < 0 { // any appended line will do
				if le.Line < first || le.Line >= first+len(c.lines) {
					t.Errorf("line %d, want one of the appended lines %d…%d (%v)", le.Line, first, first+len(c.lines)-1, err)
				}
			} else if le.Line != want {
				t.Errorf("line %d, want %d (%v)", le.Line, want, err)
			}
			if msg := err.Error(); !strings.Contains(msg, c.file) || !strings.Contains(msg, fmt.Sprintf("line %d", le.Line)) {
				t.Errorf("message %q does not name the file and line", msg)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	m := fstest.MapFS{}
	_, err := codetable.Load(m)
	var le *codetable.LoadError
	if !errors.As(err, &le) || le.File != codetable.CausesFile || !errors.Is(err, codetable.ErrUnreadable) {
		t.Fatalf("Load of an empty FS = %v, want a LoadError naming %s", err, codetable.CausesFile)
	}
}
