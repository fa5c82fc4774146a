package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// DefaultBatchSize is the transaction size unless Options say otherwise. A bulk load writes the
// same pages (the ends of the tables, the insertion points of the indexes) again in every
// transaction: at 20,000 records rather than 5,000, a million-row import spent some 40% less on
// writing its transactions out and on checkpoints. 10,000 was as fast as 20,000 within the
// noise of the runs, at some 190 MB of peak memory for that import rather than 280 (130 at
// 5,000): the batches being written and filled, and a batch of decoded chunks waiting.
const DefaultBatchSize = 10000

// Options tune a run. The zero value is usable.
type Options struct {
	BatchSize int              // records per transaction; default DefaultBatchSize
	Workers   int              // decoding goroutines; default GOMAXPROCS
	Now       func() time.Time // the clock for "dates in the future"; default time.Now
	Progress  io.Writer        // where to draw a progress bar; nil draws none
	Profile   *Profile         // mapping for exports (CSV, or JSON with format: json); required for .csv files
}

// Ingester loads files into a store.
type Ingester struct {
	store  store.Store
	types  *casenum.Types
	codes  *codetable.Tables
	hasher *Hasher
	opts   Options
}

// New returns an ingester writing to st, checking case numbers against types and codes
// against codes, and hashing identity numbers with hasher.
func New(st store.Store, types *casenum.Types, codes *codetable.Tables, hasher *Hasher, opts Options) *Ingester {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Ingester{store: st, types: types, codes: codes, hasher: hasher, opts: opts}
}

// Summary is what a run did.
type Summary struct {
	Files     int                            `json:"files"`
	Read      int                            `json:"read"`
	Stored    int                            `json:"stored"`
	Unchanged int                            `json:"unchanged"`
	Revised   int                            `json:"revised"`
	Rejected  int                            `json:"rejected"`
	Skipped   int                            `json:"skipped"`  // export rows left out by the profile's skip rules
	Resolved  int                            `json:"resolved"` // quarantine entries fixed by this run
	Kinds     map[qingfeng.Kind]*KindSummary `json:"kinds"`
	Reasons   map[string]int                 `json:"reasons"` // rejections per reason code
	Seconds   float64                        `json:"seconds"`
	PerSecond float64                        `json:"records_per_second"`
}

// KindSummary counts one kind's records.
type KindSummary struct {
	Read      int `json:"read"`
	Stored    int `json:"stored"`
	Unchanged int `json:"unchanged"`
	Revised   int `json:"revised"`
	Rejected  int `json:"rejected"`
}

func (s *Summary) kind(k qingfeng.Kind) *KindSummary {
	if k == "" {
		k = "unknown"
	}
	ks := s.Kinds[k]
	if ks == nil {
		ks = &KindSummary{}
		s.Kinds[k] = ks
	}
	return ks
}

// Run ingests the given files and folders (every *.jsonl, *.json and *.csv in a folder, sorted
// by name; other files are skipped). Reference records go first, then casework.
func (in *Ingester) Run(ctx context.Context, paths []string) (*Summary, error) {
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	for i, f := range files {
		files[i].mapped = in.opts.Profile != nil && in.opts.Profile.applies(f.path)
		if f.csv && !files[i].mapped {
			return nil, fmt.Errorf("ingest %s: a CSV file needs a mapping profile (--profile) that applies to it", f.path)
		}
	}
	// The reference pass reads every line; a file in which it met no casework (the staff
	// file of a source system) need not be read again.
	casework := make([]bool, len(files))
	src := func(reference bool, emit func(item) error, progress func(int)) error {
		for i, f := range files {
			if reference {
				err := in.readFile(f, true, func(line []byte) bool {
					ref := isReferenceLine(line)
					casework[i] = casework[i] || !ref
					return ref
				}, emit, progress)
				if err != nil {
					return err
				}
				continue
			}
			if !f.mapped && !casework[i] {
				progress(int(f.size))
				continue
			}
			if err := in.readFile(f, false, nil, emit, progress); err != nil {
				return err
			}
		}
		return nil
	}
	sum, err := in.run(ctx, src, newProgress(in.opts.Progress, files), true)
	if sum != nil {
		sum.Files = len(files)
	}
	return sum, err
}

// RunReader ingests JSON Lines read from r (a request body, a message), naming it name in
// quarantine entries. The whole input is held in memory for the two passes, so callers bound
// its size.
func (in *Ingester) RunReader(ctx context.Context, name string, r io.Reader) (*Summary, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("ingest %s: %w", name, err)
	}
	src := func(reference bool, emit func(item) error, _ func(int)) error {
		return splitJSONL(name, data, func(line []byte) bool { return isReferenceLine(line) == reference }, emit)
	}
	sum, err := in.run(ctx, src, &progress{}, true)
	if sum != nil {
		sum.Files = 1
	}
	return sum, err
}

// Retry ingests quarantined records again, as they are: for entries that failed because of
// something fixed since (a court or judge loaded later, a code added to a table). Entries
// that still fail stay in quarantine as they were; rows of exports (CSV or JSON) need their
// file and profile and are left out, as are lines with no record kind to read.
func (in *Ingester) Retry(ctx context.Context, entries []qingfeng.Rejection) (*Summary, error) {
	src := func(reference bool, emit func(item) error, _ func(int)) error {
		for _, e := range entries {
			line := []byte(e.Raw)
			if len(line) == 0 || line[0] != '{' || isReferenceLine(line) != reference {
				continue
			}
			if !hasRecordKind(line) {
				continue // an export row, or a line whose kind is the defect
			}
			if err := emit(item{origin: qingfeng.Origin{File: e.File, Line: e.Line}, line: line, raw: line}); err != nil {
				return err
			}
		}
		return nil
	}
	return in.run(ctx, src, &progress{}, false)
}

// hasRecordKind reports whether a line names a known record kind at its top level.
func hasRecordKind(line []byte) bool {
	if target, _ := qingfeng.Envelope(sniffKind(line)); target != nil {
		return true
	}
	var env qingfeng.Key // the sniff can meet a nested "kind" first
	if json.Unmarshal(line, &env) != nil {
		return false
	}
	target, _ := qingfeng.Envelope(env.Kind)
	return target != nil
}

// source feeds the items of one pass (reference or casework) to emit.
type source func(reference bool, emit func(item) error, progress func(int)) error

// run does both passes over a source. With quarantine false, rejected records are counted but
// not put in quarantine (they are there already).
func (in *Ingester) run(ctx context.Context, src source, bar *progress, quarantine bool) (*Summary, error) {
	start := time.Now()
	defer bar.finish()
	sum := &Summary{Kinds: map[qingfeng.Kind]*KindSummary{}, Reasons: map[string]int{}}
	r, err := loadRefs(ctx, in.store)
	if err != nil {
		return nil, fmt.Errorf("ingest: load reference data: %w", err)
	}
	dec := &decoder{types: in.types, codes: in.codes, hasher: in.hasher, refs: r, today: todayIn(in.opts.Now())}
	if err := in.passes(ctx, dec, src, sum, bar, quarantine); err != nil {
		return sum, err
	}
	sum.Seconds = time.Since(start).Seconds()
	if sum.Seconds > 0 {
		sum.PerSecond = float64(sum.Read) / sum.Seconds
	}
	return sum, nil
}

// passes reads a source twice, reference records then casework, validating with dec, and
// returns once every batch is committed.
func (in *Ingester) passes(ctx context.Context, dec *decoder, src source, sum *Summary, bar *progress,
	quarantine bool) error {
	start := time.Now()
	c := startCommitter(ctx, in.store, quarantine)
	p := pass{in: in, dec: dec, src: src, sum: sum, bar: bar, commits: c}
	err := p.reference(ctx)
	if err == nil {
		slog.Debug("ingest: reference pass read", "records", sum.Read, "seconds", time.Since(start).Seconds())
		err = p.casework(ctx)
	}
	if cerr := c.finish(sum); err == nil {
		err = cerr
	}
	return err
}

// pass is the state both passes of one run share. sum is the reading side's: the committer
// keeps the outcome of its commits apart until the run is done.
type pass struct {
	in      *Ingester
	dec     *decoder
	src     source
	sum     *Summary
	bar     *progress
	commits *committer
}

// commit hands a batch to the committer; it fails when an earlier commit failed.
func (p *pass) commit(ctx context.Context, b *store.Batch) error {
	return p.commits.add(ctx, b)
}

// rejection builds the quarantine entry for a bad line; the raw line is scrubbed of
// identity numbers before it is kept.
func (in *Ingester) rejection(it *item, key qingfeng.Key, p *Problem) qingfeng.Rejection {
	return qingfeng.Rejection{
		File: it.origin.File, Line: it.origin.Line, Key: key,
		Field: p.Field, Value: p.Value, Code: p.Code,
		Reason: p.Message(i18n.ZH), ReasonEn: p.Message(i18n.EN),
		Raw: string(in.hasher.Scrub(it.rawText())), At: in.opts.Now(),
	}
}

// absPath names files by absolute path in quarantine, so re-ingesting a fixed file from
// another working directory still finds its entries.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
