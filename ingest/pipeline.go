package ingest

import (
	"context"
	"sync"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// chunkSize is how many lines travel together between the pipeline's stages.
const chunkSize = 512

type chunk struct {
	seq   int
	items []item
}

type decoded struct {
	seq     int
	records []qingfeng.Record
	rejects []qingfeng.Rejection
	kinds   []qingfeng.Kind // kind of every item, for the read counts
	skipped int             // export rows the profile's skip rules dropped
}

// casework streams proceedings, events and mediations through three stages: one reader,
// several decoders working on chunks in parallel, and one committer that puts the chunks
// back in file order (a later revision must stay later) and writes batches.
func (p *pass) casework(ctx context.Context) error {
	in := p.in
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Decoded chunks are buffered deep enough (a batch) that decoders keep working while a
	// batch is being written; chunks read wait in a short queue, reading being quick. Every
	// chunk buffered is memory held: with the batches themselves, this is most of a run's.
	ahead := in.opts.BatchSize/chunkSize + in.opts.Workers
	chunks := make(chan chunk, 2*in.opts.Workers)
	results := make(chan decoded, ahead)

	var readErr error
	go func() {
		defer close(chunks)
		readErr = p.readChunks(ctx, chunks)
	}()
	var wg sync.WaitGroup
	for w := 0; w < in.opts.Workers; w++ {
		wg.Add(1)
		dec := p.dec.forWorker()
		go func() {
			defer wg.Done()
			for c := range chunks {
				p.commits.gate.enter()
				d := in.decodeChunk(dec, c)
				p.commits.gate.leave()
				select {
				case results <- d:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	err := p.commitInOrder(ctx, results)
	if err != nil {
		cancel()
		for range results { // let the other stages finish
		}
		return err
	}
	return readErr
}

func (p *pass) readChunks(ctx context.Context, out chan<- chunk) error {
	seq := 0
	cur := chunk{seq: seq}
	flush := func() error {
		if len(cur.items) == 0 {
			return nil
		}
		select {
		case out <- cur:
		case <-ctx.Done():
			return ctx.Err()
		}
		seq++
		cur = chunk{seq: seq, items: make([]item, 0, chunkSize)}
		return nil
	}
	err := p.src(false, func(it item) error {
		cur.items = append(cur.items, it)
		if len(cur.items) >= chunkSize {
			return flush()
		}
		return nil
	}, p.bar.add)
	if err != nil {
		return err
	}
	return flush()
}

func (in *Ingester) decodeChunk(dec *decoder, c chunk) decoded {
	out := decoded{seq: c.seq, kinds: make([]qingfeng.Kind, 0, len(c.items)), records: make([]qingfeng.Record, 0, len(c.items))}
	for i := range c.items {
		if it := &c.items[i]; it.toMap != nil {
			in.decodeRow(dec, it, &out)
		} else {
			in.decodeItem(dec, it, &out)
		}
	}
	return out
}

// decodeItem decodes and validates one item into out, and returns its typed value, or nil
// when it is rejected.
func (in *Ingester) decodeItem(dec *decoder, it *item, out *decoded) any {
	var (
		rec qingfeng.Record
		p   = it.problem
		key = it.key
	)
	switch {
	case p == nil && it.value != nil:
		rec, p = dec.check(key, it.value, it.origin)
		it.annotate(p)
	case p == nil:
		var k qingfeng.Key
		rec, p, k = dec.decode(it.line, it.origin)
		if key.Kind == "" {
			key = k
		}
		it.annotate(p)
	}
	out.kinds = append(out.kinds, key.Kind)
	if p != nil {
		out.rejects = append(out.rejects, in.rejection(it, key, p))
		return nil
	}
	out.records = append(out.records, rec)
	return rec.Value
}

// decodeRow maps a row of an export into its record and events, and decodes them. The row is
// one unit: when its record is rejected, no event is derived from it, so that fixing the row
// and ingesting it again brings the whole of it.
func (in *Ingester) decodeRow(dec *decoder, it *item, out *decoded) {
	r, m := it.toMap, it.toMap.m
	if m.skipped(r) {
		out.skipped++
		return
	}
	recIt := m.record(r, it.origin)
	v := in.decodeItem(dec, &recIt, out)
	if v == nil || len(m.events) == 0 {
		return
	}
	var number string
	switch x := v.(type) {
	case *qingfeng.Case:
		number = x.Number
	case *qingfeng.Mediation:
		number = x.CaseNumber
	}
	for i := range m.events {
		if evIt, ok := m.event(&m.events[i], r, it.origin, recIt.key.SrcID, number); ok {
			in.decodeItem(dec, &evIt, out)
		}
	}
}

// commitInOrder receives decoded chunks in any order and commits them in sequence, in batches
// of about BatchSize records.
func (p *pass) commitInOrder(ctx context.Context, results <-chan decoded) error {
	sum := p.sum
	waiting := map[int]decoded{}
	next := 0
	size := p.in.opts.BatchSize + chunkSize // a batch is cut once it is full, a chunk at a time
	newBatch := func() *store.Batch { return &store.Batch{Records: make([]qingfeng.Record, 0, size)} }
	b := newBatch()
	for r := range results {
		waiting[r.seq] = r
		for {
			d, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			sum.Skipped += d.skipped
			for _, k := range d.kinds {
				sum.Read++
				sum.kind(k).Read++
			}
			b.Records = append(b.Records, d.records...)
			b.Rejections = append(b.Rejections, d.rejects...)
			if len(b.Records)+len(b.Rejections) >= p.in.opts.BatchSize {
				if err := p.commit(ctx, b); err != nil {
					return err
				}
				b = newBatch()
			}
		}
	}
	return p.commit(ctx, b)
}
