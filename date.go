package qingfeng

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar day without a time zone, counted in days since 0001-01-01 (proleptic
// Gregorian) plus one, so that the zero value means "no date". Subtracting two dates gives the
// number of days between them, which is how every time limit and age is computed.
type Date int32

// unixDay1 is the day number of 1970-01-01: 719,162 days after 0001-01-01, plus one.
const unixDay1 = 719162 + 1

// NewDate returns the Date for the given year, month and day. Out-of-range values are
// normalised the way time.Date does (2024-02-30 becomes 2024-03-01).
func NewDate(year int, month time.Month, day int) Date {
	secs := time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix()
	days := secs / 86400
	if secs%86400 != 0 && secs < 0 {
		days--
	}
	return Date(days + unixDay1)
}

// DateOf returns the calendar date of t in t's own location (an event's date is the local
// date of its own offset).
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate reads a date written as YYYY-MM-DD. It rejects impossible dates such as
// 2023-02-29 instead of normalising them.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("not a date of the form YYYY-MM-DD: %q", s)
	}
	return DateOf(t), nil
}

// MustDate is ParseDate for literals in tests and tables; it panics on a bad date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == 0 }

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Unix((int64(d)-unixDay1)*86400, 0).UTC() }

// YMD returns the year, month and day.
func (d Date) YMD() (int, time.Month, int) { return d.Time().Date() }

// Year returns the year of the date.
func (d Date) Year() int { y, _, _ := d.YMD(); return y }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return time.Weekday(int(d) % 7) } // day 1 was a Monday

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns the same day n calendar months later, or that month's last day when it
// has no such day (2024-01-31 + 1 month = 2024-02-29). This is how statutory limits in months
// are counted.
func (d Date) AddMonths(n int) Date {
	y, m, day := d.YMD()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		day = last
	}
	return NewDate(first.Year(), first.Month(), day)
}

// String formats the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// MarshalJSON writes "YYYY-MM-DD", or null when unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d == 0 {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = 0
		return nil
	}
	var s string
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && !bytes.ContainsAny(b[1:len(b)-1], "\\\"") {
		// The common case, a plain quoted date, without a round through the JSON decoder: this
		// runs for every date of every record ingested.
		s = string(b[1 : len(b)-1])
	} else if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be a string YYYY-MM-DD, got %s", b)
	}
	if s == "" {
		*d = 0
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
