package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Commit writes a batch in one transaction; see store.Store.
func (s *Store) Commit(ctx context.Context, b *store.Batch) (store.Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return store.Result{}, fmt.Errorf("commit: %w", err)
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return store.Result{}, fmt.Errorf("commit: begin: %w", err)
	}
	w := &writer{ctx: ctx, tx: tx, nowMS: time.Now().UnixMilli()}
	w.numbers = numberTx{w: w, cache: &s.numbers}
	w.cases = newCaseWriter(w)
	p := newPlan(b.Records)
	res, err := w.commit(b, p, s.lastSeq, s.lastNumber)
	if err == nil {
		// Checked once more before committing: a cancelled commit must leave nothing.
		err = ctx.Err()
	}
	// Once begun, the rollback or commit must run to its end whatever happens to ctx: a
	// commit interrupted half-way would leave the caller unsure whether it happened.
	end := context.WithoutCancel(ctx)
	if err != nil {
		_ = tx.Rollback(end)
		return store.Result{}, fmt.Errorf("commit: %w", err)
	}
	if err := tx.Commit(end); err != nil {
		return store.Result{}, fmt.Errorf("commit: %w", err)
	}
	s.lastSeq, s.lastNumber = res.LastSeq, w.numbers.last
	w.numbers.keep()
	return res, nil
}

// writer is one commit in progress: the transaction and the state the commit builds up.
type writer struct {
	ctx   context.Context
	tx    pgx.Tx
	batch int64
	nowMS int64

	lastQuarantine int64 // the highest quarantine id so far
	openQuarantine bool  // whether any quarantine entry was open when the commit began

	numbers numberTx
	cases   *caseWriter

	// superseded holds, for the batch's keys, every hash received before and no longer the
	// head (keyed by supersededKey), those of this commit included.
	superseded    map[string]bool
	newSuperseded [][]any
}

func supersededKey(k, hash string) string { return k + "\x00" + hash }

func (w *writer) exec(sql string, args ...any) (pgconn.CommandTag, error) {
	return w.tx.Exec(w.ctx, sql, args...)
}

// queryInt runs a query returning one integer; ok is false when it returns no row.
func (w *writer) queryInt(sql string, args ...any) (n int64, ok bool, err error) {
	err = w.tx.QueryRow(w.ctx, sql, args...).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	return n, err == nil, err
}

// copyRows writes rows into a table with COPY.
func (w *writer) copyRows(table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := w.tx.CopyFrom(w.ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	return nil
}

// sendBatch runs queued statements in one round trip and returns the rows each affected.
func (w *writer) sendBatch(b *pgx.Batch) ([]int64, error) {
	if b.Len() == 0 {
		return nil, nil
	}
	br := w.tx.SendBatch(w.ctx, b)
	n := make([]int64, b.Len())
	for i := range n {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return nil, err
		}
		n[i] = tag.RowsAffected()
	}
	return n, br.Close()
}

// commit does the work of Commit inside its transaction. expectSeq and expectNumber are the
// counters as this store left them: others mean another process has committed since.
func (w *writer) commit(b *store.Batch, p *plan, expectSeq, expectNumber int64) (store.Result, error) {
	var res store.Result
	var lastBatch int64
	q := &pgx.Batch{}
	// The lock on store_state makes commits from every process take turns.
	q.Queue(`SELECT last_seq, last_batch, last_number, last_quarantine FROM store_state WHERE id = 1 FOR UPDATE`).
		QueryRow(func(r pgx.Row) error {
			return r.Scan(&res.LastSeq, &lastBatch, &w.numbers.last, &w.lastQuarantine)
		})
	q.Queue(`SELECT EXISTS (SELECT 1 FROM quarantine WHERE resolved_batch IS NULL)`).
		QueryRow(func(r pgx.Row) error { return r.Scan(&w.openQuarantine) })
	if err := w.tx.SendBatch(w.ctx, q).Close(); err != nil {
		return res, fmt.Errorf("state: %w", err)
	}
	w.batch = lastBatch + 1
	if res.LastSeq != expectSeq || w.numbers.last != expectNumber {
		// Another process has committed: the dictionary of numbers may hold rows this one
		// has not seen.
		w.numbers.cache.complete = false
	}
	recs := b.Records
	if err := w.lookupHeads(p); err != nil {
		return res, err
	}
	if err := w.loadSuperseded(recs, p); err != nil {
		return res, err
	}
	if err := w.numbers.prefetch(caseNumbers(recs)); err != nil {
		return res, err
	}
	if err := w.appendLog(recs, p, &res); err != nil {
		return res, err
	}
	if err := w.writeHeads(recs, p); err != nil {
		return res, err
	}
	if err := w.project(recs, p); err != nil {
		return res, err
	}
	var err error
	if res.Resolved, err = w.resolveQuarantine(recs, p); err != nil {
		return res, err
	}
	if res.Rejected, err = w.quarantine(b.Rejections); err != nil {
		return res, err
	}
	if err := w.numbers.flush(); err != nil {
		return res, err
	}
	q = &pgx.Batch{}
	q.Queue(`INSERT INTO batches (id, committed_at, records, stored, unchanged, revised, rejected, resolved, last_seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		w.batch, time.UnixMilli(w.nowMS).UTC().Format(time.RFC3339Nano), len(recs), res.Stored, res.Unchanged,
		res.Revised, res.Rejected, res.Resolved, res.LastSeq)
	q.Queue(`UPDATE store_state SET last_seq = $1, last_batch = $2, last_number = $3, last_quarantine = $4 WHERE id = 1`,
		res.LastSeq, w.batch, w.numbers.last, w.lastQuarantine)
	if _, err := w.sendBatch(q); err != nil {
		return res, fmt.Errorf("batch: %w", err)
	}
	return res, w.ctx.Err()
}

// logColumns are the columns appendLog fills, in the order of its rows.
var logColumns = []string{"seq", "k", "hash", "body", "batch", "src_file", "src_line", "committed_ms", "case_id", "at_us"}

// appendLog decides each record's outcome against the head as it stands at that point of the
// batch, and appends the new revisions to the log.
func (w *writer) appendLog(recs []qingfeng.Record, p *plan, res *store.Result) error {
	res.Outcomes = make([]store.Outcome, len(recs))
	rows := make([][]any, 0, len(recs))
	for i := range recs {
		if i%256 == 0 {
			if err := w.ctx.Err(); err != nil {
				return err
			}
		}
		rec, ks := &recs[i], &p.keys[p.of[i]]
		if err := checkRecord(rec); err != nil {
			return fmt.Errorf("record %d: %w", i, err)
		}
		switch {
		case ks.head.seq == 0:
			res.Outcomes[i] = store.Stored
			res.Stored++
		case ks.head.hash == rec.Hash || w.superseded[supersededKey(ks.key, rec.Hash)]:
			// The current revision, or one received before: a re-send of history is not a
			// change, and re-ingesting an old export must not flip the head.
			res.Outcomes[i] = store.Unchanged
			res.Unchanged++
			continue
		default:
			if w.superseded == nil {
				w.superseded = map[string]bool{}
			}
			w.superseded[supersededKey(ks.key, ks.head.hash)] = true
			w.newSuperseded = append(w.newSuperseded, []any{[]byte(ks.key), storedHash(ks.head.hash)})
			res.Outcomes[i] = store.Revised
			res.Revised++
		}
		res.LastSeq++
		p.seqs[i] = res.LastSeq
		ks.head = head{seq: res.LastSeq, hash: rec.Hash}
		ks.last = i
		caseID, atUS, err := w.eventColumns(rec)
		if err != nil {
			return err
		}
		rows = append(rows, []any{res.LastSeq, []byte(ks.key), storedHash(rec.Hash), rec.Body, w.batch,
			[]byte(rec.Origin.File), int32(rec.Origin.Line), w.nowMS, caseID, atUS})
	}
	if err := w.copyRows("record_log", logColumns, rows); err != nil {
		return err
	}
	return w.copyRows("superseded", []string{"k", "hash"}, w.newSuperseded)
}

// caseNumbers lists the case numbers a batch refers to.
func caseNumbers(recs []qingfeng.Record) []string {
	var out []string
	for i := range recs {
		switch v := recs[i].Value.(type) {
		case *qingfeng.Event:
			out = append(out, v.CaseNumber)
		case *qingfeng.Case:
			out = append(out, v.Number, v.OriginNumber)
		}
	}
	return out
}

// eventColumns gives the log columns that index an event by case and instant: the case's
// number id (0 when the event names no case) and the instant in Unix microseconds. They are
// NULL for other kinds.
func (w *writer) eventColumns(rec *qingfeng.Record) (caseID, atUS any, err error) {
	e, ok := rec.Value.(*qingfeng.Event)
	if !ok {
		return nil, nil, nil
	}
	var id int64
	if e.CaseNumber != "" {
		if id, _, err = w.numbers.id(e.CaseNumber); err != nil {
			return nil, nil, err
		}
	}
	return id, e.At.UnixMicro(), nil
}

// checkRecord refuses records the store cannot keep faithfully. Records arrive validated by
// ingest; these are the store's own invariants, the same as the embedded store's.
func checkRecord(r *qingfeng.Record) error {
	if k := qingfeng.KindOf(r.Value); k != r.Kind {
		return fmt.Errorf("%s: payload %T does not match the kind", r.Key, r.Value)
	}
	if r.Hash == "" || len(r.Body) == 0 {
		return fmt.Errorf("%s: no body or hash", r.Key)
	}
	if strings.Contains(r.Src, keySep) || strings.Contains(r.SrcID, keySep) {
		return fmt.Errorf("%s: control character U+001F in src or src_id", r.Key)
	}
	return nil
}
