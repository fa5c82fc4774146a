package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
	"github.com/qingfeng-court/qingfeng/store"
)

const (
	crashMatters = 1000
	crashKills   = 20
)

// backend is a store the crash test runs against: fresh gives the flags that point qingfeng at
// a new, empty store (sharing the province's identity key) and a way to open it afterwards.
type backend struct {
	name  string
	fresh func(t *testing.T, p *province) (flags []string, open func(t *testing.T) store.Store)
}

var sqliteBackend = backend{
	name: "sqlite",
	fresh: func(t *testing.T, p *province) ([]string, func(*testing.T) store.Store) {
		dir := p.dataDir(t)
		return []string{"--data", dir}, func(t *testing.T) store.Store {
			d, err := datadir.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			return d.Store
		}
	},
}

// postgresBackend is a fresh database on the test PostgreSQL (internal/pgtest: QINGFENG_PG_URL,
// or a throwaway cluster; it skips where there is none, and fails instead under
// QINGFENG_REQUIRE_PG, as in CI).
var postgresBackend = backend{
	name: "postgres",
	fresh: func(t *testing.T, p *province) ([]string, func(*testing.T) store.Store) {
		dir, url := p.dataDir(t), pgtest.DB(t)
		return []string{"--data", dir, "--db", url}, func(t *testing.T) store.Store {
			d, err := datadir.Open(dir, datadir.WithDatabase(url))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			return d.Store
		}
	},
}

// crashBackends lists the stores the crash test runs on.
var crashBackends = []backend{sqliteBackend, postgresBackend}

// TestCrashSafety kills the real qingfeng binary with SIGKILL at random points of a large
// ingest, restarts it and sends again, 20 kills in a row, and then compares the store with a
// clean run: no record lost, none doubled, every projection and quarantine entry the same.
// It does so for ingest from files and for the NATS worker, on every store.
func TestCrashSafety(t *testing.T) {
	bin := buildBinary(t)
	p := getProvince(t, crashMatters)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d (kill times are drawn from it); %d records, clean ingest %.2f s", seed, p.records, p.cleanSeconds)
	// The stores run side by side: much of a cycle is a process starting, not computing.
	for i, b := range crashBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			t.Run("files", func(t *testing.T) {
				crashFiles(t, bin, p, b, rand.New(rand.NewPCG(seed, uint64(2*i))))
			})
			t.Run("nats", func(t *testing.T) {
				crashNATS(t, bin, p, b, rand.New(rand.NewPCG(seed, uint64(2*i+1))))
			})
		})
	}
}

// crashFiles runs `qingfeng ingest` over the province again and again, killing it at a random
// moment of each run, until it has been killed 20 times, then lets one run finish.
func crashFiles(t *testing.T, bin string, p *province, b backend, rng *rand.Rand) {
	flags, open := b.fresh(t, p)
	// Small batches, so that a run has many commits for the kills to fall between and into.
	args := append(append([]string{"ingest"}, flags...), "--batch", "500", p.dir)
	// A run re-reads everything, so each takes about as long as a clean one plus start-up; the
	// window follows the runs that finished (re-reading unchanged records is quicker).
	window := time.Duration((p.cleanSeconds + 0.3) * float64(time.Second))
	kills, finished := 0, 0
	for attempt := 0; kills < crashKills; attempt++ {
		if attempt >= 4*crashKills {
			t.Fatalf("only %d kills landed in %d runs", kills, attempt)
		}
		proc := startProc(t, bin, args...)
		delay := time.Duration(rng.Int64N(int64(window)))
		if proc.killAfter(delay) {
			kills++
			continue
		}
		if err := proc.err(); err != nil {
			t.Fatalf("run %d ended on its own with %v:\n%s", attempt, err, proc.tail())
		}
		finished++
		window = proc.ran()
	}
	final := startProc(t, bin, args...)
	if err := final.wait(); err != nil {
		t.Fatalf("final run: %v\n%s", err, final.tail())
	}
	t.Logf("%d kills, %d runs finished before their kill time", kills, finished)
	got, err := takeSnapshot(context.Background(), open(t))
	if err != nil {
		t.Fatal(err)
	}
	requireSame(t, "ingest killed 20 times", p.clean, got)
}

// crashNATS publishes the province to a JetStream stream and runs `qingfeng work` on it —
// intake and risk engine — killing it at a random moment after it has begun to commit, 20
// times; after every kill it restarts the worker and sends a part of the data again. Then a last
// worker drains the stream and its engine catches up with the log. The store must equal a clean
// ingest's, and its warnings and timers those of a clean engine over it (requireSameRisk): no
// timer lost, no warning doubled. A store that keeps no warnings (the engine does not run on
// it) is compared without them.
func crashNATS(t *testing.T, bin string, p *province, b backend, rng *rand.Rand) {
	url := startNATS(t)
	_, js := connect(t, url)
	ctx := context.Background()
	if _, _, err := EnsureStream(ctx, js, StreamConfig{Partitions: 8}); err != nil {
		t.Fatal(err)
	}
	msgs := collectMessages(t, p.dir)
	pub := startProc(t, bin, "publish", "--nats", url, "--format", "json", p.dir)
	if err := pub.wait(); err != nil {
		t.Fatalf("publish: %v\n%s", err, pub.tail())
	}
	if !strings.Contains(pub.out.String(), fmt.Sprintf(`"published":%d,`, len(msgs))) {
		t.Fatalf("publish: want %d messages published:\n%s", len(msgs), pub.tail())
	}
	flags, open := b.fresh(t, p)
	// The test's own handle on the store, opened first so that the schema exists before any
	// worker starts; it watches the engine's saved position between runs.
	st := open(t)
	_, withRisk := st.(store.Warnings)
	if !withRisk {
		t.Logf("the %s store keeps no warnings yet: the worker runs no risk engine and warnings are not compared", b.name)
	}
	args := append(append([]string{"work"}, flags...), "--nats", url, "--id", "crash", "--lease", "3s", "--batch", "300",
		"--as-of", p.asOf.String())
	// Acknowledgements travel as plain NATS messages: watching them tells when the worker has
	// committed something, without polling the server.
	nc, _ := connect(t, url)
	acks := make(chan struct{}, 1)
	if _, err := nc.Subscribe("$JS.ACK."+DefaultStream+".>", func(*nats.Msg) {
		select {
		case acks <- struct{}{}:
		default:
		}
	}); err != nil {
		t.Fatal(err)
	}
	pending := func() uint64 { return backlog(t, js) }
	var startup time.Duration
	var ev engineWatch
	for kills := 0; kills < crashKills; kills++ {
		if pending() == 0 { // all done already: the next kill lands in a re-send
			i := rng.IntN(len(msgs))
			publishMessages(t, js, withoutIDs(msgs[i:min(len(msgs), i+5000)]))
		}
		if err := nc.Flush(); err != nil {
			t.Fatal(err)
		}
		select { // forget the acknowledgements of the run before
		case <-acks:
		default:
		}
		if withRisk {
			ev.before(t, st)
		}
		proc := startProc(t, bin, args...)
		// Wait until the worker has committed and acknowledged something, then kill it a
		// random moment later: in a fetch, a decode, a commit, an acknowledgement, or the
		// engine's replay, rule evaluation or save.
		select {
		case <-acks:
		case <-proc.done:
			t.Fatalf("worker exited: %v\n%s", proc.werr, proc.tail())
		case <-time.After(30 * time.Second):
			t.Fatalf("worker made no progress:\n%s", proc.tail())
		}
		startup += time.Since(proc.start)
		if !proc.killAfter(time.Duration(rng.Int64N(int64(crashWindow)))) {
			t.Fatalf("worker exited on its own: %v\n%s", proc.err(), proc.tail())
		}
		if withRisk {
			ev.after(t, st)
		}
		// Re-send a random stretch, as a source system that is not sure what arrived would,
		// without message ids: the stream takes them again and the store must ignore them.
		i := rng.IntN(len(msgs))
		publishMessages(t, js, withoutIDs(msgs[i:min(len(msgs), i+500)]))
	}
	left := pending()
	publishMessages(t, js, msgs)
	final := startProc(t, bin, args...)
	waitDrained(t, js, DefaultStream, 2*time.Minute)
	if withRisk {
		waitRisk(t, st, final, 2*time.Minute)
	}
	if err := final.stop(); err != nil {
		t.Fatalf("final worker: %v\n%s", err, final.tail())
	}
	t.Logf("%d kills, %v average to the first acknowledgement; %d messages (of %d published, plus re-sends) were left for the last worker",
		crashKills, startup/crashKills, left, len(msgs))
	got, err := takeSnapshot(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if !withRisk {
		requireSame(t, "worker killed 20 times", p.clean, got)
		return
	}
	if ev.stepped == 0 || ev.behind == 0 {
		t.Fatalf("no kill fell while the engine worked (%s): the test proves nothing about it", &ev)
	}
	transient := requireSameRisk(t, "worker killed 20 times", p.cleanRisk(t), got)
	w, tm := got.standing()
	t.Logf("risk engine: %s; %d warnings stand and %d timers are set, as in the clean run (%s); %d warnings raised while records were still arriving were withdrawn",
		&ev, w, tm, p.riskStats, transient)
}

// crashWindow is how long after its first acknowledgement a worker may be killed: long enough
// for the kill to fall in the engine's work too (its replay at start-up, then a step per commit).
const crashWindow = 400 * time.Millisecond

// engineWatch counts, over the runs of a crash test, those in which the risk engine saved at
// least one step before the kill (stepped), and those killed while the log was ahead of what
// the engine had saved (behind): kills that fell while the engine had work in hand.
type engineWatch struct {
	seq             int64
	runs            int
	stepped, behind int
}

func (w *engineWatch) before(t *testing.T, st store.Store) {
	t.Helper()
	seq, _, err := riskCaughtUp(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	w.seq = seq
}

func (w *engineWatch) after(t *testing.T, st store.Store) {
	t.Helper()
	seq, done, err := riskCaughtUp(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	w.runs++
	if seq > w.seq {
		w.stepped++
	}
	if !done {
		w.behind++
	}
}

func (w *engineWatch) String() string {
	return fmt.Sprintf("in %d of %d runs the engine saved a step before the kill, in %d the kill left it behind the log",
		w.stepped, w.runs, w.behind)
}

// waitRisk waits until the risk engine has saved a position with nothing after it in the log.
func waitRisk(t *testing.T, st store.Store, worker *proc, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		seq, done, err := riskCaughtUp(context.Background(), st)
		if err != nil {
			t.Fatal(err)
		}
		if done {
			return
		}
		if time.Now().After(deadline) || worker.exited() {
			t.Fatalf("the risk engine is at %d, behind the log, after %v:\n%s", seq, timeout, worker.tail())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// withoutIDs copies messages without their Nats-Msg-Id, so the stream cannot drop them.
func withoutIDs(msgs []*nats.Msg) []*nats.Msg {
	out := make([]*nats.Msg, len(msgs))
	for i, m := range msgs {
		c := nats.NewMsg(m.Subject)
		c.Data = m.Data
		for k, v := range m.Header {
			if k != jetstream.MsgIDHeader {
				c.Header[k] = v
			}
		}
		out[i] = c
	}
	return out
}

func backlog(t *testing.T, js jetstream.JetStream) uint64 {
	t.Helper()
	n, err := Backlog(context.Background(), js, DefaultStream)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// proc is a running qingfeng process.
type proc struct {
	start, end time.Time
	cmd        *exec.Cmd
	out        *syncBuffer
	done       chan struct{}
	werr       error
}

func startProc(t testing.TB, bin string, args ...string) *proc {
	t.Helper()
	return startProcEnv(t, bin, nil, args...)
}

// startProcEnv starts the binary with extra environment variables.
func startProcEnv(t testing.TB, bin string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), out: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	p.cmd.Env = append(append(os.Environ(), "QINGFENG_LANG=en"), env...)
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p.start = time.Now()
	go func() { p.werr = p.cmd.Wait(); p.end = time.Now(); close(p.done) }()
	t.Cleanup(func() {
		if !p.exited() {
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// killAfter sends SIGKILL after d unless the process ends first, and reports whether the kill
// ended it.
func (p *proc) killAfter(d time.Duration) bool {
	select {
	case <-p.done:
		return false
	case <-time.After(d):
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
	var ee *exec.ExitError
	if errors.As(p.werr, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true
		}
	}
	return false
}

// stop asks the process to finish (SIGTERM) and waits for it.
func (p *proc) stop() error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	return p.wait()
}

func (p *proc) wait() error {
	select {
	case <-p.done:
	case <-time.After(2 * time.Minute):
		_ = p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("timed out")
	}
	return p.werr
}

func (p *proc) err() error { <-p.done; return p.werr }

// ran returns how long the process ran.
func (p *proc) ran() time.Duration { <-p.done; return p.end.Sub(p.start) }

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// tail returns the last lines the process wrote.
func (p *proc) tail() string {
	lines := strings.Split(strings.TrimSpace(p.out.String()), "\n")
	return strings.Join(lines[max(0, len(lines)-30):], "\n")
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var binary struct {
	once sync.Once
	path string
	err  error
}

// buildBinary builds cmd/qingfeng once per test binary, the way it ships (no cgo).
func buildBinary(t testing.TB) string {
	t.Helper()
	binary.once.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		binary.path = filepath.Join(fixtures.dir, "qingfeng")
		cmd := exec.Command(goBin, "build", "-o", binary.path, "github.com/qingfeng-court/qingfeng/cmd/qingfeng")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}
