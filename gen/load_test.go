package gen

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

// Generated data sets are shared between tests of one run: generating is the slow part.
var (
	genMu    sync.Mutex
	genCache = map[string]*dataset{}
	genRoot  string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "qingfeng-gen-test-")
	if err != nil {
		panic(err)
	}
	genRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// dataset is a generated directory read back.
type dataset struct {
	dir       string
	man       *Manifest
	cases     map[string]*qingfeng.Case // final revision by case number
	caseSrc   map[string]string
	revisions map[string]int
	events    map[string][]*qingfeng.Event // by case number, file order per source
	people    map[string]*qingfeng.Person
	courts    map[string]*qingfeng.Court
	divisions map[string]*qingfeng.Division
	lawyers   map[string]*qingfeng.Lawyer
	relatives []*qingfeng.Relative
	meds      []*qingfeng.Mediation
	truth     []truthLine
}

// generated returns the data set for a config, generating it once per test run.
func generated(t testing.TB, name string, cfg Config) *dataset {
	t.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	if d, ok := genCache[name]; ok {
		return d
	}
	cfg.Out = filepath.Join(genRoot, name)
	man, err := Run(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("generate %s: %v", name, err)
	}
	d := readDataset(t, cfg.Out)
	d.man = man
	genCache[name] = d
	return d
}

func smallConfig(n int) Config {
	cfg := DefaultConfig()
	cfg.Matters = n
	cfg.Seed = 7
	return cfg
}

// eachLine calls fn for every line of a generated file.
func eachLine(t testing.TB, path string, fn func(n int, line []byte)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		fn(n, sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// strictDecode decodes a record body into its envelope and payload, refusing unknown fields:
// a body must hold exactly the envelope and the fields of the domain type of its kind.
func strictDecode(kind qingfeng.Kind, line []byte) error {
	var v any
	switch kind {
	case qingfeng.KindCourt:
		v = &struct {
			qingfeng.Key
			qingfeng.Court
		}{}
	case qingfeng.KindDivision:
		v = &struct {
			qingfeng.Key
			qingfeng.Division
		}{}
	case qingfeng.KindPerson:
		v = &struct {
			qingfeng.Key
			qingfeng.Person
		}{}
	case qingfeng.KindRelative:
		v = &struct {
			qingfeng.Key
			qingfeng.Relative
		}{}
	case qingfeng.KindLawyer:
		v = &struct {
			qingfeng.Key
			qingfeng.Lawyer
		}{}
	case qingfeng.KindCase:
		v = &struct {
			qingfeng.Key
			qingfeng.Case
		}{}
	case qingfeng.KindEvent:
		v = &struct {
			qingfeng.Key
			qingfeng.Event
		}{}
	case qingfeng.KindMediation:
		v = &struct {
			qingfeng.Key
			qingfeng.Mediation
		}{}
	default:
		return fmt.Errorf("unknown kind %q", kind)
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func readDataset(t testing.TB, dir string) *dataset {
	t.Helper()
	d := &dataset{dir: dir, cases: map[string]*qingfeng.Case{}, caseSrc: map[string]string{}, revisions: map[string]int{},
		events: map[string][]*qingfeng.Event{}, people: map[string]*qingfeng.Person{}, courts: map[string]*qingfeng.Court{},
		divisions: map[string]*qingfeng.Division{}, lawyers: map[string]*qingfeng.Lawyer{}}
	for _, name := range fileNames {
		eachLine(t, filepath.Join(dir, name), func(n int, line []byte) {
			if name == "truth.jsonl" {
				var tl truthLine
				if err := json.Unmarshal(line, &tl); err != nil {
					t.Fatalf("%s:%d: %v", name, n, err)
				}
				d.truth = append(d.truth, tl)
				return
			}
			var k qingfeng.Key
			if err := json.Unmarshal(line, &k); err != nil {
				t.Fatalf("%s:%d: %v", name, n, err)
			}
			switch k.Kind {
			case qingfeng.KindCase:
				var c qingfeng.Case
				mustUnmarshal(t, name, n, line, &c)
				d.cases[c.Number] = &c
				d.caseSrc[c.Number] = k.Src
				d.revisions[c.Number]++
			case qingfeng.KindEvent:
				var e qingfeng.Event
				mustUnmarshal(t, name, n, line, &e)
				d.events[e.CaseNumber] = append(d.events[e.CaseNumber], &e)
			case qingfeng.KindPerson:
				var p qingfeng.Person
				mustUnmarshal(t, name, n, line, &p)
				d.people[p.ID] = &p
			case qingfeng.KindCourt:
				var c qingfeng.Court
				mustUnmarshal(t, name, n, line, &c)
				d.courts[c.ID] = &c
			case qingfeng.KindDivision:
				var v qingfeng.Division
				mustUnmarshal(t, name, n, line, &v)
				d.divisions[v.ID] = &v
			case qingfeng.KindLawyer:
				var l qingfeng.Lawyer
				mustUnmarshal(t, name, n, line, &l)
				d.lawyers[l.ID] = &l
			case qingfeng.KindRelative:
				var r qingfeng.Relative
				mustUnmarshal(t, name, n, line, &r)
				d.relatives = append(d.relatives, &r)
			case qingfeng.KindMediation:
				var m qingfeng.Mediation
				mustUnmarshal(t, name, n, line, &m)
				d.meds = append(d.meds, &m)
			default:
				t.Fatalf("%s:%d: unexpected kind %q", name, n, k.Kind)
			}
		})
	}
	return d
}

func mustUnmarshal(t testing.TB, name string, n int, line []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(line, v); err != nil {
		t.Fatalf("%s:%d: %v", name, n, err)
	}
}
