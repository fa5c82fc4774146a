package gen

import (
	"time"

	"github.com/qingfeng-court/qingfeng"
)

type date = qingfeng.Date

// Working days are Monday to Friday; the generator avoids weekends and nothing more (holiday
// calendars belong to the rules that read the data, and a date on a 调休 Saturday is legal).
func isWork(d date) bool {
	w := d.Weekday()
	return w != time.Saturday && w != time.Sunday
}

// work returns d or the next working day after it.
func work(d date) date {
	for !isWork(d) {
		d++
	}
	return d
}

// workBefore returns d or the last working day before it.
func workBefore(d date) date {
	for !isWork(d) {
		d--
	}
	return d
}

// addWork adds n working days (n ≥ 0) to the working day at or after d.
func addWork(d date, n int) date {
	d = work(d)
	for ; n > 0; n-- {
		d = work(d + 1)
	}
	return d
}

// monthsEnd is the last day of a limit of m months started by filing on day filed: the same
// day of the month m months after the day after filing (docs/spec/indicators.md).
func monthsEnd(filed date, m int) date { return (filed + 1).AddMonths(m) }

// halfYear numbers half-years (2024H1 = 4048) for clusters of complaints.
func halfYear(d date) int {
	y, m, _ := d.YMD()
	h := 0
	if m > 6 {
		h = 1
	}
	return y*2 + h
}

// yearMonth numbers months (2024-03 = 24291) for clusters of assignments.
func yearMonth(d date) int {
	y, m, _ := d.YMD()
	return y*12 + int(m) - 1
}

// timeline spreads the roots' filing dates over [from, asOf]: working days weighted by the
// year and month weights of the profile. Matter i of n gets a date from its own slice of the
// cumulative weight, so dates rise with the index and case-number serials with the date.
type timeline struct {
	days  []date
	cum   []int64 // cumulative weight after each day
	total int64
}

func newTimeline(from, asOf date, years, months *weights) timeline {
	var t timeline
	for d := from; d <= asOf; d++ {
		if !isWork(d) {
			continue
		}
		y, m, _ := d.YMD()
		w := int64(years.get(itoa(y), 1)*1000) * int64(months.get(itoa(int(m)), 1)*1000) / 1000
		if w <= 0 {
			w = 1
		}
		t.total += w
		t.days = append(t.days, d)
		t.cum = append(t.cum, t.total)
	}
	return t
}

// at returns the filing date of matter i of n; r supplies the position inside its slice.
func (t *timeline) at(i, n int, r *rng) date {
	if len(t.days) == 0 {
		return 0
	}
	lo := int64(i) * t.total / int64(n)
	hi := int64(i+1) * t.total / int64(n)
	pos := lo
	if hi > lo {
		pos = lo + int64(r.intn(int(hi-lo)))
	}
	a, b := 0, len(t.cum)-1
	for a < b {
		m := (a + b) / 2
		if t.cum[m] > pos {
			b = m
		} else {
			a = m + 1
		}
	}
	return t.days[a]
}
