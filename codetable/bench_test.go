package codetable_test

import (
	"testing"

	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/defs"
)

func BenchmarkCausesLookup(b *testing.B) {
	c := embedded(b).Causes
	var codes []string
	for x := range c.All() {
		codes = append(codes, x.Code)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, ok := c.Lookup(codes[i%len(codes)]); !ok {
			b.Fatal("lookup failed")
		}
	}
}

func BenchmarkCausesPath(b *testing.B) {
	c := embedded(b).Causes
	for b.Loop() {
		if len(c.Path("9181")) == 0 {
			b.Fatal("no path")
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := codetable.Load(defs.Default()); err != nil {
			b.Fatal(err)
		}
	}
}
