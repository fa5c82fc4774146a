package indicator

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/gen"
)

// sourceFiles are a generated province's files, reference data first, as ingest reads them.
var sourceFiles = []string{"hr.jsonl", "cms.jsonl", "exec.jsonl", "funds.jsonl", "petition.jsonl",
	"commute.jsonl", "review.jsonl", "mediation.jsonl"}

var (
	provMu    sync.Mutex
	provinces = map[[2]int64]string{}
	provRoot  string
)

// province generates (once per test binary) a province of n matters with seed and returns
// its directory.
func province(t testing.TB, n int, seed int64) string {
	t.Helper()
	provMu.Lock()
	defer provMu.Unlock()
	if dir, ok := provinces[[2]int64{int64(n), seed}]; ok {
		return dir
	}
	if provRoot == "" {
		d, err := os.MkdirTemp("", "indicator-prov-")
		if err != nil {
			t.Fatal(err)
		}
		provRoot = d
	}
	cfg := gen.DefaultConfig()
	cfg.Matters, cfg.Seed = n, seed
	cfg.Out = filepath.Join(provRoot, filepath.Base(t.Name())+"-"+itoa(n)+"-"+itoa(int(seed)))
	if _, err := gen.Run(context.Background(), cfg, nil); err != nil {
		t.Fatal(err)
	}
	provinces[[2]int64{int64(n), seed}] = cfg.Out
	return cfg.Out
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

// readChanges decodes a province's records in file order, numbering them as a log would.
func readChanges(t testing.TB, dir string) []feed.Change {
	t.Helper()
	var out []feed.Change
	for _, name := range sourceFiles {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			k, v, err := qingfeng.DecodeBody(sc.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, feed.Change{Seq: int64(len(out) + 1), Key: k, Value: v})
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := NewDefault(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// buildFrom loads changes into a fresh engine in bulk.
func buildFrom(t testing.TB, changes []feed.Change) *Engine {
	e := newTestEngine(t)
	b := e.Build()
	for _, ch := range changes {
		b.Add(ch)
	}
	b.Finish()
	return e
}

func TestMain(m *testing.M) {
	code := m.Run()
	if provRoot != "" {
		os.RemoveAll(provRoot)
	}
	os.Exit(code)
}
