package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

func testIdempotency(t *testing.T, open Opener) {
	s := open(t)
	b := oneOfEach(newRecords(t))
	first := commit(t, s, b)
	if first.Stored != len(b.Records) || first.Unchanged != 0 || first.Revised != 0 {
		t.Fatalf("first commit: %+v", first)
	}
	for i, o := range first.Outcomes {
		if o != store.Stored {
			t.Errorf("first commit, record %d: outcome %d, want Stored", i, o)
		}
	}
	if first.LastSeq != int64(len(b.Records)) {
		t.Errorf("first commit: LastSeq %d, want %d", first.LastSeq, len(b.Records))
	}
	before := counts(t, s)

	second := commit(t, s, b)
	if second.Stored != 0 || second.Revised != 0 || second.Unchanged != len(b.Records) {
		t.Fatalf("second commit of the same batch: %+v", second)
	}
	for i, o := range second.Outcomes {
		if o != store.Unchanged {
			t.Errorf("second commit, record %d: outcome %d, want Unchanged", i, o)
		}
	}
	if second.LastSeq != first.LastSeq {
		t.Errorf("second commit moved LastSeq from %d to %d", first.LastSeq, second.LastSeq)
	}
	if after := counts(t, s); !reflect.DeepEqual(before, after) {
		t.Errorf("counts changed by an identical batch: %+v -> %+v", before, after)
	}
	if n := len(logEntries(t, s, 0)); n != len(b.Records) {
		t.Errorf("log has %d entries, want %d", n, len(b.Records))
	}
}

func testOutcomesWithinBatch(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	n := num("闽0102", "民初", 1)
	v1 := sampleEvent(n, "filed", "2024-02-01T09:00:00+08:00")
	v2 := sampleEvent(n, "filed", "2024-02-02T09:00:00+08:00")
	res := commit(t, s, batch(
		r.rec("cms", "e1", v1),
		r.rec("cms", "e1", v1), // same content again: nothing to write
		r.rec("cms", "e1", v2), // new content: a revision of a key stored moments ago
		r.rec("cms", "e2", v1),
	))
	want := []store.Outcome{store.Stored, store.Unchanged, store.Revised, store.Stored}
	if !reflect.DeepEqual(res.Outcomes, want) {
		t.Fatalf("outcomes %v, want %v", res.Outcomes, want)
	}
	if res.Stored != 2 || res.Unchanged != 1 || res.Revised != 1 || res.LastSeq != 3 {
		t.Fatalf("result %+v", res)
	}
	evs := caseEvents(t, s, n)
	if len(evs) != 2 || !sameEvent(&evs[0], v1) || !sameEvent(&evs[1], v2) {
		t.Fatalf("events after in-batch revision: %+v", evs)
	}
	c := counts(t, s)
	if c.Kinds[qingfeng.KindEvent] != 2 || c.Revisions != 3 {
		t.Fatalf("counts %+v", c)
	}
}

func testRevisions(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	v1 := sampleCourt()
	v2 := sampleCourt()
	v2.Name = "福州市鼓楼区人民法院（新址）"
	v3 := sampleCourt()
	v3.Region = "350102001"
	var hashes []string
	for i, v := range []*qingfeng.Court{v1, v2, v3} {
		rec := r.rec("hr", "court-1", v)
		hashes = append(hashes, rec.Hash)
		res := commit(t, s, batch(rec))
		want := store.Revised
		if i == 0 {
			want = store.Stored
		}
		if res.Outcomes[0] != want {
			t.Fatalf("revision %d: outcome %d, want %d", i, res.Outcomes[0], want)
		}
		courts, err := s.Courts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(courts) != 1 || courts[0] != *v {
			t.Fatalf("after revision %d: courts %+v, want %+v", i, courts, *v)
		}
	}
	// Re-sending history — one old revision, or the whole sequence again — is a no-op: the
	// current revision stays, nothing is logged.
	res := commit(t, s, batch(r.rec("hr", "court-1", v1)))
	if res.Outcomes[0] != store.Unchanged {
		t.Fatalf("an old revision re-sent: outcome %d, want Unchanged", res.Outcomes[0])
	}
	res = commit(t, s, batch(r.rec("hr", "court-1", v1), r.rec("hr", "court-1", v2), r.rec("hr", "court-1", v3)))
	if res.Unchanged != 3 || res.Revised != 0 {
		t.Fatalf("the history re-sent: %+v", res)
	}
	if courts, _ := s.Courts(context.Background()); len(courts) != 1 || courts[0] != *v3 {
		t.Fatalf("re-sending history moved the head: %+v", courts)
	}
	log := logEntries(t, s, 0)
	if len(log) != 3 {
		t.Fatalf("log has %d entries, want every revision (3)", len(log))
	}
	for i, e := range log {
		if e.Hash != hashes[i] || e.Key != (qingfeng.Key{Kind: qingfeng.KindCourt, Src: "hr", SrcID: "court-1"}) {
			t.Errorf("log entry %d: %+v", i, e)
		}
	}
	c := counts(t, s)
	if c.Kinds[qingfeng.KindCourt] != 1 || c.Revisions != 3 {
		t.Errorf("counts %+v: want 1 current court, 3 revisions", c)
	}
}

func testReferenceData(t *testing.T, open Opener) {
	s := open(t)
	ctx := context.Background()
	r := newRecords(t)
	commit(t, s, oneOfEach(r))

	// A second source describing the same court id: the later record wins.
	other := sampleCourt()
	other.Name = "鼓楼法院"
	court2 := &qingfeng.Court{ID: "c-01", Code: "闽01", Name: "福州市中级人民法院", Level: qingfeng.LevelIntermediate, ParentID: "c-00"}
	rel2 := &qingfeng.Relative{PersonID: "p-1", Name: "林山", Relation: "child"}
	commit(t, s, batch(r.rec("review", "court-x", other), r.rec("hr", "court-2", court2), r.rec("hr", "rel-2", rel2)))

	courts, err := s.Courts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []qingfeng.Court{*court2, *other}; !reflect.DeepEqual(courts, want) {
		t.Errorf("courts %+v, want %+v (by id, later record wins)", courts, want)
	}
	divisions, err := s.Divisions(ctx)
	if err != nil || !reflect.DeepEqual(divisions, []qingfeng.Division{*sampleDivision()}) {
		t.Errorf("divisions %+v, %v", divisions, err)
	}
	people, err := s.People(ctx)
	if err != nil || !reflect.DeepEqual(people, []qingfeng.Person{*samplePerson()}) {
		t.Errorf("people %+v, %v", people, err)
	}
	relatives, err := s.Relatives(ctx)
	if err != nil || len(relatives) != 2 || relatives[0] != *sampleRelative() || relatives[1] != *rel2 {
		t.Errorf("relatives %+v, %v", relatives, err)
	}
	lawyers, err := s.Lawyers(ctx)
	if err != nil || !reflect.DeepEqual(lawyers, []qingfeng.Lawyer{*sampleLawyer()}) {
		t.Errorf("lawyers %+v, %v", lawyers, err)
	}
	var meds []qingfeng.Mediation
	err = s.ScanMediations(ctx, func(m *qingfeng.Mediation) error {
		meds = append(meds, *m)
		return nil
	})
	if err != nil || !reflect.DeepEqual(meds, []qingfeng.Mediation{*sampleMediation()}) {
		t.Errorf("mediations %+v, %v", meds, err)
	}
	if c := mustCase(t, s, sampleCase().Number); !reflect.DeepEqual(c, sampleCase()) {
		t.Errorf("case round trip:\n got %+v\nwant %+v", c, sampleCase())
	}
	// Counts are per key: the court described by two sources is two current records.
	if c := counts(t, s); c.Kinds[qingfeng.KindCourt] != 3 || c.Kinds[qingfeng.KindRelative] != 2 {
		t.Errorf("counts %+v", c)
	}
}

func testCounts(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	if c := counts(t, s); c.Revisions != 0 || c.Quarantined != 0 || c.Matters != 0 || c.Orphans != 0 || len(c.Kinds) != 0 {
		t.Fatalf("empty store counts %+v", c)
	}
	root := num("闽0102", "民初", 1)
	appeal := num("闽01", "民终", 1)
	orphanEnf := num("闽0102", "执", 9) // derives from a judgment not in the data
	b := batch(
		r.rec("hr", "court-1", sampleCourt()),
		r.rec("cms", "case-1", civilCase(root, "", day("2024-01-02"))),
		r.rec("cms", "case-2", civilCase(appeal, root, day("2024-05-02"))),
		r.rec("exec", "case-3", civilCase(orphanEnf, num("闽0102", "民初", 999), day("2024-06-02"))),
		r.rec("cms", "ev-1", sampleEvent(root, "filed", "2024-01-02T09:00:00+08:00")),
		r.rec("cms", "ev-2", sampleEvent(root, "closed", "2024-03-02T09:00:00+08:00")),
	)
	b.Rejections = []qingfeng.Rejection{
		{File: "cms.jsonl", Line: 90, Code: "json.syntax", Reason: "不是合法的 JSON", ReasonEn: "not valid JSON", Raw: "{"},
		{File: "cms.jsonl", Line: 91, Key: qingfeng.Key{Kind: qingfeng.KindEvent, Src: "cms", SrcID: "ev-9"}, Code: "date.invalid"},
	}
	commit(t, s, b)
	revised := civilCase(root, "", day("2024-01-03"))
	commit(t, s, batch(r.rec("cms", "case-1", revised)))

	c := counts(t, s)
	want := store.Counts{
		Kinds:       map[qingfeng.Kind]int64{qingfeng.KindCourt: 1, qingfeng.KindCase: 3, qingfeng.KindEvent: 2},
		Revisions:   7,
		Quarantined: 2,
		Matters:     1, // root and its appeal; the enforcement hangs off an absent judgment
		Orphans:     1,
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("counts\n got %+v\nwant %+v", c, want)
	}
}
