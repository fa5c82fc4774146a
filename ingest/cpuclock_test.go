package ingest

import (
	"testing"
	"time"
)

// cpuClock adds up the CPU time (user and system, every goroutine) the process spends in the
// timed parts of a benchmark. On a machine shared with other work the wall clock also counts
// the time others take; CPU time per row compares runs far better there.
type cpuClock struct{ total, at time.Duration }

func (c *cpuClock) start() { c.at = processCPU() }

func (c *cpuClock) stop() { c.total += processCPU() - c.at }

// report reports CPU nanoseconds per unit (rows, records), when the platform measures them.
func (c *cpuClock) report(b *testing.B, n int, unit string) {
	if c.total > 0 && n > 0 {
		b.ReportMetric(float64(c.total.Nanoseconds())/float64(n), "cpu-ns/"+unit)
	}
}
