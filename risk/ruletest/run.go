package ruletest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing/fstest"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/ingest"
	"github.com/qingfeng-court/qingfeng/risk"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
	"github.com/qingfeng-court/qingfeng/store/sqlite"
)

// TestsDir is where the default pack's tests are, under defs/.
const TestsDir = "rules/tests"

// Options say where the definitions come from and where stores are made.
type Options struct {
	Defs    fs.FS  // definitions laid out like defs/ (defs.Default(), or a court's overlay)
	Pack    string // the pack directory; default rules.DefaultPack
	TempDir string // where each test's store is created; default the system's
}

// RunDir runs every test file (*.yaml but reference files) in TestsDir of opts.Defs.
func RunDir(ctx context.Context, opts Options) ([]Result, error) {
	entries, err := fs.ReadDir(opts.Defs, TestsDir)
	if err != nil {
		return nil, fmt.Errorf("rule tests: %w", err)
	}
	sub, err := fs.Sub(opts.Defs, TestsDir)
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") || strings.HasPrefix(e.Name(), "reference") {
			continue
		}
		b, err := fs.ReadFile(sub, e.Name())
		if err != nil {
			return nil, err
		}
		res, err := RunFile(ctx, opts, path.Join(TestsDir, e.Name()), b, sub)
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	return out, nil
}

// RunFile runs the tests of one file (data, named name in results); its reference file is read
// from dir, and failing that from TestsDir of the definitions.
func RunFile(ctx context.Context, opts Options, name string, data []byte, dir fs.FS) ([]Result, error) {
	if opts.Pack == "" {
		opts.Pack = rules.DefaultPack
	}
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("rule tests %s: %w", name, err)
	}
	ref, err := reference(&f.Reference, dir, opts.Defs)
	if err != nil {
		return nil, fmt.Errorf("rule tests %s: reference: %w", name, err)
	}
	var out []Result
	for _, t := range f.Tests {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		res := Result{File: name, Test: t.Name}
		if len(t.Rules) == 0 {
			t.Rules = f.Rules
		}
		if err := run(ctx, opts, t, ref, &res); err != nil {
			res.Failures = append(res.Failures, err.Error())
		}
		out = append(out, res)
	}
	return out, nil
}

// reference reads the records every test of a file starts from.
func reference(n *yaml.Node, dir, defs fs.FS) ([]yaml.Node, error) {
	switch n.Kind {
	case 0:
		return nil, nil
	case yaml.SequenceNode:
		out := make([]yaml.Node, len(n.Content))
		for i, c := range n.Content {
			out[i] = *c
		}
		return out, nil
	}
	b, err := fs.ReadFile(dir, n.Value)
	if errors.Is(err, fs.ErrNotExist) && defs != nil {
		b, err = fs.ReadFile(defs, path.Join(TestsDir, n.Value))
	}
	if err != nil {
		return nil, err
	}
	var doc struct {
		Records []yaml.Node `yaml:"records"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", n.Value, err)
	}
	return doc.Records, nil
}

// run runs one test in a store of its own.
func run(ctx context.Context, opts Options, t Test, ref []yaml.Node, res *Result) error {
	steps := t.Steps
	if len(steps) == 0 {
		steps = []Step{{Now: t.Now, Records: t.Records, Expect: t.Expect, Withdrawn: t.Withdrawn}}
	}
	if len(t.Rules) == 0 {
		return fmt.Errorf("no rules under test (rules:)")
	}
	fsys, err := withParams(opts.Defs, t.Params)
	if err != nil {
		return err
	}
	tb, err := loadTables(fsys, opts.Pack, len(t.Params) == 0)
	if err != nil {
		return err
	}
	lim, cal, pack, types, codes := tb.lim, tb.cal, tb.pack, tb.types, tb.codes
	for _, id := range t.Rules {
		if pack.Rule(id) == nil {
			return fmt.Errorf("the pack has no rule %s", id)
		}
	}
	dir, err := os.MkdirTemp(opts.TempDir, "ruletest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(filepath.Join(dir, "qingfeng.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	hasher, err := ingest.NewHasher([]byte("rule tests use a fixed key; no identity is real"))
	if err != nil {
		return err
	}
	var now qingfeng.Date
	eng := risk.NewEngine(pack, st, cal, lim, risk.Options{Rules: t.Rules, Now: func() qingfeng.Date { return now }})
	counter := 0
	for i, s := range steps {
		if now, err = qingfeng.ParseDate(s.Now); err != nil {
			return fmt.Errorf("step %d: now: %w", i+1, err)
		}
		recs := s.Records
		if i == 0 {
			recs = append(slices.Clone(ref), recs...)
		}
		day := now
		in := ingest.New(st, types, codes, hasher, ingest.Options{Now: func() time.Time {
			if t := day.AddDays(1).Time(); t.After(time.Now()) {
				return t
			}
			return time.Now()
		}})
		if err := load(ctx, in, st, recs, &counter); err != nil {
			return fmt.Errorf("step %d: %w", i+1, err)
		}
		if i == 0 {
			err = eng.Load(ctx, st)
		} else {
			err = advance(ctx, eng, st, now)
		}
		if err != nil {
			return fmt.Errorf("step %d: %w", i+1, err)
		}
		if err := check(ctx, st, t.Rules, s, i+1, len(steps), res); err != nil {
			return err
		}
	}
	return nil
}

// tables are the definitions a test runs with.
type tables struct {
	lim   *calendar.Limits
	cal   *calendar.Calendar
	pack  *rules.Pack
	types *casenum.Types
	codes *codetable.Tables
}

var (
	tablesMu    sync.Mutex
	tablesCache = map[fs.FS]map[string]*tables{}
)

// loadTables loads the definitions, once per definitions and pack when shared is set (a test
// with parameters of its own has its own pack).
func loadTables(fsys fs.FS, pack string, shared bool) (*tables, error) {
	shared = shared && reflect.TypeOf(fsys).Comparable()
	if shared {
		tablesMu.Lock()
		defer tablesMu.Unlock()
		if t := tablesCache[fsys][pack]; t != nil {
			return t, nil
		}
	}
	t := &tables{}
	var err error
	if t.lim, err = calendar.LoadLimits(fsys); err != nil {
		return nil, err
	}
	if t.cal, err = calendar.LoadCalendar(fsys); err != nil {
		return nil, err
	}
	if t.pack, err = rules.Load(fsys, pack, t.lim); err != nil {
		return nil, err
	}
	if t.types, err = casenum.LoadTypes(fsys); err != nil {
		return nil, err
	}
	if t.codes, err = codetable.Load(fsys); err != nil {
		return nil, err
	}
	if shared {
		if tablesCache[fsys] == nil {
			tablesCache[fsys] = map[string]*tables{}
		}
		tablesCache[fsys][pack] = t
	}
	return t, nil
}

// load ingests records, failing on any the ingester rejects.
func load(ctx context.Context, in *ingest.Ingester, st store.Store, recs []yaml.Node, counter *int) error {
	if len(recs) == 0 {
		return nil
	}
	data, err := jsonl(recs, counter)
	if err != nil {
		return err
	}
	sum, err := in.RunReader(ctx, "test records", bytes.NewReader(data))
	if err != nil {
		return err
	}
	if sum.Rejected == 0 {
		return nil
	}
	q, err := st.Quarantine(ctx, store.QuarantineFilter{})
	if err != nil {
		return err
	}
	var why []string
	for _, r := range q {
		why = append(why, fmt.Sprintf("record %d: %s %s: %s", r.Line, r.Field, r.Value, r.ReasonEn))
	}
	return fmt.Errorf("%d records rejected: %s", sum.Rejected, strings.Join(why, "; "))
}

// advance moves the engine's day and gives it what was committed since its position.
func advance(ctx context.Context, eng *risk.Engine, st store.Store, now qingfeng.Date) error {
	if err := eng.Tick(ctx, now); err != nil {
		return err
	}
	seq, _ := eng.Position()
	_, err := feed.New(st).CatchUp(ctx, seq, 0, func(cs []feed.Change) error { return eng.Apply(ctx, cs) })
	return err
}

// check compares the warnings of the rules under test with a step's expectations.
func check(ctx context.Context, ws store.Warnings, ruleIDs []string, s Step, step, steps int, res *Result) error {
	list, _, err := ws.Warnings(ctx, store.WarningFilter{Rules: ruleIDs})
	if err != nil {
		return err
	}
	at := ""
	if steps > 1 {
		at = fmt.Sprintf("step %d: ", step)
	}
	byKey := map[string]qingfeng.Warning{}
	for _, w := range list {
		byKey[w.Rule+"|"+w.Subject] = w
	}
	wanted := map[string]bool{}
	for _, x := range s.Expect {
		k := x.Rule + "|" + x.subject()
		wanted[k] = true
		w, ok := byKey[k]
		switch {
		case !ok || w.State == qingfeng.StateWithdrawn:
			res.Failures = append(res.Failures, at+"expected "+x.String()+", not raised")
		case x.Severity != "" && string(w.Severity) != x.Severity:
			res.Failures = append(res.Failures, fmt.Sprintf("%s%s: severity %s", at, x, w.Severity))
		case x.Hits != 0 && w.Hits != x.Hits:
			res.Failures = append(res.Failures, fmt.Sprintf("%s%s: %d violations, want %d", at, x, w.Hits, x.Hits))
		case x.Message != "" && !strings.Contains(w.Message, x.Message) && !strings.Contains(w.MessageEn, x.Message):
			res.Failures = append(res.Failures, fmt.Sprintf("%s%s: message %q does not say %q", at, x, w.Message, x.Message))
		}
	}
	for _, x := range s.Withdrawn {
		k := x.Rule + "|" + x.subject()
		wanted[k] = true
		if w, ok := byKey[k]; !ok || w.State != qingfeng.StateWithdrawn {
			res.Failures = append(res.Failures, at+"expected "+x.String()+" to be withdrawn")
		}
	}
	for _, w := range list {
		if k := w.Rule + "|" + w.Subject; !wanted[k] && w.State != qingfeng.StateWithdrawn {
			res.Failures = append(res.Failures, fmt.Sprintf("%sunexpected %s on %s (%s): %s", at, w.Rule, w.Subject, w.Severity, w.Message))
		}
	}
	return nil
}

// withParams returns the definitions with a rules/params.yaml giving the test's parameters
// (replacing a court's own, so that a test depends on nothing but itself).
func withParams(defs fs.FS, params map[string]map[string]any) (fs.FS, error) {
	if len(params) == 0 {
		return defs, nil
	}
	type override struct {
		Rule   string         `yaml:"rule"`
		Params map[string]any `yaml:"params"`
	}
	var doc struct {
		Overrides []override `yaml:"overrides"`
	}
	ids := make([]string, 0, len(params))
	for id := range params {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		doc.Overrides = append(doc.Overrides, override{Rule: id, Params: params[id]})
	}
	b, err := yaml.Marshal(doc)
	if err != nil {
		return nil, err
	}
	return layered{top: fstest.MapFS{"rules/params.yaml": {Data: b}}, base: defs}, nil
}

// layered serves files from top first, then from base.
type layered struct{ top, base fs.FS }

func (l layered) Open(name string) (fs.File, error) {
	if f, err := l.top.Open(name); err == nil {
		if st, serr := f.Stat(); serr == nil && !st.IsDir() {
			return f, nil
		}
		f.Close()
	}
	return l.base.Open(name)
}
