package calendar

import (
	"slices"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

var cst = time.FixedZone("CST", 8*3600)

// ev builds an event at 09:30 China time on day, with attrs given as key, value pairs.
func ev(typ, day string, kv ...any) qingfeng.Event {
	y, m, dd := d(day).YMD()
	e := qingfeng.Event{Type: typ, At: time.Date(y, m, dd, 9, 30, 0, 0, cst), Attrs: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		e.Attrs[kv[i].(string)] = kv[i+1]
	}
	return e
}

func civil(proc qingfeng.Procedure, filed, closed string) *qingfeng.Case {
	c := &qingfeng.Case{Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance, Procedure: proc, FiledOn: d(filed)}
	if closed != "" {
		c.ClosedOn = d(closed)
	}
	return c
}

func codes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

// Worked examples; expected numbers are worked out by hand from the spec's readings. A civil
// ordinary case filed 2024-03-01 has 6 months to 2024-09-02: 185 days.
func TestClockWorkedExamples(t *testing.T) {
	cal, lim := embedded(t)
	ordinary := civil(qingfeng.ProcOrdinary, "2024-03-01", "")
	cases := []struct {
		name                     string
		c                        *qingfeng.Case
		events                   []qingfeng.Event
		asOf                     string
		age, deducted, suspended int
		excluded, ext            int
		deadline                 string
		exceeded, within         bool
		findings                 []string
	}{
		{name: "no events", c: ordinary, asOf: "2024-05-01",
			age: 61, deadline: "2024-09-02"},
		{name: "deduction in the middle", c: ordinary, asOf: "2024-05-01",
			events: []qingfeng.Event{ev("deduction_started", "2024-04-01", "reason", "appraisal"), ev("deduction_ended", "2024-04-11")},
			age:    51, deducted: 10, excluded: 10, deadline: "2024-09-12"},
		{name: "open deduction runs to the day of measurement", c: ordinary, asOf: "2024-05-01",
			events: []qingfeng.Event{ev("deduction_started", "2024-04-01", "reason", "publication")},
			age:    31, deducted: 30, excluded: 30, deadline: "2024-10-02"},
		{name: "end event after asOf is not yet known", c: ordinary, asOf: "2024-05-01",
			events: []qingfeng.Event{ev("deduction_started", "2024-04-01", "reason", "publication"), ev("deduction_ended", "2024-06-01")},
			age:    31, deducted: 30, excluded: 30, deadline: "2024-10-02"},
		{name: "deduction and suspension overlapping count once", c: ordinary, asOf: "2024-05-01",
			events: []qingfeng.Event{
				ev("deduction_started", "2024-04-01", "reason", "appraisal"), ev("deduction_ended", "2024-04-11"),
				ev("suspension_started", "2024-04-06"), ev("suspension_ended", "2024-04-21")},
			age: 41, deducted: 10, suspended: 15, excluded: 20, deadline: "2024-09-22"},
		{name: "two overlapping deductions", c: ordinary, asOf: "2024-05-01",
			events: []qingfeng.Event{
				ev("deduction_started", "2024-04-01", "reason", "appraisal"),
				ev("deduction_started", "2024-04-05", "reason", "publication"),
				ev("deduction_ended", "2024-04-11", "reason", "appraisal"), ev("deduction_ended", "2024-04-21", "reason", "publication")},
			age: 41, deducted: 20, excluded: 20, deadline: "2024-09-22", findings: []string{"clock.deduction_overlap"}},
		{name: "closed late without extension", c: civil(qingfeng.ProcOrdinary, "2024-03-01", "2024-09-20"), asOf: "2024-12-31",
			age: 203, deadline: "2024-09-02", exceeded: true},
		{name: "approved extension keeps it within", c: civil(qingfeng.ProcOrdinary, "2024-03-01", "2024-09-20"), asOf: "2024-12-31",
			events: []qingfeng.Event{ev("extension_requested", "2024-08-10", "days", 30.0), ev("extension_approved", "2024-08-20", "days", 30.0)},
			age:    203, ext: 30, deadline: "2024-10-02", within: true},
		{name: "request without approval does not extend", c: civil(qingfeng.ProcOrdinary, "2024-03-01", "2024-09-20"), asOf: "2024-12-31",
			events: []qingfeng.Event{ev("extension_requested", "2024-08-10", "days", 30.0)},
			age:    203, deadline: "2024-09-02", exceeded: true, findings: []string{"clock.extension_not_approved"}},
		{name: "closed on the last day is within", c: civil(qingfeng.ProcOrdinary, "2024-03-01", "2024-09-02"), asOf: "2024-12-31",
			age: 185, deadline: "2024-09-02", within: true},
		{name: "closed the day after is exceeded", c: civil(qingfeng.ProcOrdinary, "2024-03-01", "2024-09-03"), asOf: "2024-12-31",
			age: 186, deadline: "2024-09-02", exceeded: true},
		{name: "ended deduction with no start", c: ordinary, asOf: "2024-05-01",
			events: []qingfeng.Event{ev("deduction_ended", "2024-04-11")},
			age:    61, deadline: "2024-09-02", findings: []string{"clock.deduction_end_without_start"}},
		{name: "unknown and missing reasons", c: ordinary, asOf: "2024-05-01",
			events: []qingfeng.Event{
				ev("deduction_started", "2024-04-01", "reason", "holiday_trip"), ev("deduction_ended", "2024-04-03"),
				ev("deduction_started", "2024-04-10"), ev("deduction_ended", "2024-04-12")},
			age: 57, deducted: 4, excluded: 4, deadline: "2024-09-06",
			findings: []string{"clock.deduction_unknown_reason", "clock.deduction_no_reason"}},
		{name: "new-evidence deduction over its one-month cap", c: ordinary, asOf: "2024-06-01",
			events: []qingfeng.Event{ev("deduction_started", "2024-04-01", "reason", "new_evidence"), ev("deduction_ended", "2024-05-11")},
			age:    52, deducted: 40, excluded: 40, deadline: "2024-10-12", findings: []string{"clock.deduction_over_cap"}},
		{name: "deduction still open at closing", c: civil(qingfeng.ProcOrdinary, "2024-03-01", "2024-05-01"), asOf: "2024-12-31",
			events: []qingfeng.Event{ev("suspension_started", "2024-04-21")},
			age:    51, suspended: 10, excluded: 10, deadline: "2024-09-12", within: true, findings: []string{"clock.interval_open_at_close"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Clock(c.c, nil, c.events, d(c.asOf), lim, cal)
			if !s.HasLimit || s.Limit.ID != "civil_first_ordinary" || s.LimitDays != 185 {
				t.Fatalf("limit %s %d days, want civil_first_ordinary 185", s.Limit.ID, s.LimitDays)
			}
			got := []int{s.Age, s.DeductedDays, s.SuspendedDays, s.ExcludedDays, s.ExtensionDays}
			want := []int{c.age, c.deducted, c.suspended, c.excluded, c.ext}
			if !slices.Equal(got, want) {
				t.Errorf("age, deducted, suspended, excluded, extension = %v, want %v", got, want)
			}
			if s.Deadline != d(c.deadline) || s.Exceeded != c.exceeded || s.WithinLimit != c.within {
				t.Errorf("deadline %s exceeded %v within %v, want %s %v %v", s.Deadline, s.Exceeded, s.WithinLimit, c.deadline, c.exceeded, c.within)
			}
			if s.Remaining != int(s.Deadline-s.MeasuredOn) {
				t.Errorf("remaining %d, but deadline %s is %d days after %s", s.Remaining, s.Deadline, s.Deadline-s.MeasuredOn, s.MeasuredOn)
			}
			if !slices.Equal(codes(s.Findings), c.findings) {
				t.Errorf("findings %v, want %v", codes(s.Findings), c.findings)
			}
		})
	}
}

// Simplified procedure converted to ordinary: the ordinary limit applies, counted from filing
// (民诉解释 Art. 258). Filed 2024-03-01: simplified ends 2024-06-02 (93 days), ordinary
// 2024-09-02 (185 days).
func TestClockConversion(t *testing.T) {
	cal, lim := embedded(t)
	conv := func(day string) qingfeng.Event {
		return ev("procedure_converted", day, "from", "simplified", "to", "ordinary")
	}
	// The record may show the procedure it started with or the one it ended with.
	for _, proc := range []qingfeng.Procedure{qingfeng.ProcSimplified, qingfeng.ProcOrdinary} {
		c := civil(proc, "2024-03-01", "2024-08-20")
		s := Clock(c, nil, []qingfeng.Event{conv("2024-05-15")}, d("2024-12-31"), lim, cal)
		if s.Limit.ID != "civil_first_ordinary" || s.LimitDays != 185 || !s.WithinLimit || len(s.Findings) != 0 {
			t.Errorf("record %s: limit %s %d days, within %v, findings %v; want ordinary 185 from filing, within",
				proc, s.Limit.ID, s.LimitDays, s.WithinLimit, codes(s.Findings))
		}
		if len(s.Conversions) != 1 || s.Conversions[0].On != d("2024-05-15") {
			t.Errorf("conversions %+v", s.Conversions)
		}
	}
	// Measured before the conversion, the simplified limit still applies.
	c := civil(qingfeng.ProcOrdinary, "2024-03-01", "")
	if s := Clock(c, nil, []qingfeng.Event{conv("2024-05-15")}, d("2024-05-01"), lim, cal); s.Limit.ID != "civil_first_simplified" || s.LimitDays != 93 {
		t.Errorf("before the conversion: %s %d days, want simplified 93", s.Limit.ID, s.LimitDays)
	}
	// Converting after the simplified limit ran out is reported.
	s := Clock(c, nil, []qingfeng.Event{conv("2024-06-10")}, d("2024-07-01"), lim, cal)
	if !slices.Equal(codes(s.Findings), []string{"clock.conversion_after_expiry"}) || s.Exceeded {
		t.Errorf("late conversion: findings %v exceeded %v", codes(s.Findings), s.Exceeded)
	}
	// An approved extension of the simplified limit before the conversion makes it timely.
	s = Clock(c, nil, []qingfeng.Event{ev("extension_approved", "2024-05-20", "days", 30.0), conv("2024-06-10")}, d("2024-07-01"), lim, cal)
	if len(s.Findings) != 0 {
		t.Errorf("conversion within the extended limit: findings %v", codes(s.Findings))
	}
}

// Filing dates near a month's end (the spec's "N months" reading).
func TestClockMonthEnds(t *testing.T) {
	cal, lim := embedded(t)
	cases := []struct {
		proc     qingfeng.Procedure
		filed    string
		deadline string
	}{
		{qingfeng.ProcSmallClaims, "2024-01-30", "2024-03-31"},
		{qingfeng.ProcSmallClaims, "2024-01-31", "2024-04-01"},
		{qingfeng.ProcSmallClaims, "2023-12-30", "2024-02-29"},
		{qingfeng.ProcSimplified, "2023-11-29", "2024-02-29"},
		{qingfeng.ProcSimplified, "2023-11-30", "2024-03-01"},
		{qingfeng.ProcOrdinary, "2023-08-30", "2024-02-29"},
		{qingfeng.ProcOrdinary, "2024-08-31", "2025-03-01"},
	}
	for _, c := range cases {
		s := Clock(civil(c.proc, c.filed, ""), nil, nil, d(c.filed), lim, cal)
		if s.BaseDeadline != d(c.deadline) || s.LimitDays != int(d(c.deadline)-d(c.filed)) {
			t.Errorf("%s filed %s: deadline %s (%d days), want %s", c.proc, c.filed, s.BaseDeadline, s.LimitDays, c.deadline)
		}
	}
}

func TestClockAppealAgainstRulingAndLocalDates(t *testing.T) {
	cal, lim := embedded(t)
	appeal := &qingfeng.Case{Category: qingfeng.CatCivil, Stage: qingfeng.StageSecondInstance, FiledOn: d("2024-03-01"), ClosedOn: d("2024-04-05")}
	origin := &qingfeng.Case{Stage: qingfeng.StageFirstInstance, ClosingMethod: qingfeng.CloseRuling}
	s := Clock(appeal, origin, nil, 0, lim, cal)
	if s.LimitDays != 30 || !s.Exceeded || s.Age != 35 {
		t.Errorf("appeal against a ruling: %d days, age %d, exceeded %v; want 30, 35, true", s.LimitDays, s.Age, s.Exceeded)
	}
	if s = Clock(appeal, nil, nil, 0, lim, cal); s.LimitDays != 93 || s.Exceeded {
		t.Errorf("appeal, origin unknown: %d days, exceeded %v; want 3 months (93 days), within", s.LimitDays, s.Exceeded)
	}
	// 2024-04-01T17:30-07:00 is already 2 April in China but 1 April in its own offset: the
	// event's own offset decides.
	west := ev("deduction_started", "2024-04-01", "reason", "appraisal")
	west.At = time.Date(2024, 4, 1, 17, 30, 0, 0, time.FixedZone("", -7*3600))
	end := ev("deduction_ended", "2024-04-11")
	s = Clock(civil(qingfeng.ProcOrdinary, "2024-03-01", ""), nil, []qingfeng.Event{end, west}, d("2024-05-01"), lim, cal)
	if s.DeductedDays != 10 {
		t.Errorf("deducted %d days, want 10 (1 to 11 April in the events' own offsets)", s.DeductedDays)
	}
}

func TestClockWithoutLimit(t *testing.T) {
	cal, lim := embedded(t)
	c := &qingfeng.Case{Category: qingfeng.CatEnforcement, Stage: qingfeng.StageEnforcementSupervision, FiledOn: d("2024-03-01")}
	s := Clock(c, nil, []qingfeng.Event{ev("suspension_started", "2024-03-11")}, d("2024-04-01"), lim, cal)
	if s.HasLimit || s.Exceeded || s.Age != 10 || !slices.Equal(codes(s.Findings), []string{"clock.no_limit"}) {
		t.Errorf("no limit: %+v", s)
	}
	if s.Findings[0].Text.ZH == "" || s.Findings[0].Text.EN == "" {
		t.Error("findings need both languages")
	}
	s = Clock(&qingfeng.Case{Category: qingfeng.CatCivil}, nil, nil, d("2024-04-01"), lim, cal)
	if !slices.Equal(codes(s.Findings), []string{"clock.no_filing_date"}) {
		t.Errorf("no filing date: %v", codes(s.Findings))
	}
}
