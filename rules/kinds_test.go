package rules

import (
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

// The scope's bits say what its sets say, for every rule of the default pack and every
// category, stage and procedure (and a value none of them is).
func TestScopeBitsMatchSets(t *testing.T) {
	pack := defaultPack(t)
	cats := append(namesOf(qingfeng.Categories), "no_such")
	stages := append(namesOf(qingfeng.Stages), "no_such")
	procs := append(namesOf(qingfeng.Procedures), "")
	restricted := 0
	for _, r := range pack.Rules {
		s := &r.scope
		if s.bySets {
			t.Errorf("%s: checked on its sets", r.ID)
		}
		if s.kinds != [3]uint64{} {
			restricted++
		}
		for _, c := range cats {
			for _, st := range stages {
				for _, p := range procs {
					ev := &evaluation{view: &CaseView{Category: c, Stage: st, Procedure: p}}
					ev.kinds = [3]uint64{kindBit(qingfeng.Categories, c), kindBit(qingfeng.Stages, st), kindBit(qingfeng.Procedures, p)}
					want := (s.categories == nil || s.categories[c]) && (s.stages == nil || s.stages[st]) &&
						(s.procedures == nil || s.procedures[p])
					if got := ev.inKinds(r); got != want {
						t.Fatalf("%s on %s/%s/%s: bits say %v, sets %v", r.ID, c, st, p, got, want)
					}
				}
			}
		}
	}
	if restricted == 0 {
		t.Fatal("no rule of the default pack is restricted by kind")
	}
}

func namesOf[T ~string](vals []T) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}
