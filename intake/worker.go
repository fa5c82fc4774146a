package intake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/ingest"
)

// Options tune a worker. The zero value is usable.
type Options struct {
	// ID names the worker among its peers; default host-pid-random. A worker restarted under
	// the same ID resumes its partitions at once instead of waiting for its leases to expire,
	// so give each worker a stable ID of its own (e.g. its pod name) — never two at once.
	ID      string
	Stream  StreamConfig  // how to create the stream when it is missing
	Lease   time.Duration // lease length, when the buckets are created; default DefaultLease
	Batch   int           // messages per round (one ingest batch); default DefaultBatch
	AckWait time.Duration // redelivery time of an unacknowledged message; default DefaultAckWait
	Idle    time.Duration // pause when there is nothing to fetch; default 100 ms
}

func (o *Options) defaults() {
	if o.ID == "" {
		host, _ := os.Hostname()
		var b [3]byte
		_, _ = rand.Read(b[:])
		o.ID = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
	o.ID = keySafe(o.ID)
	o.Stream.defaults()
	if o.Lease <= 0 {
		o.Lease = DefaultLease
	}
	if o.Batch <= 0 {
		o.Batch = DefaultBatch
	}
	if o.AckWait <= 0 {
		o.AckWait = DefaultAckWait
	}
	if o.Idle <= 0 {
		o.Idle = 100 * time.Millisecond
	}
}

// keySafe maps s to the characters a key-value key allows.
func keySafe(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '=':
			return r
		}
		return '_'
	}, s)
	if s == "" {
		return "_"
	}
	return s
}

// Stats counts what a worker has done since it started.
type Stats struct {
	Messages int64 // messages committed and acknowledged
	Rounds   int64 // ingest batches committed
	Stored   int64 // records new or revised in the store
	Rejected int64 // records put in quarantine
}

// Worker is one intake pipeline: it holds some of the partitions and commits their messages.
type Worker struct {
	js     jetstream.JetStream
	in     *ingest.Stream
	opts   Options
	stream string
	n      int // casework partitions
	coord  *coordinator

	// Owned by the Run goroutine.
	cons       map[int]jetstream.Consumer
	gen        map[int]int // bumped each time a partition's consumer is reset
	refCons    jetstream.Consumer
	refVersion uint64
	refLoaded  bool
	cursor     int

	messages, rounds, stored, rejected atomic.Int64
}

// NewWorker connects a worker to the intake stream over nc, creating the stream and the
// coordination buckets when they are missing. Records are committed through in; several workers
// of one process may share it.
func NewWorker(ctx context.Context, nc *nats.Conn, in *ingest.Stream, opts Options) (*Worker, error) {
	opts.defaults()
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("intake: %w", err)
	}
	_, n, err := EnsureStream(ctx, js, opts.Stream)
	if err != nil {
		return nil, err
	}
	members, ttl, err := bucket(ctx, js, opts.Stream.Name+"_workers", opts.Lease, opts.Stream.Replicas)
	if err != nil {
		return nil, err
	}
	leases, _, err := bucket(ctx, js, opts.Stream.Name+"_leases", ttl, opts.Stream.Replicas)
	if err != nil {
		return nil, err
	}
	w := &Worker{
		js: js, in: in, opts: opts, stream: opts.Stream.Name, n: n,
		coord: &coordinator{id: opts.ID, members: members, leases: leases, ttl: ttl, n: n, held: map[int]*lease{}},
		cons:  map[int]jetstream.Consumer{},
		gen:   map[int]int{},
	}
	return w, nil
}

// ID returns the worker's identity.
func (w *Worker) ID() string { return w.opts.ID }

// Partitions returns the number of casework partitions of the stream.
func (w *Worker) Partitions() int { return w.n }

// Held returns the names of the partitions the worker holds now.
func (w *Worker) Held() []string {
	var names []string
	for _, p := range w.coord.heldPartitions() {
		names = append(names, partitionName(p, w.n))
	}
	return names
}

// Stats returns the worker's counters.
func (w *Worker) Stats() Stats {
	return Stats{Messages: w.messages.Load(), Rounds: w.rounds.Load(), Stored: w.stored.Load(), Rejected: w.rejected.Load()}
}

// Run works until ctx ends, then finishes the batch in hand, gives its partitions back and
// returns nil. It returns an error only when it cannot join the workers at all.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.coord.heartbeat(ctx); err != nil {
		return err
	}
	hbCtx, stopHB := context.WithCancel(ctx)
	defer stopHB()
	go w.heartbeats(hbCtx)
	defer func() {
		stopHB()
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		w.coord.releaseAll(rctx)
	}()
	backoff := time.Duration(0)
	for ctx.Err() == nil {
		n, err := w.work(ctx)
		if n > 0 {
			backoff = 0 // the back-off grows only while nothing gets through
		}
		switch {
		case err != nil && ctx.Err() != nil:
			// shutting down: what was fetched and not committed stays unacknowledged
		case err != nil:
			backoff = min(max(2*backoff, 100*time.Millisecond), 5*time.Second)
			slog.Warn("intake: batch failed", "worker", w.opts.ID, "err", err, "retry_in", backoff)
			sleep(ctx, backoff)
		case n == 0:
			sleep(ctx, w.opts.Idle)
		}
	}
	return nil
}

// work commits batches until a fetch comes back empty, fetching each batch while the one
// before it is being committed. Partitions are taken and given back only between batches, when
// nothing is being committed. It returns the number of messages committed.
func (w *Worker) work(ctx context.Context) (int, error) {
	take := func(p int) error { return w.take(ctx, p) }
	w.coord.reconcile(ctx, take)
	batch, err := w.fetch(ctx)
	if err != nil {
		w.reset(ctx, batch)
		return 0, err
	}
	total := 0
	for len(batch) > 0 && ctx.Err() == nil {
		done := make(chan error, 1)
		go func(b []fetched) { done <- w.commit(ctx, b) }(batch)
		next, ferr := w.fetch(ctx)
		if err := <-done; err != nil {
			// Nothing of the batch is acknowledged; its partitions start again from it.
			w.reset(ctx, append(batch, next...))
			return total, err
		}
		total += len(batch)
		if ferr != nil {
			w.reset(ctx, next)
			return total, ferr
		}
		w.coord.reconcile(ctx, take)
		batch = w.stillHeld(next)
	}
	return total, nil
}

// heartbeats renews the worker's membership and leases every third of the lease time, and at
// once when a worker joins or leaves cleanly (seen by watching the members bucket), so that a
// new worker gets its share within a batch or two instead of a lease period.
func (w *Worker) heartbeats(ctx context.Context) {
	t := time.NewTicker(w.coord.ttl / 3)
	defer t.Stop()
	var changes <-chan jetstream.KeyValueEntry
	if watch, err := w.coord.members.WatchAll(ctx, jetstream.UpdatesOnly()); err == nil {
		defer watch.Stop()
		changes = watch.Updates()
	} else {
		slog.Warn("intake: watch workers", "worker", w.opts.ID, "err", err)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-changes:
			if e == nil || !w.coord.membershipChanged(e) {
				continue
			}
		case <-t.C:
		}
		if err := w.coord.heartbeat(ctx); err != nil && ctx.Err() == nil {
			slog.Warn("intake: heartbeat", "worker", w.opts.ID, "err", err)
		}
	}
}

// take prepares a newly held partition: its consumer is reset so that what an earlier holder
// left unacknowledged comes first.
func (w *Worker) take(ctx context.Context, p int) error {
	c, err := takeConsumer(ctx, w.js, w.stream, p, w.n, w.opts.Batch, w.opts.AckWait)
	if err != nil {
		return err
	}
	w.cons[p] = c
	w.gen[p]++
	if p == w.n {
		w.refCons = c
	}
	return nil
}

// reset resets the consumers of the partitions a batch came from, so that its messages, which
// will not be acknowledged, are delivered again before anything after them.
func (w *Worker) reset(ctx context.Context, batch []fetched) {
	if ctx.Err() != nil {
		return // shutting down: whoever takes the partitions next resets them
	}
	done := map[int]bool{}
	for _, f := range batch {
		if done[f.p] || !w.coord.valid(f.p) {
			continue
		}
		done[f.p] = true
		if err := w.take(ctx, f.p); err != nil {
			slog.Warn("intake: reset partition", "partition", partitionName(f.p, w.n), "err", err)
		}
	}
}

// stillHeld drops the messages of partitions given back, or taken anew, since they were
// fetched: their consumers deliver them again to whoever holds them now.
func (w *Worker) stillHeld(batch []fetched) []fetched {
	keep := batch[:0]
	for _, f := range batch {
		if f.gen == w.gen[f.p] && w.coord.valid(f.p) {
			keep = append(keep, f)
		}
	}
	return keep
}

// fetched is a message and the partition it came from.
type fetched struct {
	p   int
	gen int // the partition's generation when fetched
	m   jetstream.Msg
}

// fetch takes up to a batch of messages from the held partitions, starting one further each
// time so that none starves. Casework waits while reference data is pending.
func (w *Worker) fetch(ctx context.Context) ([]fetched, error) {
	held := w.coord.heldPartitions()
	for p := range w.cons {
		if !slices.Contains(held, p) {
			delete(w.cons, p)
		}
	}
	if len(held) == 0 {
		return nil, nil
	}
	refsReady, err := w.refsReady(ctx, held)
	if err != nil {
		return nil, err
	}
	var batch []fetched
	start := w.cursor % len(held)
	w.cursor++
	for j := 0; j < len(held) && len(batch) < w.opts.Batch; j++ {
		p := held[(start+j)%len(held)]
		c := w.cons[p]
		if c == nil || p != w.n && !refsReady {
			continue
		}
		mb, err := c.FetchNoWait(w.opts.Batch - len(batch))
		if err != nil {
			return batch, fmt.Errorf("fetch %s: %w", partitionName(p, w.n), err)
		}
		for m := range mb.Messages() {
			batch = append(batch, fetched{p: p, gen: w.gen[p], m: m})
		}
		if err := mb.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) && !errors.Is(err, nats.ErrTimeout) {
			return batch, fmt.Errorf("fetch %s: %w", partitionName(p, w.n), err)
		}
	}
	return batch, nil
}

// commit ingests a fetched batch and acknowledges it. Messages of a partition whose lease is
// no longer safely held are left unacknowledged for its new holder. The batch is finished even
// when ctx ends meanwhile, so that a shutdown does not waste it.
func (w *Worker) commit(ctx context.Context, batch []fetched) error {
	ctx = context.WithoutCancel(ctx)
	lines := make([]ingest.Line, 0, len(batch))
	keep := make([]fetched, 0, len(batch))
	valid := map[int]bool{}
	for _, f := range batch {
		ok, seen := valid[f.p]
		if !seen {
			ok = w.coord.valid(f.p)
			valid[f.p] = ok
		}
		if !ok {
			continue
		}
		keep = append(keep, f)
		lines = append(lines, ingest.Line{Origin: origin(f.m), Data: f.m.Data()})
	}
	if len(keep) == 0 {
		return nil
	}
	sum, err := w.in.Ingest(ctx, lines)
	if err != nil {
		return fmt.Errorf("commit %d messages: %w", len(keep), err)
	}
	// One cumulative acknowledgement per partition: its last message in the batch. A lost one
	// only means a redelivery, which the store ignores.
	last := map[int]jetstream.Msg{}
	for _, f := range keep {
		last[f.p] = f.m
	}
	for _, m := range last {
		if err := m.Ack(); err != nil {
			slog.Debug("intake: ack", "err", err)
		}
	}
	w.messages.Add(int64(len(keep)))
	w.rounds.Add(1)
	w.stored.Add(int64(sum.Stored + sum.Revised))
	w.rejected.Add(int64(sum.Rejected))
	return nil
}

// refsReady reports whether casework may go ahead: the reference partition has nothing
// pending. When the reference data has moved since the worker last looked, it reloads it.
func (w *Worker) refsReady(ctx context.Context, held []int) (bool, error) {
	onlyRef := len(held) == 1 && held[0] == w.n
	if onlyRef {
		return true, nil
	}
	if w.refCons == nil {
		c, err := w.js.Consumer(ctx, w.stream, refPartition)
		if errors.Is(err, jetstream.ErrConsumerNotFound) {
			return false, nil // nobody has taken the reference partition yet
		} else if err != nil {
			return false, fmt.Errorf("reference consumer: %w", err)
		}
		w.refCons = c
	}
	info, err := w.refCons.Info(ctx)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		w.refCons = nil
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reference consumer: %w", err)
	}
	if info.NumPending > 0 || info.NumAckPending > 0 {
		return false, nil
	}
	if !w.refLoaded || info.AckFloor.Stream != w.refVersion {
		if err := w.in.Reload(ctx); err != nil {
			return false, err
		}
		w.refVersion, w.refLoaded = info.AckFloor.Stream, true
	}
	return true, nil
}

// origin names where a message's line came from: the publisher's file and line when the
// message carries them, else its subject and stream sequence (stable across redeliveries, so a
// redelivered bad record does not enter quarantine twice).
func origin(m jetstream.Msg) qingfeng.Origin {
	h := m.Headers()
	if f := h.Get(HeaderFile); f != "" {
		if l, err := strconv.Atoi(h.Get(HeaderLine)); err == nil {
			return qingfeng.Origin{File: f, Line: l}
		}
	}
	o := qingfeng.Origin{File: "nats:" + m.Subject()}
	if md, err := m.Metadata(); err == nil {
		o.Line = int(md.Sequence.Stream)
	}
	return o
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
