package indicator

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// PeriodKind is the length of a period.
type PeriodKind string

// Period kinds.
const (
	Month   PeriodKind = "month"
	Quarter PeriodKind = "quarter"
	Year    PeriodKind = "year"
	YTD     PeriodKind = "ytd" // January through month N
)

// Period is a month, quarter, year or year-to-date. N is the month (1–12), the quarter (1–4)
// or, for year-to-date, the last month included (0 until resolved against the data's date).
type Period struct {
	Kind PeriodKind `json:"kind"`
	Year int        `json:"year"`
	N    int        `json:"n,omitempty"`
}

// ParsePeriod reads "2024" (a year), "2024Q3", "2024-03", "2024YTD09" (January–September) or
// "2024YTD" (January through the month of the data's date; see Engine.Resolve).
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	bad := fmt.Errorf("period %q: use 2024, 2024Q3, 2024-03, 2024YTD09 or 2024YTD", s)
	if len(s) < 4 {
		return Period{}, bad
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1900 || y > 2999 {
		return Period{}, bad
	}
	rest := s[4:]
	num := func(t string, lo, hi int) (int, bool) {
		n, err := strconv.Atoi(t)
		return n, err == nil && n >= lo && n <= hi
	}
	switch {
	case rest == "":
		return Period{Kind: Year, Year: y}, nil
	case strings.HasPrefix(rest, "Q"):
		if n, ok := num(rest[1:], 1, 4); ok {
			return Period{Kind: Quarter, Year: y, N: n}, nil
		}
	case strings.HasPrefix(rest, "-"):
		if n, ok := num(rest[1:], 1, 12); ok {
			return Period{Kind: Month, Year: y, N: n}, nil
		}
	case rest == "YTD":
		return Period{Kind: YTD, Year: y}, nil
	case strings.HasPrefix(rest, "YTD"):
		if n, ok := num(rest[3:], 1, 12); ok {
			return Period{Kind: YTD, Year: y, N: n}, nil
		}
	}
	return Period{}, bad
}

// String writes the period the way ParsePeriod reads it.
func (p Period) String() string {
	switch p.Kind {
	case Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case Quarter:
		return fmt.Sprintf("%04dQ%d", p.Year, p.N)
	case YTD:
		if p.N == 0 {
			return fmt.Sprintf("%04dYTD", p.Year)
		}
		return fmt.Sprintf("%04dYTD%02d", p.Year, p.N)
	}
	return fmt.Sprintf("%04d", p.Year)
}

// MarshalText writes the period as its string.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads a period string.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Label is the period for people: "2024年1-9月" / "Jan–Sep 2024".
func (p Period) Label(zh bool) string {
	if zh {
		switch p.Kind {
		case Month:
			return fmt.Sprintf("%d年%d月", p.Year, p.N)
		case Quarter:
			return fmt.Sprintf("%d年第%d季度", p.Year, p.N)
		case YTD:
			return fmt.Sprintf("%d年1-%d月", p.Year, p.N)
		}
		return fmt.Sprintf("%d年", p.Year)
	}
	switch p.Kind {
	case Month:
		return time.Month(p.N).String()[:3] + " " + strconv.Itoa(p.Year)
	case Quarter:
		return fmt.Sprintf("Q%d %d", p.N, p.Year)
	case YTD:
		return fmt.Sprintf("Jan–%s %d", time.Month(p.N).String()[:3], p.Year)
	}
	return strconv.Itoa(p.Year)
}

// months returns the first and last absolute month (year×12 + month − 1) of the period.
func (p Period) months() (int32, int32) {
	base := int32(p.Year * 12)
	switch p.Kind {
	case Month:
		return base + int32(p.N) - 1, base + int32(p.N) - 1
	case Quarter:
		return base + int32(p.N-1)*3, base + int32(p.N)*3 - 1
	case YTD:
		return base, base + int32(p.N) - 1
	}
	return base, base + 11
}

// Start is the first day of the period.
func (p Period) Start() qingfeng.Date {
	m0, _ := p.months()
	return monthStart(m0)
}

// End is the last day of the period.
func (p Period) End() qingfeng.Date {
	_, m1 := p.months()
	return monthStart(m1+1) - 1
}

// Days is the length used by CEPEJ disposition time: 365 for a year, else the days of P.
func (p Period) Days() int {
	if p.Kind == Year {
		return 365
	}
	return int(p.End()-p.Start()) + 1
}

// PrevYear is the same period one year earlier.
func (p Period) PrevYear() Period { p.Year--; return p }

// Before returns the n periods of the same kind before p, most recent first. A year-to-date's
// earlier periods are the same months of earlier years.
func (p Period) Before(n int) []Period {
	out := make([]Period, 0, n)
	cur := p
	for range n {
		switch cur.Kind {
		case Month:
			cur.N--
			if cur.N == 0 {
				cur.Year, cur.N = cur.Year-1, 12
			}
		case Quarter:
			cur.N--
			if cur.N == 0 {
				cur.Year, cur.N = cur.Year-1, 4
			}
		default:
			cur.Year--
		}
		out = append(out, cur)
	}
	return out
}

// PeriodsOfYear lists the periods one full computation covers for a year: its 12 months, 4
// quarters, the year and the 12 year-to-date periods.
func PeriodsOfYear(y int) []Period {
	out := make([]Period, 0, 29)
	for m := 1; m <= 12; m++ {
		out = append(out, Period{Kind: Month, Year: y, N: m})
	}
	for q := 1; q <= 4; q++ {
		out = append(out, Period{Kind: Quarter, Year: y, N: q})
	}
	out = append(out, Period{Kind: Year, Year: y})
	for m := 1; m <= 12; m++ {
		out = append(out, Period{Kind: YTD, Year: y, N: m})
	}
	return out
}

// monthOf returns the absolute month (year×12 + month − 1) of a date.
func monthOf(d qingfeng.Date) int32 {
	// civil-from-days (H. Hinnant's algorithm) on days since 1970-01-01.
	z := int64(d) - unixDay1 + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return int32(y*12 + m - 1)
}

// monthStart is the first day of an absolute month.
func monthStart(m int32) qingfeng.Date {
	y, mm := m/12, m%12
	if mm < 0 {
		y, mm = y-1, mm+12
	}
	return qingfeng.NewDate(int(y), time.Month(mm+1), 1)
}

// unixDay1 mirrors qingfeng's day number of 1970-01-01.
const unixDay1 = 719162 + 1
