package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Commit writes a batch in one transaction; see store.Store.
func (s *Store) Commit(ctx context.Context, b *store.Batch) (store.Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return store.Result{}, fmt.Errorf("commit: connection: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return store.Result{}, fmt.Errorf("commit: begin: %w", err)
	}
	w := &writer{
		ctx: ctx, conn: conn, tx: tx, raw: &s.raw, st: s.st, stmts: map[*sql.Stmt]*sql.Stmt{},
		nowMS: time.Now().UnixMilli(), touched: map[int64]bool{}, origins: map[int64]bool{},
		known: s.keys, expectSeq: s.lastSeq,
	}
	w.numbers = numberTx{w: w, cache: &s.numbers}
	w.files = fileTx{w: w, cache: &s.files}
	w.caseRows, w.pendingRoots = w.bulk("cases", s.st.caseInsert), map[int64]int64{}
	pre := make(chan prepared, 1) // buffered: a commit that fails early leaves no goroutine behind
	go func() { pre <- prepareRecords(b.Records) }()
	w.pre = pre
	p := newPlan(b.Records)
	res, err := w.commit(b, p)
	if err != nil {
		tx.Rollback()
		return store.Result{}, fmt.Errorf("commit: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return store.Result{}, fmt.Errorf("commit: %w", err)
	}
	s.lastSeq = res.LastSeq
	s.keys = w.known
	if s.keys != nil {
		for _, k := range p.keys {
			if k.before == 0 && k.last >= 0 {
				s.keys.add(k.key)
			}
		}
	}
	w.numbers.keep()
	w.files.keep()
	s.requestCheckpoint(b.Records, p)
	return res, nil
}

// checkpointEvery is how many bytes of record bodies commits write between two checkpoints:
// some megabytes of log, so that pages a bulk load writes again and again (the ends of the
// tables, the insertion points of the indexes) are copied into the database once per
// checkpoint rather than once per commit, and the log stays well below the writer's own
// backstop checkpoint (walBackstop): 16 MiB of bodies make some 25 MiB of log. At 4 MiB, with
// the batches of 10,000 records and more a bulk load commits, every commit was checkpointed on
// its own, for about twice the checkpointer's work.
const checkpointEvery = 16 << 20

// requestCheckpoint asks the checkpointer to run once the commits since its last run have
// written checkpointEvery bytes of bodies.
func (s *Store) requestCheckpoint(recs []qingfeng.Record, p *plan) {
	for i := range recs {
		if p.seqs[i] != 0 {
			s.unckpt += len(recs[i].Body)
		}
	}
	if s.unckpt >= checkpointEvery {
		s.unckpt = 0
		s.cp.nudge()
	}
}

func (w *writer) commit(b *store.Batch, p *plan) (store.Result, error) {
	var res store.Result
	r, err := w.exec(w.st.batchInsert, time.UnixMilli(w.nowMS).UTC().Format(time.RFC3339Nano))
	if err != nil {
		return res, fmt.Errorf("batch: %w", err)
	}
	if w.batch, err = r.LastInsertId(); err != nil {
		return res, err
	}
	res.LastSeq, _, err = w.queryInt(w.st.maxSeq)
	if err != nil {
		return res, fmt.Errorf("last seq: %w", err)
	}
	if res.LastSeq != w.expectSeq {
		// Another writer has been at the file: what this one remembers may be stale.
		w.known = nil
		w.numbers.cache.filter = nil
	}
	recs := b.Records
	if err := w.lookupHeads(p); err != nil {
		return res, err
	}
	pr := <-w.pre
	ids, err := w.numbers.prefetch(pr.numbers)
	if err != nil {
		return res, err
	}
	p.setNumbers(pr.own, ids)
	if err := w.files.resolve(recs); err != nil {
		return res, err
	}
	if err := w.appendLog(recs, p, pr.hashes, &res); err != nil {
		return res, err
	}
	if err := w.countKeys(recs, p); err != nil {
		return res, err
	}
	if err := w.project(recs, p); err != nil {
		return res, err
	}
	if res.Resolved, err = w.resolveQuarantine(recs, p); err != nil {
		return res, err
	}
	if res.Rejected, err = w.quarantine(b.Rejections); err != nil {
		return res, err
	}
	_, err = w.exec(w.st.batchUpdate, len(recs), res.Stored, res.Unchanged, res.Revised, res.Rejected,
		res.Resolved, res.LastSeq, w.batch)
	if err != nil {
		return res, fmt.Errorf("batch: %w", err)
	}
	return res, w.ctx.Err()
}

// prepared is what a commit works out from its records alone, on a goroutine of its own while
// it begins its transaction and looks up the heads of its keys: the commit is a bulk load's
// critical path, and these take a tenth of its time.
type prepared struct {
	numbers []string // caseNumbers
	own     []int
	hashes  []any // every record's hash as stored (storedHash)
}

func prepareRecords(recs []qingfeng.Record) prepared {
	numbers, own := caseNumbers(recs)
	hashes := make([]any, len(recs))
	slab := make([]byte, 0, 16*len(recs)) // the stored hashes, in one allocation
	for i := range recs {
		var h any
		if h, slab = storedHashIn(slab, recs[i].Hash); h == nil {
			h = recs[i].Hash
		}
		hashes[i] = h
	}
	return prepared{numbers: numbers, own: own, hashes: hashes}
}

// appendLog decides each record's outcome against the head as it stands at that point of the
// batch, and appends the new revisions to the log; hashes holds the records' hashes as stored.
func (w *writer) appendLog(recs []qingfeng.Record, p *plan, hashes []any, res *store.Result) error {
	res.Outcomes = make([]store.Outcome, len(recs))
	rows := w.bulk("log", w.st.logInsert)
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
		case ks.head.hash == rec.Hash:
			res.Outcomes[i] = store.Unchanged
			res.Unchanged++
			continue
		default:
			old, err := w.receivedBefore(p, p.of[i], rec.Hash)
			if err != nil {
				return err
			}
			if old {
				res.Outcomes[i] = store.Unchanged
				res.Unchanged++
				continue
			}
			if ks.last >= 0 {
				if p.earlier == nil {
					p.earlier = map[int][]string{}
				}
				p.earlier[p.of[i]] = append(p.earlier[p.of[i]], ks.head.hash)
			}
			res.Outcomes[i] = store.Revised
			res.Revised++
		}
		res.LastSeq++
		p.seqs[i] = res.LastSeq
		ks.head = head{seq: res.LastSeq, hash: rec.Hash}
		ks.last = i
		id, err := w.numberOf(p, i, rec)
		if err != nil {
			return err
		}
		caseID, atUS := caseColumns(rec, id)
		err = rows.addAt(res.LastSeq, ks.key, hashes[i], rec.Body, w.batch, w.files.ids[rec.Origin.File],
			rec.Origin.Line, caseID, atUS)
		if err != nil {
			return err
		}
	}
	return rows.flush()
}

// caseNumbers lists the case numbers a batch refers to, and for every record the place in
// that list of the number of its proceeding (-1 for kinds that have none).
func caseNumbers(recs []qingfeng.Record) (numbers []string, own []int) {
	numbers = make([]string, 0, len(recs)+len(recs)/2)
	own = make([]int, len(recs))
	for i := range recs {
		own[i] = len(numbers)
		switch v := recs[i].Value.(type) {
		case *qingfeng.Event:
			numbers = append(numbers, v.CaseNumber)
		case *qingfeng.Case:
			numbers = append(numbers, v.Number, v.OriginNumber)
		default:
			own[i] = -1
		}
	}
	return numbers, own
}

// caseColumns gives the log columns that tie a record to its proceeding: the case number's id
// (numberOf) for an event (0 when it names none) and for a case record, NULL for other kinds;
// and an event's instant in Unix microseconds, NULL for every other kind.
func caseColumns(rec *qingfeng.Record, id int64) (caseID, atUS any) {
	switch v := rec.Value.(type) {
	case *qingfeng.Event:
		return id, v.At.UnixMicro()
	case *qingfeng.Case:
		return id, nil
	}
	return nil, nil
}

// numberOf returns the numbers.id of the proceeding record i belongs to, as resolved before
// the records were written; 0 for an event that names none and for kinds without one. A case
// record without a number (the store does not refuse one) gets the id of "" as any number
// would.
func (w *writer) numberOf(p *plan, i int, rec *qingfeng.Record) (int64, error) {
	if id := p.numbers[i]; id != 0 {
		return id, nil
	}
	if c, ok := rec.Value.(*qingfeng.Case); ok {
		id, _, err := w.numbers.id(c.Number)
		return id, err
	}
	return 0, nil
}

// checkRecord refuses records the store cannot keep faithfully. Records arrive validated by
// ingest; these are the store's own invariants.
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
