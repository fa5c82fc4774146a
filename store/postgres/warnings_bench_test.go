package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng/internal/pgtest"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// benchWarnings is the size of the risk engine's steps the benchmarks save: a catch-up step
// over a court's open proceedings.
const benchWarnings = 5000

// benchSteps are two steps of an engine catching up: one raising benchWarnings warnings, each
// with a timer, then one re-firing them all and moving the timers.
func benchSteps() []*store.RiskBatch {
	r := rand.New(rand.NewPCG(7, 7))
	first := &store.RiskBatch{Engine: "risk", At: riskT0, State: store.RiskState{Seq: 1000}}
	second := &store.RiskBatch{Engine: "risk", At: riskT0.Add(1e9), State: store.RiskState{Seq: 2000}}
	for i := range benchWarnings {
		w := riskWarning(r, i)
		first.Changes = append(first.Changes, store.WarningChange{Kind: store.Fire, Warning: w})
		second.Changes = append(second.Changes, store.WarningChange{Kind: store.Refire, Warning: w, Note: "worse"})
		first.SetTimers = append(first.SetTimers, store.Timer{Target: w.CaseNumber, Due: w.On + 30})
		second.SetTimers = append(second.SetTimers, store.Timer{Target: w.CaseNumber, Due: w.On + 60})
	}
	return []*store.RiskBatch{first, second}
}

func benchSave(b *testing.B, open func() store.Warnings) {
	steps := benchSteps()
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		s := open()
		b.StartTimer()
		for _, st := range steps {
			if _, err := s.SaveRisk(ctx, st); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(2*benchWarnings*b.N)/b.Elapsed().Seconds(), "changes/s")
}

// BenchmarkSaveRisk saves the two steps into an empty PostgreSQL store. Compare with
// BenchmarkSaveRiskAnchor.
func BenchmarkSaveRisk(b *testing.B) {
	benchSave(b, func() store.Warnings { return openTemp(b) })
}

// BenchmarkSaveRiskSQLite saves the two steps into an empty embedded store, for comparison in
// the same run.
func BenchmarkSaveRiskSQLite(b *testing.B) {
	benchSave(b, func() store.Warnings {
		s, err := sqlite.Open(filepath.Join(b.TempDir(), "qingfeng.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	})
}

// BenchmarkSaveRiskAnchor is the anchor of BenchmarkSaveRisk: the same two steps as the least
// a store of warnings writes — each step one transaction, one COPY of (id, key, body) into a
// table keyed by id and unique by key, the second step's rows under new ids.
func BenchmarkSaveRiskAnchor(b *testing.B) {
	steps := benchSteps()
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		conn, err := pgx.Connect(ctx, pgtest.DBFrom(b, migrated(b)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `CREATE TABLE plain (id bigint PRIMARY KEY, k bytea NOT NULL UNIQUE, body bytea NOT NULL)`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var id int64
		for n, st := range steps {
			tx, err := conn.Begin(ctx)
			if err != nil {
				b.Fatal(err)
			}
			rows := make([][]any, len(st.Changes))
			for i, c := range st.Changes {
				body, err := json.Marshal(&c.Warning)
				if err != nil {
					b.Fatal(err)
				}
				id++
				rows[i] = []any{id, []byte(fmt.Sprint(n, c.Warning.Key)), body}
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"plain"}, []string{"id", "k", "body"}, pgx.CopyFromRows(rows)); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		conn.Close(ctx)
		b.StartTimer()
	}
	b.ReportMetric(float64(2*benchWarnings*b.N)/b.Elapsed().Seconds(), "changes/s")
}
