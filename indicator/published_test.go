package indicator

import (
	"fmt"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/feed"
)

// 结案率 = 结案 ÷ (旧存 + 新收), defined in a court's own pack file, reproduces figures courts
// published:
//
//   - 卫东区人民法院 (平顶山), monthly report https://pdswdfy.hncourt.gov.cn/public/detail.php?id=2173:
//     December: 879 handled (343 pending at its start), 700 closed, 79.64%; January–December:
//     6,380 handled (214 pending at the start of the year), 6,201 closed, 97.19%. (The report's
//     year is not in the stored page; the fixture puts it in 2020.)
//   - 汪清林区基层法院, 2019 half-year analysis
//     http://wqlqfy.e-court.gov.cn/article/detail/2019/08/id/4407201.shtml: 109 handled (99 new,
//     10 pending), 93 closed, 85.32%.
//
// The fixture is the smallest set of proceedings with those counts; the engine must find the
// published rate from filing and closing dates alone.
func TestPublishedClosureRate(t *testing.T) {
	packs, err := Packs(defs.Overlay("testdata/court"))
	if err != nil {
		t.Fatal(err)
	}
	p := packs["court-closure"]
	if p == nil || packs["spc-2024-09"] == nil {
		t.Fatalf("the court's pack is not loaded beside the embedded ones: %v", PackIDs(packs))
	}
	e, err := NewEngine(Config{Packs: []*Pack{p}})
	if err != nil {
		t.Fatal(err)
	}
	var changes []feed.Change
	n := 0
	add := func(court string, filed qingfeng.Date, closed qingfeng.Date) {
		n++
		c := &qingfeng.Case{Number: fmt.Sprintf("（%d）豫%s民初%d号", filed.Year(), court, n), CourtID: court,
			Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance, FiledOn: filed, ClosedOn: closed}
		changes = append(changes, feed.Change{Seq: int64(n), Key: qingfeng.Key{Kind: qingfeng.KindCase, Src: "t", SrcID: c.Number}, Value: c})
	}
	times := func(k int, court string, filed, closed qingfeng.Date) {
		for range k {
			add(court, filed, closed)
		}
	}
	d := qingfeng.MustDate
	// 卫东: 214 pending on 1 January, closed in February; 5,630 new by November of which 5,287
	// close by November and 343 in December; 536 new in December of which 357 close.
	times(214, "0403", d("2019-12-01"), d("2020-02-10"))
	times(5287, "0403", d("2020-03-02"), d("2020-06-15"))
	times(343, "0403", d("2020-11-02"), d("2020-12-20"))
	times(357, "0403", d("2020-12-01"), d("2020-12-28"))
	times(179, "0403", d("2020-12-10"), 0)
	// 汪清: 10 pending on 1 January 2019, closed in H1; 99 new of which 83 close in H1.
	times(10, "2401", d("2018-11-01"), d("2019-02-01"))
	times(83, "2401", d("2019-02-01"), d("2019-05-01"))
	times(16, "2401", d("2019-05-01"), d("2019-09-01"))
	if err := e.Apply(changes); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		court, period string
		num, den      float64
		display       string
	}{
		{"0403", "2020-12", 700, 879, "79.64%"},
		{"0403", "2020", 6201, 6380, "97.19%"},
		{"2401", "2019YTD06", 93, 109, "85.32%"},
	} {
		per, _ := ParsePeriod(c.period)
		v, err := e.Value(Query{Pack: "court-closure", Indicator: "CL", Unit: UnitRef{Kind: UnitCourt, ID: c.court}, Period: per})
		if err != nil {
			t.Fatal(err)
		}
		if v.Numerator != c.num || v.Denominator != c.den || v.Display != c.display {
			t.Errorf("%s %s: %v/%v = %s, published %v/%v = %s", c.court, c.period, v.Numerator, v.Denominator, v.Display, c.num, c.den, c.display)
		}
	}
}
