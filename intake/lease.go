package intake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// coordinator keeps one worker's membership and partition leases in the two buckets. The
// heartbeat renews them and recomputes which partitions the worker should hold; the worker's
// loop takes and gives back partitions between batches, so a partition is never released in the
// middle of one.
type coordinator struct {
	id      string
	members jetstream.KeyValue
	leases  jetstream.KeyValue
	ttl     time.Duration
	n       int // casework partitions; partition n is the reference partition

	mu      sync.Mutex
	desired map[int]bool
	held    map[int]*lease
	peers   []string  // live workers at the last heartbeat, sorted
	nextTry time.Time // when to try again to take partitions held by others
}

type lease struct {
	rev     uint64
	renewed time.Time
}

func (c *coordinator) key(p int) string { return partitionName(p, c.n) }

// heartbeat renews the worker's membership and leases and recomputes its share. A lease whose
// renewal fails has been lost (it expired and another worker took it) and is dropped at once.
func (c *coordinator) heartbeat(ctx context.Context) error {
	if _, err := c.members.Put(ctx, c.id, []byte(time.Now().UTC().Format(time.RFC3339))); err != nil {
		return fmt.Errorf("intake: renew membership: %w", err)
	}
	keys, err := c.members.Keys(ctx)
	if err != nil && !errors.Is(err, jetstream.ErrNoKeysFound) {
		return fmt.Errorf("intake: list workers: %w", err)
	}
	if !slices.Contains(keys, c.id) {
		keys = append(keys, c.id)
	}
	slices.Sort(keys)
	k := slices.Index(keys, c.id)
	desired := map[int]bool{}
	for p := 0; p <= c.n; p++ {
		if p%len(keys) == k {
			desired[p] = true
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.desired, c.peers = desired, keys
	for p, l := range c.held {
		rev, err := c.leases.Update(ctx, c.key(p), []byte(c.id), l.rev)
		if err != nil {
			slog.Warn("intake: lease lost", "worker", c.id, "partition", c.key(p), "err", err)
			delete(c.held, p)
			continue
		}
		l.rev, l.renewed = rev, time.Now()
	}
	return nil
}

// membershipChanged reports whether a change in the members bucket adds or removes a worker,
// rather than renewing one already known.
func (c *coordinator) membershipChanged(e jetstream.KeyValueEntry) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	known := slices.Contains(c.peers, e.Key())
	return (e.Operation() == jetstream.KeyValuePut) != known
}

// reconcile gives back the partitions the worker should no longer hold and tries to take the
// ones it should. take is called for every partition newly taken, before it is reported held,
// and a partition whose take fails is given back.
func (c *coordinator) reconcile(ctx context.Context, take func(p int) error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p, l := range c.held {
		if !c.desired[p] {
			if err := c.leases.Delete(ctx, c.key(p), jetstream.LastRevision(l.rev)); err != nil {
				slog.Warn("intake: release lease", "worker", c.id, "partition", c.key(p), "err", err)
			}
			delete(c.held, p)
			slog.Info("intake: partition released", "worker", c.id, "partition", c.key(p))
		}
	}
	if time.Now().Before(c.nextTry) {
		return
	}
	c.nextTry = time.Now().Add(c.ttl / 20)
	for p := range c.desired {
		if c.held[p] != nil {
			continue
		}
		rev, ok := c.acquire(ctx, p)
		if !ok {
			continue
		}
		if err := take(p); err != nil {
			slog.Warn("intake: take partition", "worker", c.id, "partition", c.key(p), "err", err)
			_ = c.leases.Delete(ctx, c.key(p), jetstream.LastRevision(rev))
			continue
		}
		c.held[p] = &lease{rev: rev, renewed: time.Now()}
		slog.Info("intake: partition taken", "worker", c.id, "partition", c.key(p))
	}
}

// acquire creates the partition's lease, or adopts it when it already names this worker (a
// worker restarted under the same id). It fails quietly while another worker holds it.
func (c *coordinator) acquire(ctx context.Context, p int) (uint64, bool) {
	rev, err := c.leases.Create(ctx, c.key(p), []byte(c.id))
	if err == nil {
		return rev, true
	}
	if !errors.Is(err, jetstream.ErrKeyExists) {
		slog.Warn("intake: take lease", "worker", c.id, "partition", c.key(p), "err", err)
		return 0, false
	}
	e, err := c.leases.Get(ctx, c.key(p))
	if err != nil || string(e.Value()) != c.id {
		return 0, false
	}
	rev, err = c.leases.Update(ctx, c.key(p), []byte(c.id), e.Revision())
	return rev, err == nil
}

// valid reports whether the worker still holds partition p with time to spare: a lease renewed
// less than three quarters of its time ago. Commits are made only under valid leases.
func (c *coordinator) valid(p int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.held[p]
	return l != nil && time.Since(l.renewed) < c.ttl*3/4
}

// heldPartitions returns the partitions held now, in order.
func (c *coordinator) heldPartitions() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	ps := make([]int, 0, len(c.held))
	for p := range c.held {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	return ps
}

// releaseAll gives back every lease and the membership, for a clean shutdown: the other
// workers take the partitions at their next heartbeat instead of after the leases expire.
func (c *coordinator) releaseAll(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p, l := range c.held {
		if err := c.leases.Delete(ctx, c.key(p), jetstream.LastRevision(l.rev)); err != nil {
			slog.Warn("intake: release lease", "worker", c.id, "partition", c.key(p), "err", err)
		}
		delete(c.held, p)
	}
	c.desired = nil
	if err := c.members.Delete(ctx, c.id); err != nil {
		slog.Warn("intake: leave", "worker", c.id, "err", err)
	}
}
