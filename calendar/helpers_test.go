package calendar

import (
	"errors"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
)

var d = qingfeng.MustDate

func embedded(t testing.TB) (*Calendar, *Limits) {
	t.Helper()
	cal, err := LoadCalendar(defs.Default())
	if err != nil {
		t.Fatalf("embedded holidays: %v", err)
	}
	lim, err := LoadLimits(defs.Default())
	if err != nil {
		t.Fatalf("embedded time limits: %v", err)
	}
	return cal, lim
}

// wantLoadError checks that err is a LoadError for file at line.
func wantLoadError(t *testing.T, err error, file string, line int) {
	t.Helper()
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("want a *LoadError for %s line %d, got %v", file, line, err)
	}
	if le.File != file || le.Line != line {
		t.Fatalf("want %s line %d, got %s line %d (%s)", file, line, le.File, le.Line, le.Reason)
	}
}
