package indicator

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/store"
)

// Load rebuilds the engine from the store: it replays the log from the start (the same
// merge rules as Apply, so a loaded engine and one kept current agree) and then computes every
// fact and aggregate in one pass. Events the packs do not read are skipped without decoding.
func (e *Engine) Load(ctx context.Context, st store.Store) error {
	b := e.Build()
	err := e.scanLog(ctx, st, 0, false)
	b.Finish()
	if err != nil {
		return fmt.Errorf("indicator load: %w", err)
	}
	return nil
}

// scanLog applies the log entries of st after seq after; live keeps the aggregates current
// (Restore), otherwise the caller computes them (Load).
func (e *Engine) scanLog(ctx context.Context, st store.Store, after int64, live bool) error {
	return st.ScanLog(ctx, after, func(le store.LogEntry) error {
		if e.wants(le.Key, le.Body) {
			key, v, err := qingfeng.DecodeBody(le.Body)
			if err != nil {
				return fmt.Errorf("log entry %d: %w", le.Seq, err)
			}
			e.applyOne(key, le.Seq, v, live)
		}
		e.seq = max(e.seq, le.Seq)
		e.sawHash(le.Seq, le.Hash)
		return nil
	})
}

// sawHash keeps the hash of the last log entry applied, for a snapshot to name its position.
func (e *Engine) sawHash(seq int64, hash string) {
	if seq == e.seq {
		e.seqHash = hash
	}
}

// Builder fills an engine from records in log order without keeping its aggregates current;
// Finish computes them in one pass. The engine is locked from Build to Finish.
type Builder struct{ e *Engine }

// Build empties the engine and starts a bulk load.
func (e *Engine) Build() *Builder {
	e.mu.Lock()
	e.reset()
	e.bulk = true
	return &Builder{e: e}
}

// Add applies one record.
func (b *Builder) Add(ch feed.Change) {
	b.e.applyOne(ch.Key, ch.Seq, ch.Value, false)
	b.e.sawHash(ch.Seq, ch.Hash)
}

// Finish computes every fact and aggregate and unlocks the engine.
func (b *Builder) Finish() {
	e := b.e
	e.bulk = false
	e.deriveCourts()
	e.rebuild()
	e.p.clip()
	e.nums.codes = slices.Clone(e.nums.codes)
	e.nums.pack()
	e.caseKeys.pack()
	e.evOwner.pack()
	m := &e.med
	m.court, m.started, m.concluded, m.success = slices.Clone(m.court), slices.Clone(m.started), slices.Clone(m.concluded), slices.Clone(m.success)
	m.ids.codes = slices.Clone(m.ids.codes)
	m.ids.pack()
	e.mu.Unlock()
}

// wants reports whether a log entry can change the engine: reference data, cases, mediations,
// and events of a kept type or revising a kept event.
func (e *Engine) wants(k qingfeng.Key, body []byte) bool {
	switch k.Kind {
	case qingfeng.KindRelative, qingfeng.KindLawyer:
		return false
	case qingfeng.KindEvent:
		if _, had := e.evOwner.get(e.keyHash(k)); had {
			return true
		}
		_, keep := e.evType[peekType(body)]
		return keep
	}
	return true
}

// peekType reads an event body's "type" without decoding it; "" when not found plainly.
func peekType(body []byte) string {
	const tag = `"type":"`
	i := bytes.Index(body, []byte(tag))
	if i < 0 {
		return ""
	}
	rest := body[i+len(tag):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 || bytes.IndexByte(rest[:j], '\\') >= 0 {
		return ""
	}
	return string(rest[:j])
}
