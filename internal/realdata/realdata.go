// Package realdata finds the real third-party data tests read: ../shared/data/real beside the
// repository (the directory holding go.mod). It is never copied into the project. A test skips
// when the data are absent, unless QINGFENG_REQUIRE_SHARED=1 (CI), where it fails instead.
package realdata

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvRequire names the variable that turns an absent data set from a skip into a failure.
const EnvRequire = "QINGFENG_REQUIRE_SHARED"

// Path returns the path of elem under shared/data/real, skipping or failing t as the package
// comment says when it does not exist.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Root(t), "..", "shared", "data", "real"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("shared data required but absent: %v", err)
		}
		t.Skipf("shared data absent: %v", err)
	}
	return p
}

// Root returns the repository's root: the nearest directory above the test's holding go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
	return dir
}
