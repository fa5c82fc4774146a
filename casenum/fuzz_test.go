package casenum

import (
	"errors"
	"testing"
)

var knownCodes = map[string]bool{
	CodeEmpty: true, CodeFormat: true, CodeDocumentNumber: true, CodeNotarial: true, CodeArbitration: true,
	CodeYear: true, CodeCourtCode: true, CodeUnknownType: true, CodeSerial: true, CodeSub: true,
}

// FuzzParse: Parse never panics; every rejection is an *Error with a known code; whatever it
// accepts has a normal form that parses back to the same number and is a fixed point.
func FuzzParse(f *testing.F) {
	for _, c := range goldSet {
		f.Add(c.in)
	}
	for _, s := range []string{"法〔2015〕137号", "（2020）闽榕证字第1234号", "（2020）榕仲字第1号", "（1900）闽01民初1号",
		"（2024）闽012民初1号", "（2024）闽0102民初1号之零", "（2010）鼓字第1号", "（2024）闽0102民初第1234号之3", "（2010）鼓民证第1号", ""} {
		f.Add(s)
	}
	types := Default()
	f.Fuzz(func(t *testing.T, s string) {
		n, err := types.Parse(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !knownCodes[e.Code] || e.Message == "" || e.MessageEn == "" {
				t.Fatalf("Parse(%q): bad rejection %#v", s, err)
			}
			return
		}
		norm := n.String()
		again, err := types.Parse(norm)
		if err != nil {
			t.Fatalf("Parse(%q) = %#v, but its normal form %q is rejected: %v", s, n, norm, err)
		}
		if again != n {
			t.Fatalf("Parse(%q) = %#v; normal form %q parses as %#v", s, n, norm, again)
		}
		if again.String() != norm {
			t.Fatalf("normal form not stable: %q → %q", norm, again.String())
		}
		if got, err := types.Normalize(s); err != nil || got != norm {
			t.Fatalf("Normalize(%q) = %q, %v; want %q", s, got, err, norm)
		}
	})
}
