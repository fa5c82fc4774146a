package gen

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkGenerate generates 5,000 matters per iteration (default config otherwise) and
// reports matters and records per second. For the full-size figures run the CLI with
// --matters 100000 or 1000000 (gen/README.md lists measured ones).
func BenchmarkGenerate(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Matters = 5000
	records, bytes := 0, int64(0)
	for i := 0; b.Loop(); i++ {
		cfg.Out = filepath.Join(b.TempDir(), "out")
		m, err := Run(b.Context(), cfg, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, n := range m.Files {
			records += n
		}
		bytes += dirSize(b, cfg.Out)
	}
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(cfg.Matters*b.N)/s, "matters/s")
	b.ReportMetric(float64(records)/s, "records/s")
	b.ReportMetric(float64(bytes)/s/1e6, "MB/s")
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	for _, name := range append(fileNames[:], "manifest.json") {
		fi, err := statFile(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		n += fi
	}
	return n
}

func statFile(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}
