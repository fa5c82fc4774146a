package rules

import (
	"fmt"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// A rule's parameters are folded into its expressions: the rule does not read params at run
// time, and what it finds still follows the value (here the file's; TestParamsOverride covers a
// court's override).
func TestParamsAreFolded(t *testing.T) {
	r := rule(t, `    params:
      min: {value: 2, name: 最少次数, name_en: Minimum}
`, `    condition:
      when: countOf(events, "judge_changed") >= params.min && now > 0
`)
	if r.usesParams {
		t.Error("params.min is still read from the environment")
	}
	c := civil("2024-01-10")
	one := ev(1, "judge_changed", "2024-02-01", nil)
	if h, _ := run(t, r, "2024-06-01", c, one); h != nil {
		t.Fatalf("one change, minimum 2: %+v", h)
	}
	if h, _ := run(t, r, "2024-06-01", c, one, ev(2, "judge_changed", "2024-02-05", nil)); h == nil {
		t.Fatal("two changes, minimum 2: no hit")
	}
}

// An event keeps the instant and the offset it was written in, from the zones made once and
// from any other offset.
func TestEventInstantKeepsOffset(t *testing.T) {
	base := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	for _, off := range []int{8 * 3600, 0, -(5*3600 + 30*60), 5*3600 + 45*60, 14 * 3600, -12 * 3600, 7, -(15 * 3600)} {
		at := base.In(time.FixedZone("", off))
		e := Compact(&qingfeng.Event{Type: "filed", At: at}, qingfeng.Key{Kind: qingfeng.KindEvent, Src: "t", SrcID: "1"}, 1)
		got := e.At()
		if !got.Equal(at) {
			t.Errorf("offset %d: %v, want %v", off, got, at)
		}
		if _, o := got.Zone(); o != off {
			t.Errorf("offset %d: read back as %d", off, o)
		}
		if got.Format(time.RFC3339) != at.Format(time.RFC3339) {
			t.Errorf("offset %d: %s, want %s", off, got.Format(time.RFC3339), at.Format(time.RFC3339))
		}
	}
}

// Type sets by number hold what their names hold; a type no rule names is in none; an event
// compacted before a rule named its type is numbered when it is read.
func TestTypeBits(t *testing.T) {
	a := bitsOf(map[string]bool{"filed": true, "judgment_served": true})
	b := bitsOf(map[string]bool{"judgment_served": true})
	c := bitsOf(map[string]bool{"hearing_held": true})
	if !a.has(typeNumOf("filed")) || !a.has(typeNumOf("judgment_served")) || a.has(typeNumOf("hearing_held")) {
		t.Error("membership")
	}
	if !a.meets(b) || a.meets(c) || c.meets(nil) || bitsOf(nil) != nil || bitsOf(map[string]bool{}) == nil {
		t.Error("meets")
	}
	if numberType("filed") != typeNumOf("filed") || typeNumOf("filed") == 0 {
		t.Error("a type's number changes")
	}
	late := fmt.Sprint("type-first-named-by-this-test-", time.Now().UnixNano()) // new on every run
	e := ev(1, late, "2024-02-01", nil)
	if typeNumOf(late) != 0 || e.tn != 0 || a.has(e.typeNum()) {
		t.Fatal("an unnamed type has a number")
	}
	n := numberType(late)
	if e.typeNum() != n || !bitsOf(map[string]bool{late: true}).has(e.typeNum()) {
		t.Errorf("an event compacted before its type was named reads %d, want %d", e.typeNum(), n)
	}
}
