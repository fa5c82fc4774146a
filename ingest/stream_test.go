package ingest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// readAll returns the lines of a file as ReadLines gives them.
func readAll(t *testing.T, path string) []Line {
	t.Helper()
	var out []Line
	if err := ReadLines(path, func(l Line) error { out = append(out, l); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStreamMatchesRun: the small files ingested as batches of lines — reference data last, in
// reverse order, in small batches — end in the same store as a run over the files.
func TestStreamMatchesRun(t *testing.T) {
	files := []string{"testdata/small/hr.jsonl", "testdata/small/cms.jsonl"}
	want := newEnv(t, Options{})
	want.run(files...)

	e := newEnv(t, Options{})
	s, err := e.in.Stream(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	refs := readAll(t, files[0])
	for i, j := 0, len(refs)-1; i < j; i, j = i+1, j-1 {
		refs[i], refs[j] = refs[j], refs[i]
	}
	ordered := OrderReferences(refs)
	if k := SniffKind(ordered[0].Data); k != qingfeng.KindCourt {
		t.Fatalf("ordered references start with a %s", k)
	}
	for i := 0; i < len(ordered); i += 4 {
		if _, err := s.Ingest(context.Background(), ordered[i:min(i+4, len(ordered))]); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := s.Ingest(context.Background(), readAll(t, files[1]))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != 0 {
		t.Fatalf("casework rejected: %+v; quarantine %+v", sum.Reasons, e.quarantine())
	}
	for _, k := range []qingfeng.Kind{qingfeng.KindCourt, qingfeng.KindDivision, qingfeng.KindPerson, qingfeng.KindCase, qingfeng.KindEvent} {
		a, b := counts(t, want), counts(t, e)
		if a.Kinds[k] != b.Kinds[k] {
			t.Errorf("%s: run stored %d, stream %d", k, a.Kinds[k], b.Kinds[k])
		}
	}
	// The lines' origins are what quarantine and the log name.
	if l := ordered[0]; !strings.HasSuffix(l.Origin.File, "hr.jsonl") || l.Origin.Line < 1 {
		t.Errorf("origin %v", l)
	}
}

// TestStreamReload: a stream validates against the reference data it knows; what another
// ingester committed meanwhile counts only after Reload.
func TestStreamReload(t *testing.T) {
	e := newEnv(t, Options{})
	s, err := e.in.Stream(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	e.run("testdata/small/hr.jsonl") // another writer loads the courts and staff
	cases := readAll(t, "testdata/small/cms.jsonl")[:1]
	cases[0].Origin.File = "msg"
	sum, err := s.Ingest(context.Background(), cases)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != 1 || sum.Reasons["ref.unknown"] != 1 {
		t.Fatalf("before reload: %+v", sum)
	}
	if err := s.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	sum, err = s.Ingest(context.Background(), cases)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 1 || sum.Resolved != 1 {
		t.Fatalf("after reload: %+v", sum)
	}
}

// TestStreamConcurrentBatches: casework batches from several goroutines, reference batches
// among them, all land once.
func TestStreamConcurrentBatches(t *testing.T) {
	e := newEnv(t, Options{})
	e.run("testdata/small/hr.jsonl")
	s, err := e.in.Stream(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			line := fmt.Sprintf(`{"kind":"event","src":"cms","src_id":"ev-%d","case_number":"（2024）闽0102民初1号","type":"note","at":"2024-02-0%dT09:00:00+08:00"}`, i, i+1)
			_, err := s.Ingest(context.Background(), []Line{{Origin: qingfeng.Origin{File: "m", Line: i}, Data: []byte(line)}})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			line := fmt.Sprintf(`{"kind":"lawyer","src":"hr","src_id":"lw-%d","id":"lw-%d","name":"律师%d"}`, i, i, i)
			_, err := s.Ingest(context.Background(), []Line{{Origin: qingfeng.Origin{File: "r", Line: i}, Data: []byte(line)}})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	c := counts(t, e)
	base := newEnv(t, Options{})
	base.run("testdata/small/hr.jsonl")
	b := counts(t, base)
	if c.Kinds[qingfeng.KindEvent] != n || c.Kinds[qingfeng.KindLawyer] != b.Kinds[qingfeng.KindLawyer]+n {
		t.Fatalf("events %d, lawyers %d (base %d)", c.Kinds[qingfeng.KindEvent], c.Kinds[qingfeng.KindLawyer], b.Kinds[qingfeng.KindLawyer])
	}
}

// TestReadLinesAndFiles: lines come with their numbers, blank ones skipped, and Files expands
// folders as a run does.
func TestReadLinesAndFiles(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/a.jsonl"
	if err := os.WriteFile(path, []byte("\xef\xbb\xbf{\"kind\":\"court\"}\n\n  {\"kind\":\"case\"}  \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{"manifest.json", "truth.jsonl", "b.txt"} {
		if err := os.WriteFile(dir+"/"+side, []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lines := readAll(t, path)
	if len(lines) != 2 || lines[0].Origin.Line != 1 || lines[1].Origin.Line != 3 || string(lines[1].Data) != `{"kind":"case"}` {
		t.Fatalf("lines %q", lines)
	}
	if !IsReference(lines[0].Data) || IsReference(lines[1].Data) {
		t.Error("IsReference")
	}
	files, err := Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0] != path {
		t.Fatalf("files %v", files)
	}
}

func counts(t *testing.T, e *env) store.Counts {
	t.Helper()
	c, err := e.st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}
