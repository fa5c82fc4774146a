// Package intake receives records from the courts' source systems over NATS JetStream and
// commits them through ingest, with several Qingfeng workers sharing the work.
//
// # Subjects
//
// A source system publishes one canonical JSON line per message:
//
//	qingfeng.ref.<src>.<court>   reference data: courts, divisions, staff, relatives, lawyers
//	qingfeng.rec.<src>.<court>   casework: proceedings, events, mediations
//
// <src> is the record's src and <court> the id of the court the record belongs to — for a
// proceeding and its events the court of the case number, so that every record of one
// proceeding travels the same road; "_" when there is none (lawyers). Tokens are sanitised
// (dots, wildcards and spaces become "_"). A message may carry the headers Qingfeng-File and
// Qingfeng-Line naming where the line was read; rejections are put in quarantine under that
// origin, else under "nats:<subject>" and the stream sequence. Nats-Msg-Id makes re-sends inside
// the stream's duplicate window free.
//
// # Partitions
//
// One stream (default QINGFENG) takes both subject trees. Its subject transform rewrites
// casework to qingfeng.part.<n>.<src>.<court>, where n = partition(P, court) is a hash of the
// court token computed by the server, so a court always lands in the same partition and source
// systems need not know P. P (default 16) is fixed when the stream is created and kept in its
// metadata. Reference data is one more partition, "ref". Each partition has one durable pull
// consumer (p00 … p15, ref) that acknowledges cumulatively (AckAll): one acknowledgement per
// partition per batch. The stream keeps messages for a retention time (default 7 days, limits
// retention) rather than deleting each on its acknowledgement: deleting message by message cost
// the server as much CPU as the whole ingest, and the retained week can be replayed into a new
// store. The retention must outlast the longest time all workers may be down.
//
// # Workers and leases
//
// Workers find each other and split the partitions through two key-value buckets whose entries
// expire after the lease time (default 10 s): <stream>_workers holds one key per live worker,
// renewed every third of the lease; <stream>_leases holds one key per partition, created by the
// worker that takes it (a create fails while someone else holds it) and renewed with a
// compare-and-set on its revision. Every worker computes the same assignment from the sorted list
// of live workers (partition i goes to worker i mod n), releases what is no longer its own
// between batches, and takes what is. A worker that dies stops renewing: its member key and
// leases expire and the survivors take its partitions. A worker restarted under the same --id
// finds its own leases and resumes at once.
//
// Work that one process at a time may do among all the workers — the risk engine, which keeps a
// single log position and set of warnings in the store — is an exclusive job (RunExclusive): it
// holds one more lease in the same bucket, "job_<name>", taken, renewed, adopted after a restart
// and expiring the same way, and the job's context ends when the lease is lost. `qingfeng work`
// runs the risk engine so, following the store's feed beside the intake.
//
// JetStream's own priority groups (pinned clients) give fail-over but not a balanced split of
// many consumers over many workers, so the split is done here; JetStream still holds every
// position, and the only state a worker has is its leases.
//
// # Acknowledge after commit
//
// A worker is one pipeline: it fetches up to a batch of messages from the partitions it holds
// (round-robin), ingests them as one batch through ingest.Stream (reference records first, then
// casework, each pass one store transaction), and acknowledges the messages only after the
// commit returned; the next batch is fetched while one is being committed. A crash before the
// acknowledgement leaves the messages unacknowledged; they are delivered again and the store,
// which treats content it has received before as unchanged, makes the re-delivery a no-op.
//
// Order matters within a proceeding (its records are merged in log order) and is kept: a
// partition is worked by one worker at a time, in stream order. When a worker takes a partition
// it resets the partition's consumer to its acknowledged position (JetStream's consumer reset,
// one server operation), so that messages another worker had fetched but not acknowledged come
// first again instead of after newer ones; after a failed commit it does the same. If a paused
// worker's lease expired while it was committing, two workers may briefly commit the same
// partition; records are still neither lost nor doubled, because the store is idempotent, and a
// lease is checked before every commit to keep that window short. Consumer reset needs a server
// with JetStream API level 4 or later; the tests run nats-server v2.15.2.
//
// Casework is checked against reference data (a proceeding's court, division, judge), so casework
// partitions wait while the ref consumer has messages pending, and a worker reloads the reference
// data from the store when the ref consumer's acknowledged position moves. Reference data sent
// after the casework that needs it is a rejection, as it would be from files ingested in that
// order; `qingfeng quarantine --retry` takes it up.
package intake
