package intake

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/qingfeng-court/qingfeng/datadir"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/store"
)

const testMatters = 400

func TestRoutes(t *testing.T) {
	r := newRouter()
	court := r.route([]byte(`{"kind":"court","src":"hr","src_id":"C350102","id":"C350102","code":"闽0102","name":"鼓楼区人民法院","level":"basic"}`))
	if court != "qingfeng.ref.hr.C350102" {
		t.Errorf("court: %s", court)
	}
	// A proceeding and its events go to the court of the case number, by its id once known,
	// whatever court the record names and however the number is written.
	kase := r.route([]byte(`{"kind":"case","src":"cms","src_id":"c1","case_number":"(2024)闽0102民初 12 号","court_id":"C350999"}`))
	event := r.route([]byte(`{"kind":"event","src":"funds","src_id":"e1","case_number":"（2024）闽0102民初12号","type":"filed"}`))
	if kase != "qingfeng.rec.cms.C350102" || event != "qingfeng.rec.funds.C350102" {
		t.Errorf("case %s, event %s: want both on court C350102", kase, event)
	}
	// Without the court record the code itself stands for the court, for both.
	r2 := newRouter()
	k2 := r2.route([]byte(`{"kind":"case","src":"cms","src_id":"c1","case_number":"（2024）闽0102民初12号","court_id":"C350102"}`))
	e2 := r2.route([]byte(`{"kind":"event","src":"cms","src_id":"e1","case_number":"（2024）闽0102民初12号"}`))
	if k2 != e2 || !strings.HasSuffix(k2, ".闽0102") {
		t.Errorf("unknown court: case %s, event %s", k2, e2)
	}
	for line, want := range map[string]string{
		`{"kind":"lawyer","src":"hr","src_id":"L1","id":"L1"}`:                           "qingfeng.ref.hr._",
		`{"kind":"person","src":"hr.v2","src_id":"P1","court_id":"C35 01*"}`:             "qingfeng.ref.hr_v2.C35_01_",
		`{"kind":"mediation","src":"mediation","src_id":"M1","court_id":"C350102"}`:      "qingfeng.rec.mediation.C350102",
		`{"kind":"case","src":"cms","src_id":"x","case_number":"not a number"}`:          "qingfeng.rec.cms._",
		`{"kind":"case","src":"cms","src_id":"x","case_number":"（2024）闽0102民初`:           "qingfeng.rec._._",
		`{"kind":"division","src":"hr","src_id":"D1","court_id":"C350102","name":"民一庭"}`: "qingfeng.ref.hr.C350102",
	} {
		if got := r.route([]byte(line)); got != want {
			t.Errorf("%s: got %s, want %s", line, got, want)
		}
	}
}

// openStream opens a data directory and the ingest stream over its store (or over wrap(store)).
func openStream(t testing.TB, dir string, wrap func(store.Store) store.Store, opts ...datadir.Option) (*datadir.Dir, *ingest.Stream) {
	t.Helper()
	d, err := datadir.Open(dir, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	st := d.Store
	if wrap != nil {
		st = wrap(st)
	}
	s, err := ingest.New(st, d.Types, d.Codes, d.Hasher, ingest.Options{}).Stream(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d, s
}

// running is a worker started in the background.
type running struct {
	w      *Worker
	nc     *nats.Conn
	cancel context.CancelFunc
	done   chan error
}

func startWorker(t testing.TB, url string, s *ingest.Stream, opts Options) *running {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	ctx, cancel := context.WithCancel(context.Background())
	w, err := NewWorker(ctx, nc, s, opts)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	r := &running{w: w, nc: nc, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- w.Run(ctx) }()
	t.Cleanup(r.stop)
	return r
}

// stop shuts the worker down cleanly and waits for it.
func (r *running) stop() {
	r.cancel()
	<-r.done
	r.done <- nil // later stops return at once
}

func publishAll(t testing.TB, js jetstream.JetStream, paths ...string) *PublishSummary {
	t.Helper()
	sum, err := NewPublisher(js).PublishFiles(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestPublishAndWorkMatchesFileIngest(t *testing.T) {
	p := getProvince(t, testMatters)
	url := startNATS(t)
	ctx := context.Background()
	_, js := connect(t, url)
	if _, _, err := EnsureStream(ctx, js, StreamConfig{Partitions: 8}); err != nil {
		t.Fatal(err)
	}
	sum := publishAll(t, js, p.dir)
	if sum.Published != p.records || sum.Duplicates != 0 {
		t.Fatalf("published %d (duplicates %d), want %d lines", sum.Published, sum.Duplicates, p.records)
	}
	// A re-send inside the duplicate window is dropped by the stream.
	if again := publishAll(t, js, p.dir); again.Published != 0 || again.Duplicates != p.records {
		t.Fatalf("re-send: published %d, duplicates %d", again.Published, again.Duplicates)
	}
	d, s := openStream(t, p.dataDir(t), nil)
	r := startWorker(t, url, s, Options{ID: "w1", Lease: 2 * time.Second, Batch: 500})
	waitDrained(t, js, DefaultStream, time.Minute)
	r.stop()
	if got := r.w.Stats().Messages; got != int64(p.records) {
		t.Errorf("worker committed %d messages, want %d", got, p.records)
	}
	if r.w.Partitions() != 8 {
		t.Errorf("partitions %d, want the stream's 8", r.w.Partitions())
	}
	got, err := takeSnapshot(ctx, d.Store)
	if err != nil {
		t.Fatal(err)
	}
	requireSame(t, "one worker", p.clean, got)
}

// TestWorkersShareAndTakeOver starts two workers, checks they split the partitions, kills one
// without a goodbye halfway through the data and checks the other takes its partitions over
// and the store ends up as a clean ingest's.
func TestWorkersShareAndTakeOver(t *testing.T) {
	p := getProvince(t, testMatters)
	url := startNATS(t)
	ctx := context.Background()
	_, js := connect(t, url)
	if _, _, err := EnsureStream(ctx, js, StreamConfig{Partitions: 6}); err != nil {
		t.Fatal(err)
	}
	msgs := collectMessages(t, p.dir)
	d, s := openStream(t, p.dataDir(t), nil)
	opts := Options{Lease: time.Second, Batch: 300}
	opts.ID = "a"
	a := startWorker(t, url, s, opts)
	opts.ID = "b"
	b := startWorker(t, url, s, opts)

	all := []string{"p00", "p01", "p02", "p03", "p04", "p05", "ref"}
	waitFor(t, 10*time.Second, "the two workers to split the partitions", func() bool {
		ha, hb := a.w.Held(), b.w.Held()
		u := append(slices.Clone(ha), hb...)
		slices.Sort(u)
		return len(ha) > 0 && len(hb) > 0 && slices.Equal(u, all)
	})
	refs := 0
	for refs < len(msgs) && strings.HasPrefix(msgs[refs].Subject, refRoot+".") {
		refs++
	}
	half := refs + (len(msgs)-refs)/2
	publishMessages(t, js, msgs[:half])
	waitFor(t, 30*time.Second, "both workers to commit", func() bool {
		return a.w.Stats().Messages > 0 && b.w.Stats().Messages > 0
	})

	// a dies: its connection drops and it gives nothing back; its leases must expire.
	held := a.w.Held()
	a.nc.Close()
	a.stop()
	publishMessages(t, js, msgs[half:])
	waitFor(t, 10*time.Second, "b to take over a's partitions", func() bool {
		return slices.Equal(b.w.Held(), all)
	})
	waitDrained(t, js, DefaultStream, time.Minute)
	b.stop()
	t.Logf("a held %v and committed %d; b committed %d", held, a.w.Stats().Messages, b.w.Stats().Messages)
	got, err := takeSnapshot(ctx, d.Store)
	if err != nil {
		t.Fatal(err)
	}
	requireSame(t, "two workers, one killed", p.clean, got)
}

// failingStore fails some commits, as a database that goes away for a moment would.
type failingStore struct {
	store.Store
	calls, failed atomic.Int32
}

func (f *failingStore) Commit(ctx context.Context, b *store.Batch) (store.Result, error) {
	n := f.calls.Add(1)
	if n%3 == 2 && n < 40 {
		f.failed.Add(1)
		return store.Result{}, errors.New("database unavailable")
	}
	return f.Store.Commit(ctx, b)
}

// TestFailedCommitIsNotAcknowledged: a message is acknowledged only after its commit, so
// commits that fail lose nothing, and retries keep each proceeding's order.
func TestFailedCommitIsNotAcknowledged(t *testing.T) {
	p := getProvince(t, testMatters)
	url := startNATS(t)
	_, js := connect(t, url)
	if _, _, err := EnsureStream(context.Background(), js, StreamConfig{Partitions: 4}); err != nil {
		t.Fatal(err)
	}
	publishAll(t, js, p.dir)
	fs := &failingStore{}
	d, s := openStream(t, p.dataDir(t), func(st store.Store) store.Store { fs.Store = st; return fs })
	r := startWorker(t, url, s, Options{ID: "w", Lease: 2 * time.Second, Batch: 400})
	waitDrained(t, js, DefaultStream, time.Minute)
	r.stop()
	if fs.failed.Load() == 0 {
		t.Fatal("no commit failed; the test proves nothing")
	}
	got, err := takeSnapshot(context.Background(), d.Store)
	if err != nil {
		t.Fatal(err)
	}
	requireSame(t, "failing commits", p.clean, got)
}

// collectMessages returns the messages a publish of the paths would send, in order.
func collectMessages(t testing.TB, paths ...string) []*nats.Msg {
	t.Helper()
	var out []*nats.Msg
	if _, err := eachMessage(paths, func(m *nats.Msg) error { out = append(out, m); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func publishMessages(t testing.TB, js jetstream.JetStream, msgs []*nats.Msg) {
	t.Helper()
	sum := &PublishSummary{}
	out := NewPublisher(js).sender(context.Background(), sum)
	for _, m := range msgs {
		if err := out.send(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := out.drain(); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
