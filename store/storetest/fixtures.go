package storetest

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/store"
)

// records builds records the way ingest does (qingfeng.NewRecord), each with its own origin
// line in a file named after the source.
type records struct {
	t    *testing.T
	line int
}

func newRecords(t *testing.T) *records { return &records{t: t} }

func (r *records) rec(src, srcID string, v any) qingfeng.Record {
	r.t.Helper()
	r.line++
	rec, err := qingfeng.NewRecord(src, srcID, v, qingfeng.Origin{File: src + ".jsonl", Line: r.line})
	if err != nil {
		r.t.Fatal(err)
	}
	return rec
}

func batch(recs ...qingfeng.Record) *store.Batch { return &store.Batch{Records: recs} }

// num formats a case number the way ingest normalises it.
func num(court, typ string, serial int) string {
	return casenum.Number{Year: 2024, Court: court, Type: typ, Serial: serial}.String()
}

func day(s string) qingfeng.Date { return qingfeng.MustDate(s) }

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func civilCase(number, origin string, filed qingfeng.Date) *qingfeng.Case {
	return &qingfeng.Case{
		Number: number, OriginNumber: origin, CourtID: "c-0102", Category: qingfeng.CatCivil,
		Stage: qingfeng.StageFirstInstance, FiledOn: filed,
	}
}

func sampleCourt() *qingfeng.Court {
	return &qingfeng.Court{ID: "c-0102", Code: "闽0102", Name: "福州市鼓楼区人民法院", Level: qingfeng.LevelBasic, ParentID: "c-01", Region: "350102"}
}

func sampleDivision() *qingfeng.Division {
	return &qingfeng.Division{ID: "d-1", CourtID: "c-0102", Name: "民事审判第一庭", Line: qingfeng.LineCivil}
}

func samplePerson() *qingfeng.Person {
	return &qingfeng.Person{
		ID: "p-1", CourtID: "c-0102", DivisionID: "d-1", Name: "林清", Roles: []qingfeng.Role{qingfeng.RoleJudge, qingfeng.RoleChief},
		From: day("2015-07-01"), StatusPeriods: []qingfeng.StatusPeriod{{Status: "training", From: day("2024-04-01"), To: day("2024-04-12")}},
	}
}

func sampleRelative() *qingfeng.Relative {
	return &qingfeng.Relative{PersonID: "p-1", Name: "林海", IDHash: "h:1f2e", Relation: "sibling", Occupation: "lawyer", Employer: "闽信律师事务所"}
}

func sampleLawyer() *qingfeng.Lawyer {
	return &qingfeng.Lawyer{ID: "l-1", Name: "林海", LicenseNo: "13501201810000001", Firm: "闽信律师事务所", IDHash: "h:1f2e",
		FormerCourtStaff: &qingfeng.FormerStaff{CourtID: "c-0102", LeftOn: day("2023-06-30")}}
}

func sampleMediation() *qingfeng.Mediation {
	return &qingfeng.Mediation{ID: "m-1", CourtID: "c-0102", StartedOn: day("2024-01-08"), ConcludedOn: day("2024-01-20"),
		CauseCode: "9181", CaseNumber: num("闽0102", "民初", 7)}
}

func sampleCase() *qingfeng.Case {
	c := civilCase(num("闽0102", "民初", 7), "", day("2024-01-22"))
	c.JudgeID, c.DivisionID, c.Panel = "p-1", "d-1", []string{"p-1"}
	c.Procedure, c.CauseCode, c.ReceivedOn = qingfeng.ProcSimplified, "9181", day("2024-01-21")
	c.AmountClaimed = 12500000
	c.Parties = []qingfeng.Party{
		{Name: "陈某", IDHash: "h:aa01", Role: qingfeng.PartyPlaintiff, Type: qingfeng.PartyNatural},
		{Name: "福州某贸易有限公司", Role: qingfeng.PartyDefendant, Type: qingfeng.PartyLegal, Account: "6222000011112222"},
	}
	c.Agents = []qingfeng.Agent{{LawyerID: "l-1", PartyIndex: 0}}
	c.Flags = qingfeng.CaseFlags{FourType: []string{"1.2"}}
	return c
}

func sampleEvent(number, typ, when string) *qingfeng.Event {
	return &qingfeng.Event{CaseNumber: number, Type: typ, At: at(when), ActorID: "p-1",
		Attrs: map[string]any{"days": 15.0, "reason": "appraisal", "open": true}}
}

// oneOfEach is a batch with a record of every kind.
func oneOfEach(r *records) *store.Batch {
	return batch(
		r.rec("hr", "court-1", sampleCourt()),
		r.rec("hr", "div-1", sampleDivision()),
		r.rec("hr", "person-1", samplePerson()),
		r.rec("hr", "rel-1", sampleRelative()),
		r.rec("cms", "lawyer-1", sampleLawyer()),
		r.rec("cms", "case-1", sampleCase()),
		r.rec("cms", "ev-1", sampleEvent(num("闽0102", "民初", 7), "filed", "2024-01-22T09:30:00+08:00")),
		r.rec("mediation", "med-1", sampleMediation()),
	)
}

func mustCase(t *testing.T, s store.Store, number string) *qingfeng.Case {
	t.Helper()
	c, err := s.Case(context.Background(), number)
	if err != nil {
		t.Fatalf("case %s: %v", number, err)
	}
	return c
}

func wantNoCase(t *testing.T, s store.Store, number string) {
	t.Helper()
	c, err := s.Case(context.Background(), number)
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("case %s: want ErrNotFound, got %+v, %v", number, c, err)
	}
}

func mustMatter(t *testing.T, s store.Store, number string) *store.Matter {
	t.Helper()
	m, err := s.Matter(context.Background(), number)
	if err != nil {
		t.Fatalf("matter of %s: %v", number, err)
	}
	return m
}

func matterNumbers(m *store.Matter) []string {
	var out []string
	for _, c := range m.Proceedings {
		out = append(out, c.Number)
	}
	return out
}

func caseEvents(t *testing.T, s store.Store, number string) []qingfeng.Event {
	t.Helper()
	evs, err := s.CaseEvents(context.Background(), number)
	if err != nil {
		t.Fatalf("events of %s: %v", number, err)
	}
	return evs
}

func logEntries(t *testing.T, s store.Store, after int64) []store.LogEntry {
	t.Helper()
	var out []store.LogEntry
	err := s.ScanLog(context.Background(), after, func(e store.LogEntry) error {
		out = append(out, e)
		return nil
	})
	if err != nil {
		t.Fatalf("scan log: %v", err)
	}
	return out
}

// sameEvent compares events as the store must return them: same fields, same instant and the
// same UTC offset (the local date depends on it).
func sameEvent(a, b *qingfeng.Event) bool {
	_, oa := a.At.Zone()
	_, ob := b.At.Zone()
	return a.CaseNumber == b.CaseNumber && a.Type == b.Type && a.ActorID == b.ActorID &&
		a.At.Equal(b.At) && oa == ob && reflect.DeepEqual(a.Attrs, b.Attrs)
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
