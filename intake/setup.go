package intake

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Defaults of the stream and the workers.
const (
	DefaultStream     = "QINGFENG"
	DefaultPartitions = 16
	DefaultLease      = 10 * time.Second
	DefaultBatch      = 2000
	DefaultAckWait    = 2 * time.Minute
	// DefaultDuplicates is how long the stream remembers message ids: a re-send inside it is
	// dropped by the server, one after it by the store (unchanged content).
	DefaultDuplicates = 10 * time.Minute
	// DefaultRetain is how long the stream keeps a message. It must outlast the longest time all
	// workers may be down; meanwhile the stream can be replayed into a new store.
	DefaultRetain = 7 * 24 * time.Hour

	metaPartitions = "qingfeng_partitions"
	refPartition   = "ref"
	maxPartitions  = 1024
)

// StreamConfig says how to create the intake stream when it does not exist yet; an existing
// stream is used as it is.
type StreamConfig struct {
	Name       string        // default DefaultStream
	Partitions int           // casework partitions; default DefaultPartitions
	Duplicates time.Duration // duplicate window; default DefaultDuplicates
	Retain     time.Duration // how long messages are kept; default DefaultRetain
	Replicas   int           // copies in a JetStream cluster; default 1
}

func (c *StreamConfig) defaults() {
	if c.Name == "" {
		c.Name = DefaultStream
	}
	if c.Partitions <= 0 {
		c.Partitions = DefaultPartitions
	}
	if c.Duplicates <= 0 {
		c.Duplicates = DefaultDuplicates
	}
	if c.Retain <= 0 {
		c.Retain = DefaultRetain
	}
	if c.Replicas <= 0 {
		c.Replicas = 1
	}
}

// EnsureStream returns the intake stream, creating it when missing, and its number of casework
// partitions (read from the stream's metadata, so every worker agrees whatever its flags say).
func EnsureStream(ctx context.Context, js jetstream.JetStream, cfg StreamConfig) (jetstream.Stream, int, error) {
	cfg.defaults()
	if cfg.Partitions > maxPartitions {
		return nil, 0, fmt.Errorf("intake: %d partitions is more than %d", cfg.Partitions, maxPartitions)
	}
	s, err := js.Stream(ctx, cfg.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		s, err = js.CreateStream(ctx, streamConfig(cfg))
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) { // another worker was quicker
			s, err = js.Stream(ctx, cfg.Name)
		}
	}
	if err != nil {
		return nil, 0, fmt.Errorf("intake: stream %s: %w", cfg.Name, err)
	}
	p, err := strconv.Atoi(s.CachedInfo().Config.Metadata[metaPartitions])
	if err != nil || p <= 0 || p > maxPartitions {
		return nil, 0, fmt.Errorf("intake: stream %s was not created by Qingfeng (metadata %s missing or bad)", cfg.Name, metaPartitions)
	}
	return s, p, nil
}

func streamConfig(cfg StreamConfig) jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:        cfg.Name,
		Description: "Qingfeng intake: canonical records from the courts' source systems",
		Subjects:    []string{refRoot + ".*.*", recRoot + ".*.*"},
		// The server computes the partition from the court token, so publishers need not.
		SubjectTransform: &jetstream.SubjectTransformConfig{
			Source:      recRoot + ".*.*",
			Destination: fmt.Sprintf("%s.{{partition(%d,2)}}.{{wildcard(1)}}.{{wildcard(2)}}", partRoot, cfg.Partitions),
		},
		// Limits, not work-queue, retention: a consumer may then acknowledge a batch with one
		// cumulative ack (AckAll), and acknowledged messages are dropped by age, a block at a
		// time, instead of one by one — removing each message on its ack cost the server as
		// much as the whole ingest on the benchmark.
		Retention:  jetstream.LimitsPolicy,
		MaxAge:     cfg.Retain,
		Discard:    jetstream.DiscardOld,
		Storage:    jetstream.FileStorage,
		Duplicates: cfg.Duplicates,
		Replicas:   cfg.Replicas,
		Metadata:   map[string]string{metaPartitions: strconv.Itoa(cfg.Partitions)},
	}
}

// partitionName names partition i (0-based) of n casework partitions; i == n is the reference
// partition. The name is the consumer's and the lease key's.
func partitionName(i, n int) string {
	if i == n {
		return refPartition
	}
	return fmt.Sprintf("p%02d", i)
}

// partitionFilter is the subject filter of partition i of n.
func partitionFilter(i, n int) string {
	if i == n {
		return refRoot + ".>"
	}
	return fmt.Sprintf("%s.%d.>", partRoot, i)
}

// takeConsumer makes sure a partition's durable consumer exists with the worker's settings and
// resets it to deliver from its acknowledged position on: whatever an earlier holder fetched
// and did not acknowledge is delivered first again, in stream order. The reset is one server
// operation, so a crash in the middle cannot lose the position.
func takeConsumer(ctx context.Context, js jetstream.JetStream, stream string, i, n, batch int, ackWait time.Duration) (jetstream.Consumer, error) {
	name := partitionName(i, n)
	c, err := js.CreateOrUpdateConsumer(ctx, stream, jetstream.ConsumerConfig{
		Durable:       name,
		Description:   "Qingfeng intake partition " + name,
		FilterSubject: partitionFilter(i, n),
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckAllPolicy,
		AckWait:       ackWait,
		MaxDeliver:    -1,
		MaxAckPending: 2 * batch,
	})
	if err != nil {
		return nil, fmt.Errorf("intake: consumer %s: %w", name, err)
	}
	if _, err := js.ResetConsumer(ctx, stream, name); err != nil {
		return nil, fmt.Errorf("intake: reset consumer %s: %w", name, err)
	}
	return c, nil
}

// Backlog returns how many messages of the stream are not yet committed: those not yet
// delivered plus those delivered and not acknowledged, over every partition. A partition whose
// consumer does not exist yet (no worker has started) counts all its messages.
func Backlog(ctx context.Context, js jetstream.JetStream, stream string) (uint64, error) {
	s, err := js.Stream(ctx, stream)
	if err != nil {
		return 0, fmt.Errorf("intake: stream %s: %w", stream, err)
	}
	n, err := strconv.Atoi(s.CachedInfo().Config.Metadata[metaPartitions])
	if err != nil {
		return 0, fmt.Errorf("intake: stream %s was not created by Qingfeng", stream)
	}
	var total uint64
	for i := 0; i <= n; i++ {
		c, err := s.Consumer(ctx, partitionName(i, n))
		if errors.Is(err, jetstream.ErrConsumerNotFound) {
			info, err := s.Info(ctx, jetstream.WithSubjectFilter(partitionFilter(i, n)))
			if err != nil {
				return 0, fmt.Errorf("intake: stream %s: %w", stream, err)
			}
			for _, m := range info.State.Subjects {
				total += m
			}
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("intake: consumer %s: %w", partitionName(i, n), err)
		}
		info := c.CachedInfo()
		total += info.NumPending + uint64(info.NumAckPending)
	}
	return total, nil
}

// bucket opens a key-value bucket whose entries expire after ttl, creating it when missing. An
// existing bucket keeps its own ttl, which is returned.
func bucket(ctx context.Context, js jetstream.JetStream, name string, ttl time.Duration, replicas int) (jetstream.KeyValue, time.Duration, error) {
	kv, err := js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      name,
		Description: "Qingfeng intake coordination",
		TTL:         ttl,
		History:     1,
		Storage:     jetstream.FileStorage,
		Replicas:    replicas,
	})
	if errors.Is(err, jetstream.ErrBucketExists) {
		kv, err = js.KeyValue(ctx, name)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("intake: bucket %s: %w", name, err)
	}
	st, err := kv.Status(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("intake: bucket %s: %w", name, err)
	}
	if st.TTL() > 0 {
		ttl = st.TTL()
	}
	return kv, ttl, nil
}
