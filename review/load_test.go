package review

import (
	"testing"

	"github.com/qingfeng-court/qingfeng/defs"
)

func TestEmbeddedDefinitionsLoad(t *testing.T) {
	rs, err := LoadRules(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.Rules) < 9 {
		t.Fatalf("%d rules", len(rs.Rules))
	}
	if _, err := LoadRouting(defs.Default()); err != nil {
		t.Fatal(err)
	}
}
