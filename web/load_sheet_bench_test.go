package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/audit"
	"github.com/qingfeng-court/qingfeng/auth"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/indicator"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// EnvBenchMatters sets the size of the generated province of BenchmarkSheetLoad (root matters);
// 20,000 by default, which generates and ingests in about half a minute.
const EnvBenchMatters = "QINGFENG_BENCH_MATTERS"

// BenchmarkSheetLoad serves the 体检表 API of a generated province to 100 concurrent clients over
// loopback and reports p50, p99 and errors, against /healthz on the same server in the same run
// (the anchor: same network path and client, no session, no engine, no audit). The sheet is
// read for the province's high court and for an intermediate court, as the server does it
// (through its view cache, so repeated reads of one sheet are served from it until the data
// changes), and once more with the cache off, which is the cost of the first read after new data.
//
//	go test ./web -run '^$' -bench SheetLoad -benchtime 5000x
func BenchmarkSheetLoad(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv(EnvBenchMatters)); err == nil && v > 0 {
		n = v
	}
	srv, base, hc := benchProvince(b, n)
	top := srv.opts.Indicators.(loaded).TopCourt()
	units, _ := srv.opts.Indicators.Units(indicator.UnitCourt, top)
	mid := ""
	for _, u := range units {
		if u.Level == qingfeng.LevelIntermediate {
			mid = u.ID
			break
		}
	}
	targets := []struct {
		name, path string
		cache      int
	}{
		{"anchor-healthz", "/healthz", 512},
		{"sheet-high-court", "/api/v1/indicators/sheet?unit=court:" + top, 512},
		{"sheet-intermediate", "/api/v1/indicators/sheet?unit=court:" + mid, 512},
		{"sheet-high-court-uncached", "/api/v1/indicators/sheet?unit=court:" + top, 0},
	}
	for _, tg := range targets {
		b.Run(tg.name, func(b *testing.B) {
			srv.views = newViewCache(tg.cache)
			load(b, hc, base+tg.path, 100)
		})
	}
}

// benchProvince generates a province of n matters, ingests it, loads the indicator engine and
// serves it; it returns the server, its address and a client signed in as an analyst of the
// high court with room for 100 connections.
func benchProvince(b *testing.B, n int) (*Server, string, *http.Client) {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	cfg := gen.DefaultConfig()
	cfg.Matters, cfg.Out = n, filepath.Join(dir, "gen")
	started := time.Now()
	if _, err := gen.Run(ctx, cfg, nil); err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(filepath.Join(dir, "qingfeng.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	codes, err := codetable.Load(defs.Default())
	if err != nil {
		b.Fatal(err)
	}
	hasher, _ := ingest.NewHasher(make([]byte, 32))
	if _, err := ingest.New(st, casenum.Default(), codes, hasher, ingest.Options{}).Run(ctx, []string{cfg.Out}); err != nil {
		b.Fatal(err)
	}
	e, err := indicator.NewDefault(defs.Default())
	if err != nil {
		b.Fatal(err)
	}
	if err := e.Load(ctx, st); err != nil {
		b.Fatal(err)
	}
	b.Logf("province of %d matters: %d proceedings, ready in %s", n, e.Proceedings(), time.Since(started).Round(time.Second))
	srv, err := New(st, Options{Version: "bench", Accounts: st, Audit: audit.New(st, audit.Key([]byte(auditSecret))),
		Indicators: loaded{e}})
	if err != nil {
		b.Fatal(err)
	}
	w := &world{t: b, st: st, srv: srv, users: map[string]*qingfeng.User{}}
	w.http = httptest.NewServer(srv)
	b.Cleanup(w.http.Close)
	w.addUser("bench", e.TopCourt(), "", analyst)
	c := w.as("bench")
	hc := &http.Client{Jar: c.hc.Jar, Transport: &http.Transport{MaxIdleConnsPerHost: 100, MaxConnsPerHost: 100}}
	srv.auth.ByAddr = auth.NewThrottle(1_000_000, time.Minute, time.Minute)
	return srv, w.http.URL, hc
}
