package pacer_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/indicator"
)

// docketDates are a proceeding's filing and termination days (0 when it is pending), read
// from the raw file.
type docketDates struct {
	court         string // the PACER court id, aliases resolved
	filed, closed int    // days since 1970-01-01
}

func dayOf(t *testing.T, s string) int {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return int(d.Unix() / 86400)
}

// rawDockets reads every proceeding's dates from the raw file: copies of one docket are one
// proceeding, and must agree on their dates.
func rawDockets(t *testing.T, path string) map[proceedingKey]docketDates {
	t.Helper()
	out := map[proceedingKey]docketDates{}
	for _, d := range readRaw(t, path) {
		k := aliasCourt(entryTuple{proceedingKey: proceedingKey{d.Court, d.Number}}).proceedingKey
		dd := docketDates{court: k.court, filed: dayOf(t, d.Filed)}
		if s, ok := d.Terminated.(string); ok {
			dd.closed = dayOf(t, s)
		}
		if prev, seen := out[k]; seen && prev != dd {
			t.Fatalf("%v: copies disagree: %+v and %+v", k, prev, dd)
		}
		out[k] = dd
	}
	return out
}

// yearFigures are the international measures of one court and year, computed from the raw
// dates by their published definitions (the sources named in defs/indicators/intl.yaml):
// incoming = filed in the year; resolved = terminated in it; pending = filed by 31 December
// and not terminated by then; days to disposition = termination − filing; age = 31 December −
// filing.
type yearFigures struct {
	incoming, resolved, pending int
	days, ages                  []int // sorted
}

func figures(ps []docketDates, year int) yearFigures {
	start := int(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	end := int(time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	var f yearFigures
	for _, p := range ps {
		if p.filed >= start && p.filed <= end {
			f.incoming++
		}
		if p.closed >= start && p.closed <= end {
			f.resolved++
			f.days = append(f.days, p.closed-p.filed)
		}
		if p.filed <= end && (p.closed == 0 || p.closed > end) {
			f.pending++
			f.ages = append(f.ages, end-p.filed)
		}
	}
	slices.Sort(f.days)
	slices.Sort(f.ages)
	return f
}

// percentile is the q-quantile of sorted xs by linear interpolation between closest ranks
// (Hyndman and Fan's type 7: R's default, Excel's PERCENTILE.INC).
func percentile(xs []int, q float64) float64 {
	h := q * float64(len(xs)-1)
	i := int(h)
	if i+1 >= len(xs) {
		return float64(xs[len(xs)-1])
	}
	return float64(xs[i]) + (h-float64(i))*float64(xs[i+1]-xs[i])
}

func countIf(xs []int, ok func(int) bool) int {
	n := 0
	for _, x := range xs {
		if ok(x) {
			n++
		}
	}
	return n
}

// ratio is a/b×scale, nil when b is 0.
func ratio(a, b int, scale float64) *float64 {
	if b == 0 {
		return nil
	}
	v := float64(a) / float64(b) * scale
	return &v
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func sameValue(got, want *float64) bool {
	if got == nil || want == nil {
		return got == want
	}
	return near(*got, *want)
}

func show(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

// TestRealDocketsIntl computes the intl pack — clearance rate, disposition time, time to
// disposition (median, 75th and 90th percentile, and the shares within the time standards)
// and the age of the pending caseload — with the indicator engine as the product builds it
// (indicator.NewDefault, loaded from a SQLite store holding the converted dockets), for every
// US court (its subtree: a district with its bankruptcy court, a circuit with its districts,
// the Supreme Court with all) and every year, and compares each with the figures computed
// from the raw file above.
//
// Years start in 2000, the first month the engine keeps (indicator.Config.Since): 17 of the
// 607 proceedings were filed earlier (1989–1999); their flows before 2000 are not kept, while
// they count as pending from January 2000 and their later terminations and ages are exact.
//
// A second route for one court-year, the whole country in 2009, with jq over the raw file
// (proceedings folded by court and docket number):
//
//	jq -s '[.[]|{k:[.court_id,.docket_number],f:.date_filed,t:.date_terminated}]|unique_by(.k)' \
//	   juriscraper_pacer_dockets.jsonl > p.json
//	jq '[.[]|select(.f[0:4]=="2009")]|length' p.json                                    → 213
//	jq '[.[]|select(.t!=null and .t[0:4]=="2009")]|length' p.json                       → 23
//	jq '[.[]|select(.f<="2009-12-31" and (.t==null or .t>"2009-12-31"))]|length' p.json → 263
//	jq -c '[.[]|select(.t!=null and .t[0:4]=="2009")
//	    |((.t|strptime("%Y-%m-%d")|mktime)-(.f|strptime("%Y-%m-%d")|mktime))/86400]|sort' p.json
//	  → [72,95,99,102,106,111,113,137,143,163,174,213,215,234,252,253,378,446,448,453,831,952,2107]
//
// so CR = 23/213 = 10.80%, DT = 263/23×365 = 4173.7 days, TTD median 213, p75 412 (378 +
// 0.5×68), p90 755.4 (453 + 0.8×378).
func TestRealDocketsIntl(t *testing.T) {
	path := docketsFile(t)
	raw := rawDockets(t, path)
	st := ingestReal(t, path)
	ctx := context.Background()
	eng, err := indicator.NewDefault(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	pack, ok := eng.Pack("intl")
	if !ok {
		t.Fatal("no intl pack")
	}
	dist := map[string]*indicator.Distribution{}
	for i := range pack.Indicators {
		dist[pack.Indicators[i].ID] = pack.Indicators[i].Distribution
	}
	if dist["TTD"] == nil || dist["AGE"] == nil {
		t.Fatal("the intl pack has no TTD or AGE distribution")
	}

	// Each US court's proceedings: its own and those of the courts below it.
	courts := courtCodes(t, st)
	byCode := map[string]string{}
	for id, c := range courts {
		byCode[c.Code] = id
	}
	under := map[string][]docketDates{}
	last := 0
	for k, p := range raw {
		id, ok := byCode[k.court]
		if !ok {
			t.Fatalf("%v: no court %s stored", k, k.court)
		}
		for ; id != ""; id = courts[id].ParentID {
			under[id] = append(under[id], p)
		}
		last = max(last, p.filed, p.closed)
	}
	asOf := eng.AsOf()
	if int(asOf.Time().Unix()/86400) != last {
		t.Fatalf("the engine's data reach %s; the raw file's dates %s", asOf, time.Unix(int64(last)*86400, 0).UTC().Format(time.DateOnly))
	}
	if n := len(under["us-scotus"]); n != len(raw) || n != 607 {
		t.Fatalf("the Supreme Court's subtree holds %d proceedings, want %d", n, len(raw))
	}

	compared := 0
	for id, c := range courts {
		if c.Country != "US" {
			t.Fatalf("court %s of country %q", id, c.Country)
		}
		for year := 2000; year <= asOf.Year(); year++ {
			f := figures(under[id], year)
			p, err := indicator.ParsePeriod(fmt.Sprint(year))
			if err != nil {
				t.Fatal(err)
			}
			get := func(ind string) indicator.Value {
				v, err := eng.Value(indicator.Query{Pack: "intl", Indicator: ind, Unit: indicator.UnitRef{Kind: indicator.UnitCourt, ID: id}, Period: p})
				if err != nil {
					t.Fatal(err)
				}
				compared++
				return v
			}
			at := fmt.Sprintf("%s %d", c.Code, year)
			checkRatio(t, at, get("CR"), f.resolved, f.incoming, ratio(f.resolved, f.incoming, 100))
			checkRatio(t, at, get("DT"), f.pending, f.resolved, ratio(f.pending, f.resolved, 365))
			checkTTD(t, at, get("TTD"), f, dist["TTD"])
			checkAGE(t, at, get("AGE"), f, dist["AGE"])
		}
	}
	if compared < 4*len(courts)*20 {
		t.Fatalf("only %d values compared", compared)
	}
	t.Logf("%d values of %d courts, 2000–%d, equal to the raw file's", compared, len(courts), asOf.Year())

	// The second route: the whole country in 2009.
	v := func(ind string) indicator.Value {
		x, err := eng.Value(indicator.Query{Pack: "intl", Indicator: ind, Unit: indicator.UnitRef{Kind: indicator.UnitCourt, ID: "us-scotus"},
			Period: indicator.Period{Kind: indicator.Year, Year: 2009}})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	cr, dt, ttd := v("CR"), v("DT"), v("TTD")
	if cr.Numerator != 23 || cr.Denominator != 213 || dt.Numerator != 263 || !near(*dt.Value, 263.0/23*365) ||
		len(ttd.Quantiles) != 3 || ttd.Quantiles[0].Value != 213 || ttd.Quantiles[1].Value != 412 || !near(ttd.Quantiles[2].Value, 755.4) {
		t.Errorf("US 2009: CR %v/%v, DT %v = %s, TTD %+v", cr.Numerator, cr.Denominator, dt.Numerator, show(dt.Value), ttd.Quantiles)
	}
}

func checkRatio(t *testing.T, at string, v indicator.Value, num, den int, want *float64) {
	t.Helper()
	if v.Numerator != float64(num) || v.Denominator != float64(den) || !sameValue(v.Value, want) {
		t.Errorf("%s %s: %v/%v = %s, want %d/%d = %s", at, v.Indicator, v.Numerator, v.Denominator, show(v.Value), num, den, show(want))
	}
}

func checkTTD(t *testing.T, at string, v indicator.Value, f yearFigures, d *indicator.Distribution) {
	t.Helper()
	sum := 0
	for _, x := range f.days {
		sum += x
	}
	var median *float64
	if len(f.days) > 0 {
		m := percentile(f.days, 0.5)
		median = &m
	}
	if v.Denominator != float64(f.resolved) || v.Numerator != float64(sum) || !sameValue(v.Value, median) ||
		len(v.Quantiles) != len(d.Quantiles) || len(v.Tiers) != len(d.Tiers) {
		t.Errorf("%s TTD: %v closed, %v days, median %s; want %d, %d, %s", at, v.Denominator, v.Numerator, show(v.Value), f.resolved, sum, show(median))
		return
	}
	if len(f.days) == 0 {
		return
	}
	for i, q := range d.Quantiles {
		if want := percentile(f.days, q); v.Quantiles[i].Q != q || !near(v.Quantiles[i].Value, want) {
			t.Errorf("%s TTD p%v: %v, want %v", at, q*100, v.Quantiles[i].Value, want)
		}
	}
	for i, within := range d.Tiers {
		n := countIf(f.days, func(x int) bool { return x <= within })
		if tr := v.Tiers[i]; tr.Within != within || tr.Count != float64(n) || !sameValue(tr.Percent, ratio(n, f.resolved, 100)) {
			t.Errorf("%s TTD within %d days: %+v, want %d", at, within, tr, n)
		}
	}
}

func checkAGE(t *testing.T, at string, v indicator.Value, f yearFigures, d *indicator.Distribution) {
	t.Helper()
	over := countIf(f.ages, func(x int) bool { return x > d.Standard })
	checkRatio(t, at, v, over, f.pending, ratio(over, f.pending, 100))
	if len(v.Buckets) != len(d.Buckets)+1 {
		t.Errorf("%s AGE: buckets %+v", at, v.Buckets)
		return
	}
	from := 0
	for i, b := range v.Buckets {
		to := math.MaxInt
		if i < len(d.Buckets) {
			to = d.Buckets[i]
		}
		// The first bucket holds ages 0 to its bound; the others (from, to].
		n := countIf(f.ages, func(x int) bool { return (x > from || i == 0) && x <= to })
		if b.From != from || (i < len(d.Buckets) && b.To != to) || b.Count != float64(n) {
			t.Errorf("%s AGE bucket %d: %+v, want %d in (%d, %d]", at, i, b, n, from, to)
		}
		from = to
	}
}
