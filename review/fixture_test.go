package review

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// A small court for the tests: C1 with a civil division D1 (judge J and P2 on the panel,
// deputy chief DC, chief CH), another division D2 with its chief L, the filing division's
// clerk F, vice president VP, president PR, a committee member CM and a clerk X; C2 is a court
// outside C1's subtree with its president O.
const (
	caseNo   = "（2024）闽0102民初1号"
	otherNo  = "（2024）闽0103民初1号"
	judgeJ   = "J"
	panelP2  = "P2"
	deputyDC = "DC"
	chiefCH  = "CH"
	vpVP     = "VP"
	presPR   = "PR"
	memberCM = "CM"
	chiefL   = "L"
	filingF  = "F"
	clerkX   = "X"
	otherO   = "O"
)

var staff = map[string][]qingfeng.Role{
	judgeJ: {qingfeng.RoleJudge}, panelP2: {qingfeng.RoleJudge}, deputyDC: {qingfeng.RoleDeputyChief, qingfeng.RoleJudge},
	chiefCH: {qingfeng.RoleChief, qingfeng.RoleJudge}, vpVP: {qingfeng.RoleVicePresident, qingfeng.RoleJudge, qingfeng.RoleCommitteeMember},
	presPR: {qingfeng.RolePresident, qingfeng.RoleJudge, qingfeng.RoleCommitteeMember}, memberCM: {qingfeng.RoleCommitteeMember, qingfeng.RoleJudge},
	chiefL: {qingfeng.RoleChief, qingfeng.RoleJudge}, filingF: {qingfeng.RoleClerk}, clerkX: {qingfeng.RoleClerk},
	otherO: {qingfeng.RolePresident, qingfeng.RoleJudge},
}

var divisionOf = map[string]string{judgeJ: "D1", panelP2: "D1", deputyDC: "D1", chiefCH: "D1", chiefL: "D2", filingF: "DF", clerkX: "D1"}

func actor(id string) Actor {
	court := "C1"
	if id == otherO {
		court = "C2"
	}
	return Actor{PersonID: id, CourtID: court, Roles: staff[id]}
}

// testClock is a clock the test moves by hand.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { c.t = c.t.Add(time.Minute); return c.t }

type fixture struct {
	st    *sqlite.Store
	svc   *Service
	clock *testClock
	cfg   Config
}

func newFixture(t testing.TB, c *qingfeng.Case) *fixture {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "qingfeng.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var recs []qingfeng.Record
	add := func(src, id string, v any) {
		r, err := qingfeng.NewRecord(src, id, v, qingfeng.Origin{})
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	add("hr", "C0", &qingfeng.Court{ID: "C0", Code: "闽01", Name: "福州市中级人民法院", Level: qingfeng.LevelIntermediate})
	add("hr", "C1", &qingfeng.Court{ID: "C1", Code: "闽0102", Name: "鼓楼区人民法院", Level: qingfeng.LevelBasic, ParentID: "C0"})
	add("hr", "C2", &qingfeng.Court{ID: "C2", Code: "闽0103", Name: "台江区人民法院", Level: qingfeng.LevelBasic, ParentID: "C0"})
	add("hr", "D1", &qingfeng.Division{ID: "D1", CourtID: "C1", Name: "民一庭", Line: qingfeng.LineCivil})
	add("hr", "D2", &qingfeng.Division{ID: "D2", CourtID: "C1", Name: "民二庭", Line: qingfeng.LineCivil})
	add("hr", "DF", &qingfeng.Division{ID: "DF", CourtID: "C1", Name: "立案庭", Line: qingfeng.LineFiling})
	for id, roles := range staff {
		a := actor(id)
		add("hr", id, &qingfeng.Person{ID: id, CourtID: a.CourtID, DivisionID: divisionOf[id], Name: "人员" + id, Roles: roles, From: qingfeng.NewDate(2015, 1, 1)})
	}
	add("cms", "case-1", c)
	add("cms", "case-2", &qingfeng.Case{Number: otherNo, CourtID: "C2", JudgeID: otherO, Category: qingfeng.CatCivil,
		Stage: qingfeng.StageFirstInstance, Procedure: qingfeng.ProcOrdinary, FiledOn: qingfeng.NewDate(2024, 1, 10)})
	if _, err := st.Commit(context.Background(), &store.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{t: time.Date(2024, 3, 1, 9, 0, 0, 0, chinaTime)}
	cfg.Now = clock.now
	return &fixture{st: st, svc: NewService(st, st, cfg), clock: clock, cfg: cfg}
}

// civilCase is a civil first instance of C1 with n parties.
func civilCase(n int) *qingfeng.Case {
	c := &qingfeng.Case{Number: caseNo, CourtID: "C1", DivisionID: "D1", JudgeID: judgeJ, Panel: []string{judgeJ, panelP2},
		Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance, Procedure: qingfeng.ProcOrdinary,
		FiledOn: qingfeng.NewDate(2024, 1, 10)}
	for i := range n {
		role := qingfeng.PartyPlaintiff
		if i == 0 {
			role = qingfeng.PartyDefendant
		}
		c.Parties = append(c.Parties, qingfeng.Party{Name: fmt.Sprint("当事人", i), Role: role, Type: qingfeng.PartyNatural})
	}
	return c
}
