//go:build !linux

package ingest

import "time"

// threadCPU is not measured here: the benchmarks then report no commit CPU figure.
func threadCPU() time.Duration { return 0 }
