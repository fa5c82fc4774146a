package ingest

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// Line is one JSON line to ingest with where it came from: a file and line, or for a record that
// arrived over the network whatever names its message (the intake uses the publisher's file and
// line when the message carries them, else the subject and stream sequence).
type Line struct {
	Origin qingfeng.Origin
	Data   []byte
}

// Stream ingests records that arrive a batch at a time over a long run (messages from a broker)
// rather than as a set of files. It keeps the reference data it validates casework against
// between batches — loading it from the store once, not per batch — and adds what its own
// batches accept. Reference data committed by another process is picked up by Reload.
//
// Ingest may be called from several goroutines: batches holding only casework run side by side,
// a batch with reference records runs alone.
type Stream struct {
	in   *Ingester
	mu   sync.RWMutex
	refs *refs
}

// Stream returns a stream writing through the ingester's store, with the reference data the
// store holds now.
func (in *Ingester) Stream(ctx context.Context) (*Stream, error) {
	s := &Stream{in: in}
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Reload reads the reference data from the store again, for when another process has
// committed some since the stream last looked.
func (s *Stream) Reload(ctx context.Context) error {
	r, err := loadRefs(ctx, s.in.store)
	if err != nil {
		return fmt.Errorf("ingest: load reference data: %w", err)
	}
	s.mu.Lock()
	s.refs = r
	s.mu.Unlock()
	return nil
}

// Ingest stores one batch of lines with the same semantics as a run over files: reference
// records first (in dependency order), then casework in the order given, every record
// validated, rejected ones put in quarantine under their origin. When it returns without error
// every line is committed — stored, unchanged or quarantined — so a broker's message may be
// acknowledged; on error some of the batch may be committed, and sending it again is safe.
func (s *Stream) Ingest(ctx context.Context, lines []Line) (*Summary, error) {
	start := time.Now()
	hasRef := false
	for i := range lines {
		if isReferenceLine(bytes.TrimSpace(lines[i].Data)) {
			hasRef = true
			break
		}
	}
	if hasRef {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	in := s.in
	src := func(reference bool, emit func(item) error, _ func(int)) error {
		for i := range lines {
			l := bytes.TrimSpace(lines[i].Data)
			if len(l) == 0 || isReferenceLine(l) != reference {
				continue
			}
			if err := emit(item{origin: lines[i].Origin, line: l, raw: l}); err != nil {
				return err
			}
		}
		return nil
	}
	sum := &Summary{Kinds: map[qingfeng.Kind]*KindSummary{}, Reasons: map[string]int{}}
	dec := &decoder{types: in.types, codes: in.codes, hasher: in.hasher, refs: s.refs, today: todayIn(in.opts.Now())}
	if err := in.passes(ctx, dec, src, sum, &progress{}, true); err != nil {
		return sum, err
	}
	sum.Seconds = time.Since(start).Seconds()
	return sum, nil
}
