package risk

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/risk/anchor"
	"github.com/qingfeng-court/qingfeng/store"
)

// recorder keeps every step an engine saves, to compare engines step by step.
type recorder struct {
	*anchor.Memory
	steps []store.RiskBatch
}

func (r *recorder) SaveRisk(ctx context.Context, b *store.RiskBatch) ([]int64, error) {
	cp := *b
	cp.At = time.Time{} // the wall clock of the step differs from run to run
	r.steps = append(r.steps, cp)
	return r.Memory.SaveRisk(ctx, b)
}

// runEngine applies the province's log in chunks of chunk changes (0: at once) on an engine
// with the given number of workers, and returns what it saved.
func runEngine(t *testing.T, p *province, workers, chunk int) *recorder {
	t.Helper()
	changes := changesOf(t, p)
	pack, cal, lim := tables(t)
	rec := &recorder{Memory: anchor.NewMemory()}
	e := NewEngine(pack, rec, cal, lim, Options{Now: func() qingfeng.Date { return p.asOf }, Workers: workers})
	e.loaded = true
	if chunk == 0 {
		chunk = len(changes)
	}
	for i := 0; i < len(changes); i += chunk {
		if err := e.Apply(context.Background(), changes[i:min(i+chunk, len(changes))]); err != nil {
			t.Fatal(err)
		}
	}
	return rec
}

// Evaluating on two cores saves, step by step, exactly what evaluating on one saves — the same
// warnings with the same ids, in the same order, the same timers — whether the log comes at
// once or in large batches (each large enough to be prepared and evaluated on every core); and
// the batches end with the warnings the whole log raises at once.
func TestParallelMatchesSerial(t *testing.T) {
	p := benchProvince(t)
	whole := map[string]string{}
	for _, chunk := range []int{0, 20000} {
		serial, parallel := runEngine(t, p, 1, chunk), runEngine(t, p, 2, chunk)
		if len(serial.steps) != len(parallel.steps) {
			t.Fatalf("chunk %d: %d steps on one core, %d on two", chunk, len(serial.steps), len(parallel.steps))
		}
		changes := 0
		for i := range serial.steps {
			s, q := serial.steps[i], parallel.steps[i]
			changes += len(s.Changes)
			if !reflect.DeepEqual(s, q) {
				t.Fatalf("chunk %d, step %d: one core saved %d changes, %d timers; two cores %d changes, %d timers, not the same",
					chunk, i, len(s.Changes), len(s.SetTimers), len(q.Changes), len(q.SetTimers))
			}
		}
		if changes == 0 {
			t.Fatalf("chunk %d: no warning saved", chunk)
		}
		raised := map[string]string{}
		for _, w := range parallel.Raised() {
			raised[w.Key] = string(w.Severity) + " " + w.Message
		}
		if chunk == 0 {
			whole = raised
			t.Logf("at once: %d warning changes in %d step(s), %d raised", changes, len(serial.steps), len(raised))
			continue
		}
		if !reflect.DeepEqual(raised, whole) {
			t.Errorf("chunk %d: %d warnings raised, %d when the log comes at once", chunk, len(raised), len(whole))
		}
		t.Logf("chunks of %d: %d warning changes in %d steps, %d raised as at once", chunk, changes, len(serial.steps), len(raised))
	}
}
