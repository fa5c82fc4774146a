package gen

import (
	"fmt"
	"io/fs"
	"runtime"

	"github.com/qingfeng-court/qingfeng"
)

// Config says what to generate. The output depends on every field except Workers and Out.
type Config struct {
	Matters int    // root matters (案) to generate
	Seed    int64  // the same seed and config give byte-identical output
	Out     string // output directory, created if missing
	// From is the first filing date of a root matter; AsOf the day whose state the data shows
	// (later events are not written; proceedings still open then are pending).
	From, AsOf qingfeng.Date
	// Rates overrides the default rate of anomalies by name (see Anomalies); 0 disables one.
	Rates map[string]float64
	// Workers is the number of goroutines that generate and encode matters; 0 means GOMAXPROCS.
	Workers int
	// Data holds the data files (data/*.yaml); nil means the embedded set.
	Data fs.FS
}

// DefaultConfig returns the standard province: 10,000 matters from 2022-01-01, as of
// 2026-09-30 (fixed dates, so that a seed always means the same data).
func DefaultConfig() Config {
	return Config{
		Matters: 10000,
		Seed:    1,
		From:    qingfeng.NewDate(2022, 1, 1),
		AsOf:    qingfeng.NewDate(2026, 9, 30),
	}
}

func (c *Config) normalise() error {
	if c.Matters <= 0 {
		return fmt.Errorf("gen: matters must be positive, got %d", c.Matters)
	}
	if c.From.IsZero() || c.AsOf.IsZero() || c.AsOf < c.From+60 {
		return fmt.Errorf("gen: as-of %s must be at least 60 days after from %s", c.AsOf, c.From)
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Data == nil {
		c.Data = embedded
	}
	for name, r := range c.Rates {
		if anomalyIndex(name) < 0 {
			return fmt.Errorf("gen: unknown anomaly %q", name)
		}
		if r < 0 || r > 1 {
			return fmt.Errorf("gen: rate of %s must be between 0 and 1, got %v", name, r)
		}
	}
	return nil
}
