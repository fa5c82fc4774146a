package qingfeng

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDateRoundTrip(t *testing.T) {
	for _, s := range []string{"2024-02-29", "1999-12-31", "2026-01-01", "0001-01-01"} {
		d := MustDate(s)
		if d.String() != s {
			t.Errorf("%s: got %s", s, d)
		}
		if want := d.Time().Weekday(); d.Weekday() != want {
			t.Errorf("%s: weekday %v, want %v", s, d.Weekday(), want)
		}
	}
	if _, err := ParseDate("2023-02-29"); err == nil {
		t.Error("2023-02-29 accepted")
	}
}

func TestAddMonths(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2024-01-31", 1, "2024-02-29"},
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-03-15", 6, "2024-09-15"},
		{"2024-08-31", 6, "2025-02-28"},
		{"2024-12-01", 2, "2025-02-01"},
	}
	for _, c := range cases {
		if got := MustDate(c.from).AddMonths(c.n).String(); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

func TestDateOfUsesOwnOffset(t *testing.T) {
	at, _ := time.Parse(time.RFC3339, "2024-03-05T23:30:00+08:00")
	if got := DateOf(at).String(); got != "2024-03-05" {
		t.Errorf("got %s", got)
	}
}

func TestMoney(t *testing.T) {
	for s, want := range map[string]Money{"125000.00": 12500000, "1": 100, "0.5": 50, "-3.25": -325} {
		got, err := ParseMoney(s)
		if err != nil || got != want {
			t.Errorf("%s: got %d %v", s, got, err)
		}
	}
	for _, s := range []string{"", "1.234", "1e5", "12,000", "abc", "."} {
		if _, err := ParseMoney(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	if Money(12500000).String() != "125000.00" {
		t.Error("format")
	}
}

// TestDateJSON: a plain quoted date, one with JSON escapes, null and "" decode; anything else is
// refused with the text it was given.
func TestDateJSON(t *testing.T) {
	for in, want := range map[string]Date{
		`"2024-02-29"`:      NewDate(2024, 2, 29),
		`"2024\u002d02-29"`: NewDate(2024, 2, 29),
		`null`:              0,
		`""`:                0,
		`"2026-12-31"`:      NewDate(2026, 12, 31),
	} {
		var d Date
		if err := json.Unmarshal([]byte(in), &d); err != nil || d != want {
			t.Errorf("%s: %v %v, want %v", in, d, err, want)
		}
	}
	for _, in := range []string{`"2023-02-29"`, `20240229`, `"2024-02-29\""`, `"24-2-29"`} {
		var d Date
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("%s decoded as %v", in, d)
		}
	}
}
