package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/internal/pgtest"
)

// BenchmarkAppendAudit appends one entry per call, as a request does: begin, lock and head, seal,
// insert, commit. Compare with BenchmarkAppendAuditAnchor.
func BenchmarkAppendAudit(b *testing.B) {
	s := openTemp(b)
	ctx := context.Background()
	key := []byte("bench")
	e := qingfeng.AuditEntry{Actor: "alice", ActorCourt: "C35", Action: "case.view", Object: "（2024）闽0102民初1号",
		CourtID: "C350102", Addr: "192.0.2.10", Outcome: qingfeng.AuditOK}
	b.ResetTimer()
	for range b.N {
		if _, err := s.AppendAudit(ctx, key, e); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}

// BenchmarkAppendAuditAnchor is the least a durable append does: one INSERT of a row of the
// same size into an indexed table, in a transaction of its own, on one connection.
func BenchmarkAppendAuditAnchor(b *testing.B) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pgtest.DBFrom(b, migrated(b)))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE plain (seq bigint PRIMARY KEY, body bytea NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	body := make([]byte, 200)
	b.ResetTimer()
	for i := range b.N {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO plain (seq, body) VALUES ($1, $2)`, int64(i+1), body)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}
