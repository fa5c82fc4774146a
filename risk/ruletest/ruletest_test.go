package ruletest

import (
	"context"
	"io/fs"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/rules"
)

// The default pack passes the tests shipped with it.
func TestDefaultPackTests(t *testing.T) {
	res, err := RunDir(context.Background(), Options{Defs: defs.Default(), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 {
		t.Fatal("no tests found")
	}
	for _, r := range res {
		if !r.Passed() {
			t.Error(r)
		}
	}
}

// Every rule of the default pack has a test that expects it to fire.
func TestEveryRuleHasATest(t *testing.T) {
	lim, err := calendar.LoadLimits(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	pack, err := rules.Load(defs.Default(), rules.DefaultPack, lim)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := fs.ReadDir(defs.Default(), TestsDir)
	if err != nil {
		t.Fatal(err)
	}
	expected := map[string]bool{}
	for _, e := range entries {
		b, err := fs.ReadFile(defs.Default(), TestsDir+"/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		var f File
		if err := yaml.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		for _, tc := range f.Tests {
			for _, x := range tc.Expect {
				expected[x.Rule] = true
			}
			for _, s := range tc.Steps {
				for _, x := range s.Expect {
					expected[x.Rule] = true
				}
			}
		}
	}
	for _, r := range pack.Rules {
		if !expected[r.ID] {
			t.Errorf("%s has no test that expects it to fire", r.ID)
		}
	}
}
