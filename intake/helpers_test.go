package intake

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/gen"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
)

// fixtures holds what several tests share: generated provinces and their clean ingests, made
// once per test binary in a directory removed at exit.
var fixtures struct {
	dir   string
	mu    sync.Mutex
	provs map[int]*province
}

// province is a generated data set and the snapshot of a clean ingest of it.
type province struct {
	dir      string        // generated files
	asOf     qingfeng.Date // the generator's as-of day: the day the rules are evaluated for
	cleanDir string        // the clean data directory
	key      string        // secret.key of the clean data directory; every comparable run uses it
	clean    *snap
	// cleanSeconds is how long the clean in-process ingest took.
	cleanSeconds float64
	records      int

	riskOnce  sync.Once
	withRisk  *snap // clean, then a risk engine's catch-up over it
	riskErr   error
	riskStats string
}

// TestMain runs the tests through pgtest, which stops the PostgreSQL cluster it may have
// started, and removes the fixtures afterwards.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "qingfeng-intake-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixtures.dir = dir
	pgtest.AtExit(func() { os.RemoveAll(dir) })
	pgtest.Main(m)
}

// getProvince generates (once) a province of the given number of matters, ingests it into a
// clean data directory from the files and keeps the snapshot of that store.
func getProvince(t testing.TB, matters int) *province {
	t.Helper()
	fixtures.mu.Lock()
	defer fixtures.mu.Unlock()
	if p := fixtures.provs[matters]; p != nil {
		return p
	}
	ctx := context.Background()
	p := &province{dir: filepath.Join(fixtures.dir, fmt.Sprintf("gen-%d", matters))}
	cfg := gen.DefaultConfig()
	cfg.Matters, cfg.Seed, cfg.Out = matters, 11, p.dir
	p.asOf = cfg.AsOf
	if _, err := gen.Run(ctx, cfg, nil); err != nil {
		t.Fatalf("generate: %v", err)
	}
	// Bad lines too, so that quarantine is compared: broken JSON, an unknown court, a bad
	// attribute, and a record sent twice in one file (the second an unchanged re-send).
	bad := strings.Join([]string{
		`{"kind":"case","src":"cms","src_id":"bad-1","case_number":"（2024）闽0102民初`,
		`{"kind":"case","src":"cms","src_id":"bad-2","case_number":"（2024）闽0102民初99999号","court_id":"C359999","filed_on":"2024-03-01"}`,
		`{"kind":"event","src":"cms","src_id":"bad-3","case_number":"（2024）闽0102民初99999号","type":"extension_approved","at":"2024-03-05T09:00:00+08:00","attrs":{"days":-3}}`,
		`{"kind":"lawyer","src":"hr","src_id":"L-extra","id":"L-extra","name":"王某","firm":"某律所"}`,
		`{"kind":"lawyer","src":"hr","src_id":"L-extra","id":"L-extra","name":"王某","firm":"某律所"}`,
	}, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(p.dir, "zz-extra.jsonl"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	cleanDir := filepath.Join(fixtures.dir, fmt.Sprintf("clean-%d", matters))
	p.cleanDir = cleanDir
	d, err := datadir.Open(cleanDir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	start := time.Now()
	sum, err := ingest.New(d.Store, d.Types, d.Codes, d.Hasher, ingest.Options{}).Run(ctx, []string{p.dir})
	if err != nil {
		t.Fatalf("clean ingest: %v", err)
	}
	p.cleanSeconds = time.Since(start).Seconds()
	p.records = sum.Read
	if p.clean, err = takeSnapshot(ctx, d.Store); err != nil {
		t.Fatal(err)
	}
	p.key = filepath.Join(cleanDir, "secret.key")
	if fixtures.provs == nil {
		fixtures.provs = map[int]*province{}
	}
	fixtures.provs[matters] = p
	return p
}

// dataDir makes an empty data directory sharing the province's identity-hash key, so that
// its store can be compared with the clean one.
func (p *province) dataDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	key, err := os.ReadFile(p.key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// startNATS runs a NATS server with JetStream on 127.0.0.1 (a free port, storage in a
// temporary directory) for the duration of the test.
func startNATS(t testing.TB) string {
	t.Helper()
	opts := &server.Options{
		Host:      "127.0.0.1",
		Port:      server.RANDOM_PORT,
		JetStream: true,
		StoreDir:  t.TempDir(),
		NoLog:     true,
		NoSigs:    true,
	}
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatalf("nats server: %v", err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server did not start")
	}
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	return s.ClientURL()
}

// connect opens a client connection closed at the end of the test.
func connect(t testing.TB, url string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := nats.Connect(url, nats.MaxReconnects(-1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return nc, js
}

// waitDrained waits until every message of the stream is committed and acknowledged.
func waitDrained(t testing.TB, js jetstream.JetStream, stream string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		n, err := Backlog(context.Background(), js, stream)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("stream %s still has %d messages to commit after %v", stream, n, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
