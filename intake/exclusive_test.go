package intake

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// jobLog records the runs of an exclusive job by several workers.
type jobLog struct {
	mu      sync.Mutex
	running int
	most    int            // most runs at once
	started map[string]int // runs started, by worker
	ended   map[string]int
}

func newJobLog() *jobLog { return &jobLog{started: map[string]int{}, ended: map[string]int{}} }

// job returns worker's job: it runs until its context ends.
func (l *jobLog) job(worker string) func(context.Context) error {
	return func(ctx context.Context) error {
		l.mu.Lock()
		l.running++
		l.most = max(l.most, l.running)
		l.started[worker]++
		l.mu.Unlock()
		<-ctx.Done()
		l.mu.Lock()
		l.running--
		l.ended[worker]++
		l.mu.Unlock()
		return nil
	}
}

func (l *jobLog) get(f func(*jobLog) int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return f(l)
}

// exclusiveRun is RunExclusive in the background on its own connection.
type exclusiveRun struct {
	nc     *nats.Conn
	cancel context.CancelFunc
	done   chan error
}

func runExclusive(t *testing.T, url, id string, lease time.Duration, job func(context.Context) error) *exclusiveRun {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	ctx, cancel := context.WithCancel(context.Background())
	r := &exclusiveRun{nc: nc, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- RunExclusive(ctx, nc, "risk", Options{ID: id, Lease: lease}, job) }()
	t.Cleanup(func() { cancel(); <-r.done; r.done <- nil })
	return r
}

// TestExclusiveOneAtATime: of two workers one runs the job, the other waits as long as the
// holder renews its lease, and takes over when the holder dies (its connection drops, nothing
// given back) — never both at once; a worker that stops gives the lease back.
func TestExclusiveOneAtATime(t *testing.T) {
	url := startNATS(t)
	lease := time.Second
	l := newJobLog()
	runs := map[string]*exclusiveRun{
		"a": runExclusive(t, url, "a", lease, l.job("a")),
		"b": runExclusive(t, url, "b", lease, l.job("b")),
	}
	waitFor(t, 10*time.Second, "one worker to run the job", func() bool { return l.get(func(l *jobLog) int { return l.running }) == 1 })
	holder, other := "a", "b"
	if l.get(func(l *jobLog) int { return l.started["b"] }) == 1 {
		holder, other = "b", "a"
	}
	time.Sleep(2 * lease) // the holder renews: the other must not start meanwhile
	if n := l.get(func(l *jobLog) int { return l.started[other] }); n != 0 {
		t.Fatalf("%s started the job %d times while %s held it", other, n, holder)
	}
	runs[holder].nc.Close() // the holder dies
	waitFor(t, 10*lease, other+" to take the job over", func() bool { return l.get(func(l *jobLog) int { return l.started[other] }) == 1 })
	if n := l.get(func(l *jobLog) int { return l.ended[holder] }); n != 1 {
		t.Errorf("the dead holder's job ended %d times, want once (its lease lost)", n)
	}
	if most := l.get(func(l *jobLog) int { return l.most }); most != 1 {
		t.Fatalf("%d runs of the job at once", most)
	}
	runs[other].cancel()
	if err := <-runs[other].done; err != nil {
		t.Fatal(err)
	}
	runs[other].done <- nil
	_, js := connect(t, url)
	kv, err := js.KeyValue(context.Background(), DefaultStream+"_leases")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Get(context.Background(), "job_risk"); !errors.Is(err, jetstream.ErrKeyNotFound) {
		t.Fatalf("a worker that stopped kept its lease: %v", err)
	}
}

// TestExclusiveRestartResumes: a worker restarted under the same id runs the job again at once,
// without waiting for its old lease to expire, while another worker keeps waiting; a job that
// fails gives the lease back, and the other worker takes the job without waiting either.
func TestExclusiveRestartResumes(t *testing.T) {
	url := startNATS(t)
	lease := 4 * time.Second
	l := newJobLog()
	x := runExclusive(t, url, "x", lease, l.job("x1"))
	waitFor(t, 10*time.Second, "x to run the job", func() bool { return l.get(func(l *jobLog) int { return l.started["x1"] }) == 1 })
	runExclusive(t, url, "y", lease, l.job("y"))
	x.nc.Close() // x is killed and comes back under the same id
	restarted := time.Now()
	fail := make(chan struct{})
	runExclusive(t, url, "x", lease, func(ctx context.Context) error {
		done := make(chan error, 1)
		go func() { done <- l.job("x2")(ctx) }()
		select {
		case <-fail:
			return errors.New("the engine failed to save a step")
		case err := <-done:
			return err
		}
	})
	waitFor(t, 10*time.Second, "the restarted x to run the job", func() bool { return l.get(func(l *jobLog) int { return l.started["x2"] }) == 1 })
	if took := time.Since(restarted); took >= lease*3/4 {
		t.Errorf("the restarted worker waited %v, about a lease (%v): it did not adopt its own", took, lease)
	}
	if n := l.get(func(l *jobLog) int { return l.started["y"] }); n != 0 {
		t.Errorf("y ran the job %d times while x held it", n)
	}
	close(fail)
	failed := time.Now()
	waitFor(t, 10*time.Second, "y to take the job of the failed x", func() bool { return l.get(func(l *jobLog) int { return l.started["y"] }) == 1 })
	if took := time.Since(failed); took >= lease*3/4 {
		t.Errorf("y took %v to take over from a job that failed: the lease was not given back", took)
	}
}
