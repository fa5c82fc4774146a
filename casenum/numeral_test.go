package casenum

import (
	"fmt"
	"testing"
)

// TestSubNumeralsRoundTrip: every 之N that String writes is read back as N, in Chinese numerals
// and in digits, and nothing outside 1–99 is read.
func TestSubNumeralsRoundTrip(t *testing.T) {
	for n := 1; n <= maxSub; n++ {
		zh := chineseNumeral(n)
		if got, ok := parseSubNumber(zh); !ok || got != n {
			t.Errorf("parseSubNumber(%q) = %d, %v; want %d", zh, got, ok, n)
		}
		if got, ok := parseSubNumber(fmt.Sprint(n)); !ok || got != n {
			t.Errorf("parseSubNumber(%d) = %d, %v", n, got, ok)
		}
		num, err := Parse(fmt.Sprintf("（2024）闽0102民初1号之%s", zh))
		if err != nil || num.Sub != n {
			t.Errorf("之%s: %v, %v", zh, num, err)
		}
	}
	for _, bad := range []string{"", "0", "00", "100", "零", "一百", "十十", "二二", "一十一十", "两", "a", "-1", "二十零"} {
		if v, ok := parseSubNumber(bad); ok {
			t.Errorf("parseSubNumber(%q) = %d, accepted", bad, v)
		}
	}
}
