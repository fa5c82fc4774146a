package indicator

import (
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
)

// benchMatters is the size of the benchmark province: QINGFENG_BENCH_MATTERS, default 150,000
// matters (about 200,000 proceedings).
func benchMatters() int {
	if n, err := strconv.Atoi(os.Getenv("QINGFENG_BENCH_MATTERS")); err == nil && n > 0 {
		return n
	}
	return 150000
}

var benchEngine struct {
	e       *Engine
	changes []feed.Change
}

func loadBench(b *testing.B) (*Engine, []feed.Change) {
	if benchEngine.e == nil {
		changes := readChanges(b, province(b, benchMatters(), 1))
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		e := buildFrom(b, changes)
		built := time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		n := e.Proceedings()
		b.Logf("built %d proceedings from %d records in %v; heap %.0f B/proceeding (engine estimate %.0f)",
			n, len(changes), built, float64(after.HeapAlloc-before.HeapAlloc)/float64(n), float64(e.MemoryBytes())/float64(n))
		benchEngine.e, benchEngine.changes = e, changes
	}
	return benchEngine.e, benchEngine.changes
}

// BenchmarkFullCompute is one full computation of spc-2024-09: every aggregate from the
// columns, then every court, division and judge for the 29 periods of 2024 and of 2023.
func BenchmarkFullCompute(b *testing.B) {
	e, _ := loadBench(b)
	b.ResetTimer()
	for b.Loop() {
		e.Recompute()
		if _, err := e.ComputeAll("spc-2024-09", 2024); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(e.Proceedings()), "ns/proceeding")
}

// BenchmarkApplyEvent applies one new event to a loaded engine (a deduction on a pending
// proceeding: the clock reruns and its matter's contributions move), and reports latency
// percentiles; compare with BenchmarkFullCompute, the recompute it avoids.
func BenchmarkApplyEvent(b *testing.B) {
	e, changes := loadBench(b)
	var cases []*qingfeng.Case
	for _, ch := range changes {
		if c, ok := ch.Value.(*qingfeng.Case); ok && c.ClosedOn == 0 {
			cases = append(cases, c)
		}
	}
	seq := int64(len(changes))
	var lat []time.Duration
	b.ResetTimer()
	i := 0
	for b.Loop() {
		c := cases[i%len(cases)]
		seq++
		ev := &qingfeng.Event{CaseNumber: c.Number, Type: "deduction_started", At: c.FiledOn.Time().Add(48 * time.Hour),
			Attrs: map[string]any{"reason": "appraisal"}}
		ch := []feed.Change{{Seq: seq, Key: qingfeng.Key{Kind: qingfeng.KindEvent, Src: "bench", SrcID: strconv.Itoa(i)}, Value: ev}}
		t0 := time.Now()
		if err := e.Apply(ch); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkRecompute is the aggregation pass alone, serial and over GOMAXPROCS goroutines in
// turn within each iteration (so that both meet the same load from other processes); it
// reports the median of each.
func BenchmarkRecompute(b *testing.B) {
	e, _ := loadBench(b)
	workers := runtime.GOMAXPROCS(0)
	var serial, parallel []time.Duration
	for b.Loop() {
		t0 := time.Now()
		e.recomputeWith(1)
		t1 := time.Now()
		e.recomputeWith(workers)
		serial, parallel = append(serial, t1.Sub(t0)), append(parallel, time.Since(t1))
	}
	slices.Sort(serial)
	slices.Sort(parallel)
	b.ReportMetric(float64(serial[len(serial)/2].Microseconds())/1000, "serial-ms")
	b.ReportMetric(float64(parallel[len(parallel)/2].Microseconds())/1000, "parallel-ms")
}
