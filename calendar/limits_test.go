package calendar

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qingfeng-court/qingfeng"
)

// Each category/stage/procedure combination the generator writes (notes/gen.md: roots and
// derived proceedings), with the base limit the law gives it (reference notes §D.1).
func TestForCaseResolvesTheStatutoryBase(t *testing.T) {
	_, lim := embedded(t)
	judgment := &qingfeng.Case{Stage: qingfeng.StageFirstInstance, ClosingMethod: qingfeng.CloseJudgment}
	ruling := &qingfeng.Case{Stage: qingfeng.StageFirstInstance, ClosingMethod: qingfeng.CloseRuling}
	dismissal := &qingfeng.Case{Stage: qingfeng.StageFirstInstance, ClosingMethod: qingfeng.CloseDismissal}
	appeal := &qingfeng.Case{Stage: qingfeng.StageSecondInstance, ClosingMethod: qingfeng.CloseJudgment}
	cases := []struct {
		cat    qingfeng.Category
		stage  qingfeng.Stage
		proc   qingfeng.Procedure
		flags  qingfeng.CaseFlags
		origin *qingfeng.Case
		amount int
		unit   Unit
		basis  string
	}{
		{"civil", "first_instance", "ordinary", qingfeng.CaseFlags{}, nil, 6, Months, "152"},
		{"civil", "first_instance", "", qingfeng.CaseFlags{}, nil, 6, Months, "152"},
		{"civil", "first_instance", "simplified", qingfeng.CaseFlags{}, nil, 3, Months, "164"},
		{"civil", "first_instance", "small_claims", qingfeng.CaseFlags{}, nil, 2, Months, "168"},
		{"civil", "first_instance", "special", qingfeng.CaseFlags{}, nil, 30, Days, "187"},
		{"civil", "second_instance", "", qingfeng.CaseFlags{}, judgment, 3, Months, "183"},
		{"civil", "second_instance", "", qingfeng.CaseFlags{}, ruling, 30, Days, "183"},
		{"civil", "second_instance", "", qingfeng.CaseFlags{}, dismissal, 30, Days, "183"},
		{"civil", "second_instance", "", qingfeng.CaseFlags{}, nil, 3, Months, "183"},
		{"civil", "retrial_review", "", qingfeng.CaseFlags{}, appeal, 3, Months, "215"},
		{"civil", "retrial", "", qingfeng.CaseFlags{}, judgment, 6, Months, "128"},
		{"civil", "retrial", "", qingfeng.CaseFlags{}, appeal, 3, Months, "128"},
		{"criminal", "first_instance", "ordinary", qingfeng.CaseFlags{}, nil, 2, Months, "208"},
		{"criminal", "first_instance", "ordinary", qingfeng.CaseFlags{LongerLimit: true}, nil, 3, Months, "208"},
		{"criminal", "first_instance", "summary", qingfeng.CaseFlags{}, nil, 20, Days, "220"},
		{"criminal", "first_instance", "fast_track", qingfeng.CaseFlags{}, nil, 10, Days, "225"},
		{"criminal", "first_instance", "fast_track", qingfeng.CaseFlags{LongerLimit: true}, nil, 15, Days, "225"},
		{"criminal", "second_instance", "", qingfeng.CaseFlags{}, judgment, 2, Months, "243"},
		{"criminal", "retrial_review", "", qingfeng.CaseFlags{}, appeal, 3, Months, "457"},
		{"criminal", "petition_review", "", qingfeng.CaseFlags{}, appeal, 3, Months, "457"},
		{"criminal", "retrial", "", qingfeng.CaseFlags{}, appeal, 3, Months, "258"},
		{"criminal", "commutation", "", qingfeng.CaseFlags{}, judgment, 1, Months, "Art. 1"},
		{"administrative", "first_instance", "", qingfeng.CaseFlags{}, nil, 6, Months, "81"},
		{"administrative", "first_instance", "simplified", qingfeng.CaseFlags{}, nil, 45, Days, "83"},
		{"administrative", "second_instance", "", qingfeng.CaseFlags{}, judgment, 3, Months, "88"},
		{"state_compensation", "first_instance", "", qingfeng.CaseFlags{}, nil, 6, Months, "行诉法 Art. 81"},
		{"state_compensation", "second_instance", "", qingfeng.CaseFlags{}, judgment, 3, Months, "行诉法 Art. 88"},
		{"state_compensation", "other", "", qingfeng.CaseFlags{}, nil, 3, Months, "国家赔偿法 Art. 28"},
		{"enforcement", "enforcement_first", "", qingfeng.CaseFlags{}, judgment, 6, Months, "Art. 5"},
		{"enforcement", "enforcement_first", "", qingfeng.CaseFlags{NonLitigation: true}, nil, 3, Months, "Art. 5"},
		{"enforcement", "enforcement_resumed", "", qingfeng.CaseFlags{}, nil, 6, Months, "Art. 5"},
		{"enforcement", "enforcement_objection", "", qingfeng.CaseFlags{}, nil, 15, Days, "236"},
		{"enforcement", "enforcement_review", "", qingfeng.CaseFlags{}, nil, 30, Days, "Art. 8"},
		{"preservation", "preservation", "", qingfeng.CaseFlags{}, nil, 5, Days, "Art. 4"},
		{"enforcement", "preservation", "", qingfeng.CaseFlags{}, nil, 5, Days, "Art. 4"},
	}
	for _, c := range cases {
		pc := &qingfeng.Case{Category: c.cat, Stage: c.stage, Procedure: c.proc, Flags: c.flags}
		got, ok := lim.ForCase(pc, c.origin)
		name := string(c.cat) + "/" + string(c.stage) + "/" + string(c.proc)
		if !ok {
			t.Errorf("%s: no limit", name)
			continue
		}
		if got.Amount != c.amount || got.Unit != c.unit || !strings.Contains(got.Basis, c.basis) {
			t.Errorf("%s (flags %+v): got %s = %d %s (%s), want %d %s citing %s",
				name, c.flags, got.ID, got.Amount, got.Unit, got.Basis, c.amount, c.unit, c.basis)
		}
	}
	for _, stage := range []qingfeng.Stage{qingfeng.StageEnforcementSupervision, qingfeng.StageJurisdiction} {
		if got, ok := lim.ForCase(&qingfeng.Case{Category: "civil", Stage: stage}, nil); ok {
			t.Errorf("%s has no statutory limit, got %s", stage, got.ID)
		}
	}
}

func TestNamedDeadlines(t *testing.T) {
	_, lim := embedded(t)
	cases := []struct {
		id     string
		amount int
		unit   Unit
	}{
		{"filing_suit", 7, Days},
		{"filing_second_instance", 5, Days},
		{"appeal_transfer_criminal", 3, Days},
		{"file_recall", 5, Days},
		{"preservation_ruling_urgent", 48, Hours},
		{"money_disbursement", 30, Days},
		{"money_notice_local_hubei", 10, WorkingDays},
		{"terminate_round_minimum", 3, Months},
		{"terminate_round_asset_check", 6, Months},
		{"seizure_real_estate", 36, Months},
		{"hearing_postponements_ordinary", 2, Count},
		{"extension_request_lead", 15, Days},
		{"commutation_service", 7, Days},
	}
	for _, c := range cases {
		got, ok := lim.Get(c.id)
		if !ok || got.Amount != c.amount || got.Unit != c.unit || got.Basis == "" {
			t.Errorf("Get(%s) = %+v, %v; want %d %s with a basis", c.id, got.Period, ok, c.amount, c.unit)
		}
	}
	if _, ok := lim.Get("no_such_limit"); ok {
		t.Error("Get of an unknown id must fail")
	}
	if r, ok := lim.Reason("new_evidence"); !ok || r.Max != (Period{1, Months}) {
		t.Errorf("new_evidence: %+v %v, want a 1-month cap (审限规定 Art. 9(5))", r, ok)
	}
	for _, code := range []string{"publication", "appraisal", "settlement", "jurisdiction_objection", "audit"} {
		if _, ok := lim.Reason(code); !ok {
			t.Errorf("deduction reason %s of the interchange format is missing", code)
		}
	}
}

// The spec's reading of "N months": the same day of the month N months after the day after
// the start, or that month's last day.
func TestPeriodEnd(t *testing.T) {
	cal, _ := embedded(t)
	cases := []struct {
		from string
		p    Period
		want string
	}{
		{"2024-01-10", Period{6, Months}, "2024-07-11"},
		{"2024-01-30", Period{1, Months}, "2024-02-29"},
		{"2024-01-31", Period{1, Months}, "2024-03-01"},
		{"2023-01-30", Period{1, Months}, "2023-02-28"},
		{"2023-08-30", Period{6, Months}, "2024-02-29"},
		{"2023-12-31", Period{2, Months}, "2024-03-01"},
		{"2024-03-01", Period{30, Days}, "2024-03-31"},
		{"2024-03-01", Period{48, Hours}, "2024-03-03"},
		{"2024-03-01", Period{25, Hours}, "2024-03-03"},
		{"2024-02-08", Period{2, WorkingDays}, "2024-02-18"},
	}
	for _, c := range cases {
		if got := c.p.End(d(c.from), cal); got != d(c.want) {
			t.Errorf("%+v from %s ends %s, want %s", c.p, c.from, got, c.want)
		}
	}
	if got := (Period{2, Count}).End(d("2024-03-01"), cal); got != 0 {
		t.Errorf("a count has no end, got %s", got)
	}
}

const goodLimits = `limits:
  - id: civil_first_ordinary
    name: 民事一审普通程序
    name_en: Civil first instance
    match: {category: [civil], stage: [first_instance]}
    amount: 6
    unit: months
    basis: 民诉法 Art. 152
  - id: filing_suit
    name: 立案
    name_en: Filing
    amount: 7
    unit: days
    basis: 民诉法 Art. 126
deduction_reasons:
  - code: publication
    name: 公告
    name_en: Publication
    basis: 民诉解释 Art. 243
`

func TestBrokenLimitsFile(t *testing.T) {
	cases := []struct {
		name, old, new string
		line           int
	}{
		{"duplicate id", "id: filing_suit", "id: civil_first_ordinary", 9},
		{"unknown unit", "unit: days", "unit: fortnights", 13},
		{"unknown stage", "stage: [first_instance]", "stage: [first_instanse]", 5},
		{"unknown field", "    amount: 7", "    amount: 7\n    colour: red", 13},
		{"no basis", "    basis: 民诉法 Art. 126\n", "", 9},
		{"zero amount", "amount: 7", "amount: 0", 12},
		{"unknown approver", "    unit: months\n", "    unit: months\n    extensions: [{approver: mayor}]\n", 8},
		{"extension without unit", "    unit: months\n", "    unit: months\n    extensions: [{amount: 6}]\n", 8},
		{"duplicate reason", "basis: 民诉解释 Art. 243\n", "basis: 民诉解释 Art. 243\n  - {code: publication, name: 公告, name_en: P, basis: x}\n", 20},
		{"count as a proceeding limit", "    unit: months\n", "    unit: count\n", 7},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(goodLimits, c.old) {
				t.Fatalf("fixture lacks %q", c.old)
			}
			fsys := fstest.MapFS{limitsFile: {Data: []byte(strings.Replace(goodLimits, c.old, c.new, 1))}}
			_, err := LoadLimits(fsys)
			wantLoadError(t, err, limitsFile, c.line)
		})
	}
	if _, err := LoadLimits(fstest.MapFS{limitsFile: {Data: []byte(goodLimits)}}); err != nil {
		t.Fatalf("the unbroken fixture must load: %v", err)
	}
}
