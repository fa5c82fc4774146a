package access

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

func testTree() *Tree {
	return NewTree([]qingfeng.Court{
		{ID: "C35", Code: "闽", Level: qingfeng.LevelHigh},
		{ID: "C3502", Code: "闽02", Level: qingfeng.LevelIntermediate, ParentID: "C35"},
		{ID: "C3501", Code: "闽01", Level: qingfeng.LevelIntermediate, ParentID: "C35"},
		{ID: "C350103", Code: "闽0103", Level: qingfeng.LevelBasic, ParentID: "C3501"},
		{ID: "C350102", Code: "闽0102", Level: qingfeng.LevelBasic, ParentID: "C3501"},
		{ID: "us-nysd", Name: "S.D.N.Y.", Level: qingfeng.LevelBasic, Country: "US"},
		{ID: "loop", Code: "环", ParentID: "loop"},
	})
}

func TestTree(t *testing.T) {
	tr := testTree()
	if got := tr.Subtree("C35"); !slices.Equal(got, []string{"C35", "C3501", "C350102", "C350103", "C3502"}) {
		t.Fatalf("subtree in code order: %v", got)
	}
	if got := tr.Subtree("C3501"); !slices.Equal(got, []string{"C3501", "C350102", "C350103"}) {
		t.Fatalf("subtree: %v", got)
	}
	if tr.Subtree("nope") != nil || !slices.Equal(tr.Subtree("loop"), []string{"loop"}) {
		t.Fatal("unknown or self-parented court")
	}
	if got := tr.Path("C350103"); !slices.Equal(got, []string{"C35", "C3501", "C350103"}) {
		t.Fatalf("path: %v", got)
	}
	if !tr.IsRoot("C35") || !tr.IsRoot("us-nysd") || tr.IsRoot("C3501") || !slices.Contains(tr.Roots(), "loop") {
		t.Fatal("roots")
	}
	if id, ok := tr.ByCode("闽0102"); !ok || id != "C350102" {
		t.Fatal("by code")
	}
}

func TestPrincipals(t *testing.T) {
	tr := testTree()
	judge := ForUser(&qingfeng.User{Login: "j", Roles: []qingfeng.UserRole{qingfeng.UserJudge}, CourtID: "C350102", PersonID: "P1"}, tr)
	own := &qingfeng.Case{CourtID: "C350102", JudgeID: "P1"}
	onPanel := &qingfeng.Case{CourtID: "C350102", JudgeID: "P2", Panel: []string{"P2", "P1"}}
	peer := &qingfeng.Case{CourtID: "C350102", JudgeID: "P2"}
	above := &qingfeng.Case{CourtID: "C3501", JudgeID: "P1"}
	if !judge.CanSeeCase(ViewCases, own) || !judge.CanSeeCase(ViewCases, onPanel) || judge.CanSeeCase(ViewCases, peer) || judge.CanSeeCase(ViewCases, above) {
		t.Fatal("a judge sees their own cases in their court, and nothing else")
	}
	if judge.Can(ViewData) || judge.CourtWide(ViewCases) || !judge.Can(ViewCases) {
		t.Fatal("judge permissions")
	}
	// Roles add up, and court-wide beats own-only.
	both := ForUser(&qingfeng.User{Login: "b", Roles: []qingfeng.UserRole{qingfeng.UserJudge, qingfeng.UserReviewer}, CourtID: "C350102", PersonID: "P1"}, tr)
	if !both.CanSeeCase(ViewCases, peer) || !both.CourtWide(ViewCases) || !both.Can(ActReviews) {
		t.Fatal("judge and reviewer")
	}
	// A judge without a person record owns nothing.
	nobody := ForUser(&qingfeng.User{Login: "n", Roles: []qingfeng.UserRole{qingfeng.UserJudge}, CourtID: "C350102"}, tr)
	if nobody.CanSeeCase(ViewCases, &qingfeng.Case{CourtID: "C350102"}) {
		t.Fatal("a judge without person id sees a case with no judge")
	}
	admin := ForUser(&qingfeng.User{Login: "a", Roles: []qingfeng.UserRole{qingfeng.UserAdmin}, CourtID: "C3501"}, tr)
	if admin.Can(ViewCases) || !admin.Can(ManageUsers) || admin.Can(SearchAudit) || admin.Global() {
		t.Fatal("the administrator reads no casework and no audit log")
	}
	if !slices.Equal(admin.Courts(), []string{"C3501", "C350102", "C350103"}) || admin.Visible("") || !admin.Visible("C350103") || admin.Visible("C3502") {
		t.Fatal("scope")
	}
	// A source role on a user account grants nothing: only tokens act as sources.
	if src := ForUser(&qingfeng.User{Login: "s", Roles: []qingfeng.UserRole{qingfeng.UserSource}, CourtID: "C35"}, tr); src.Can(IngestRecords) {
		t.Fatal("a user acts as a source system")
	}
	off := ForUser(&qingfeng.User{Login: "d", Roles: []qingfeng.UserRole{qingfeng.UserAnalyst}, CourtID: "C35", Disabled: true}, tr)
	if off.Can(ViewCases) || len(off.Courts()) != 0 || off.Courts() == nil {
		t.Fatal("a disabled user keeps rights, or its scope is nil (meaning all)")
	}
	lost := ForUser(&qingfeng.User{Login: "l", Roles: []qingfeng.UserRole{qingfeng.UserAnalyst}, CourtID: "gone"}, tr)
	if len(lost.Courts()) != 0 || lost.InScope("gone") {
		t.Fatal("a user whose court is unknown sees something")
	}
	tok := ForToken(&qingfeng.APIToken{Name: "t", Src: "cms", Courts: []string{"C350102", "C3502"}}, tr)
	if !tok.Can(IngestRecords) || tok.Can(ViewCases) || !tok.InScope("C3502") || tok.InScope("C350103") || tok.Global() {
		t.Fatal("token scope")
	}
	if rev := ForToken(&qingfeng.APIToken{Name: "r", Src: "cms", Courts: []string{"C35"}, Revoked: true}, tr); rev.Can(IngestRecords) || rev.InScope("C35") {
		t.Fatal("revoked token")
	}
	if !ForToken(&qingfeng.APIToken{Name: "p", Src: "hr", Courts: []string{"C35"}}, tr).Global() {
		t.Fatal("a token for the top court is global")
	}
}

// TestReader checks the scoped reads against a real store: cases, matters with hidden
// proceedings, events, users, quarantine paging by visibility.
func TestReader(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b store.Batch
	add := func(id string, v any) {
		r, err := qingfeng.NewRecord("cms", id, v, qingfeng.Origin{File: "t", Line: 1})
		if err != nil {
			t.Fatal(err)
		}
		b.Records = append(b.Records, r)
	}
	for _, c := range []qingfeng.Court{{ID: "C35", Code: "闽"}, {ID: "C3501", Code: "闽01", ParentID: "C35"}, {ID: "C350102", Code: "闽0102", ParentID: "C3501"}, {ID: "C3502", Code: "闽02", ParentID: "C35"}} {
		add(c.ID, &c)
	}
	add("p1", &qingfeng.Person{ID: "P1", CourtID: "C350102", Name: "林", Roles: []qingfeng.Role{qingfeng.RoleJudge}})
	add("k1", &qingfeng.Case{Number: "（2024）闽0102民初1号", CourtID: "C350102", JudgeID: "P1", Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance, FiledOn: qingfeng.MustDate("2024-01-02")})
	add("k2", &qingfeng.Case{Number: "（2024）闽01民终1号", OriginNumber: "（2024）闽0102民初1号", CourtID: "C3501", Category: qingfeng.CatCivil, Stage: qingfeng.StageSecondInstance, FiledOn: qingfeng.MustDate("2024-06-02")})
	add("k3", &qingfeng.Case{Number: "（2024）闽02民初1号", CourtID: "C3502", Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance, FiledOn: qingfeng.MustDate("2024-01-02")})
	for i := range 30 {
		court := []string{"C350102", "C3502", ""}[i%3]
		b.Rejections = append(b.Rejections, qingfeng.Rejection{File: "f", Line: i + 1, Code: "x", Raw: `{"kind":"case","src":"cms","src_id":"q` + string(rune('a'+i)) + `","court_id":"` + court + `"}`})
	}
	b.Rejections = append(b.Rejections, qingfeng.Rejection{File: "f", Line: 99, Code: "x", Raw: `{"kind":"event","src":"cms","src_id":"e","case_number":"（2024）闽0102民初1号"}`})
	b.Rejections = append(b.Rejections, qingfeng.Rejection{File: "f", Line: 100, Code: "x", Raw: `{"kind":"relative","src":"hr","src_id":"r","person_id":"P1"}`})
	if _, err := st.Commit(ctx, &b); err != nil {
		t.Fatal(err)
	}
	courts, _ := st.Courts(ctx)
	tr := NewTree(courts)
	basic := NewReader(st, ForUser(&qingfeng.User{Login: "a", Roles: []qingfeng.UserRole{qingfeng.UserAnalyst, qingfeng.UserAdmin}, CourtID: "C350102"}, tr), tr)
	m, err := basic.Matter(ctx, "（2024）闽0102民初1号")
	if err != nil || len(m.Proceedings) != 1 || m.Hidden != 1 {
		t.Fatalf("matter from below: %+v %v", m, err)
	}
	if _, err := basic.Matter(ctx, "（2024）闽01民终1号"); !errors.Is(err, ErrOutOfScope) || !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the appeal from below: %v", err)
	}
	if _, err := basic.CaseEvents(ctx, "（2024）闽02民初1号"); !errors.Is(err, ErrOutOfScope) {
		t.Fatalf("another court's events: %v", err)
	}
	if _, err := basic.Case(ctx, "（2024）闽0102民初404号"); !errors.Is(err, store.ErrNotFound) || errors.Is(err, ErrOutOfScope) {
		t.Fatalf("a missing case: %v", err)
	}
	q, err := basic.Quarantine(ctx, store.QuarantineFilter{})
	if err != nil || len(q) != 12 { // 10 of its court, an event of its case, a relative of its judge
		t.Fatalf("quarantine of the basic court: %d %v", len(q), err)
	}
	page, _ := basic.Quarantine(ctx, store.QuarantineFilter{Limit: 4})
	next, _ := basic.Quarantine(ctx, store.QuarantineFilter{Limit: 4, AfterID: page[3].ID})
	if len(page) != 4 || len(next) != 4 || next[0].ID <= page[3].ID {
		t.Fatal("quarantine paging by what the principal sees")
	}
	top := NewReader(st, ForUser(&qingfeng.User{Login: "t", Roles: []qingfeng.UserRole{qingfeng.UserAnalyst}, CourtID: "C35"}, tr), tr)
	if q, _ := top.Quarantine(ctx, store.QuarantineFilter{}); len(q) != 32 {
		t.Fatalf("the top court sees every entry, those naming no court too: %d", len(q))
	}
	m, _ = top.Matter(ctx, "（2024）闽01民终1号")
	if len(m.Proceedings) != 2 || m.Hidden != 0 {
		t.Fatal("matter from above")
	}
	if _, err := top.Users(ctx, st, store.UserFilter{}); !errors.Is(err, ErrForbidden) {
		t.Fatal("an analyst lists users")
	}
	if _, _, err := basic.Audit(ctx, st, store.AuditFilter{}); !errors.Is(err, ErrForbidden) {
		t.Fatal("a non-auditor searches the audit log")
	}
}
