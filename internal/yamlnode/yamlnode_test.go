package yamlnode

import (
	"testing"

	"gopkg.in/yaml.v3"
)

func TestValue(t *testing.T) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("a: 1\nb:\n  c: x\nlist: [1, 2]\n"), &doc); err != nil {
		t.Fatal(err)
	}
	top := doc.Content[0]
	if v := Value(Value(top, "b"), "c"); v == nil || v.Value != "x" || v.Line != 3 {
		t.Fatalf("b.c: %+v", v)
	}
	if Value(top, "missing") != nil || Value(Value(top, "list"), "a") != nil || Value(nil, "a") != nil {
		t.Fatal("a missing key, a sequence or nil gave a node")
	}
}
