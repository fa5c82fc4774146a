package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
	"github.com/qingfeng-court/qingfeng/intake"
	"github.com/qingfeng-court/qingfeng/store"
)

func TestRedactURLs(t *testing.T) {
	got := redactURLs("nats://ingest:s3cret@10.0.0.1:4222, tls://admin:pw@nats.court:4443,nats://plain:4222")
	if strings.Contains(got, "s3cret") || strings.Contains(got, "pw@") || strings.Contains(got, "ingest") {
		t.Fatalf("credentials left in %q", got)
	}
	for _, host := range []string{"10.0.0.1:4222", "nats.court:4443", "nats://plain:4222"} {
		if !strings.Contains(got, host) {
			t.Errorf("%q lost %s", got, host)
		}
	}
}

// startNATS runs a NATS server with JetStream on 127.0.0.1 for the duration of the test.
func startNATS(t *testing.T) string {
	t.Helper()
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true,
		StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server did not start")
	}
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	return s.ClientURL()
}

// workRun is `qingfeng work` running in-process until stopped.
type workRun struct {
	cancel   context.CancelFunc
	done     chan error
	out, err *lockedBuffer
}

func startWork(t *testing.T, args ...string) *workRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w := &workRun{cancel: cancel, done: make(chan error, 1), out: &lockedBuffer{}, err: &lockedBuffer{}}
	root := newRoot(w.out, w.err)
	root.SetArgs(append([]string{"work"}, args...))
	go func() { w.done <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() { cancel(); <-w.done; w.done <- nil })
	return w
}

// stop ends the run as SIGTERM would and returns what it printed.
func (w *workRun) stop(t *testing.T) string {
	t.Helper()
	w.cancel()
	select {
	case err := <-w.done:
		w.done <- err
		if err != nil {
			t.Fatalf("work: %v\n%s", err, w.err.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("work did not stop")
	}
	return w.out.String()
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls cond until it holds, failing the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var errAhead = errors.New("ahead")

// riskAt returns the risk engine's saved state in st and whether the log has nothing after it.
func riskAt(ctx context.Context, st store.Store) (store.RiskState, bool, error) {
	rs, err := st.(store.Warnings).RiskState(ctx, "risk")
	if err != nil {
		return rs, false, err
	}
	err = st.ScanLog(ctx, rs.Seq, func(store.LogEntry) error { return errAhead })
	if errors.Is(err, errAhead) {
		return rs, false, nil
	}
	return rs, err == nil && rs.Seq > 0, err
}

// TestWorkRunsTheRiskEngine: `qingfeng work` commits what is published and runs the risk
// engine beside the intake, for the day --as-of names, until its warnings and timers are saved
// up to the end of the log; with --no-risk it commits the same and evaluates nothing.
func TestWorkRunsTheRiskEngine(t *testing.T) {
	url := startNATS(t)
	dir := t.TempDir()
	genDir := filepath.Join(dir, "gen")
	if _, errs, code := run(t, "gen", "--matters", "200", "--seed", "3", "--out", genDir); code != 0 {
		t.Fatalf("gen: %s", errs)
	}
	if _, errs, code := run(t, "publish", "--nats", url, "--partitions", "4", genDir); code != 0 {
		t.Fatalf("publish: %s", errs)
	}
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	asOf := qingfeng.MustDate("2026-09-30")

	if _, errs, code := run(t, "work", "--data", filepath.Join(dir, "bad"), "--nats", url, "--as-of", "2026-13-01"); code == 0 || !strings.Contains(errs, "--as-of") {
		t.Fatalf("a bad --as-of must fail naming the flag: %d %s", code, errs)
	}

	for _, noRisk := range []bool{false, true} {
		data := filepath.Join(dir, fmt.Sprintf("data-no-risk-%v", noRisk))
		args := []string{"--data", data, "--nats", url, "--lease", "2s", "--as-of", asOf.String(), "--lang", "en"}
		if noRisk {
			args = append(args, "--no-risk")
			// A second store reads the stream again from its start.
			for _, c := range []string{"p00", "p01", "p02", "p03", "ref"} {
				if err := js.DeleteConsumer(ctx, intake.DefaultStream, c); err != nil {
					t.Fatal(err)
				}
			}
		}
		d, err := datadir.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		w := startWork(t, args...)
		waitFor(t, time.Minute, "the stream to be committed", func() (bool, error) {
			n, err := intake.Backlog(ctx, js, intake.DefaultStream)
			return n == 0, err
		})
		if !noRisk {
			waitFor(t, time.Minute, "the risk engine to reach the end of the log", func() (bool, error) {
				_, done, err := riskAt(ctx, d.Store)
				return done, err
			})
		}
		out := w.stop(t)
		if !strings.Contains(out, "workers stopped:") {
			t.Fatalf("no summary printed: %q", out)
		}
		ws := d.Store.(store.Warnings)
		rs, _, err := riskAt(ctx, d.Store)
		if err != nil {
			t.Fatal(err)
		}
		list, n, err := ws.Warnings(ctx, store.WarningFilter{})
		if err != nil {
			t.Fatal(err)
		}
		timers, err := ws.Timers(ctx, "risk")
		if err != nil {
			t.Fatal(err)
		}
		if noRisk {
			if rs.Seq != 0 || n != 0 || len(timers) != 0 {
				t.Fatalf("--no-risk: the engine ran (position %d, %d warnings, %d timers)", rs.Seq, n, len(timers))
			}
			continue
		}
		if rs.Now != asOf {
			t.Errorf("the engine evaluated for %s, not for --as-of %s", rs.Now, asOf)
		}
		if n == 0 || len(timers) == 0 {
			t.Fatalf("the engine saved %d warnings and %d timers over a generated province", n, len(timers))
		}
		for _, w := range list {
			if w.Key == "" || w.Rule == "" {
				t.Fatalf("warning without key or rule: %+v", w)
			}
		}
		t.Logf("%d warnings, %d timers, engine at %d", n, len(timers), rs.Seq)
	}
}
