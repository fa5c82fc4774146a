package storetest

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

func testCaseMerge(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	n := num("闽0102", "民初", 7)
	filing := sampleCase()    // the case management system knows the filing
	review := &qingfeng.Case{ // the review system knows the closing, a different judge and a flag
		Number: n, JudgeID: "p-2", ClosedOn: day("2024-04-01"), ClosingMethod: qingfeng.CloseJudgment,
		Flags: qingfeng.CaseFlags{PublicInterest: true},
	}
	commit(t, s, batch(r.rec("cms", "case-7", filing)))
	commit(t, s, batch(r.rec("review", "r-7", review)))

	want := sampleCase()
	want.JudgeID = "p-2"
	want.ClosedOn = day("2024-04-01")
	want.ClosingMethod = qingfeng.CloseJudgment
	want.Flags = qingfeng.CaseFlags{FourType: []string{"1.2"}, PublicInterest: true}
	if got := mustCase(t, s, n); !reflect.DeepEqual(got, want) {
		t.Fatalf("merged case\n got %+v\nwant %+v", got, want)
	}

	// The filing record is revised: it becomes the later record and its judge wins again,
	// while what only the review record says stays.
	revised := sampleCase()
	revised.DivisionID = "d-2"
	commit(t, s, batch(r.rec("cms", "case-7", revised)))
	want.DivisionID = "d-2"
	want.JudgeID = "p-1"
	if got := mustCase(t, s, n); !reflect.DeepEqual(got, want) {
		t.Fatalf("merged case after revising the first record\n got %+v\nwant %+v", got, want)
	}

	var scanned []string
	if err := s.ScanCases(context.Background(), func(c *qingfeng.Case) error {
		scanned = append(scanned, c.Number)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(scanned, []string{n}) {
		t.Errorf("scan: %v, want one proceeding %s", scanned, n)
	}
	if c := counts(t, s); c.Kinds[qingfeng.KindCase] != 2 || c.Matters != 1 {
		t.Errorf("counts %+v: want 2 case records, 1 matter", c)
	}
}

func testCaseNumberMoves(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	n1, n2 := num("闽0102", "民初", 1), num("闽0102", "民初", 2)
	appeal := civilCase(num("闽01", "民终", 1), n1, day("2024-06-01"))
	a := &qingfeng.Case{Number: n1, JudgeID: "p-1", FiledOn: day("2024-01-05"), CourtID: "c-0102"}
	b := &qingfeng.Case{Number: n1, ClosedOn: day("2024-03-05"), JudgeID: "p-2"}
	commit(t, s, batch(r.rec("cms", "a", a), r.rec("review", "b", b), r.rec("cms", "appeal", appeal)))
	if m := mustMatter(t, s, appeal.Number); m.Root != n1 || m.Orphan || len(m.Proceedings) != 2 {
		t.Fatalf("matter %+v", m)
	}

	// b is corrected to another number: n1 is rebuilt from a alone, n2 is b.
	b2 := *b
	b2.Number = n2
	commit(t, s, batch(r.rec("review", "b", &b2)))
	if got := mustCase(t, s, n1); !reflect.DeepEqual(got, a) {
		t.Fatalf("%s after b moved away\n got %+v\nwant %+v", n1, got, a)
	}
	if got := mustCase(t, s, n2); !reflect.DeepEqual(got, &b2) {
		t.Fatalf("%s\n got %+v\nwant %+v", n2, got, &b2)
	}

	// a follows it: n1 disappears, n2 is the merge with a as the later record.
	a2 := *a
	a2.Number = n2
	commit(t, s, batch(r.rec("cms", "a", &a2)))
	wantNoCase(t, s, n1)
	want := &qingfeng.Case{Number: n2, JudgeID: "p-1", FiledOn: day("2024-01-05"), ClosedOn: day("2024-03-05"), CourtID: "c-0102"}
	if got := mustCase(t, s, n2); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s merged\n got %+v\nwant %+v", n2, got, want)
	}
	// The appeal lost its origin: it is an orphan again, rooted at the missing number.
	if m := mustMatter(t, s, appeal.Number); m.Root != n1 || !m.Orphan || !reflect.DeepEqual(matterNumbers(m), []string{appeal.Number}) {
		t.Fatalf("appeal's matter after its origin vanished: %+v", m)
	}
	if _, err := s.Matter(context.Background(), n1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("matter of a vanished number: %v", err)
	}
	if c := counts(t, s); c.Kinds[qingfeng.KindCase] != 3 || c.Matters != 1 || c.Orphans != 1 {
		t.Fatalf("counts %+v", c)
	}
}

// tree is a small matter: first instance, appeal, enforcement of the appeal judgment, its
// resumption and an objection in it. origins are indexes into the same slice.
type treeNode struct {
	court, typ string
	origin     int // -1 for the root
	filed      string
}

var smallTree = []treeNode{
	{"闽0102", "民初", -1, "2024-01-10"},
	{"闽01", "民终", 0, "2024-04-10"},
	{"闽0102", "执", 1, "2024-07-10"},
	{"闽0102", "执恢", 2, "2024-10-10"},
	{"闽0102", "执异", 2, "2024-08-10"},
}

// treeCases instantiates the tree with serial numbers of its own.
func treeCases(serial int) []*qingfeng.Case {
	out := make([]*qingfeng.Case, len(smallTree))
	for i, n := range smallTree {
		out[i] = civilCase(num(n.court, n.typ, serial), "", day(n.filed))
		if n.origin >= 0 {
			out[i].OriginNumber = num(smallTree[n.origin].court, smallTree[n.origin].typ, serial)
		}
	}
	return out
}

// matterModel computes what the matters must be from the proceedings present, whatever order
// they arrived in: a proceeding's root is the top of its chain of present origins, or the
// missing origin where the chain breaks.
type matterModel map[string]*qingfeng.Case

func (m matterModel) root(number string) string {
	cur := m[number]
	for cur.OriginNumber != "" {
		next, ok := m[cur.OriginNumber]
		if !ok {
			return cur.OriginNumber
		}
		cur = next
	}
	return cur.Number
}

func (m matterModel) check(t *testing.T, s store.Store, numbers []string) {
	t.Helper()
	for _, n := range numbers {
		if _, ok := m[n]; !ok {
			continue
		}
		root := m.root(n)
		var want []*qingfeng.Case
		for _, c := range m {
			if m.root(c.Number) == root {
				want = append(want, c)
			}
		}
		sort.Slice(want, func(i, j int) bool {
			if want[i].FiledOn != want[j].FiledOn {
				return want[i].FiledOn < want[j].FiledOn
			}
			return want[i].Number < want[j].Number
		})
		got := mustMatter(t, s, n)
		_, rootPresent := m[root]
		if got.Root != root || got.Orphan == rootPresent || !reflect.DeepEqual(got.Proceedings, want) {
			t.Fatalf("matter of %s:\n got root %s orphan %v %v\nwant root %s orphan %v %v",
				n, got.Root, got.Orphan, matterNumbers(got), root, !rootPresent, matterNumbers(&store.Matter{Proceedings: want}))
		}
	}
	var matters, orphans int64
	for n := range m {
		r := m.root(n)
		if r == n {
			matters++
		}
		if _, ok := m[r]; !ok {
			orphans++
		}
	}
	if c := counts(t, s); c.Matters != matters || c.Orphans != orphans {
		t.Fatalf("counts: %d matters, %d orphans; want %d, %d", c.Matters, c.Orphans, matters, orphans)
	}
}

// testMatterPermutations commits the small tree in every possible arrival order, one
// proceeding per batch (checking every intermediate state against the model) or all in one
// batch, and requires the same matter every time.
func testMatterPermutations(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	model := matterModel{}
	for p, order := range permutations(len(smallTree)) {
		cases := treeCases(1000 + p)
		var numbers []string
		for _, c := range cases {
			numbers = append(numbers, c.Number)
		}
		if p%2 == 0 {
			for _, i := range order {
				commit(t, s, batch(r.rec("cms", cases[i].Number, cases[i])))
				model[cases[i].Number] = cases[i]
				model.check(t, s, numbers)
			}
		} else {
			b := &store.Batch{}
			for _, i := range order {
				b.Records = append(b.Records, r.rec("cms", cases[i].Number, cases[i]))
				model[cases[i].Number] = cases[i]
			}
			commit(t, s, b)
		}
		m := mustMatter(t, s, cases[3].Number)
		if m.Root != cases[0].Number || m.Orphan || len(m.Proceedings) != len(cases) {
			t.Fatalf("order %v: matter %+v", order, m)
		}
		model.check(t, s, numbers)
	}
}

// permutations lists every order of 0..n-1 (Heap's algorithm).
func permutations(n int) [][]int {
	a := make([]int, n)
	for i := range a {
		a[i] = i
	}
	var out [][]int
	var gen func(k int)
	gen = func(k int) {
		if k == 1 {
			out = append(out, append([]int(nil), a...))
			return
		}
		gen(k - 1)
		for i := 0; i < k-1; i++ {
			if k%2 == 0 {
				a[i], a[k-1] = a[k-1], a[i]
			} else {
				a[0], a[k-1] = a[k-1], a[0]
			}
			gen(k - 1)
		}
	}
	gen(n)
	return out
}

func testOrphansAndAdoption(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	root := civilCase(num("闽0102", "民初", 5), "", day("2024-01-10"))
	appeal := civilCase(num("闽01", "民终", 5), root.Number, day("2024-04-10"))
	enf := civilCase(num("闽0102", "执", 5), appeal.Number, day("2024-07-10"))

	commit(t, s, batch(r.rec("cms", "appeal", appeal)))
	m := mustMatter(t, s, appeal.Number)
	if m.Root != root.Number || !m.Orphan || !reflect.DeepEqual(matterNumbers(m), []string{appeal.Number}) {
		t.Fatalf("appeal before its origin: %+v", m)
	}
	commit(t, s, batch(r.rec("exec", "enf", enf)))
	m = mustMatter(t, s, enf.Number)
	if m.Root != root.Number || !m.Orphan || !reflect.DeepEqual(matterNumbers(m), []string{appeal.Number, enf.Number}) {
		t.Fatalf("orphan tree of two: %+v", m)
	}
	if c := counts(t, s); c.Orphans != 2 || c.Matters != 0 {
		t.Fatalf("counts with an orphan tree: %+v", c)
	}
	if _, err := s.Matter(context.Background(), root.Number); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("matter of the absent root: %v, want ErrNotFound", err)
	}

	commit(t, s, batch(r.rec("cms", "root", root)))
	want := []string{root.Number, appeal.Number, enf.Number}
	for _, n := range want {
		m := mustMatter(t, s, n)
		if m.Root != root.Number || m.Orphan || !reflect.DeepEqual(matterNumbers(m), want) {
			t.Fatalf("matter of %s after adoption: %+v", n, m)
		}
	}
	if c := counts(t, s); c.Orphans != 0 || c.Matters != 1 {
		t.Fatalf("counts after adoption: %+v", c)
	}
}

func testOriginRevised(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	r1 := civilCase(num("闽0102", "民初", 1), "", day("2024-01-01"))
	r2 := civilCase(num("闽0102", "民初", 2), "", day("2024-01-02"))
	a := civilCase(num("闽01", "民终", 1), r1.Number, day("2024-03-01"))
	e := civilCase(num("闽0102", "执", 1), a.Number, day("2024-05-01"))
	commit(t, s, batch(r.rec("cms", "r1", r1), r.rec("cms", "r2", r2), r.rec("cms", "a", a), r.rec("exec", "e", e)))
	model := matterModel{r1.Number: r1, r2.Number: r2, a.Number: a, e.Number: e}
	all := []string{r1.Number, r2.Number, a.Number, e.Number}
	model.check(t, s, all)

	for _, origin := range []string{r2.Number, num("闽0102", "民初", 99), ""} {
		a2 := *a
		a2.OriginNumber = origin
		commit(t, s, batch(r.rec("cms", "a", &a2)))
		model[a.Number] = &a2
		model.check(t, s, all)
	}
}

func testScanCases(t *testing.T, open Opener) {
	s := open(t)
	r := newRecords(t)
	numbers := []string{num("闽0102", "民初", 20), num("闽01", "民终", 3), num("闽0102", "民初", 3), num("闽0105", "执", 1), num("闽", "民申", 2)}
	b := &store.Batch{}
	for i, n := range numbers {
		b.Records = append(b.Records, r.rec("cms", n, civilCase(n, "", day("2024-01-01").AddDays(i))))
	}
	commit(t, s, b)
	var got []string
	if err := s.ScanCases(context.Background(), func(c *qingfeng.Case) error {
		got = append(got, c.Number)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := sortedStrings(numbers); !reflect.DeepEqual(got, want) {
		t.Fatalf("scan order %v, want %v", got, want)
	}
	stop := errors.New("stop")
	calls := 0
	err := s.ScanCases(context.Background(), func(*qingfeng.Case) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("scan stopped by fn: err %v after %d calls", err, calls)
	}
	wantNoCase(t, s, num("闽0102", "民初", 404))
}
