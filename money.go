package qingfeng

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount in fen (0.01 yuan). The interchange format writes money as a decimal
// string in yuan ("125000.00") so that no amount passes through a float.
type Money int64

// ParseMoney reads a decimal amount in yuan with at most two decimals: "125000", "125000.5",
// "125000.00". A leading minus is allowed (refunds and corrections).
func ParseMoney(s string) (Money, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("empty amount")
	}
	neg := false
	if t[0] == '-' {
		neg, t = true, t[1:]
	}
	whole, frac, hasDot := strings.Cut(t, ".")
	if whole == "" || len(frac) > 2 || (hasDot && frac == "") {
		return 0, fmt.Errorf("not an amount in yuan with at most two decimals: %q", s)
	}
	for _, part := range []string{whole, frac} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, fmt.Errorf("not an amount in yuan with at most two decimals: %q", s)
			}
		}
	}
	for len(frac) < 2 {
		frac += "0"
	}
	if len(whole) > 15 {
		return 0, fmt.Errorf("amount too large: %q", s)
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	m := Money(w*100 + f)
	if neg {
		m = -m
	}
	return m, nil
}

// Yuan returns the amount in yuan as a float, for display and ratios only.
func (m Money) Yuan() float64 { return float64(m) / 100 }

// String formats the amount as a decimal string in yuan with two decimals.
func (m Money) String() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// MarshalJSON writes the amount as a decimal string in yuan.
func (m Money) MarshalJSON() ([]byte, error) { return []byte(`"` + m.String() + `"`), nil }

// UnmarshalJSON reads a decimal string in yuan; a bare JSON number is accepted too, because
// spreadsheets exported to JSON often lose the quotes.
func (m *Money) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*m = 0
		return nil
	}
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	} else {
		s = string(b)
	}
	v, err := ParseMoney(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}
