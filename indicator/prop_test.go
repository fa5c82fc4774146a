package indicator

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
)

// dump is the engine's aggregates by unit id, month and column, zeros left out: two engines
// agree when their dumps are equal, whatever order they registered units in.
func dump(e *Engine) map[string]int64 {
	out := map[string]int64{}
	c := &e.cells
	for k := range c.units {
		for u := range c.units[k] {
			id := e.u.info(unitKinds[k], int32(u)).ID
			for ai := range e.aggs {
				a := &e.aggs[ai]
				for m := c.lo; m <= c.hi; m++ {
					if v := c.get(k, int32(u), a, m); v != 0 {
						out[fmt.Sprintf("%s/%s/%d/%s", unitKinds[k], id, m, a.key)] = v
					}
				}
			}
		}
	}
	return out
}

func sameDump(t *testing.T, step int, got, want map[string]int64) {
	t.Helper()
	var diffs []string
	for k, v := range want {
		if got[k] != v {
			diffs = append(diffs, fmt.Sprintf("%s: incremental %d, full %d", k, got[k], v))
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: incremental %d, full 0", k, v))
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		t.Fatalf("after %d changes, %d cells differ, e.g.\n%v", step, len(diffs), diffs[:min(8, len(diffs))])
	}
}

// mutate returns changes that revise, move and re-order the records of a province: closing
// dates, origins and courts change, a record moves to another number, a second system reports
// a known number, events change type and case — what real feeds do.
func mutate(r *rand.Rand, base []feed.Change) []feed.Change {
	var cases []*qingfeng.Case
	var events []feed.Change
	for _, ch := range base {
		switch v := ch.Value.(type) {
		case *qingfeng.Case:
			cases = append(cases, v)
		case *qingfeng.Event:
			events = append(events, ch)
		}
	}
	out := append([]feed.Change(nil), base...)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	pick := func() *qingfeng.Case { c := *cases[r.IntN(len(cases))]; return &c }
	for n := 0; n < len(base)/20; n++ {
		var k qingfeng.Key
		var v any
		switch r.IntN(7) {
		case 0: // a revision closes, reopens or re-dates a proceeding
			c := pick()
			if c.ClosedOn == 0 {
				c.ClosedOn, c.ClosingMethod = c.FiledOn+qingfeng.Date(30+r.IntN(500)), qingfeng.CloseJudgment
			} else if r.IntN(2) == 0 {
				c.ClosedOn, c.ClosingMethod, c.Outcome = 0, "", ""
			} else {
				c.ClosedOn += qingfeng.Date(r.IntN(90))
			}
			k, v = qingfeng.Key{Kind: qingfeng.KindCase, Src: "cms", SrcID: "rev-" + c.Number}, c
		case 1: // a revision moves a proceeding under another origin
			c, o := pick(), pick()
			if o.Number != c.Number {
				c.OriginNumber = o.Number
			}
			k, v = qingfeng.Key{Kind: qingfeng.KindCase, Src: "cms", SrcID: "org-" + c.Number}, c
		case 2: // a second system reports a known number with a few fields
			c := pick()
			part := &qingfeng.Case{Number: c.Number, AmountRecovered: qingfeng.Money(r.IntN(1e6)), HearingOpen: true,
				CourtID: cases[r.IntN(len(cases))].CourtID}
			k, v = qingfeng.Key{Kind: qingfeng.KindCase, Src: "exec2", SrcID: c.Number}, part
		case 3: // a record is corrected to another number (the typo case)
			c := pick()
			c2 := *c
			c2.Number = c.Number[:len(c.Number)-len("号")] + "9号"
			k, v = qingfeng.Key{Kind: qingfeng.KindCase, Src: "exec2", SrcID: c.Number}, &c2
		case 4: // an event revised to another type or case
			ch := events[r.IntN(len(events))]
			ev := *ch.Value.(*qingfeng.Event)
			types := append(append([]string{}, clockTypes...), "appeal_filed", "file_received", "closed")
			ev.Type = types[r.IntN(len(types))]
			ev.Attrs = map[string]any{"days": float64(r.IntN(60)), "reason": "appraisal", "to": "ordinary", "from": "simplified"}
			if r.IntN(3) == 0 {
				ev.CaseNumber = pick().Number
			}
			k, v = ch.Key, &ev
		case 5: // a deduction that never ends, on a pending proceeding
			c := pick()
			ev := &qingfeng.Event{CaseNumber: c.Number, Type: "deduction_started",
				At: c.FiledOn.Time().Add(time.Duration(r.IntN(200)) * 24 * time.Hour), Attrs: map[string]any{"reason": "appraisal"}}
			k, v = qingfeng.Key{Kind: qingfeng.KindEvent, Src: "cms", SrcID: fmt.Sprintf("ded-%d", n)}, ev
		case 6: // a mediation revised
			m := &qingfeng.Mediation{ID: fmt.Sprintf("M%09d", 1+r.IntN(50)), CourtID: cases[r.IntN(len(cases))].CourtID,
				StartedOn: qingfeng.NewDate(2024, 3, 1), ConcludedOn: qingfeng.NewDate(2024, time.Month(1+r.IntN(12)), 2), Success: r.IntN(2) == 0}
			k, v = qingfeng.Key{Kind: qingfeng.KindMediation, Src: "mediation", SrcID: m.ID}, m
		}
		at := r.IntN(len(out) + 1)
		out = slices.Insert(out, at, feed.Change{Key: k, Value: v})
	}
	for i := range out {
		out[i].Seq = int64(i + 1)
	}
	return out
}

// Applying changes one by one gives the same aggregates as building from scratch, after every
// step of a shuffled, revised province.
func TestIncrementalEqualsFull(t *testing.T) {
	base := readChanges(t, province(t, 90, 11))
	var casework []feed.Change
	for _, ch := range base { // keep the courts, divisions and judges the cases name
		switch ch.Value.(type) {
		case *qingfeng.Relative, *qingfeng.Lawyer:
		default:
			casework = append(casework, ch)
		}
	}
	for seed := uint64(1); seed <= 2; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		changes := mutate(r, casework)
		live := newTestEngine(t)
		for i := range changes {
			if err := live.Apply(changes[i : i+1]); err != nil {
				t.Fatal(err)
			}
			if i < 25 || i%307 == 0 || i == len(changes)-1 {
				sameDump(t, i+1, dump(live), dump(buildFrom(t, changes[:i+1])))
			}
		}
		if live.Seq() != int64(len(changes)) {
			t.Errorf("seq %d, want %d", live.Seq(), len(changes))
		}
	}
}
