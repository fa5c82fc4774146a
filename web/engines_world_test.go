package web

import (
	"context"
	"fmt"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/indicator"
	"github.com/qingfeng-court/qingfeng/review"
)

// loaded is an indicator engine that has loaded what it serves.
type loaded struct{ *indicator.Engine }

func (loaded) Ready() error { return nil }

// engines builds the indicator engine and the review service over the world's store, as the
// application does; commit reloads the engine so that it sees what tests add.
func (w *world) engines() Options {
	w.t.Helper()
	e, err := indicator.NewDefault(defs.Default())
	if err != nil {
		w.t.Fatal(err)
	}
	w.ind = e
	w.reload()
	cfg, err := review.LoadConfig(defs.Default())
	if err != nil {
		w.t.Fatal(err)
	}
	w.rev = review.NewService(w.st, w.st, cfg)
	return Options{Indicators: loaded{e}, Reviews: w.rev, Risk: w.riskEngine()}
}

func (w *world) reload() {
	if w.ind == nil {
		return
	}
	if err := w.ind.Load(context.Background(), w.st); err != nil {
		w.t.Fatal(err)
	}
	w.reloadRisk()
}

// Courts with caseloads for the indicator tests: the own court's divisions and judges, and a
// caseload at each basic court so that the courts below an intermediate court have a
// distribution.
const (
	ownDiv   = "C350102-D01"
	usCourt  = "nysd"
	usAnchor = "C35"
)

// caseloads adds, at each basic court, first instances filed month by month in 2023 and 2024,
// most closed by judgment within the month after (the own court's by P1 and P4 of its civil
// division), with an appeal of some of them; and a US district court with its own dockets.
func (w *world) caseloads() {
	w.t.Helper()
	w.commit(
		&qingfeng.Division{ID: ownDiv, CourtID: ownCourt, Name: "民事审判第一庭", Line: qingfeng.LineCivil},
		&qingfeng.Person{ID: ownJudge, CourtID: ownCourt, DivisionID: ownDiv, Name: "林法官", Roles: []qingfeng.Role{qingfeng.RoleJudge}, From: qingfeng.MustDate("2015-01-01")},
		&qingfeng.Person{ID: "P4", CourtID: ownCourt, DivisionID: ownDiv, Name: "张法官", Roles: []qingfeng.Role{qingfeng.RoleJudge}, From: qingfeng.MustDate("2015-01-01")},
		&qingfeng.Court{ID: usCourt, Name: "U.S. District Court, S.D.N.Y.", Level: qingfeng.LevelBasic, Country: "US"},
	)
	var vs []any
	courts := map[string]string{ownCourt: "闽0102", "C350103": "闽0103", otherCourt: "闽0203"}
	for court, code := range courts {
		for i := range 24 {
			y, m := 2023+i/12, i%12+1
			judge := map[string]string{ownCourt: []string{ownJudge, "P4"}[i%2], "C350103": "", otherCourt: "P2"}[court]
			c := &qingfeng.Case{Number: fmt.Sprintf("（%d）%s民初%d号", y, code, 100+i), CourtID: court, JudgeID: judge,
				Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance, Procedure: qingfeng.ProcOrdinary,
				FiledOn: qingfeng.NewDate(y, time.Month(m), 3), Appealable: true}
			if court == ownCourt {
				c.DivisionID, c.Panel = ownDiv, []string{judge}
			}
			if i%6 != 5 { // one in six still pending
				c.ClosedOn, c.ClosingMethod, c.Outcome = qingfeng.NewDate(y, time.Month(m), 25), qingfeng.CloseJudgment, qingfeng.OutGranted
			}
			vs = append(vs, c)
			if i%4 == 0 && !c.ClosedOn.IsZero() {
				vs = append(vs, &qingfeng.Case{Number: fmt.Sprintf("（%d）%s民终%d号", y, code[:len(code)-2], 100+i), OriginNumber: c.Number,
					CourtID:  map[string]string{ownCourt: "C3501", "C350103": "C3501", otherCourt: "C3502"}[court],
					Category: qingfeng.CatCivil, Stage: qingfeng.StageSecondInstance, FiledOn: c.ClosedOn + 20})
			}
		}
	}
	for i := range 12 {
		c := &qingfeng.Case{Number: qingfeng.ForeignNumber(usCourt, fmt.Sprintf("1:24-cv-%05d", i+1)), CourtID: usCourt,
			Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance, FiledOn: qingfeng.NewDate(2024, time.Month(i%9+1), 2)}
		if i%3 != 0 {
			c.ClosedOn, c.ClosingMethod = c.FiledOn+40, qingfeng.CloseJudgment
		}
		vs = append(vs, c)
	}
	w.commit(vs...)
}

// reviewFixture is what the 阅核 tests act on: a decision of the own judge P1 submitted to the
// president P3, one of another judge of the own court (P4), one at the other court, and a 四类
// flag at the other court.
type reviewFixture struct {
	own, peer, other, otherFlag string
}

func staff(id, court string, roles ...qingfeng.Role) review.Actor {
	return review.Actor{PersonID: id, CourtID: court, Roles: roles}
}

func (w *world) reviewFixture() reviewFixture {
	w.t.Helper()
	ctx := context.Background()
	draft := func(a review.Actor, number string, submit bool) string {
		d, err := w.rev.Draft(ctx, a, review.DraftInput{CaseNumber: number, Kind: "judgment", Operative: "驳回原告的诉讼请求。", Reasoning: "经审理查明……"})
		if err != nil {
			w.t.Fatalf("draft %s: %v", number, err)
		}
		if submit {
			if _, err := w.rev.Act(ctx, a, d.ID, review.Command{Action: review.ActSubmit}); err != nil {
				w.t.Fatalf("submit %s: %v", number, err)
			}
		}
		return d.ID
	}
	var f reviewFixture
	f.own = draft(staff(ownJudge, ownCourt, qingfeng.RoleJudge), numOwn, true)
	f.peer = draft(staff("P4", ownCourt, qingfeng.RoleJudge), numOwnPeer, true)
	f.other = draft(staff("P2", otherCourt, qingfeng.RoleJudge), numOther, false) // nobody above P2 to review it
	var sub string
	for k := range w.rev.Config().Rules.SubTypes {
		if sub == "" || k < sub {
			sub = k
		}
	}
	fl, err := w.rev.Flag(ctx, staff("P2", otherCourt, qingfeng.RoleJudge), review.FlagInput{CaseNumber: numOther, SubType: sub, Reason: "涉及群体性纠纷"})
	if err != nil {
		w.t.Fatal(err)
	}
	f.otherFlag = fl.ID
	return f
}
