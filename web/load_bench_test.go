package web

import (
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkLoad sends requests from 100 concurrent clients over loopback and reports the
// latency percentiles and the errors. The anchor, measured in the same run, is /healthz: the
// same server, network path and client with no session, no store read and no audit write, so
// the other figures show what sign-in checks, scoped reads and audit appends add.
//
//	go test ./web -run '^$' -bench Load -benchtime 20000x
func BenchmarkLoad(b *testing.B) {
	w := newWorld(b)
	w.addUser("bench", "C3501", "", analyst)
	c := w.as("bench")
	targets := []struct {
		name, path string
		session    bool
	}{
		{"anchor-healthz", "/healthz", false},
		{"court-api", "/api/v1/courts/" + ownCourt, true},
		{"court-tree-api", "/api/v1/courts", true},
		{"case-api-audited", caseURL("/api/v1/cases/", numOwn), true},
	}
	for _, tg := range targets {
		b.Run(tg.name, func(b *testing.B) {
			hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 100, MaxConnsPerHost: 100}}
			if tg.session {
				hc.Jar = c.hc.Jar
			}
			load(b, hc, w.http.URL+tg.path, 100)
		})
	}
}

// load sends b.N requests from clients goroutines and reports p50, p99 and errors.
func load(b *testing.B, hc *http.Client, url string, clients int) {
	var next, errs atomic.Int64
	lat := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	b.ResetTimer()
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				start := time.Now()
				resp, err := hc.Get(url)
				if err != nil {
					errs.Add(1)
					continue
				}
				drain(resp)
				if resp.StatusCode != http.StatusOK {
					errs.Add(1)
				}
				lat[i] = append(lat[i], time.Since(start))
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) == 0 {
		return
	}
	pct := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(errs.Load()), "errors")
}

func drain(resp *http.Response) {
	buf := make([]byte, 32<<10)
	for {
		if _, err := resp.Body.Read(buf); err != nil {
			break
		}
	}
	resp.Body.Close()
}
