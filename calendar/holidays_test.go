package calendar

import (
	"math/rand"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// Spot checks against the State Council notices (file headers name each notice).
func TestHolidayNotices(t *testing.T) {
	cal, _ := embedded(t)
	cases := []struct {
		day  string
		work bool
		why  string
	}{
		{"2024-02-04", true, "2024 notice: Sunday 4 February worked for the Spring Festival"},
		{"2024-02-18", true, "2024 notice: Sunday 18 February worked"},
		{"2024-02-09", true, "2024 notice: New Year's Eve only encouraged as leave, still a working day"},
		{"2024-02-12", false, "2024 Spring Festival, Monday off"},
		{"2025-01-26", true, "2025 notice: Sunday 26 January worked"},
		{"2025-01-28", false, "2025: the Spring Festival starts on the lunar New Year's Eve"},
		{"2025-05-02", false, "2025: Labour Day has two statutory days from the 2024 revision"},
		{"2025-02-08", true, "2025 notice: Saturday 8 February worked"},
		{"2026-02-14", true, "2026 notice: Saturday 14 February worked"},
		{"2026-02-23", false, "2026 Spring Festival runs to Monday 23 February"},
		{"2026-02-28", true, "2026 notice: Saturday 28 February worked"},
		{"2026-01-04", true, "2026 notice: Sunday 4 January worked"},
		{"2020-02-01", false, "2020 extension notice: Saturday 1 February no longer worked"},
		{"2020-01-31", false, "2020 extension notice: Spring Festival extended to 2 February"},
		{"2020-02-03", true, "2020 extension notice: work resumed Monday 3 February"},
		{"2019-05-02", false, "2019 Labour Day change: 1 to 4 May off"},
		{"2019-04-28", true, "2019 Labour Day change: Sunday 28 April worked"},
		{"2018-12-29", true, "2019 notice: Saturday 29 December 2018 worked"},
		{"2018-12-31", false, "2019 notice: New Year holiday from 30 December 2018"},
		{"2023-10-07", true, "2023 notice: Saturday 7 October worked"},
		{"2022-10-07", false, "2022 National Day, Friday off"},
		{"2024-03-12", true, "an ordinary Tuesday"},
		{"2024-03-16", false, "an ordinary Saturday"},
	}
	for _, c := range cases {
		if got := cal.IsWorkday(d(c.day)); got != c.work {
			t.Errorf("IsWorkday(%s) = %v, want %v: %s", c.day, got, c.work, c.why)
		}
	}
}

func TestEveryYearHasSpringFestivalAndNationalDay(t *testing.T) {
	cal, _ := embedded(t)
	// Lunar New Year's Day (正月初一) of each year, an astronomical fact the Spring Festival
	// span must contain.
	lunarNewYear := map[int]string{2019: "2019-02-05", 2020: "2020-01-25", 2021: "2021-02-12",
		2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17"}
	for year := 2019; year <= 2026; year++ {
		if !cal.Covers(year) {
			t.Fatalf("year %d not covered", year)
		}
		var spring, national *Holiday
		hs := cal.Holidays(year)
		for i := range hs {
			switch {
			case hs[i].Name == "春节":
				spring = &hs[i]
			case strings.Contains(hs[i].Name, "国庆"):
				national = &hs[i]
			}
		}
		if spring == nil || national == nil {
			t.Fatalf("%d: 春节 %v, 国庆 %v", year, spring != nil, national != nil)
		}
		ny := d(lunarNewYear[year])
		if ny < spring.From || ny > spring.To {
			t.Errorf("%d: 春节 %s..%s misses 正月初一 %s", year, spring.From, spring.To, ny)
		}
		for day := 1; day <= 3; day++ { // 国庆节 is 1–3 October by statute
			if od := qingfeng.NewDate(year, time.October, day); cal.IsWorkday(od) {
				t.Errorf("%d: %s is a working day", year, od)
			}
		}
		if year >= 2025 && spring.To-spring.From+1 < 8 {
			t.Errorf("%d: 春节 %d days, want at least 8 under the 2024 revision", year, spring.To-spring.From+1)
		}
		for _, h := range hs {
			if h.Notice == "" {
				t.Errorf("%d %s: no notice", year, h.Name)
			}
		}
	}
}

func TestUncoveredYearsFallBackToWeekdays(t *testing.T) {
	cal, _ := embedded(t)
	if cal.Covers(2030) || cal.Covers(2018) {
		t.Fatal("2018 and 2030 have no notice")
	}
	// 1 October 2030 is a Tuesday: without its notice the calendar cannot know it is off.
	if !cal.IsWorkday(d("2030-10-01")) || cal.IsWorkday(d("2030-10-05")) {
		t.Error("fallback must be Monday to Friday")
	}
	var none *Calendar
	if !none.IsWorkday(d("2024-02-12")) || none.IsWorkday(d("2024-02-04")) || none.Covers(2024) {
		t.Error("a nil calendar must use the Monday-to-Friday rule")
	}
	if got := none.AddWorkdays(d("2024-03-15"), 1); got != d("2024-03-18") {
		t.Errorf("nil calendar: Friday + 1 working day = %s, want Monday", got)
	}
}

func TestWorkdayArithmetic(t *testing.T) {
	cal, _ := embedded(t)
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2024-02-08", 1, "2024-02-09"}, // the Eve is a working day in 2024
		{"2024-02-08", 2, "2024-02-18"}, // then the holiday, then the working Sunday
		{"2024-02-18", -1, "2024-02-09"},
		{"2025-09-30", 1, "2025-10-09"}, // National Day and Mid-Autumn 1–8 October
		{"2025-09-26", 1, "2025-09-28"}, // Sunday 28 September worked
		{"2024-03-13", 0, "2024-03-13"},
	}
	for _, c := range cases {
		if got := cal.AddWorkdays(d(c.from), c.n); got != d(c.want) {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

// WorkdaysBetween counts by arithmetic over the exceptions; compare it with walking day by
// day, and check it inverts AddWorkdays.
func TestWorkdaysBetweenProperties(t *testing.T) {
	cal, _ := embedded(t)
	rng := rand.New(rand.NewSource(20240204))
	lo := d("2018-06-01")
	for i := 0; i < 5000; i++ {
		a := lo + qingfeng.Date(rng.Intn(9*365))
		b := a + qingfeng.Date(rng.Intn(241)-120)
		walk := 0 // (a, b] forwards; [b, a) backwards, negated
		for x := a + 1; x <= b; x++ {
			if cal.IsWorkday(x) {
				walk++
			}
		}
		for x := b; x < a; x++ {
			if cal.IsWorkday(x) {
				walk--
			}
		}
		if got := cal.WorkdaysBetween(a, b); got != walk {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d, walking gives %d", a, b, got, walk)
		}
		n := rng.Intn(121) - 60
		e := cal.AddWorkdays(a, n)
		if got := cal.WorkdaysBetween(a, e); got != n {
			t.Fatalf("WorkdaysBetween(%s, AddWorkdays(%s, %d) = %s) = %d", a, a, n, e, got)
		}
		if n != 0 && !cal.IsWorkday(e) {
			t.Fatalf("AddWorkdays(%s, %d) = %s is not a working day", a, n, e)
		}
	}
}

const goodYear = `# test
year: 2024
notices:
  - number: 国办发明电〔2023〕7号
    title: 通知
    issued: 2023-10-25
holidays:
  - name: 春节
    name_en: Spring Festival
    from: 2024-02-10
    to: 2024-02-17
    work: [2024-02-04, 2024-02-18]
`

func TestBrokenHolidayFile(t *testing.T) {
	const file = "calendar/holidays/2024.yaml"
	cases := []struct {
		name, old, new string
		line           int
	}{
		{"working day on a weekday", "work: [2024-02-04, 2024-02-18]", "work: [2024-02-04, 2024-02-19]", 12},
		{"impossible date", "to: 2024-02-17", "to: 2024-02-30", 11},
		{"to before from", "to: 2024-02-17", "to: 2024-02-01", 11},
		{"unknown field", "    name_en: Spring Festival", "    name_en: Spring Festival\n    colour: red", 10},
		{"outside the year", "from: 2024-02-10", "from: 2022-02-10", 10},
		{"unknown notice", "    work: [2024-02-04, 2024-02-18]", "    work: [2024-02-04, 2024-02-18]\n    notice: 国办发明电〔2099〕1号", 13},
		{"year does not match the file", "year: 2024", "year: 2025", 2},
		{"working day inside the span", "work: [2024-02-04, 2024-02-18]", "work: [2024-02-04, 2024-02-11]", 12},
		{"day listed twice", "    work: [2024-02-04, 2024-02-18]", "    work: [2024-02-04, 2024-02-18]\n  - name: 元宵\n    name_en: Lantern\n    from: 2024-02-16", 15},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(goodYear, c.old) {
				t.Fatalf("fixture lacks %q", c.old)
			}
			fsys := fstest.MapFS{file: {Data: []byte(strings.Replace(goodYear, c.old, c.new, 1))}}
			_, err := LoadCalendar(fsys)
			wantLoadError(t, err, file, c.line)
		})
	}
	if _, err := LoadCalendar(fstest.MapFS{file: {Data: []byte(goodYear)}}); err != nil {
		t.Fatalf("the unbroken fixture must load: %v", err)
	}
}
