package intake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Exclusive jobs are the work that one worker process at a time may do among all the workers
// of a stream: the risk engine keeps one log position and one set of warnings in the store, and
// two engines stepping over each other would re-fire each other's warnings. Such a job holds a
// lease in the stream's lease bucket, beside the partitions', under the same rules: created by
// the worker that takes it, renewed with a compare-and-set, expiring when its holder dies, and
// adopted at once by a worker restarted under the same id.

// errLeaseLost ends a job whose lease another worker now holds, or could not be renewed in time.
var errLeaseLost = errors.New("intake: exclusive lease lost")

// RunExclusive runs job while this worker (opts.ID) holds the lease called name, so that of all
// the workers of the stream one runs it at a time; the others wait and take it over when the
// holder stops (it gives the lease back) or dies (its lease expires). job's context ends when
// the lease is lost — another worker holds it, or renewing it failed for three quarters of the
// lease time — and RunExclusive then waits to take it again. A job that returns an error gives
// the lease back and is started again after a pause that doubles up to a minute. RunExclusive
// returns nil when ctx ends, and an error only when it cannot reach the lease bucket at all.
func RunExclusive(ctx context.Context, nc *nats.Conn, name string, opts Options, job func(context.Context) error) error {
	opts.defaults()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("intake: %w", err)
	}
	kv, ttl, err := bucket(ctx, js, opts.Stream.Name+"_leases", opts.Lease, opts.Stream.Replicas)
	if err != nil {
		return err
	}
	x := &exclusive{kv: kv, name: name, key: "job_" + keySafe(name), id: opts.ID, ttl: ttl}
	backoff := time.Duration(0)
	for ctx.Err() == nil {
		rev, ok := x.acquire(ctx)
		if !ok {
			sleep(ctx, ttl/4)
			continue
		}
		slog.Info("intake: exclusive job taken", "job", name, "worker", x.id)
		err := x.hold(ctx, rev, job)
		switch {
		case ctx.Err() != nil:
		case errors.Is(err, errLeaseLost):
			slog.Warn("intake: exclusive job lost its lease", "job", name, "worker", x.id)
		case err != nil:
			backoff = min(max(2*backoff, time.Second), time.Minute)
			slog.Error("intake: exclusive job failed", "job", name, "worker", x.id, "err", err, "retry_in", backoff)
			sleep(ctx, backoff)
		default:
			backoff = 0
		}
	}
	return nil
}

// exclusive is one worker's claim on one job's lease.
type exclusive struct {
	kv        jetstream.KeyValue
	name, key string
	id        string
	ttl       time.Duration
}

// acquire creates the job's lease, or adopts it when it already names this worker.
func (x *exclusive) acquire(ctx context.Context) (uint64, bool) {
	rev, err := x.kv.Create(ctx, x.key, []byte(x.id))
	if err == nil {
		return rev, true
	}
	if !errors.Is(err, jetstream.ErrKeyExists) {
		if ctx.Err() == nil {
			slog.Warn("intake: take exclusive lease", "job", x.name, "worker", x.id, "err", err)
		}
		return 0, false
	}
	e, err := x.kv.Get(ctx, x.key)
	if err != nil || string(e.Value()) != x.id {
		return 0, false
	}
	rev, err = x.kv.Update(ctx, x.key, []byte(x.id), e.Revision())
	return rev, err == nil
}

// hold runs job under the lease taken at rev, renewing it every quarter of the lease time, and
// returns job's error, or errLeaseLost when the lease went first. The lease is given back when
// job ends on its own.
func (x *exclusive) hold(ctx context.Context, rev uint64, job func(context.Context) error) error {
	jctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- job(jctx) }()
	t := time.NewTicker(x.ttl / 4)
	defer t.Stop()
	renewed := time.Now()
	for {
		select {
		case err := <-done:
			x.release(ctx, rev)
			return err
		case <-t.C:
		}
		if r, ok := x.renew(ctx, rev); ok {
			rev, renewed = r, time.Now()
			continue
		}
		if time.Since(renewed) < x.ttl*3/4 && !x.heldByOther(ctx) {
			continue // a passing failure: try again at the next tick
		}
		cancel()
		<-done
		return errLeaseLost
	}
}

// renew moves the lease on from rev. When the lease expired meanwhile and nobody took it,
// taking it again keeps the job running without a gap.
func (x *exclusive) renew(ctx context.Context, rev uint64) (uint64, bool) {
	if r, err := x.kv.Update(ctx, x.key, []byte(x.id), rev); err == nil {
		return r, true
	}
	return x.acquire(ctx)
}

// heldByOther reports whether the lease names another worker now.
func (x *exclusive) heldByOther(ctx context.Context) bool {
	e, err := x.kv.Get(ctx, x.key)
	return err == nil && string(e.Value()) != x.id
}

// release gives the lease back, so that another worker takes the job at its next try instead of
// after the lease expires.
func (x *exclusive) release(ctx context.Context, rev uint64) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := x.kv.Delete(rctx, x.key, jetstream.LastRevision(rev)); err != nil {
		slog.Warn("intake: release exclusive lease", "job", x.name, "worker", x.id, "err", err)
	}
}
