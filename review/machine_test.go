package review

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

var everyone = []string{judgeJ, panelP2, deputyDC, chiefCH, vpVP, presPR, memberCM, chiefL, filingF, clerkX, otherO}

func draftFor(required bool) (*qingfeng.Decision, qingfeng.Transition) {
	t0 := time.Date(2024, 3, 1, 9, 0, 0, 0, chinaTime)
	d := NewDecision("d-1", civilCase(2), "judgment", actor(judgeJ), t0)
	d.Operative, d.ReviewerID, d.ReviewRequired = "驳回原告的诉讼请求", deputyDC, required
	create := qingfeng.Transition{Subject: "decision", SubjectID: d.ID, Action: string(ActCreate), To: string(d.State),
		ActorID: judgeJ, At: t0, DocVersion: 1}
	return d, create
}

// randomCommand draws any command, sensible or not: wrong measures, missing reasons,
// document text in a reviewer's action.
func randomCommand(r *rand.Rand) Command {
	pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
	c := Command{Action: Actions[r.IntN(len(Actions))]}
	c.Reason = pick("", "事实认定需进一步说明")
	c.Measure = pick("reconsider", "pjm", "committee", "approve")
	c.Result = pick("changed", "maintained", "")
	c.Majority = pick("", "维持")
	c.Outcome = pick("maintain", "change", "")
	c.Part = pick("operative", "reasoning", "")
	if c.Action != ActEdit && r.IntN(4) > 0 {
		c.Part = ""
	}
	if c.Action == ActEdit || r.IntN(6) == 0 {
		c.Text = pick("", "判决被告支付货款十万元", "驳回原告的诉讼请求")
	}
	return c
}

// TestRandomCommandsKeepInvariants throws random commands by random people at decisions and
// checks after every step that the invariants hold, that a refused step changed nothing, that
// nobody outside the panel ever changed the operative part, and that every step — accepted or
// refused — produced exactly one trail row.
func TestRandomCommandsKeepInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(20240301, 7))
	states := map[qingfeng.ReviewState]bool{}
	refusedCodes := map[string]int{}
	for run := range 400 {
		d, create := draftFor(run%3 != 0)
		trail := []qingfeng.Transition{create}
		now := create.At
		for step := range 80 {
			now = now.Add(time.Hour)
			// Half the time someone with a part in the case, so that the walk gets deep.
			a := actor(everyone[r.IntN(len(everyone))])
			if r.IntN(2) == 0 {
				a = actor([]string{judgeJ, deputyDC, presPR}[r.IntN(3)])
			}
			c := randomCommand(r)
			before := *d
			row, err := Step(d, c, a, DefaultPolicy, now)
			trail = append(trail, row)
			if err != nil {
				refusedCodes[row.Code]++
				if !row.Refused || !reflect.DeepEqual(before, *d) {
					t.Fatalf("run %d step %d: refused %s changed the decision or was not marked refused", run, step, c.Action)
				}
			} else if row.Refused {
				t.Fatalf("run %d step %d: accepted step marked refused", run, step)
			}
			if d.Operative != before.Operative && !slices.Contains(d.Panel, a.PersonID) {
				t.Fatalf("run %d step %d: %s outside the panel changed the operative part", run, step, a.PersonID)
			}
			states[d.State] = true
			if v := Verify(d, trail); len(v) > 0 {
				t.Fatalf("run %d step %d after %s by %s: %+v", run, step, c.Action, a.PersonID, v)
			}
		}
	}
	for _, s := range qingfeng.ReviewStates {
		if !states[s] {
			t.Errorf("state %s never reached: the random walk does not cover the machine", s)
		}
	}
	for _, code := range []string{CodeI1, CodeI3, CodeI4, CodeI7, CodeRole, CodeState, CodeInput} {
		if refusedCodes[code] == 0 {
			t.Errorf("no refusal with code %s was provoked", code)
		}
	}
}

// TestAllowedActionsAreAccepted: what Allowed offers, Step accepts, and walking only through
// offered actions reaches issue without breaking an invariant.
func TestAllowedActionsAreAccepted(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	issued := 0
	for run := range 300 {
		d, create := draftFor(true)
		trail := []qingfeng.Transition{create}
		now := create.At
		for step := 0; step < 60 && d.State != qingfeng.ReviewIssued; step++ {
			var a Actor
			var offered []Action
			for range 20 {
				a = actor(everyone[r.IntN(len(everyone))])
				if offered = Allowed(d, a, DefaultPolicy); len(offered) > 0 {
					break
				}
			}
			if len(offered) == 0 {
				continue
			}
			act := offered[r.IntN(len(offered))]
			c := Command{Action: act, Reason: "理由", Measure: []string{"reconsider", "pjm", "committee"}[r.IntN(3)],
				Result: []string{"changed", "maintained"}[r.IntN(2)], Majority: "多数意见", Outcome: []string{"maintain", "change"}[r.IntN(2)]}
			if act == ActEscalate && c.Measure == "reconsider" {
				c.Measure = "pjm"
			}
			if act == ActEdit {
				c.Part, c.Text = []string{"operative", "reasoning"}[r.IntN(2)], "新文本"
				if d.Committee != nil && d.Committee.Operative != "" {
					c.Text = d.Committee.Operative
				}
			}
			now = now.Add(time.Hour)
			row, err := Step(d, c, a, DefaultPolicy, now)
			if err != nil && act != ActSubmit && act != ActIssue && act != ActEdit {
				t.Fatalf("run %d: %s offered to %s but refused: %v", run, act, a.PersonID, err)
			}
			trail = append(trail, row)
			if v := Verify(d, trail); len(v) > 0 {
				t.Fatalf("run %d: %+v", run, v)
			}
		}
		if d.State == qingfeng.ReviewIssued {
			issued++
		}
	}
	if issued < 100 {
		t.Fatalf("only %d of 300 walks reached issue", issued)
	}
}
