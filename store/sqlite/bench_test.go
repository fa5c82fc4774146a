package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/store"
)

// benchBatchSize is the ingest batch size the benchmarks commit with.
const benchBatchSize = 5000

// benchData is a realistic ingest of about 200,000 records, in the order a source system's
// export has them: reference data first, then each proceeding followed by its events, with
// the occasional mediation. By count: ~2.5% reference records, ~10% cases (with parties and
// agents; a third derive from an earlier case), ~85% events with a few attributes, ~2.5%
// mediations.
var benchData = sync.OnceValue(func() []qingfeng.Record { return makeBenchData(20000, 1) })

func makeBenchData(cases int, seed uint64) []qingfeng.Record {
	rng := rand.New(rand.NewPCG(seed, 42))
	var out []qingfeng.Record
	add := func(src, id string, v any) {
		rec, err := qingfeng.NewRecord(src, id, v, qingfeng.Origin{File: src + ".jsonl", Line: len(out) + 1})
		if err != nil {
			panic(err)
		}
		out = append(out, rec)
	}
	courts := make([]string, 50)
	for i := range courts {
		courts[i] = fmt.Sprintf("闽%02d%02d", 1+i/10, 2+i%10)
		add("hr", fmt.Sprint("court-", i), &qingfeng.Court{ID: fmt.Sprint("c-", i), Code: courts[i],
			Name: courts[i] + "人民法院", Level: qingfeng.LevelBasic, ParentID: "c-high", Region: "3501"})
	}
	for i := range 250 {
		add("hr", fmt.Sprint("div-", i), &qingfeng.Division{ID: fmt.Sprint("d-", i), CourtID: fmt.Sprint("c-", i%50),
			Name: "民事审判第一庭", Line: qingfeng.LineCivil})
	}
	for i := range cases / 6 {
		add("hr", fmt.Sprint("person-", i), &qingfeng.Person{ID: fmt.Sprint("p-", i), CourtID: fmt.Sprint("c-", i%50),
			DivisionID: fmt.Sprint("d-", i%250), Name: "林某某", Roles: []qingfeng.Role{qingfeng.RoleJudge},
			From: qingfeng.MustDate("2012-09-01")})
	}
	for i := range cases / 40 {
		add("hr", fmt.Sprint("rel-", i), &qingfeng.Relative{PersonID: fmt.Sprint("p-", i), Name: "林某", IDHash: "h:0c1f",
			Relation: "spouse", Occupation: "lawyer"})
	}
	for i := range cases / 30 {
		add("cms", fmt.Sprint("lawyer-", i), &qingfeng.Lawyer{ID: fmt.Sprint("l-", i), Name: "陈某", LicenseNo: "13501201810000001",
			Firm: "闽信律师事务所"})
	}

	eventTypes := []string{"material_received", "filed", "assigned", "hearing_scheduled", "hearing_held",
		"deduction_started", "deduction_ended", "judgment_pronounced", "document_served", "closed", "archived"}
	var numbers []string
	filed := qingfeng.MustDate("2022-01-03")
	for i := range cases {
		court := courts[rng.IntN(len(courts))]
		n := casenum.Number{Year: 2022 + i*3/cases, Court: court, Type: "民初", Serial: 1 + i}
		c := &qingfeng.Case{CourtID: court, DivisionID: "d-1", JudgeID: fmt.Sprint("p-", rng.IntN(cases/6)),
			Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance, Procedure: qingfeng.ProcSimplified,
			CauseCode: "9181", ReceivedOn: filed, FiledOn: filed.AddDays(1), AmountClaimed: qingfeng.Money(rng.IntN(1e8)),
			Parties: []qingfeng.Party{
				{Name: "陈某某", IDHash: "h:8f3a91c2", Role: qingfeng.PartyPlaintiff, Type: qingfeng.PartyNatural},
				{Name: "福州某某贸易有限公司", Role: qingfeng.PartyDefendant, Type: qingfeng.PartyLegal},
			},
			Agents: []qingfeng.Agent{{LawyerID: fmt.Sprint("l-", rng.IntN(cases/30)), PartyIndex: 0}},
		}
		if len(numbers) > 0 && rng.IntN(3) == 0 { // an appeal or an enforcement of an earlier case
			n.Type, c.Stage, c.OriginNumber = "执", qingfeng.StageEnforcementFirst, numbers[rng.IntN(len(numbers))]
		}
		c.Number = n.String()
		numbers = append(numbers, c.Number)
		add("cms", fmt.Sprint("case-", i), c)
		at := time.Date(2022, 1, 3, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)).AddDate(0, 0, i*3*365/cases)
		for j := range 8 + rng.IntN(2) {
			e := &qingfeng.Event{CaseNumber: c.Number, Type: eventTypes[j%len(eventTypes)], At: at.Add(time.Duration(j) * 50 * time.Hour),
				ActorID: c.JudgeID, Attrs: map[string]any{"method": "random", "days": 15}}
			if j%3 == 0 {
				e.Attrs["reason"], e.Attrs["document"] = "appraisal", "（2022）鉴字第1号"
			}
			add("cms", fmt.Sprintf("ev-%d-%d", i, j), e)
		}
		if i%4 == 0 {
			add("mediation", fmt.Sprint("med-", i), &qingfeng.Mediation{ID: fmt.Sprint("m-", i), CourtID: court,
				StartedOn: filed, ConcludedOn: filed.AddDays(10), CauseCode: "9181", CaseNumber: c.Number})
		}
		filed = filed.AddDays(i % 2)
	}
	return out
}

func batches(recs []qingfeng.Record) []*store.Batch {
	var out []*store.Batch
	for start := 0; start < len(recs); start += benchBatchSize {
		out = append(out, &store.Batch{Records: recs[start:min(start+benchBatchSize, len(recs))]})
	}
	return out
}

// cpuTime is the CPU time the process has used, user and system: unlike the wall clock, it does
// not count the time other processes on a busy machine take, so it compares runs better.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRates reports records per second of wall time and CPU nanoseconds per record.
func reportRates(b *testing.B, records int, cpu time.Duration) {
	b.ReportMetric(float64(records*b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(records*b.N), "cpu-ns/record")
}

func commitAll(b *testing.B, s *Store, bs []*store.Batch) (unchanged int) {
	for _, batch := range bs {
		res, err := s.Commit(context.Background(), batch)
		if err != nil {
			b.Fatal(err)
		}
		unchanged += res.Unchanged
	}
	return unchanged
}

// BenchmarkCommit ingests the realistic mix into a fresh store, batch by batch.
func BenchmarkCommit(b *testing.B) { benchIngest(b, benchData(), false) }

// BenchmarkCommitReopened is BenchmarkCommit for a store that does not know its keys in
// advance, as one opened on a file that already holds data: every key is looked up.
func BenchmarkCommitReopened(b *testing.B) { benchIngest(b, benchData(), true) }

func benchIngest(b *testing.B, recs []qingfeng.Record, forget bool) {
	bs := batches(recs)
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		s, err := Open(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		if forget {
			s.keys, s.numbers.filter = nil, nil
		}
		b.StartTimer()
		t0 := cpuTime()
		commitAll(b, s, bs)
		cpu += cpuTime() - t0
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	reportRates(b, len(recs), cpu)
}

// BenchmarkCommitScattered is BenchmarkCommit with the records in a random order, as if events
// came from a time-ordered feed rather than grouped by case: the worst case for locality.
func BenchmarkCommitScattered(b *testing.B) {
	recs := append([]qingfeng.Record(nil), benchData()...)
	rng := rand.New(rand.NewPCG(3, 3))
	rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	benchIngest(b, recs, false)
}

// BenchmarkRecommit commits batches that are already stored: every record is Unchanged.
func BenchmarkRecommit(b *testing.B) {
	recs := benchData()
	bs := batches(recs)
	s, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	commitAll(b, s, bs)
	b.ResetTimer()
	t0 := cpuTime()
	for range b.N {
		if n := commitAll(b, s, bs); n != len(recs) {
			b.Fatalf("%d unchanged of %d", n, len(recs))
		}
	}
	reportRates(b, len(recs), cpuTime()-t0)
}

// BenchmarkPlainInsert is the anchor for BenchmarkCommit: the same rows written with one
// prepared INSERT per row into a (key, body) table of a database opened the same way, one
// transaction per batch. The ratio of the two is what the store's bookkeeping costs.
func BenchmarkPlainInsert(b *testing.B) {
	recs := benchData()
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		db, err := openDB(filepath.Join(b.TempDir(), "plain.db"), "immediate", writerPragmas)
		if err != nil {
			b.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		if _, err := db.Exec(`CREATE TABLE plain (k TEXT NOT NULL, body BLOB NOT NULL)`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := cpuTime()
		for start := 0; start < len(recs); start += benchBatchSize {
			tx, err := db.Begin()
			if err != nil {
				b.Fatal(err)
			}
			st, err := tx.Prepare(`INSERT INTO plain (k, body) VALUES (?, ?)`)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range recs[start:min(start+benchBatchSize, len(recs))] {
				if _, err := st.Exec(keyString(r.Key), r.Body); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		cpu += cpuTime() - t0
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	reportRates(b, len(recs), cpu)
}
