package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// testRandomCaseHistory is a property test: random case records (a few keys from several
// sources, moving between a few numbers, with random fields and origins) are committed in
// random batches, and after every commit each proceeding must be the merge, in log order, of
// the current revisions of its records, and each matter must be what the origins say.
func testRandomCaseHistory(t *testing.T, open Opener) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			randomCaseHistory(t, open(t), rand.New(rand.NewPCG(seed, 7)))
		})
	}
}

type keyState struct {
	hash  string
	value *qingfeng.Case
	order int // position of its current revision in the log
}

func randomCaseHistory(t *testing.T, s store.Store, rng *rand.Rand) {
	r := newRecords(t)
	numbers := make([]string, 6)
	for i := range numbers {
		numbers[i] = num("闽0102", "民初", 100+i)
	}
	srcs := []string{"cms", "exec", "review"}
	state := map[qingfeng.Key]*keyState{}
	seen := map[qingfeng.Key]map[string]bool{} // every revision received per key
	order := 0
	for step := 0; step < 60; step++ {
		b := &store.Batch{}
		for n := 1 + rng.IntN(3); n > 0; n-- {
			src, id := srcs[rng.IntN(len(srcs))], fmt.Sprint("k", rng.IntN(4))
			rec := r.rec(src, id, randomCase(rng, numbers))
			b.Records = append(b.Records, rec)
			if seen[rec.Key] == nil {
				seen[rec.Key] = map[string]bool{}
			}
			if !seen[rec.Key][rec.Hash] { // content already received is a no-op
				seen[rec.Key][rec.Hash] = true
				order++
				state[rec.Key] = &keyState{hash: rec.Hash, value: rec.Value.(*qingfeng.Case), order: order}
			}
		}
		commit(t, s, b)

		model := matterModel{}
		for _, n := range numbers {
			if c := mergedFromModel(state, n); c != nil {
				model[n] = c
			}
		}
		for _, n := range numbers {
			want := model[n]
			got, err := s.Case(context.Background(), n)
			if want == nil {
				if !errors.Is(err, store.ErrNotFound) {
					t.Fatalf("step %d: %s should not exist: %+v, %v", step, n, got, err)
				}
				continue
			}
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("step %d: %s\n got %+v (%v)\nwant %+v", step, n, got, err, want)
			}
		}
		model.check(t, s, numbers)
	}
}

// mergedFromModel merges the current revisions that carry a number, in log order.
func mergedFromModel(state map[qingfeng.Key]*keyState, number string) *qingfeng.Case {
	var parts []*keyState
	for _, st := range state {
		if st.value.Number == number {
			parts = append(parts, st)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	for i := 1; i < len(parts); i++ {
		for j := i; j > 0 && parts[j].order < parts[j-1].order; j-- {
			parts[j], parts[j-1] = parts[j-1], parts[j]
		}
	}
	merged := *parts[0].value
	for _, p := range parts[1:] {
		store.MergeCase(&merged, p.value)
	}
	return &merged
}

// randomCase draws a case record. Origins point only to lower-numbered cases, so that the
// origins form no cycle and the matters are well defined.
func randomCase(rng *rand.Rand, numbers []string) *qingfeng.Case {
	i := rng.IntN(len(numbers))
	c := &qingfeng.Case{Number: numbers[i]}
	if i > 0 && rng.IntN(3) > 0 {
		c.OriginNumber = numbers[rng.IntN(i)]
	}
	if rng.IntN(2) == 0 {
		c.JudgeID = fmt.Sprint("p-", rng.IntN(3))
	}
	if rng.IntN(2) == 0 {
		c.FiledOn = day("2024-01-01").AddDays(rng.IntN(30))
	}
	if rng.IntN(3) == 0 {
		c.ClosedOn = day("2024-06-01").AddDays(rng.IntN(30))
		c.ClosingMethod = qingfeng.CloseMediation
	}
	if rng.IntN(3) == 0 {
		c.Flags.FourType = []string{fmt.Sprint("1.", rng.IntN(3))}
	}
	if rng.IntN(4) == 0 {
		c.Flags.Protest = true
	}
	return c
}
