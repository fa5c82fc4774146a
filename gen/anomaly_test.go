package gen

import (
	"math"
	"testing"
)

func raisedConfig() Config {
	cfg := smallConfig(8000)
	cfg.Rates = map[string]float64{}
	for _, a := range Anomalies() {
		cfg.Rates[a.Name] = min(0.08, a.Rate*6)
	}
	return cfg
}

// Injected counts follow the configured rates: for each anomaly, the count is within four
// binomial standard deviations of rate × eligible units. Clusters only form when
// enough cases meet, so they are held to no more than their rate allows.
func TestAnomalyCountsFollowRates(t *testing.T) {
	d := generated(t, "raised", raisedConfig())
	for _, a := range Anomalies() {
		n := float64(d.man.Eligible[a.Name])
		p := d.man.Rates[a.Name]
		k := float64(d.man.Anomalies[a.Name])
		mean := n * p
		tol := 4*math.Sqrt(n*p*(1-p)) + 2
		t.Logf("%-32s eligible %6.0f rate %.3f injected %4.0f (expected %.1f)", a.Name, n, p, k, mean)
		switch a.Name {
		case "designated_cluster", "complaint_cluster":
			if k > mean+tol {
				t.Errorf("%s: %v clusters, more than rate × units allows (%.1f)", a.Name, k, mean)
			}
		default:
			if n < 30 {
				t.Errorf("%s: only %v eligible units in 8,000 matters", a.Name, n)
				continue
			}
			if math.Abs(k-mean) > tol {
				t.Errorf("%s: %v injected, expected %.1f ± %.1f", a.Name, k, mean, tol)
			}
		}
	}
}

// A rate of zero injects nothing of that anomaly, whatever the other rates.
func TestZeroRateDisablesAnomaly(t *testing.T) {
	cfg := raisedConfig()
	off := []string{"time_limit_exceeded", "late_filing", "payee_not_party", "designated_cluster"}
	for _, name := range off {
		cfg.Rates[name] = 0
	}
	d := generated(t, "raised-some-off", cfg)
	seen := map[string]int{}
	for _, tl := range d.truth {
		seen[tl.Anomaly]++
	}
	for _, name := range off {
		if seen[name] != 0 || d.man.Anomalies[name] != 0 {
			t.Errorf("%s injected %d times at rate 0", name, seen[name])
		}
		if d.man.Rates[name] != 0 {
			t.Errorf("manifest rate of %s is %v", name, d.man.Rates[name])
		}
	}
	if seen["deduction_undocumented"] == 0 || seen["late_appeal_transfer"] == 0 {
		t.Error("other anomalies vanished too")
	}
}

// Rates outside [0, 1] and unknown anomaly names are refused.
func TestBadRatesRefused(t *testing.T) {
	for _, rates := range []map[string]float64{{"no_such_anomaly": 0.1}, {"late_filing": 1.5}, {"late_filing": -0.1}} {
		cfg := smallConfig(10)
		cfg.Rates = rates
		cfg.Out = t.TempDir()
		if _, err := Run(t.Context(), cfg, nil); err == nil {
			t.Errorf("rates %v accepted", rates)
		}
	}
}
