package gen

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/qingfeng-court/qingfeng"
)

// chunkSize is how many consecutive matters travel together through the pipeline.
const chunkSize = 64

// newWorld loads the data files and builds the province's reference data.
func newWorld(cfg Config) (*world, error) {
	if err := loadCaseTypes(); err != nil {
		return nil, err
	}
	p, err := loadProfile(cfg.Data)
	if err != nil {
		return nil, err
	}
	cd, err := loadCourts(cfg.Data)
	if err != nil {
		return nil, err
	}
	names, err := loadNames(cfg.Data)
	if err != nil {
		return nil, err
	}
	causes, err := loadCauses(cfg.Data)
	if err != nil {
		return nil, err
	}
	anoms, err := loadAnomalies(cfg.Data)
	if err != nil {
		return nil, err
	}
	w := &world{cfg: cfg, p: p, names: names, causes: causes, anomalies: anoms}
	for i, a := range anoms {
		w.rates[i] = a.Rate
		if r, ok := cfg.Rates[a.Name]; ok {
			w.rates[i] = r
		}
	}
	w.tl = newTimeline(cfg.From, cfg.AsOf, &p.Volume.Years, &p.Volume.Months)
	w.buildCourts(cd)
	loads, slots := w.size()
	w.buildPeople(loads)
	w.buildLawyers(slots)
	return w, nil
}

// size runs the matter generator over a sample of matters without people, to learn how many
// proceedings each division will handle per year and how many agents each city's bar will
// supply, so that judges and lawyers can be scaled to the workload.
func (w *world) size() (loads, slots []float64) {
	w.sizing = true
	defer func() { w.sizing = false }()
	w.relLawyersByCourt = make([][]int, len(w.courts))
	w.formerByCourt = make([][]int, len(w.courts))
	n := w.cfg.Matters
	k := min(n, 4000)
	st := &chunkStats{divLoad: make([]int, len(w.divs)), slots: make([]int, len(w.cities))}
	for s := 0; s < k; s++ {
		w.genMatter(s*n/k, st)
	}
	scale := float64(n) / float64(k) * 365 / float64(w.cfg.AsOf-w.cfg.From)
	loads = make([]float64, len(w.divs))
	for i, c := range st.divLoad {
		loads[i] = float64(c) * scale
	}
	slots = make([]float64, len(w.cities))
	for i, c := range st.slots {
		slots[i] = float64(c) * scale
	}
	return loads, slots
}

// chunk is a run of consecutive matters on its way through the pipeline.
type chunk struct {
	idx     int
	lo, hi  int
	matters []*matter
	stats   chunkStats
	out     output
	planned chan struct{}
	encoded chan struct{}
}

// Run generates the province described by cfg into cfg.Out and returns its manifest.
// progress, if not nil, is called with the number of matters written so far.
func Run(ctx context.Context, cfg Config, progress func(done int)) (*Manifest, error) {
	if err := cfg.normalise(); err != nil {
		return nil, err
	}
	if cfg.Out == "" {
		return nil, fmt.Errorf("gen: no output directory")
	}
	w, err := newWorld(cfg)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	var files [numFiles]*os.File
	var bw [numFiles]*bufio.Writer
	for i, name := range fileNames {
		f, err := os.Create(filepath.Join(cfg.Out, name))
		if err != nil {
			closeAll(files[:])
			return nil, fmt.Errorf("gen: %w", err)
		}
		files[i], bw[i] = f, bufio.NewWriterSize(f, 1<<20)
	}
	m, err := w.generate(ctx, bw, progress)
	for i := range bw {
		if ferr := bw[i].Flush(); ferr != nil && err == nil {
			err = fmt.Errorf("gen: write %s: %w", fileNames[i], ferr)
		}
		if cerr := files[i].Close(); cerr != nil && err == nil {
			err = fmt.Errorf("gen: close %s: %w", fileNames[i], cerr)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := m.write(cfg.Out); err != nil {
		return nil, fmt.Errorf("gen: write manifest: %w", err)
	}
	slog.Debug("gen: done", "matters", m.Matters, "proceedings", m.Proceedings, "dir", cfg.Out)
	return m, nil
}

func closeAll(fs []*os.File) {
	for _, f := range fs {
		if f != nil {
			f.Close()
		}
	}
}

// generate runs the pipeline: workers plan chunks of matters in parallel, the sequencer
// numbers them in order, workers encode them in parallel, and this goroutine writes them in
// order. Channels bound how many chunks are in flight, so memory does not grow with the run.
func (w *world) generate(ctx context.Context, bw [numFiles]*bufio.Writer, progress func(int)) (*Manifest, error) {
	out := &tally{bw: bw, kinds: map[qingfeng.Kind]int{}}
	ref := output{kinds: map[qingfeng.Kind]int{}}
	w.encodeReference(&ref)
	if err := out.write(&ref); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	seq := newSequencer(w)
	writeQ, wait := w.startPipeline(ctx, seq)
	var pending []deferredRec
	done := 0
	for c := range writeQ {
		<-c.encoded
		if out.err != nil || ctx.Err() != nil {
			continue // drain, so that the pipeline ends
		}
		if err := out.write(&c.out); err != nil {
			continue
		}
		pending = append(pending, c.out.deferred...)
		pending = out.flushDeferred(pending, c.idx)
		for a := range out.eligible {
			out.eligible[a] += c.stats.eligible[a]
			out.anoms[a] += c.out.anoms[a]
		}
		out.procs += c.out.procs
		out.revised += c.out.revised
		done += c.hi - c.lo
		c.out = output{}
		if progress != nil {
			progress(done)
		}
	}
	wait()
	if out.err != nil {
		return nil, out.err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out.flushDeferred(pending, 1<<62)
	cl, cells, judgeHalves := seq.clusterTruth()
	for _, t := range cl {
		out.line(fTruth, mustJSON(t))
		out.anoms[anomalyIndex(t.Anomaly)]++
	}
	out.eligible[aDesignatedCluster], out.eligible[aComplaintCluster] = cells, judgeHalves
	if out.err != nil {
		return nil, out.err
	}
	return w.manifest(out, seq), nil
}

// startPipeline starts the feeder, the planning and encoding workers and the sequencer; it
// returns the chunks in index order and a function that waits for the workers.
func (w *world) startPipeline(ctx context.Context, seq *sequencer) (<-chan *chunk, func()) {
	cfg := w.cfg
	inFlight := 2*cfg.Workers + 2
	planQ := make(chan *chunk, inFlight)
	encQ := make(chan *chunk, inFlight)
	seqQ := make(chan *chunk, inFlight)
	writeQ := make(chan *chunk, inFlight)
	var wg sync.WaitGroup
	for i := 0; i < cfg.Workers; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for c := range planQ {
				for j := c.lo; j < c.hi; j++ {
					c.matters = append(c.matters, w.genMatter(j, &c.stats))
				}
				close(c.planned)
			}
		}()
		go func() {
			defer wg.Done()
			for c := range encQ {
				c.out.kinds = map[qingfeng.Kind]int{}
				for _, m := range c.matters {
					w.encodeMatter(m, c.idx, &c.out)
				}
				c.matters = nil
				close(c.encoded)
			}
		}()
	}
	go func() { // feeder
		defer close(planQ)
		defer close(seqQ)
		nChunks := (cfg.Matters + chunkSize - 1) / chunkSize
		for k := 0; k < nChunks; k++ {
			c := &chunk{idx: k, lo: k * chunkSize, hi: min((k+1)*chunkSize, cfg.Matters),
				planned: make(chan struct{}), encoded: make(chan struct{})}
			select {
			case seqQ <- c:
			case <-ctx.Done():
				return
			}
			planQ <- c
		}
	}()
	go func() { // sequencer
		defer close(encQ)
		defer close(writeQ)
		for c := range seqQ {
			<-c.planned
			for _, m := range c.matters {
				seq.number(m)
			}
			encQ <- c
			writeQ <- c
		}
	}()
	return writeQ, wg.Wait
}

// tally writes encoded output and keeps the counts the manifest reports.
type tally struct {
	bw       [numFiles]*bufio.Writer
	lines    [numFiles]int
	kinds    map[qingfeng.Kind]int
	eligible [numAnomalies]int
	anoms    [numAnomalies]int
	procs    int
	revised  int
	err      error
}

func (t *tally) line(file int, b []byte) {
	if t.err != nil {
		return
	}
	if _, err := t.bw[file].Write(append(b, '\n')); err != nil {
		t.err = fmt.Errorf("gen: write %s: %w", fileNames[file], err)
	}
	t.lines[file]++
}

func (t *tally) write(o *output) error {
	for f := range o.buf {
		if t.err != nil {
			return t.err
		}
		if _, err := t.bw[f].Write(o.buf[f]); err != nil {
			t.err = fmt.Errorf("gen: write %s: %w", fileNames[f], err)
		}
		t.lines[f] += o.lines[f]
	}
	for k, n := range o.kinds {
		t.kinds[k] += n
	}
	return t.err
}

// manifest assembles manifest.json from the tallies.
func (w *world) manifest(t *tally, seq *sequencer) *Manifest {
	cfg := w.cfg
	m := &Manifest{Generator: Generator, Version: Version, Seed: cfg.Seed, Matters: cfg.Matters,
		From: cfg.From.String(), AsOf: cfg.AsOf.String(), Proceedings: t.procs, Revisions: t.revised,
		Counts: map[string]int{}, Files: map[string]int{}, Anomalies: map[string]int{}, Eligible: map[string]int{},
		Rates: map[string]float64{}, TypeCodes: map[string]int{}}
	for i, name := range fileNames {
		m.Files[name] = t.lines[i]
	}
	for k, n := range t.kinds {
		m.Counts[string(k)] = n
	}
	for a := range anomalyNames {
		m.Anomalies[anomalyNames[a]] = t.anoms[a]
		m.Eligible[anomalyNames[a]] = t.eligible[a]
		m.Rates[anomalyNames[a]] = w.rates[a]
	}
	for typ, n := range seq.typeCounts {
		m.TypeCodes[typ] = n
	}
	return m
}

// flushDeferred writes the held-back revisions due after chunk idx, in the order they were
// held back, and returns the rest.
func (t *tally) flushDeferred(pending []deferredRec, idx int) []deferredRec {
	rest := pending[:0]
	for _, d := range pending {
		if d.after > idx {
			rest = append(rest, d)
			continue
		}
		t.line(d.file, d.body)
	}
	return rest
}
