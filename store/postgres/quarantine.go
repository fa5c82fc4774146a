package postgres

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// quarantineKey is the key an entry is resolved by: only a complete key identifies a record;
// an entry whose key could not be read in full is resolved by its file and line instead.
func quarantineKey(k qingfeng.Key) string {
	if k.Kind == "" || k.Src == "" || k.SrcID == "" {
		return ""
	}
	return keyString(k)
}

// resolveQuarantine closes the open entries that the batch's records answer: same key, or, for
// entries without a key, same file and line. It runs before the batch's own rejections are
// inserted, so a batch never resolves what it rejects.
func (w *writer) resolveQuarantine(recs []qingfeng.Record, p *plan) (int, error) {
	if len(recs) == 0 || !w.openQuarantine {
		return 0, nil
	}
	keys := make([][]byte, len(p.keys))
	for j, k := range p.keys {
		keys[j] = []byte(k.key)
	}
	lines := map[string][]int32{}
	seen := map[qingfeng.Origin]bool{}
	for _, r := range recs {
		if r.Origin.File != "" && !seen[r.Origin] {
			seen[r.Origin] = true
			lines[r.Origin.File] = append(lines[r.Origin.File], int32(r.Origin.Line))
		}
	}
	files := make([]string, 0, len(lines))
	for f := range lines {
		files = append(files, f)
	}
	slices.Sort(files)
	q := &pgx.Batch{}
	q.Queue(`UPDATE quarantine SET resolved_batch = $1 WHERE resolved_batch IS NULL AND k = ANY($2)`, w.batch, keys)
	for _, f := range files {
		q.Queue(`UPDATE quarantine SET resolved_batch = $1
			WHERE resolved_batch IS NULL AND k = '' AND src_file = $2 AND src_line = ANY($3)`, w.batch, []byte(f), lines[f])
	}
	n, err := w.sendBatch(q)
	if err != nil {
		return 0, fmt.Errorf("quarantine: %w", err)
	}
	resolved := 0
	for _, c := range n {
		resolved += int(c)
	}
	return resolved, nil
}

// openEntry identifies a quarantine entry for deduplication: key, file, line and raw text.
type openEntry struct {
	k, file, raw string
	line         int
}

// quarantineColumns are the columns quarantine fills, in the order of its rows.
var quarantineColumns = []string{"id", "batch", "src_file", "src_line", "kind", "src", "src_id", "k", "field",
	"field_value", "code", "reason", "reason_en", "raw_text", "rejected_at"}

// quarantine inserts the batch's rejections, skipping those identical to an open entry (or to
// an earlier rejection of the same batch), and returns how many it added.
func (w *writer) quarantine(rs []qingfeng.Rejection) (int, error) {
	if len(rs) == 0 {
		return 0, nil
	}
	open, err := w.openEntries(rs)
	if err != nil {
		return 0, err
	}
	var rows [][]any
	b := func(s string) []byte { return []byte(s) }
	for i := range rs {
		r := &rs[i]
		k := quarantineKey(r.Key)
		e := openEntry{k: k, file: r.File, raw: r.Raw, line: r.Line}
		if open[e] {
			continue
		}
		open[e] = true
		at := r.At
		if at.IsZero() {
			at = time.UnixMilli(w.nowMS)
		}
		w.lastQuarantine++
		rows = append(rows, []any{w.lastQuarantine, w.batch, b(r.File), int32(r.Line), b(string(r.Key.Kind)), b(r.Key.Src),
			b(r.Key.SrcID), b(k), b(r.Field), b(r.Value), b(r.Code), b(r.Reason), b(r.ReasonEn), b(r.Raw),
			at.Format(time.RFC3339Nano)})
	}
	if err := w.copyRows("quarantine", quarantineColumns, rows); err != nil {
		return 0, err
	}
	return len(rows), nil
}

// openEntries reads the open entries on the files and lines of the given rejections.
func (w *writer) openEntries(rs []qingfeng.Rejection) (map[openEntry]bool, error) {
	open := map[openEntry]bool{}
	if !w.openQuarantine {
		return open, nil
	}
	var files [][]byte
	var lines []int32
	seenFile, seenLine := map[string]bool{}, map[int]bool{}
	for _, r := range rs {
		if !seenFile[r.File] {
			seenFile[r.File] = true
			files = append(files, []byte(r.File))
		}
		if !seenLine[r.Line] {
			seenLine[r.Line] = true
			lines = append(lines, int32(r.Line))
		}
	}
	rows, err := w.tx.Query(w.ctx, `SELECT k, src_file, src_line, raw_text FROM quarantine
		WHERE resolved_batch IS NULL AND src_file = ANY($1) AND src_line = ANY($2)`, files, lines)
	if err != nil {
		return nil, fmt.Errorf("quarantine: %w", err)
	}
	defer rows.Close()
	var k, file, raw []byte
	var line int32
	for rows.Next() {
		if err := rows.Scan(&k, &file, &line, &raw); err != nil {
			return nil, fmt.Errorf("quarantine: %w", err)
		}
		open[openEntry{k: string(k), file: string(file), raw: string(raw), line: int(line)}] = true
	}
	return open, rows.Err()
}

// Quarantine lists rejected records, oldest first.
func (s *Store) Quarantine(ctx context.Context, f store.QuarantineFilter) ([]qingfeng.Rejection, error) {
	var q strings.Builder
	q.WriteString(`SELECT id, src_file, src_line, kind, src, src_id, field, field_value, code, reason, reason_en,
		raw_text, rejected_at, resolved_batch IS NOT NULL FROM quarantine WHERE id > $1`)
	args := []any{f.AfterID}
	if !f.IncludeResolved {
		q.WriteString(" AND resolved_batch IS NULL")
	}
	if f.File != "" {
		args = append(args, []byte(f.File))
		q.WriteString(" AND src_file = $" + strconv.Itoa(len(args)))
	}
	q.WriteString(" ORDER BY id")
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q.WriteString(" LIMIT $" + strconv.Itoa(len(args)))
	}
	rows, err := s.pool.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("quarantine: %w", err)
	}
	defer rows.Close()
	var out []qingfeng.Rejection
	var file, kind, src, srcID, field, value, code, reason, reasonEn, raw []byte
	for rows.Next() {
		var r qingfeng.Rejection
		var line int32
		var at string
		err := rows.Scan(&r.ID, &file, &line, &kind, &src, &srcID, &field, &value, &code, &reason, &reasonEn,
			&raw, &at, &r.Resolved)
		if err != nil {
			return nil, fmt.Errorf("quarantine: %w", err)
		}
		r.File, r.Line, r.Key = string(file), int(line), qingfeng.Key{Kind: qingfeng.Kind(kind), Src: string(src), SrcID: string(srcID)}
		r.Field, r.Value, r.Code, r.Raw = string(field), string(value), string(code), string(raw)
		r.Reason, r.ReasonEn = string(reason), string(reasonEn)
		if r.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("quarantine entry %d: %w", r.ID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("quarantine: %w", err)
	}
	return out, nil
}
