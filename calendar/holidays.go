package calendar

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng"
)

// holidayDir holds one file per year, named YYYY.yaml, relative to the definitions root.
const holidayDir = "calendar/holidays"

// Calendar tells working days from days off under the State Council's annual holiday notices.
// A day is a working day when a notice makes it one (调休上班), a day off when it falls in a
// holiday span, and otherwise a working day exactly when it is Monday to Friday.
//
// For a year without a holiday file (Covers reports false) the calendar falls back to that
// Monday-to-Friday rule: it cannot know that year's holidays, so working-day deadlines there
// may end a few days early. Days a covered year's notice sets in an adjacent year (the 2019
// New Year holiday began on 30 December 2018) still apply. A nil *Calendar uses the fallback
// rule for every day.
type Calendar struct {
	years      map[int][]Holiday
	exceptions []exception // days whose status differs from the Monday-to-Friday rule, by date
}

// Holiday is one festival's arrangement in a notice: the days off From..To (inclusive) and
// the weekend days made working days for it.
type Holiday struct {
	Name   string // as the notice names it, e.g. 春节, 国庆节、中秋节
	NameEn string
	From   qingfeng.Date
	To     qingfeng.Date
	Work   []qingfeng.Date
	Notice string // number of the notice that set this arrangement, e.g. 国办发明电〔2023〕7号
	Note   string
}

type exception struct {
	on   qingfeng.Date
	work bool
}

type holidayFile struct {
	Year     int            `yaml:"year"`
	Notices  []noticeEntry  `yaml:"notices"`
	Holidays []holidayEntry `yaml:"holidays"`
}

type noticeEntry struct {
	Number string `yaml:"number"`
	Title  string `yaml:"title"`
	Issued day    `yaml:"issued"`
}

type holidayEntry struct {
	Name   string `yaml:"name"`
	NameEn string `yaml:"name_en"`
	From   day    `yaml:"from"`
	To     *day   `yaml:"to"`
	Work   []day  `yaml:"work"`
	Notice string `yaml:"notice"`
	Note   string `yaml:"note"`
}

// LoadCalendar reads every calendar/holidays/YYYY.yaml in fsys (laid out like defs/). It
// rejects a file whose dates are malformed, out of its year, listed twice, or whose working
// days are not weekend days, naming the file and line.
func LoadCalendar(fsys fs.FS) (*Calendar, error) {
	names, err := fs.Glob(fsys, holidayDir+"/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", holidayDir, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("load %s: no holiday files", holidayDir)
	}
	c := &Calendar{years: map[int][]Holiday{}}
	seen := map[qingfeng.Date]string{} // date → where it was first listed, to reject repeats
	for _, name := range names {
		if err := c.loadYear(fsys, name, seen); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(c.exceptions, func(a, b exception) int { return int(a.on - b.on) })
	return c, nil
}

func (c *Calendar) loadYear(fsys fs.FS, name string, seen map[qingfeng.Date]string) error {
	var f holidayFile
	doc, err := decodeFile(fsys, name, &f)
	if err != nil {
		return err
	}
	fail := func(line int, format string, args ...any) error {
		return &LoadError{File: name, Line: line, Reason: fmt.Sprintf(format, args...)}
	}
	stem := strings.TrimSuffix(path.Base(name), ".yaml")
	if y, err := strconv.Atoi(stem); err != nil || y != f.Year {
		return fail(topLine(doc, "year"), "year %d does not match the file name %s", f.Year, path.Base(name))
	}
	if _, dup := c.years[f.Year]; dup {
		return fail(0, "year %d is defined twice", f.Year)
	}
	notices := map[string]bool{}
	for i, n := range f.Notices {
		if n.Number == "" || n.Title == "" || n.Issued.IsZero() {
			return fail(lineOf(listItems(doc, "notices"), i, "number"), "a notice needs number, title and issued")
		}
		notices[n.Number] = true
	}
	if len(notices) == 0 {
		return fail(0, "no notice named: every holiday file must cite its State Council notice")
	}
	items := listItems(doc, "holidays")
	// A notice's spans may start in the December before its year (元旦 2019 from 2018-12-30).
	first, last := qingfeng.NewDate(f.Year-1, time.December, 1), qingfeng.NewDate(f.Year, time.December, 31)
	var hs []Holiday
	for i, e := range f.Holidays {
		h, err := e.holiday(f.Notices[0].Number, notices, first, last)
		if err != nil {
			return fail(err.line(items, i), "%s", err.reason)
		}
		for d := h.From; d <= h.To; d++ {
			if prev, dup := seen[d]; dup {
				return fail(lineOf(items, i, "from"), "%s is already listed in %s", d, prev)
			}
			seen[d] = name
			if !weekend(d) {
				c.exceptions = append(c.exceptions, exception{on: d})
			}
		}
		for j, w := range h.Work {
			if prev, dup := seen[w]; dup {
				return fail(e.Work[j].line, "%s is already listed in %s", w, prev)
			}
			seen[w] = name
			c.exceptions = append(c.exceptions, exception{on: w, work: true})
		}
		hs = append(hs, h)
	}
	c.years[f.Year] = hs
	return nil
}

// entryError is a holiday entry's problem and the key whose line to report.
type entryError struct {
	key    string
	at     int // an explicit line, when the problem is one date of a list
	reason string
}

func (e *entryError) line(items []*yaml.Node, i int) int {
	if e.at != 0 {
		return e.at
	}
	return lineOf(items, i, e.key)
}

func (e holidayEntry) holiday(defaultNotice string, notices map[string]bool, first, last qingfeng.Date) (Holiday, *entryError) {
	h := Holiday{Name: e.Name, NameEn: e.NameEn, From: e.From.Date, To: e.From.Date, Notice: e.Notice, Note: e.Note}
	if e.To != nil {
		h.To = e.To.Date
	}
	switch {
	case h.Name == "":
		return h, &entryError{key: "name", reason: "a holiday needs a name"}
	case h.From.IsZero():
		return h, &entryError{key: "from", reason: "a holiday needs a from date"}
	case h.To < h.From:
		return h, &entryError{key: "to", reason: fmt.Sprintf("to %s is before from %s", h.To, h.From)}
	case h.From < first || h.To > last:
		return h, &entryError{key: "from", reason: fmt.Sprintf("%s..%s is outside %s..%s", h.From, h.To, first, last)}
	}
	if h.Notice == "" {
		h.Notice = defaultNotice
	} else if !notices[h.Notice] {
		return h, &entryError{key: "notice", reason: fmt.Sprintf("notice %s is not among the file's notices", h.Notice)}
	}
	for _, w := range e.Work {
		switch {
		case !weekend(w.Date):
			return h, &entryError{at: w.line, reason: fmt.Sprintf("working day %s is a %s, not a weekend day", w.Date, w.Weekday())}
		case w.Date < first || w.Date > last:
			return h, &entryError{at: w.line, reason: fmt.Sprintf("working day %s is outside %s..%s", w.Date, first, last)}
		}
		h.Work = append(h.Work, w.Date)
	}
	return h, nil
}

// Covers reports whether the calendar has the holiday notice of year. Outside covered years
// only the Monday-to-Friday rule applies.
func (c *Calendar) Covers(year int) bool {
	if c == nil {
		return false
	}
	_, ok := c.years[year]
	return ok
}

// Years lists the covered years in order.
func (c *Calendar) Years() []int {
	if c == nil {
		return nil
	}
	ys := make([]int, 0, len(c.years))
	for y := range c.years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// Holidays returns the arrangements of year's notice, in the notice's order.
func (c *Calendar) Holidays(year int) []Holiday {
	if c == nil {
		return nil
	}
	return slices.Clone(c.years[year])
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d qingfeng.Date) bool {
	if e, ok := c.exception(d); ok {
		return e.work
	}
	return !weekend(d)
}

// AddWorkdays returns the n-th working day after d (before d for negative n); for n = 0 it
// returns d itself. A deadline of "N working days from d" ends on AddWorkdays(d, N).
func (c *Calendar) AddWorkdays(d qingfeng.Date, n int) qingfeng.Date {
	step := qingfeng.Date(1)
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d += step
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// WorkdaysBetween counts the working days after a up to and including b. When b is before
// a it is minus the working days from b up to but not including a, so that
// WorkdaysBetween(d, AddWorkdays(d, n)) == n for every n.
func (c *Calendar) WorkdaysBetween(a, b qingfeng.Date) int {
	if b < a {
		return -c.WorkdaysBetween(b-1, a-1)
	}
	n := weekdaysThrough(b) - weekdaysThrough(a)
	for _, e := range c.exceptionsIn(a+1, b) {
		if e.work {
			n++
		} else {
			n--
		}
	}
	return n
}

func (c *Calendar) exception(d qingfeng.Date) (exception, bool) {
	if c == nil {
		return exception{}, false
	}
	i, ok := slices.BinarySearchFunc(c.exceptions, d, func(e exception, d qingfeng.Date) int { return int(e.on - d) })
	if !ok {
		return exception{}, false
	}
	return c.exceptions[i], true
}

// exceptionsIn returns the exceptions dated lo..hi inclusive.
func (c *Calendar) exceptionsIn(lo, hi qingfeng.Date) []exception {
	if c == nil || hi < lo {
		return nil
	}
	cmp := func(e exception, d qingfeng.Date) int { return int(e.on - d) }
	i, _ := slices.BinarySearchFunc(c.exceptions, lo, cmp)
	j, found := slices.BinarySearchFunc(c.exceptions, hi, cmp)
	if found {
		j++
	}
	return c.exceptions[i:j]
}

func weekend(d qingfeng.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// weekdaysThrough counts Monday-to-Friday days from day 1 (a Monday) through d.
func weekdaysThrough(d qingfeng.Date) int {
	n := int(d)
	return n/7*5 + min(n%7, 5)
}
