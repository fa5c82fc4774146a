package postgres

import (
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
)

// refColumns lists the projection tables of reference records and mediations, with their
// columns after seq.
var refColumns = map[string][]string{
	"courts":     {"id"},
	"divisions":  {"id", "court_id"},
	"people":     {"id", "court_id"},
	"relatives":  {"person_id"},
	"lawyers":    {"id"},
	"mediations": {"id", "court_id", "case_number"},
}

// refTables is refColumns' keys in a fixed order, so that commits touch tables alike.
var refTables = []string{"courts", "divisions", "people", "relatives", "lawyers", "mediations"}

// refRow gives the projection table and row (after seq) of a reference record or mediation.
func refRow(v any) (string, []any, error) {
	b := func(s string) []byte { return []byte(s) }
	switch v := v.(type) {
	case *qingfeng.Court:
		return "courts", []any{b(v.ID)}, nil
	case *qingfeng.Division:
		return "divisions", []any{b(v.ID), b(v.CourtID)}, nil
	case *qingfeng.Person:
		return "people", []any{b(v.ID), b(v.CourtID)}, nil
	case *qingfeng.Relative:
		return "relatives", []any{b(v.PersonID)}, nil
	case *qingfeng.Lawyer:
		return "lawyers", []any{b(v.ID)}, nil
	case *qingfeng.Mediation:
		return "mediations", []any{b(v.ID), b(v.CourtID), b(v.CaseNumber)}, nil
	}
	return "", nil, fmt.Errorf("no projection for %T", v)
}

// project brings the projections up to date with the last revision each key received in the
// batch; earlier revisions of the same batch are in the log but never visible. Events need
// nothing here: their log rows, indexed by case and instant, are their projection. Reference
// rows of the previous revisions go in one DELETE per table, the new ones in one COPY each.
func (w *writer) project(recs []qingfeng.Record, p *plan) error {
	if err := w.cases.lookupOrigins(recs); err != nil {
		return err
	}
	gone := map[string][]int64{}
	fresh := map[string][][]any{}
	for i := range recs {
		if !p.final(i) {
			continue
		}
		rec, ks := &recs[i], &p.keys[p.of[i]]
		switch v := rec.Value.(type) {
		case *qingfeng.Event:
		case *qingfeng.Case:
			if err := w.cases.project(ks.key, p.seqs[i], ks.before, v, rec.Body); err != nil {
				return fmt.Errorf("project %s: %w", rec.Key, err)
			}
		default:
			table, row, err := refRow(rec.Value)
			if err != nil {
				return fmt.Errorf("project %s: %w", rec.Key, err)
			}
			if ks.before != 0 {
				gone[table] = append(gone[table], ks.before)
			}
			fresh[table] = append(fresh[table], append([]any{p.seqs[i]}, row...))
		}
	}
	if err := w.cases.flush(); err != nil {
		return err
	}
	q := &pgx.Batch{}
	for _, table := range refTables {
		if len(gone[table]) > 0 {
			q.Queue(`DELETE FROM `+table+` WHERE seq = ANY($1)`, gone[table])
		}
	}
	if _, err := w.sendBatch(q); err != nil {
		return fmt.Errorf("project: %w", err)
	}
	for _, table := range refTables {
		if err := w.copyRows(table, append([]string{"seq"}, refColumns[table]...), fresh[table]); err != nil {
			return err
		}
	}
	return nil
}
