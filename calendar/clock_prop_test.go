package calendar

import (
	"math/rand"
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

// randomProceeding draws a proceeding of a kind the generator writes, filed 2019–2025, closed
// or pending, with a random sequence of clock events — including broken ones (ends without
// starts, overlaps, unknown reasons, events before filing, requests never approved).
func randomProceeding(rng *rand.Rand) (*qingfeng.Case, []qingfeng.Event) {
	kinds := []qingfeng.Case{
		{Category: "civil", Stage: "first_instance", Procedure: "ordinary"},
		{Category: "civil", Stage: "first_instance", Procedure: "simplified"},
		{Category: "civil", Stage: "first_instance", Procedure: "small_claims"},
		{Category: "civil", Stage: "second_instance"},
		{Category: "criminal", Stage: "first_instance", Procedure: "fast_track"},
		{Category: "enforcement", Stage: "enforcement_first", Flags: qingfeng.CaseFlags{NonLitigation: true}},
		{Category: "enforcement", Stage: "enforcement_supervision"},
	}
	c := kinds[rng.Intn(len(kinds))]
	c.FiledOn = d("2019-01-01") + qingfeng.Date(rng.Intn(7*365))
	if rng.Intn(2) == 0 {
		c.ClosedOn = c.FiledOn + qingfeng.Date(rng.Intn(500))
	}
	types := []string{"deduction_started", "deduction_ended", "suspension_started", "suspension_ended",
		"extension_requested", "extension_approved", "procedure_converted", "hearing_held"}
	reasons := []string{"appraisal", "publication", "new_evidence", "settlement", "", "bogus"}
	procs := []string{"ordinary", "simplified", "small_claims", "nonsense"}
	var events []qingfeng.Event
	for n := rng.Intn(14); n > 0; n-- {
		day := (c.FiledOn + qingfeng.Date(rng.Intn(520)-20)).String()
		e := ev(types[rng.Intn(len(types))], day)
		switch e.Type {
		case "deduction_started", "deduction_ended":
			e.Attrs["reason"] = reasons[rng.Intn(len(reasons))]
		case "extension_approved", "extension_requested":
			e.Attrs["days"] = float64(rng.Intn(120) - 10)
		case "procedure_converted":
			e.Attrs["from"], e.Attrs["to"] = procs[rng.Intn(len(procs))], procs[rng.Intn(len(procs))]
		}
		events = append(events, e)
	}
	return &c, events
}

func TestClockProperties(t *testing.T) {
	cal, lim := embedded(t)
	rng := rand.New(rand.NewSource(7))
	for iter := 0; iter < 3000; iter++ {
		c, events := randomProceeding(rng)
		prevAge := -1
		for asOf := c.FiledOn; asOf <= c.FiledOn+560; asOf += qingfeng.Date(1 + rng.Intn(9)) {
			s := Clock(c, nil, events, asOf, lim, cal)
			elapsed := int(s.MeasuredOn - c.FiledOn)
			switch {
			case s.Age < prevAge:
				t.Fatalf("%+v %v: age fell from %d to %d at %s", c, events, prevAge, s.Age, asOf)
			case s.Age < 0 || s.Age > elapsed:
				t.Fatalf("%+v: age %d outside 0..%d at %s", c, s.Age, elapsed, asOf)
			case s.MeasuredOn > asOf:
				t.Fatalf("measured on %s after asOf %s", s.MeasuredOn, asOf)
			case s.ExcludedDays < max(s.DeductedDays, s.SuspendedDays) || s.ExcludedDays > s.DeductedDays+s.SuspendedDays:
				t.Fatalf("excluded %d not between max and sum of %d, %d", s.ExcludedDays, s.DeductedDays, s.SuspendedDays)
			case s.Age+s.ExcludedDays != elapsed:
				t.Fatalf("age %d + excluded %d != elapsed %d", s.Age, s.ExcludedDays, elapsed)
			}
			prevAge = s.Age
			if !s.HasLimit {
				continue
			}
			if s.Deadline < s.BaseDeadline || s.BaseDeadline <= c.FiledOn {
				t.Fatalf("deadline %s before base %s (filed %s)", s.Deadline, s.BaseDeadline, c.FiledOn)
			}
			if s.Exceeded != (s.Remaining < 0) || s.WithinLimit != (s.Closed && !s.Exceeded) {
				t.Fatalf("exceeded %v, remaining %d, within %v, closed %v", s.Exceeded, s.Remaining, s.WithinLimit, s.Closed)
			}
			// One more approved extension never moves the deadline earlier.
			extra := ev("extension_approved", (c.FiledOn + qingfeng.Date(rng.Intn(int(asOf-c.FiledOn)+1))).String(), "days", float64(1+rng.Intn(90)))
			s2 := Clock(c, nil, append(events[:len(events):len(events)], extra), asOf, lim, cal)
			if s2.Deadline < s.Deadline || s2.Age != s.Age {
				t.Fatalf("extension moved deadline %s → %s (age %d → %d)", s.Deadline, s2.Deadline, s.Age, s2.Age)
			}
		}
	}
}

func BenchmarkClock(b *testing.B) {
	cal, lim := embedded(b)
	c := civil(qingfeng.ProcSimplified, "2024-03-01", "2024-08-20")
	events := []qingfeng.Event{
		ev("filed", "2024-03-01"), ev("assigned", "2024-03-02"), ev("hearing_scheduled", "2024-03-10"),
		ev("deduction_started", "2024-03-20", "reason", "publication"), ev("deduction_ended", "2024-04-20"),
		ev("hearing_held", "2024-04-25"), ev("procedure_converted", "2024-05-15", "from", "simplified", "to", "ordinary"),
		ev("suspension_started", "2024-05-20"), ev("suspension_ended", "2024-06-10"),
		ev("deduction_started", "2024-06-01", "reason", "appraisal"), ev("deduction_ended", "2024-07-01"),
		ev("extension_requested", "2024-07-20", "days", 30.0), ev("extension_approved", "2024-07-25", "days", 30.0),
		ev("hearing_held", "2024-08-01"), ev("judgment_pronounced", "2024-08-15"), ev("document_served", "2024-08-18"),
		ev("closed", "2024-08-20"), ev("archived", "2024-09-01"),
	}
	asOf := d("2024-12-31")
	b.ReportAllocs()
	for b.Loop() {
		_ = Clock(c, nil, events, asOf, lim, cal)
	}
}
