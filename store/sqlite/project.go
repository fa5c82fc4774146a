package sqlite

import (
	"fmt"

	"github.com/qingfeng-court/qingfeng"
)

// project brings the projections up to date with the last revision each key received in the
// batch; earlier revisions of the same batch are in the log but never visible. Events need
// nothing here: their log rows, indexed by case and instant, are their projection.
func (w *writer) project(recs []qingfeng.Record, p *plan) error {
	for i := range recs {
		if !p.final(i) {
			continue
		}
		rec, ks := &recs[i], &p.keys[p.of[i]]
		var err error
		switch v := rec.Value.(type) {
		case *qingfeng.Event:
		case *qingfeng.Case:
			var id int64
			if id, err = w.numberOf(p, i, rec); err == nil {
				err = w.projectCase(ks, p.seqs[i], id, v)
			}
		default:
			err = w.projectRef(rec.Value, p.seqs[i], ks.before)
		}
		if err != nil {
			return fmt.Errorf("project %s: %w", rec.Key, err)
		}
	}
	return w.settleCases()
}

// projectRef replaces the previous revision's row of a reference record (or mediation) with
// the new one.
func (w *writer) projectRef(v any, seq, prev int64) error {
	var table string
	var cols []any
	switch v := v.(type) {
	case *qingfeng.Court:
		table, cols = "courts", []any{v.ID}
	case *qingfeng.Division:
		table, cols = "divisions", []any{v.ID, v.CourtID}
	case *qingfeng.Person:
		table, cols = "people", []any{v.ID, v.CourtID}
	case *qingfeng.Relative:
		table, cols = "relatives", []any{v.PersonID}
	case *qingfeng.Lawyer:
		table, cols = "lawyers", []any{v.ID}
	case *qingfeng.Mediation:
		table, cols = "mediations", []any{v.ID, v.CourtID, v.CaseNumber}
	default:
		return fmt.Errorf("no projection for %T", v)
	}
	if prev != 0 {
		if _, err := w.exec(w.st.refDelete[table], prev); err != nil {
			return err
		}
	}
	_, err := w.exec(w.st.refInsert[table], append([]any{seq}, cols...)...)
	return err
}
