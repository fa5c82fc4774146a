package risk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
)

// Options tune an engine. The zero value is usable.
type Options struct {
	// Name is the engine's name in the store (its position and timers); default "risk".
	Name string
	// Now is the engine's clock: the day rules are evaluated for. Default: today in China
	// Standard Time. The engine's day never goes back (Tick with an earlier day is ignored).
	Now func() qingfeng.Date
	// Grace is how many days after a deadline an absence waits for events a source sends late.
	Grace int
	// Rules restricts the engine to these rule ids (all enabled rules when empty).
	Rules []string
	// At is the wall clock of warnings and history; default time.Now.
	At     func() time.Time
	Logger *slog.Logger
	// Workers is how many cores a large step (a backfill, a big batch) uses; default
	// runtime.GOMAXPROCS. 1 runs every step on one; the warnings are the same either way.
	Workers int
}

// Today returns the current day in China Standard Time, the engine's default clock.
func Today() qingfeng.Date { return qingfeng.DateOf(time.Now().In(cst)) }

var cst = time.FixedZone("CST", 8*3600)

// Engine evaluates a rule pack over the record log and keeps the warnings.
type Engine struct {
	pack *rules.Pack
	ws   store.Warnings
	cal  *calendar.Calendar
	lim  *calendar.Limits
	opts Options
	log  *slog.Logger

	caseRules []*rules.Rule
	aggRules  []*rules.Rule
	rules     []*rules.Rule  // both
	index     map[string]int // rule id → index in caseRules or aggRules

	mu      sync.Mutex
	evs     []*rules.Evaluator // one per core
	st      *state
	seq     int64
	now     qingfeng.Date
	marks   map[string]*mark
	timers  *timers
	groups  []map[string]*group // per aggregate rule
	touched []map[string]bool   // per aggregate rule: the groups whose items changed since the last step
	loaded  bool
	pending []string // warnings to withdraw at the next step (their rule is gone)
}

// mark is the engine's memory of a stored warning.
type mark struct {
	id       int64
	severity qingfeng.Severity
	hits     int
	raised   bool
	fp       string // what the warning's snapshot was made from, to notice a change
}

// group is one group of an aggregate rule: the items of every proceeding in it.
type group struct {
	items map[string][]rules.Item // by proceeding
}

// NewEngine returns an engine evaluating pack (its enabled rules, or opts.Rules) that keeps its
// warnings, timers and position in ws, counting working days on cal and limits from lim.
func NewEngine(pack *rules.Pack, ws store.Warnings, cal *calendar.Calendar, lim *calendar.Limits, opts Options) *Engine {
	if opts.Name == "" {
		opts.Name = "risk"
	}
	if opts.Now == nil {
		opts.Now = Today
	}
	if opts.At == nil {
		opts.At = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	e := &Engine{pack: pack, ws: ws, cal: cal, lim: lim, opts: opts, log: opts.Logger, index: map[string]int{},
		st: newState(), marks: map[string]*mark{}, timers: newTimers(nil)}
	e.evs = evaluators(cal, lim, opts.Workers)
	e.now = opts.Now()
	for _, r := range pack.Rules {
		if len(opts.Rules) > 0 && !contains(opts.Rules, r.ID) || len(opts.Rules) == 0 && !r.Enabled {
			continue
		}
		if r.IsAggregate() {
			e.index[r.ID] = len(e.aggRules)
			e.aggRules = append(e.aggRules, r)
			e.groups = append(e.groups, map[string]*group{})
			e.touched = append(e.touched, map[string]bool{})
		} else {
			e.index[r.ID] = len(e.caseRules)
			e.caseRules = append(e.caseRules, r)
		}
		e.rules = append(e.rules, r)
	}
	return e
}

// evaluators returns an evaluator per worker: evaluation reads the state on every core at once.
func evaluators(cal *calendar.Calendar, lim *calendar.Limits, n int) []*rules.Evaluator {
	out := make([]*rules.Evaluator, n)
	for i := range out {
		out[i] = rules.NewEvaluator(cal, lim)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Pack returns the engine's rule pack.
func (e *Engine) Pack() *rules.Pack { return e.pack }

// Position returns the last log sequence the engine has processed and its day.
func (e *Engine) Position() (int64, qingfeng.Date) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.seq, e.now
}

// Load brings the engine up to date with the store st: it reads its saved position, warnings
// and timers, replays the log up to that position to rebuild its memory (without evaluating),
// evaluates everything after it and every timer due, and saves the result.
func (e *Engine) Load(ctx context.Context, st store.Store) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reset()
	rs, err := e.ws.RiskState(ctx, e.opts.Name)
	if err != nil {
		return fmt.Errorf("risk: load: %w", err)
	}
	e.seq, e.now = rs.Seq, max(rs.Now, e.opts.Now())
	ms, err := e.ws.WarningMarks(ctx)
	if err != nil {
		return fmt.Errorf("risk: load: %w", err)
	}
	for _, m := range ms {
		e.marks[m.Key] = &mark{id: m.ID, severity: m.Severity, hits: m.Hits, raised: m.Raised}
	}
	ts, err := e.ws.Timers(ctx, e.opts.Name)
	if err != nil {
		return fmt.Errorf("risk: load: %w", err)
	}
	e.timers = newTimers(ts)
	saved := e.seq
	// A pack other than the one the warnings were raised with (a rule changed, a threshold
	// moved, a rule switched off) means evaluating everything again.
	repack := saved > 0 && rs.Pack != e.digest()
	crossed := saved == 0
	last, err := feed.New(st).CatchUp(ctx, 0, 20000, func(cs []feed.Change) error {
		pre := e.st.prepare(cs, len(e.evs))
		for i, c := range cs {
			if !crossed && c.Seq > saved {
				// Everything up to the saved position was evaluated before: only what the
				// log holds after it needs evaluating.
				crossed = true
				e.st.clean()
			}
			e.st.apply(c, preparedAt(pre, i))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("risk: load: %w", err)
	}
	if !crossed {
		e.st.clean()
	}
	if repack {
		e.st.allDirty = true
	}
	e.restoreRaised()
	e.restoreItems()
	e.loaded = true
	e.seq = max(saved, last)
	e.pending = e.orphans()
	return e.step(ctx, e.timers.popDue(e.now))
}

// digest identifies the rules the engine runs: the pack's text and the choice of rules.
func (e *Engine) digest() string {
	d := e.pack.Digest
	for _, r := range e.rules {
		d += "|" + r.ID
	}
	sum := sha256.Sum256([]byte(d))
	return hex.EncodeToString(sum[:12])
}

// orphans are the raised warnings of rules the pack no longer has or has switched off: they
// are withdrawn at the next step.
func (e *Engine) orphans() []string {
	var out []string
	for key, m := range e.marks {
		rule, _, _ := strings.Cut(key, "|")
		if r := e.pack.Rule(rule); m.raised && (r == nil || !r.Enabled && len(e.opts.Rules) == 0) {
			out = append(out, key)
		}
	}
	slices.Sort(out)
	return out
}

// reset forgets everything the engine holds in memory.
func (e *Engine) reset() {
	e.evs, e.st, e.marks, e.timers, e.loaded = evaluators(e.cal, e.lim, e.opts.Workers), newState(), map[string]*mark{}, newTimers(nil), false
	for i := range e.groups {
		e.groups[i] = map[string]*group{}
		clear(e.touched[i])
	}
}

// restoreRaised records on each proceeding which of its rules have a raised warning.
func (e *Engine) restoreRaised() {
	for key, m := range e.marks {
		rule, subject, _ := strings.Cut(key, "|")
		i, ok := e.index[rule]
		if !ok || !m.raised || e.isAgg(rule) {
			continue
		}
		cs := e.st.get(subject)
		if cs.raised == nil {
			cs.raised = map[int]bool{}
		}
		cs.raised[i] = true
	}
}

func (e *Engine) isAgg(rule string) bool {
	i, ok := e.index[rule]
	return ok && i < len(e.aggRules) && e.aggRules[i].ID == rule
}

// Apply folds committed changes (in log order) into the engine, evaluates what they touch and
// saves the warnings, timers and position in one step.
func (e *Engine) Apply(ctx context.Context, changes []feed.Change) error {
	if len(changes) == 0 {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	// Changes up to the engine's position were applied already (a feed that restarted from an
	// older position): fold skips them.
	e.seq = e.st.fold(changes, e.seq, len(e.evs))
	return e.step(ctx, nil)
}

// Tick advances the engine's day to now (never back) and evaluates the proceedings whose
// timers are due.
func (e *Engine) Tick(ctx context.Context, now qingfeng.Date) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if now > e.now {
		e.now = now
	}
	due := e.timers.popDue(e.now)
	if len(due) == 0 {
		return nil
	}
	return e.step(ctx, due)
}

// Run follows f from the engine's position (Load must have been called), applying each batch
// as it commits, and ticks the clock every minute, until ctx ends (it then returns nil) or a
// step fails.
func (e *Engine) Run(ctx context.Context, f *feed.Feed) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	seq, _ := e.Position()
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := e.Tick(ctx, e.opts.Now()); err != nil && ctx.Err() == nil {
					e.log.Error("risk: tick", "err", err)
				}
			}
		}
	}()
	err := f.Follow(ctx, seq, func(cs []feed.Change) error { return e.Apply(ctx, cs) })
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
