package rules

import (
	"strings"
	"testing"

	"github.com/expr-lang/expr"

	"github.com/qingfeng-court/qingfeng"
)

// The rewritten field reads give what expr's own reads give, on values inside and outside the
// table of boxes, on empty and non-empty strings, and fail as they do on a nil view; forms
// they must not touch (?., named types) are left alone.
func TestFieldRewriteAgreesWithExpr(t *testing.T) {
	exprs := []string{
		`event.date`, `event.date + 1`, `event.type == "hearing_held"`, `"hearing_held" != event.type`,
		`event.actor_id == ""`, `case.filed_on - case.received_on`, `case.amount_claimed`,
		`case.stage == "first_instance" && case.closed_on != 0`,
		`count(events, .type == "hearing_held" && .date <= event.date)`,
		`any(case.parties, .role == "defendant" && .index > 0)`,
		`event.attrs.amount`, `anchor?.date ?? -1`, `clock.remaining`,
		`days(event.date, now) > 3`, `countOf(events, "hearing_held") + firstDate(events, "hearing_held")`,
		`firstOf(events, "hearing_held").date`,
	}
	c := &compiler{events: map[string]bool{"hearing_held": true}}
	views := []*EventView{
		{Type: "hearing_held", Date: int(qingfeng.MustDate("2024-03-01")), Actor: "P1", Attrs: &Attrs{Amount: 5}},
		{Type: "case_filed", Date: 1 << 22, Attrs: &Attrs{Amount: -3}},
		nil,
	}
	cv := &CaseView{Stage: "first_instance", FiledOn: 20000, ReceivedOn: 19990, AmountClaimed: 123456789, Flags: &FlagsView{},
		Parties: []PartyView{{Index: 0, Role: "plaintiff"}, {Index: 1, Role: "defendant"}}}
	rewritten := 0
	for _, text := range exprs {
		p, err := c.compile(src{Text: text, Set: true}, scopeExpect, wantAny, "test")
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		plain, err := expr.Compile(text, append([]expr.Option{expr.Env(declare(scopeExpect, nil, nil))}, viewHelpers(false)...)...)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(p.p.Disassemble(), "__") {
			rewritten++
		}
		for _, v := range views {
			checkEnv := declare(scopeExpect, nil, nil)
			runEnv := runEnv(checkEnv)
			for _, env := range []map[string]any{checkEnv, runEnv} {
				env["event"], env["anchor"], env["case"], env["clock"] = v, v, cv, &ClockView{Remaining: -4}
				env["events"], env["now"] = []*EventView{views[0], views[1]}, int(qingfeng.MustDate("2024-04-01"))
			}
			got, gotErr := p.run(runEnv)
			want, wantErr := (&program{p: plain, text: text}).run(checkEnv)
			if (gotErr != nil) != (wantErr != nil) || gotErr == nil && got != want {
				t.Errorf("%s on %+v: rewritten %v (%v), expr %v (%v)", text, v, got, gotErr, want, wantErr)
			}
		}
	}
	if rewritten < len(exprs)-2 {
		t.Errorf("only %d of %d expressions rewritten", rewritten, len(exprs))
	}
}

// A boxed int is the int, at the edges of the tables of boxes and beyond them.
func TestBoxInt(t *testing.T) {
	for _, n := range []int{-1, 0, 1, len(boxedSmall) - 1, len(boxedSmall), firstDay - 1, firstDay,
		firstDay + len(boxedDays) - 1, firstDay + len(boxedDays), 1 << 40} {
		if got, ok := boxInt(n).(int); !ok || got != n {
			t.Errorf("boxInt(%d) = %v", n, boxInt(n))
		}
	}
}

// Every twin of a helper has a signature expr calls without reflection.
func TestTwinsCalledDirectly(t *testing.T) {
	for name, ok := range fastCalls() {
		if !ok {
			t.Errorf("%s: expr would call it through reflection", name)
		}
	}
}
