package qingfeng

import (
	"encoding/json"
	"testing"
)

// TestAppendKeyOpen checks the envelope against encoding/json, the reference its bytes (and so
// every stored hash) must match, for plain keys and for every kind of text it escapes.
func TestAppendKeyOpen(t *testing.T) {
	texts := []string{
		"", "gl", "bench_export", "R123", "（2024）闽0102民初1号", "a b-c_d.e/f:g", "del\x7f",
		"<tag>", "a&b", `q"uote`, `back\slash`, "tab\tnl\n", "nul\x00", "sep\u2028par\u2029",
		"bad\xffutf8", "\xe6\x9d", "\ufffd", "emoji😀",
	}
	for _, kind := range []Kind{KindCase, "odd<kind>"} {
		for _, src := range texts {
			for _, id := range texts {
				k := Key{Kind: kind, Src: src, SrcID: id}
				want, err := json.Marshal(k)
				if err != nil {
					t.Fatal(err)
				}
				got := AppendKeyOpen([]byte("x"), k)
				if string(got) != "x"+string(want[:len(want)-1]) {
					t.Errorf("%q: got %s, want %s", k, got[1:], want[:len(want)-1])
				}
			}
		}
	}
}
