package indicator

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// The fixture: a basic court B (闽0102) under an intermediate court I (闽01) under the high
// court H (闽). Every expected number below was worked out by hand from the records, in the
// comments next to it; none is read from the engine.
func fixture() []feed.Change {
	d := qingfeng.MustDate
	var out []feed.Change
	add := func(k qingfeng.Kind, id string, v any) {
		out = append(out, feed.Change{Seq: int64(len(out) + 1), Key: qingfeng.Key{Kind: k, Src: "t", SrcID: id}, Value: v})
	}
	add(qingfeng.KindCourt, "H", &qingfeng.Court{ID: "H", Code: "闽", Level: qingfeng.LevelHigh, Region: "350000"})
	add(qingfeng.KindCourt, "I", &qingfeng.Court{ID: "I", Code: "闽01", Level: qingfeng.LevelIntermediate, ParentID: "H", Region: "350100"})
	add(qingfeng.KindCourt, "B", &qingfeng.Court{ID: "B", Code: "闽0102", Level: qingfeng.LevelBasic, ParentID: "I", Region: "350102"})
	add(qingfeng.KindDivision, "B-civ", &qingfeng.Division{ID: "B-civ", CourtID: "B", Line: qingfeng.LineCivil})
	add(qingfeng.KindDivision, "B-exe", &qingfeng.Division{ID: "B-exe", CourtID: "B", Line: qingfeng.LineEnforcement})
	add(qingfeng.KindDivision, "I-civ", &qingfeng.Division{ID: "I-civ", CourtID: "I", Line: qingfeng.LineCivil})
	judge := []qingfeng.Role{qingfeng.RoleJudge}
	add(qingfeng.KindPerson, "J1", &qingfeng.Person{ID: "J1", CourtID: "B", DivisionID: "B-civ", Roles: judge, From: d("2020-01-01")})
	add(qingfeng.KindPerson, "J2", &qingfeng.Person{ID: "J2", CourtID: "B", DivisionID: "B-exe", Roles: judge, From: d("2021-01-01")})
	add(qingfeng.KindPerson, "J3", &qingfeng.Person{ID: "J3", CourtID: "I", DivisionID: "I-civ", Roles: judge, From: d("2018-01-01")})
	add(qingfeng.KindPerson, "J4", &qingfeng.Person{ID: "J4", CourtID: "B", DivisionID: "B-civ", Roles: judge, From: d("2019-01-01"), To: d("2024-06-30")})
	add(qingfeng.KindPerson, "K1", &qingfeng.Person{ID: "K1", CourtID: "B", DivisionID: "B-civ", Roles: []qingfeng.Role{qingfeng.RoleClerk}, From: d("2019-01-01")})

	civil := func(num, court, div, judge string, st qingfeng.Stage, proc qingfeng.Procedure, filed, closed string,
		how qingfeng.ClosingMethod, appealable bool, origin string) *qingfeng.Case {
		c := &qingfeng.Case{Number: num, CourtID: court, DivisionID: div, JudgeID: judge, Category: qingfeng.CatCivil,
			Stage: st, Procedure: proc, FiledOn: d(filed), ClosingMethod: how, Appealable: appealable, OriginNumber: origin}
		if closed != "" {
			c.ClosedOn = d(closed)
		}
		return c
	}
	cases := []*qingfeng.Case{
		civil("（2024）闽0102民初1号", "B", "B-civ", "J1", qingfeng.StageFirstInstance, qingfeng.ProcOrdinary, "2024-01-10", "2024-03-10", qingfeng.CloseJudgment, true, ""),                // P1
		civil("（2024）闽0102民初2号", "B", "B-civ", "J1", qingfeng.StageFirstInstance, qingfeng.ProcSimplified, "2024-02-01", "2024-04-01", qingfeng.CloseMediation, false, ""),            // P2
		civil("（2024）闽0102民初3号", "B", "B-civ", "J1", qingfeng.StageFirstInstance, qingfeng.ProcOrdinary, "2024-03-01", "2024-05-01", qingfeng.CloseWithdrawal, false, ""),             // P3
		civil("（2024）闽0102民初4号", "B", "B-civ", "J1", qingfeng.StageFirstInstance, qingfeng.ProcSimplified, "2024-01-05", "2024-09-30", qingfeng.CloseRuling, true, ""),                // P4: over its 3 months
		civil("（2023）闽0102民初9号", "B", "B-civ", "J1", qingfeng.StageFirstInstance, qingfeng.ProcOrdinary, "2023-06-01", "", "", false, ""),                                             // P5: pending
		civil("（2023）闽0102民初8号", "B", "B-civ", "J1", qingfeng.StageFirstInstance, qingfeng.ProcOrdinary, "2023-11-01", "", "", false, ""),                                             // P6: pending, deduction
		civil("（2024）闽01民终1号", "I", "I-civ", "J3", qingfeng.StageSecondInstance, qingfeng.ProcOrdinary, "2024-04-15", "2024-06-15", qingfeng.CloseJudgment, false, "（2024）闽0102民初1号"), // P7
		civil("（2024）闽01民终2号", "I", "I-civ", "J3", qingfeng.StageSecondInstance, qingfeng.ProcOrdinary, "2024-10-20", "", "", false, "（2024）闽0102民初4号"),                               // P8
		civil("（2024）闽01民申1号", "I", "I-civ", "J3", qingfeng.StageRetrialReview, "", "2024-07-01", "2024-08-01", qingfeng.CloseRuling, false, "（2024）闽01民终1号"),                         // P9
		civil("（2024）闽01民再1号", "I", "I-civ", "J3", qingfeng.StageRetrial, qingfeng.ProcOrdinary, "2024-08-10", "2024-11-10", qingfeng.CloseJudgment, false, "（2024）闽01民申1号"),          // P10
		civil("（2023）闽0102民初1号", "B", "B-civ", "J1", qingfeng.StageFirstInstance, qingfeng.ProcOrdinary, "2023-02-01", "2023-05-01", qingfeng.CloseJudgment, true, ""),                // P15
		civil("（2024）闽0102民初7号", "B", "B-civ", "J1", qingfeng.StageFirstInstance, qingfeng.ProcOrdinary, "2024-04-01", "2024-06-01", qingfeng.CloseJudgment, true, ""),                // P16
	}
	cases[6].Outcome, cases[6].HearingOpen = qingfeng.OutReversed, true
	cases[8].Outcome = qingfeng.OutGranted
	cases[9].Outcome = qingfeng.OutRemanded
	enf := func(num, filed, closed string, how qingfeng.ClosingMethod, st qingfeng.Stage, origin string, applied, recovered qingfeng.Money) *qingfeng.Case {
		c := &qingfeng.Case{Number: num, CourtID: "B", DivisionID: "B-exe", JudgeID: "J2", Category: qingfeng.CatEnforcement,
			Stage: st, FiledOn: d(filed), ClosingMethod: how, OriginNumber: origin, AmountApplied: applied, AmountRecovered: recovered}
		if closed != "" {
			c.ClosedOn = d(closed)
		}
		return c
	}
	cases = append(cases,
		enf("（2024）闽0102执1号", "2024-05-01", "2024-08-01", qingfeng.CloseEnforcementCompleted, qingfeng.StageEnforcementFirst, "（2024）闽0102民初2号", 10000000, 10000000), // P11
		enf("（2024）闽0102执2号", "2024-06-01", "2024-12-01", qingfeng.CloseTerminatedThisRound, qingfeng.StageEnforcementFirst, "", 5000000, 1000000),                   // P12: a root
		enf("（2024）闽0102执异1号", "2024-09-01", "2024-09-20", qingfeng.CloseRuling, qingfeng.StageEnforcementObjection, "（2024）闽0102执2号", 0, 0),                         // P13
		enf("（2024）闽0102执3号", "2024-02-01", "", "", qingfeng.StageEnforcementFirst, "（2019）闽0102民初5号", 0, 0),                                                         // P14: orphan
	)
	for _, c := range cases {
		add(qingfeng.KindCase, c.Number, c)
	}
	at := func(day string) time.Time { return d(day).Time().Add(2 * time.Hour).In(time.FixedZone("", 8*3600)) }
	ev := func(id, num, typ, day string, attrs map[string]any) {
		add(qingfeng.KindEvent, id, &qingfeng.Event{CaseNumber: num, Type: typ, At: at(day), Attrs: attrs})
	}
	ev("e1", "（2024）闽0102民初1号", "appeal_filed", "2024-03-20", nil)
	ev("e2", "（2024）闽0102民初1号", "file_received", "2024-04-10", nil) // 21 days
	ev("e3", "（2024）闽0102民初4号", "appeal_filed", "2024-10-05", nil)
	ev("e4", "（2024）闽0102民初4号", "file_received", "2024-10-18", nil) // 13 days
	ev("e5", "（2023）闽0102民初8号", "deduction_started", "2024-01-01", map[string]any{"reason": "appraisal"})
	ev("e6", "（2023）闽0102民初8号", "deduction_ended", "2024-04-01", map[string]any{"reason": "appraisal"}) // 91 days
	ev("e7", "（2024）闽0102民初3号", "extension_approved", "2024-04-20", map[string]any{"days": float64(30)})
	ev("e8", "（2024）闽0102民初1号", "judicial_suggestion_issued", "2024-03-15", nil)
	ev("e9", "（2024）闽0102民初2号", "judicial_suggestion_issued", "2024-04-01", nil)
	ev("e10", "（2024）闽0102民初1号", "judicial_suggestion_answered", "2024-05-01", nil)
	ev("e11", "（2024）闽0102民初1号", "closed", "2024-03-10", nil) // read by no indicator
	med := func(id, concluded string, ok bool) {
		add(qingfeng.KindMediation, id, &qingfeng.Mediation{ID: id, CourtID: "B", StartedOn: d("2024-01-02"), ConcludedOn: d(concluded), Success: ok})
	}
	med("M1", "2024-01-20", true)
	med("M2", "2024-02-10", false)
	med("M3", "2025-01-01", true)
	return out
}

type golden struct {
	pack, ind string
	unit      UnitRef
	num, den  float64
	display   string
}

var (
	courtB = UnitRef{Kind: UnitCourt, ID: "闽0102"}
	courtI = UnitRef{Kind: UnitCourt, ID: "I"}
)

// Year 2024 at B (and at I, whose subtree holds B): P1–P4, P16 are B's civil first instances
// closed in 2024; P11–P13 its enforcement proceedings closed in 2024; P14 is pending and an
// orphan; P5, P6 are pending from 2023.
var goldens = []golden{
	{"spc-2024-09", "Q1", courtB, 1, 3, "33.33%"},           // P7 reverses P1; P1, P4, P16 closed by judgment or ruling
	{"spc-2024-09", "Q2", courtB, 0, 4, "0.00%"},            // P10 goes to P7 at I; P1, P4, P13, P16
	{"spc-2024-09", "Q2", courtI, 1, 7, "14.29%"},           // P10 → (P9 skipped) → P7; I's P7, P9, P10 + B's four
	{"spc-2024-09", "Q3", courtI, 1, 1, "100.00%"},          // P7 heard in open court
	{"spc-2024-09", "Q3", courtB, 0, 0, "—"},                // no second instance at B
	{"spc-2024-09", "E1", courtB, 4, 5, "80.00%"},           // P4 took 269 days on a 92-day limit
	{"spc-2024-09", "E2", courtB, 1, 2, "50.00%"},           // P5 is 579 days old; P6 426 − 91 = 335
	{"spc-2024-09", "E3", courtB, 511, 5, "102.2天"},         // 60 + 60 + 61 + 269 + 61
	{"spc-2024-09", "E4", courtB, 8, 9, "88.89%"},           // closed P1–P4, P11–P13, P16; filed P1–P4, P11–P14, P16
	{"spc-2024-09", "E4", courtI, 11, 13, "84.62%"},         // + P7, P9, P10 closed; + P7–P10 filed
	{"spc-2024-09", "E5", courtB, 34, 2, "17.0天"},           // 21 + 13 days
	{"spc-2024-09", "F1", courtB, 12, 6, "1:2.00"},          // roots P1 (4), P2 (2), P3 (1), P4 (2), P12 (2), P16 (1)
	{"spc-2024-09", "F1P", courtB, 12, 6, "1:2.00"},         // every member of those trees was filed in 2024
	{"spc-2024-09", "F2", courtB, 2, 3, "66.67%"},           // P7, P8 against P1, P4, P16
	{"spc-2024-09", "F3", courtB, 0, 4, "0.00%"},            // P9's origin is P7, at I
	{"spc-2024-09", "F3", courtI, 1, 7, "14.29%"},           // P9
	{"spc-2024-09", "F4", courtB, 1, 3, "33.33%"},           // only P16 has no appeal below it
	{"spc-2024-09", "F5", courtB, 2, 5, "40.00%"},           // P2 mediated, P3 withdrawn
	{"spc-2024-09", "F6", courtB, 110000, 150000, "73.33%"}, // P11 100,000/100,000; P12 10,000/50,000; P13 0/0
	{"spc-2024-09", "F7", courtB, 1, 2, "50.00%"},           // P11 completed of P11, P12
	{"spc-2024-09", "F8", courtB, 1, 2, "50.00%"},           // P12 terminated this round
	{"spc-2024-09", "F9", courtB, 1, 3, "33.33%"},           // P11 enforces P2; P1, P2, P16 by judgment or mediation
	{"spc-2024-09", "F10", courtB, 1, 2, "50.00%"},          // M1 succeeded, M2 failed; M3 is 2025
	{"spc-2024-01", "E6", courtB, 8, 2, "4.00"},             // J4 left in June, K1 is a clerk
	{"spc-2024-01", "E6", UnitRef{UnitJudge, "J1"}, 5, 1, "5.00"},
	{"spc-2024-01", "E7", courtB, 1, 5, "20.00%"},  // P3 extended
	{"spc-2024-01", "Q4", courtI, 1, 1, "100.00%"}, // P9 granted
	{"spc-2024-01", "F11", courtB, 1, 2, "50.00%"}, // one answered of two issued
	{"spc-2024-01", "Q1", UnitRef{UnitJudge, "J1"}, 1, 3, "33.33%"},
	{"spc-2024-01", "F7", UnitRef{UnitDivision, "B-exe"}, 1, 2, "50.00%"},
	{"intl", "CR", courtB, 8, 9, "88.89%"},
	{"intl", "DT", courtB, 3, 8, "136.9天"},   // P5, P6, P14 pending; 3/8 × 365
	{"intl", "TTD", courtB, 805, 8, "61.0天"}, // days 19 60 60 61 61 92 183 269: median 61
	{"intl", "AGE", courtB, 1, 3, "33.33%"},  // ages 579, 335, 334
}

func TestGolden(t *testing.T) {
	changes := fixture()
	live := newTestEngine(t)
	if err := live.Apply(changes); err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]*Engine{"bulk": buildFrom(t, changes), "live": live} {
		for _, g := range goldens {
			v, err := e.Value(Query{Pack: g.pack, Indicator: g.ind, Unit: g.unit, Period: Period{Kind: Year, Year: 2024}, Lang: i18n.ZH})
			if err != nil {
				t.Fatalf("%s %s %s: %v", name, g.pack, g.ind, err)
			}
			if math.Abs(v.Numerator-g.num) > 1e-9 || math.Abs(v.Denominator-g.den) > 1e-9 || v.Display != g.display {
				t.Errorf("%s %s %s at %s: %v/%v %s, want %v/%v %s", name, g.pack, g.ind, g.unit.ID,
					v.Numerator, v.Denominator, v.Display, g.num, g.den, g.display)
			}
		}
	}
	// Every indicator of the three packs has a golden value.
	covered := map[string]bool{}
	for _, g := range goldens {
		covered[g.ind] = true
	}
	for _, id := range live.PackIDs() {
		p, _ := live.Pack(id)
		for _, ind := range p.Indicators {
			if !covered[ind.ID] {
				t.Errorf("pack %s indicator %s has no golden value", id, ind.ID)
			}
		}
	}
}

func TestGoldenDistributions(t *testing.T) {
	e := buildFrom(t, fixture())
	v, err := e.Value(Query{Pack: "intl", Indicator: "TTD", Unit: courtB, Period: Period{Kind: Year, Year: 2024}})
	if err != nil {
		t.Fatal(err)
	}
	// sorted days 19 60 60 61 61 92 183 269: p75 at rank 5.25 → 92 + 0.25 × 91; p90 at 6.3 → 183 + 0.3 × 86
	want := []Quantile{{0.5, 61}, {0.75, 114.75}, {0.9, 208.8}}
	for i, q := range want {
		if i >= len(v.Quantiles) || math.Abs(v.Quantiles[i].Value-q.Value) > 1e-9 {
			t.Errorf("TTD quantiles %v, want %v", v.Quantiles, want)
			break
		}
	}
	// within 120 days: 6 of 8; within 180: 6; within 365: 8
	for i, n := range []float64{6, 6, 8} {
		if v.Tiers[i].Count != n || *v.Tiers[i].Percent != n/8*100 {
			t.Errorf("tier %d: %+v, want %v of 8", v.Tiers[i].Within, v.Tiers[i], n)
		}
	}
	a, err := e.Value(Query{Pack: "intl", Indicator: "AGE", Unit: courtB, Period: Period{Kind: Year, Year: 2024}})
	if err != nil {
		t.Fatal(err)
	}
	var counts []float64
	for _, b := range a.Buckets {
		counts = append(counts, b.Count)
	}
	// (0,90] (90,180] (180,365] (365,730] >730: P14 334 and P6 335, P5 579
	if !slices.Equal(counts, []float64{0, 0, 2, 1, 0}) {
		t.Errorf("AGE buckets %v, want [0 0 2 1 0]", counts)
	}
}

func TestGoldenYoYAndLedger(t *testing.T) {
	e := buildFrom(t, fixture())
	v, _ := e.Value(Query{Pack: "spc-2024-09", Indicator: "E4", Unit: courtB, Period: Period{Kind: Year, Year: 2024}})
	// 2023 at B: P15 closed; P5, P6, P15 filed → 33.33%, and 88.89% is higher: improved
	if v.YoYValue == nil || math.Abs(*v.YoYValue-100.0/3) > 1e-9 || v.YoYChange != "improved" {
		t.Errorf("E4 yoy %v %s, want 33.33 improved", v.YoYValue, v.YoYChange)
	}
	l, err := e.Ledger(LedgerQuery{Query: Query{Pack: "spc-2024-09", Indicator: "Q1", Unit: courtB, Period: Period{Kind: Year, Year: 2024}}, Side: "numerator"})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total != 1 || l.Rows[0].ID != "（2024）闽01民终1号" {
		t.Errorf("Q1 numerator ledger %+v", l.Rows)
	}
	l, _ = e.Ledger(LedgerQuery{Query: Query{Pack: "spc-2024-09", Indicator: "F1", Unit: courtB, Period: Period{Kind: Year, Year: 2024}}, Side: "numerator", Size: 5, Page: 3})
	if l.Total != 12 || l.Sum != 12 || len(l.Rows) != 2 {
		t.Errorf("F1 numerator ledger total %d sum %v page 3 has %d rows, want 12, 12, 2", l.Total, l.Sum, len(l.Rows))
	}
	l, _ = e.Ledger(LedgerQuery{Query: Query{Pack: "spc-2024-09", Indicator: "E2", Unit: courtB, Period: Period{Kind: Year, Year: 2024}}, Side: "numerator"})
	if l.Total != 1 || l.Rows[0].ID != "（2023）闽0102民初9号" {
		t.Errorf("E2 numerator ledger %+v", l.Rows)
	}
	l, _ = e.Ledger(LedgerQuery{Query: Query{Pack: "spc-2024-09", Indicator: "F6", Unit: courtB, Period: Period{Kind: Year, Year: 2024}}, Side: "denominator"})
	if l.Sum != 150000 || l.Total != 3 {
		t.Errorf("F6 denominator ledger sum %v total %d, want 150000 over 3", l.Sum, l.Total)
	}
	if l.DataSeq != int64(len(fixture())) || l.PackVersion == "" {
		t.Errorf("ledger data seq %d version %q", l.DataSeq, l.PackVersion)
	}
}
