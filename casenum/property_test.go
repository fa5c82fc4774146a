package casenum

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestParseSpellingVariants is a property test: a number assembled from valid parts and then
// spelled the way people type it (either bracket width, full-width digits, stray spaces,
// leading zeros, 之N in digits or numerals, 号 left out) reads back as exactly those parts.
func TestParseSpellingVariants(t *testing.T) {
	types := Default()
	rng := rand.New(rand.NewPCG(1, 2))
	var codes []string
	for _, c := range types.Codes() {
		if info, _ := types.Lookup(c); !info.Legacy {
			codes = append(codes, c)
			if _, ok := types.Lookup("知" + c); ok {
				codes = append(codes, "知"+c)
			}
		}
	}
	var provinces []string
	for code := range types.provinces {
		provinces = append(provinces, code)
	}
	for i := 0; i < 20000; i++ {
		want := Number{
			Year:   firstYear + rng.IntN(now().Year()+2-firstYear),
			Court:  randomCourt(rng, provinces),
			Type:   codes[rng.IntN(len(codes))],
			Serial: 1 + rng.IntN(99999999),
		}
		if rng.IntN(3) == 0 {
			want.Sub = 1 + rng.IntN(maxSub)
		}
		s := misspell(rng, want)
		got, err := types.Parse(s)
		if err != nil || got != want {
			t.Fatalf("Parse(%q) = %#v, %v; want %#v", s, got, err, want)
		}
	}
}

func randomCourt(rng *rand.Rand, provinces []string) string {
	p := provinces[rng.IntN(len(provinces))]
	if p == "最高法" {
		return p
	}
	switch rng.IntN(3) {
	case 0:
		return p
	case 1:
		return fmt.Sprintf("%s%02d", p, rng.IntN(100))
	}
	return fmt.Sprintf("%s%04d", p, rng.IntN(10000))
}

// misspell writes n with random but legitimate variations.
func misspell(rng *rand.Rand, n Number) string {
	var b strings.Builder
	open, closing := "（", "）"
	if rng.IntN(2) == 0 {
		open, closing = "(", ")"
	}
	serial := fmt.Sprint(n.Serial)
	if rng.IntN(4) == 0 {
		serial = strings.Repeat("0", 1+rng.IntN(3)) + serial
	}
	parts := []string{open, fmt.Sprint(n.Year), closing, n.Court, n.Type, serial}
	if n.Sub == 0 || rng.IntN(3) > 0 {
		parts = append(parts, "号")
	}
	if n.Sub > 0 {
		sub := chineseNumeral(n.Sub)
		if rng.IntN(2) == 0 {
			sub = fmt.Sprint(n.Sub)
		}
		parts = append(parts, "之", sub)
	}
	for _, p := range parts {
		if rng.IntN(2) == 0 {
			p = toFullWidthDigits(p)
		}
		b.WriteString(p)
		if rng.IntN(5) == 0 {
			b.WriteString([]string{" ", "\u3000", "\t", " \u00a0"}[rng.IntN(4)])
		}
	}
	return b.String()
}

func toFullWidthDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '０' + (r - '0')
		}
		return r
	}, s)
}
