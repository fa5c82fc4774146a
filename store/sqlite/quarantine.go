package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

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
	if len(recs) == 0 {
		return 0, nil
	}
	open, _, err := w.queryInt(w.st.quarantineOpen)
	if err != nil || open == 0 {
		return 0, err
	}
	resolved := 0
	run := func(s *sql.Stmt, prefix, vals []any) error {
		for start := 0; start < len(vals); start += chunk {
			r, err := w.exec(s, padded(prefix, vals[start:min(start+chunk, len(vals))])...)
			if err != nil {
				return fmt.Errorf("quarantine: %w", err)
			}
			n, err := r.RowsAffected()
			if err != nil {
				return err
			}
			resolved += int(n)
		}
		return nil
	}
	ks := make([]any, len(p.keys))
	for j, k := range p.keys {
		ks[j] = k.key
	}
	lines := map[string][]any{}
	seenLine := map[qingfeng.Origin]bool{}
	for _, r := range recs {
		if r.Origin.File != "" && !seenLine[r.Origin] {
			seenLine[r.Origin] = true
			lines[r.Origin.File] = append(lines[r.Origin.File], r.Origin.Line)
		}
	}
	if err := run(w.st.quarantineResolveKeys, []any{w.batch}, ks); err != nil {
		return 0, err
	}
	files := make([]string, 0, len(lines))
	for f := range lines {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, f := range files {
		if err := run(w.st.quarantineResolveLines, []any{w.batch, f}, lines[f]); err != nil {
			return 0, err
		}
	}
	return resolved, nil
}

// quarantine inserts the batch's rejections, skipping those identical to an open entry, and
// returns how many it added.
func (w *writer) quarantine(rs []qingfeng.Rejection) (int, error) {
	added := 0
	for i := range rs {
		r := &rs[i]
		at := r.At
		if at.IsZero() {
			at = time.UnixMilli(w.nowMS)
		}
		k := quarantineKey(r.Key)
		res, err := w.exec(w.st.quarantineInsert, w.batch, r.File, r.Line, string(r.Key.Kind), r.Key.Src, r.Key.SrcID,
			k, r.Field, r.Value, r.Code, r.Reason, r.ReasonEn, r.Raw, at.Format(time.RFC3339Nano),
			k, r.File, r.Line, r.Raw)
		if err != nil {
			return 0, fmt.Errorf("quarantine %s:%d: %w", r.File, r.Line, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		added += int(n)
	}
	return added, nil
}

// Quarantine lists rejected records, oldest first.
func (s *Store) Quarantine(ctx context.Context, f store.QuarantineFilter) ([]qingfeng.Rejection, error) {
	var q strings.Builder
	q.WriteString(`SELECT id, file, line, kind, src, src_id, field, value, code, reason, reason_en, raw, at,
		resolved_batch IS NOT NULL FROM quarantine WHERE id > ?`)
	args := []any{f.AfterID}
	if !f.IncludeResolved {
		q.WriteString(" AND resolved_batch IS NULL")
	}
	if f.File != "" {
		q.WriteString(" AND file = ?")
		args = append(args, f.File)
	}
	q.WriteString(" ORDER BY id")
	if f.Limit > 0 {
		q.WriteString(" LIMIT ?")
		args = append(args, f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("quarantine: %w", err)
	}
	defer rows.Close()
	var out []qingfeng.Rejection
	for rows.Next() {
		var r qingfeng.Rejection
		var kind, at string
		err := rows.Scan(&r.ID, &r.File, &r.Line, &kind, &r.Key.Src, &r.Key.SrcID, &r.Field, &r.Value, &r.Code,
			&r.Reason, &r.ReasonEn, &r.Raw, &at, &r.Resolved)
		if err != nil {
			return nil, fmt.Errorf("quarantine: %w", err)
		}
		r.Key.Kind = qingfeng.Kind(kind)
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
