package gen

import (
	"math"
	"sort"
	"testing"
	"testing/quick"

	"github.com/qingfeng-court/qingfeng"
)

var quickCfg = &quick.Config{MaxCount: 500}

// A bucket draw stays within the outer bounds and inside one of the buckets.
func TestBucketStaysInBounds(t *testing.T) {
	f := func(seed uint64, raw []uint16) bool {
		if len(raw) < 2 {
			return true
		}
		b := make([]int, len(raw))
		for i, v := range raw {
			b[i] = int(v)
		}
		sort.Ints(b)
		r := rng{s: seed}
		for k := 0; k < 20; k++ {
			v := r.bucket(b)
			if v < b[0] || v > b[len(b)-1] {
				return false
			}
		}
		return true
	}
	if err := quick.Check(f, quickCfg); err != nil {
		t.Error(err)
	}
}

// Weighted draws come out in proportion to the weights.
func TestWeightsDrawInProportion(t *testing.T) {
	f := func(seed uint64, raw [4]uint8) bool {
		vals := make([]float64, 4)
		total := 0.0
		for i, v := range raw {
			vals[i] = float64(v) + 1
			total += vals[i]
		}
		w := newWeights([]string{"a", "b", "c", "d"}, vals)
		r := rng{s: seed}
		const n = 20000
		var got [4]float64
		for k := 0; k < n; k++ {
			got[w.draw(&r)]++
		}
		for i := range got {
			p := vals[i] / total
			if math.Abs(got[i]-n*p) > 5*math.Sqrt(n*p*(1-p))+1 {
				return false
			}
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 50}); err != nil {
		t.Error(err)
	}
}

// Filing dates rise with the matter index, stay inside the window and fall on working days.
func TestTimelineIsMonotone(t *testing.T) {
	p, err := loadProfile(embedded)
	if err != nil {
		t.Fatal(err)
	}
	from, asOf := qingfeng.MustDate("2022-01-01"), qingfeng.MustDate("2026-09-30")
	tl := newTimeline(from, asOf, &p.Volume.Years, &p.Volume.Months)
	f := func(seed uint64, nRaw uint32, iRaw uint32) bool {
		n := int(nRaw%5_000_000) + 2
		i := int(iRaw) % (n - 1)
		r := rng{s: seed}
		a, b := tl.at(i, n, &r), tl.at(i+1, n, &r)
		return a <= b && a >= from && b <= asOf && isWork(a) && isWork(b)
	}
	if err := quick.Check(f, quickCfg); err != nil {
		t.Error(err)
	}
}

// Identity numbers carry a valid check character, the birth date and the sex asked for, and
// sequences from the range reserved for the court's own people when asked.
func TestIdentityNumberProperties(t *testing.T) {
	f := func(seed uint64, days uint16, male, reserved bool) bool {
		r := rng{s: seed}
		birth := qingfeng.MustDate("1940-01-01") + qingfeng.Date(int(days)%(70*365))
		id := idNumber(&r, "350102", birth, male, reserved)
		if len(id) != 18 || id[17] != idCheck([]byte(id[:17])) || id[6:14] != birth.Time().Format("20060102") {
			return false
		}
		seq := int(id[14]-'0')*100 + int(id[15]-'0')*10 + int(id[16]-'0')
		return (seq%2 == 1) == male && (seq >= 900) == reserved && seq >= 1
	}
	if err := quick.Check(f, quickCfg); err != nil {
		t.Error(err)
	}
}

// An extension runs from the end of the limit it extends, as the time-limit table counts it.
func TestLimitExtensionCountsFromTheEnd(t *testing.T) {
	l := limitSpec{Months: 3, ExtensionMonths: 1}
	f := func(days uint16) bool {
		filed := qingfeng.MustDate("2022-01-01") + qingfeng.Date(days%2000)
		end := l.end(filed, 0)
		return end == monthsEnd(filed, 3) && l.end(filed, 1) == end.AddMonths(1) && end > filed
	}
	if err := quick.Check(f, quickCfg); err != nil {
		t.Error(err)
	}
	if got := monthsBetween(qingfeng.MustDate("2024-01-31"), qingfeng.MustDate("2024-03-30")); got != 1 {
		t.Errorf("monthsBetween Jan 31 → Mar 30 = %d, want 1", got)
	}
}
