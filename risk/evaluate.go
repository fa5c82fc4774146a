package risk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
)

// ErrReload is returned after a step failed to save: the engine's memory is ahead of the store
// and it must be loaded again (Load) before it can go on.
var ErrReload = errors.New("risk: the engine failed to save a step and must be loaded again")

// batch is one step being built: the store's batch, and the memory updates that follow once
// it is saved.
type batch struct {
	b     store.RiskBatch
	marks []pendingMark // one per change, in order
}

type pendingMark struct {
	key string
	m   mark
}

// step evaluates every dirty proceeding (and those whose timers fired), then the aggregate
// groups that changed, and saves the result with the engine's position.
func (e *Engine) step(ctx context.Context, popped []string) error {
	if !e.loaded {
		return ErrReload
	}
	bt := &batch{b: store.RiskBatch{Engine: e.opts.Name, At: e.opts.At()}}
	fired := map[string]bool{}
	for _, n := range popped {
		fired[n] = true
		e.st.dirty[n] = true
	}
	var targets []string
	if e.st.allDirty {
		for n := range e.st.cases {
			targets = append(targets, n)
		}
	} else {
		for n := range e.st.dirty {
			targets = append(targets, n)
		}
	}
	e.st.clean()
	slices.Sort(targets)
	outs := e.evaluate(targets)
	for _, o := range outs {
		e.record(o, bt, fired[o.cs.number])
	}
	e.contribute(outs)
	e.evalGroups(bt)
	for _, key := range e.pending {
		e.withdraw(key, bt, "规则已停用或已从规则包删除")
	}
	e.pending = nil
	bt.b.State = store.RiskState{Seq: e.seq, Now: e.now, Pack: e.digest()}
	ids, err := e.ws.SaveRisk(ctx, &bt.b)
	if err != nil {
		e.loaded = false
		return fmt.Errorf("%w: %w", ErrReload, err)
	}
	for i, pm := range bt.marks {
		m := pm.m
		if m.id == 0 {
			m.id = ids[i]
		}
		e.marks[pm.key] = &m
	}
	return nil
}

// context returns the rule context of a proceeding.
func (e *Engine) context(cs *caseState) *rules.Context {
	x := &rules.Context{Now: e.now, Case: cs.c, View: cs.view, Events: cs.events, Refs: e.st, Grace: e.opts.Grace}
	if ct := e.st.courts[cs.c.CourtID]; ct != nil {
		x.Country = ct.Country
	}
	if o := e.st.cases[cs.origin]; cs.origin != "" && o != nil && o.c != nil {
		x.Origin, x.OriginView, x.OriginEvents = o.c, o.view, o.events
	}
	for _, d := range cs.derived {
		if dc := e.st.cases[d]; dc != nil && dc.view != nil {
			x.Derived = append(x.Derived, dc.view)
		}
	}
	x.MatterFunc = func() []*rules.CaseView {
		out := []*rules.CaseView{}
		for _, m := range e.st.matter(cs) {
			if m.view != nil {
				out = append(out, m.view)
			}
		}
		return out
	}
	return x
}

// outcome is what evaluating one proceeding found.
type outcome struct {
	cs    *caseState
	hits  []rules.Hit
	wake  qingfeng.Date
	items [][]rules.Item // per aggregate rule
}

// parallelFrom is the number of proceedings from which a step evaluates on every core; a
// step of a few proceedings (a live event) stays on one, for latency.
const parallelFrom = 64

// evaluate evaluates the proceeding-level rules and the aggregate items of the proceedings
// named, on as many cores as there are evaluators. The state is only read meanwhile.
func (e *Engine) evaluate(targets []string) []outcome {
	var list []*caseState
	for _, n := range targets {
		if cs := e.st.cases[n]; cs != nil {
			list = append(list, cs)
		}
	}
	out := make([]outcome, len(list))
	workers := len(e.evs)
	if len(list) < parallelFrom {
		workers = 1
	}
	fanOut(workers, len(list), caseChunk, func(w, i int) { out[i] = e.evalOne(e.evs[w], list[i]) })
	return out
}

// evalOne evaluates one proceeding with one evaluator.
func (e *Engine) evalOne(ev *rules.Evaluator, cs *caseState) outcome {
	o := outcome{cs: cs}
	if cs.c == nil {
		return o
	}
	var errs []error
	var items map[*rules.Rule][]rules.Item
	o.hits, o.wake, items, errs = ev.Proceeding(e.context(cs), e.rules)
	for _, err := range errs {
		e.log.Warn("risk: rule failed", "err", err)
	}
	if len(e.aggRules) > 0 {
		o.items = make([][]rules.Item, len(e.aggRules))
		for ai, r := range e.aggRules {
			if its, ok := items[r]; ok {
				o.items[ai] = its
			} else {
				o.items[ai] = cs.contributed(ai) // keep what it contributed before the failure
			}
		}
	}
	return o
}

// record turns an outcome into warning changes and the proceeding's timer.
func (e *Engine) record(o outcome, bt *batch, timerFired bool) {
	cs := o.cs
	for i := range o.hits {
		h := &o.hits[i]
		ri := e.index[h.Rule.ID]
		if e.fire(h, bt) {
			if cs.raised == nil {
				cs.raised = map[int]bool{}
			}
			cs.raised[ri] = true
		}
	}
	for _, ri := range raisedRules(cs) {
		if !hits(o.hits, e.caseRules[ri]) {
			e.withdraw(e.caseRules[ri].ID+"|"+cs.number, bt, "规则不再成立（迟到或更正的数据）")
			delete(cs.raised, ri)
		}
	}
	if changed := e.timers.set(cs.number, o.wake); changed || timerFired {
		if o.wake == 0 {
			bt.b.DropTimers = append(bt.b.DropTimers, cs.number)
		} else {
			bt.b.SetTimers = append(bt.b.SetTimers, store.Timer{Target: cs.number, Due: o.wake})
		}
	}
}

// contribute records what the proceedings evaluated contribute to the aggregate groups: each
// aggregate rule's groups on a core of their own, since the rules share nothing.
func (e *Engine) contribute(outs []outcome) {
	if len(e.aggRules) == 0 {
		return
	}
	for _, o := range outs {
		if o.cs.items == nil && o.items != nil {
			o.cs.items = make([][]rules.Item, len(e.aggRules)) // before the rules write their slots at once
		}
	}
	workers := len(e.evs)
	if len(outs) < parallelFrom {
		workers = 1
	}
	fanOut(workers, len(e.aggRules), 1, func(_, ai int) {
		for _, o := range outs {
			var items []rules.Item
			if o.items != nil {
				items = o.items[ai]
			}
			e.setItems(o.cs, ai, items)
		}
	})
}

// raisedRules lists the case rules with a raised warning on cs, in rule order: withdrawals
// are saved in an order that does not depend on a map's.
func raisedRules(cs *caseState) []int {
	if len(cs.raised) == 0 {
		return nil
	}
	out := make([]int, 0, len(cs.raised))
	for ri, ok := range cs.raised {
		if ok {
			out = append(out, ri)
		}
	}
	slices.Sort(out)
	return out
}

// hits reports whether list holds a hit of rule r.
func hits(list []rules.Hit, r *rules.Rule) bool {
	for i := range list {
		if list[i].Rule == r {
			return true
		}
	}
	return false
}

// fire records a hit: a new warning, a re-fire when it is worse (or back after a
// withdrawal), an update when only its details changed. It reports whether the warning is
// raised.
func (e *Engine) fire(h *rules.Hit, bt *batch) bool {
	key := h.Key()
	fp := fingerprint(h)
	m := e.marks[key]
	var kind store.ChangeKind
	note := ""
	switch {
	case m == nil:
		kind = store.Fire
	case !m.raised:
		kind, note = store.Refire, "规则再次成立"
	case h.Severity.Rank() > m.severity.Rank() || h.Count > m.hits:
		kind, note = store.Refire, fmt.Sprintf("情况加重：%s，%d 处", h.Severity, h.Count)
	case fp != m.fp:
		kind = store.Update
	default:
		return true
	}
	next := mark{severity: h.Severity, hits: h.Count, raised: true, fp: fp}
	if m != nil {
		next.id = m.id
	}
	bt.b.Changes = append(bt.b.Changes, store.WarningChange{Kind: kind, Warning: e.warning(h), Note: note})
	bt.marks = append(bt.marks, pendingMark{key: key, m: next})
	return true
}

func (e *Engine) withdraw(key string, bt *batch, note string) {
	m := e.marks[key]
	if m == nil || !m.raised {
		return
	}
	next := *m
	next.raised, next.fp = false, ""
	bt.b.Changes = append(bt.b.Changes, store.WarningChange{Kind: store.Withdraw, Warning: qingfeng.Warning{Key: key}, Note: note})
	bt.marks = append(bt.marks, pendingMark{key: key, m: next})
}

// warning builds the stored snapshot of a hit.
func (e *Engine) warning(h *rules.Hit) qingfeng.Warning {
	r := h.Rule
	w := qingfeng.Warning{Key: h.Key(), Rule: r.ID, RuleVersion: r.Version, RuleName: r.Name, RuleNameEn: r.NameEn,
		Statutory: r.Statutory, Subject: h.Subject, CaseNumber: h.CaseNumber, People: h.People, Severity: h.Severity,
		Family: r.Family, On: h.On, Due: h.Due, Hits: h.Count, Message: h.Message.ZH, MessageEn: h.Message.EN,
		Basis: r.Basis, Evidence: h.Evidence}
	if cs := e.st.cases[h.CaseNumber]; cs != nil && cs.c != nil {
		w.CourtID, w.DivisionID, w.JudgeID = cs.c.CourtID, cs.c.DivisionID, cs.c.JudgeID
	}
	if h.JudgeID != "" {
		w.JudgeID = h.JudgeID
		if p := e.st.people[h.JudgeID]; p != nil {
			w.CourtID, w.DivisionID = p.CourtID, p.DivisionID
		}
	}
	return w
}

// fingerprint is what a warning's snapshot is made from.
func fingerprint(h *rules.Hit) string {
	var b strings.Builder
	b.WriteString(string(h.Severity))
	b.WriteByte('|')
	b.WriteString(strconv.Itoa(h.Count))
	b.WriteByte('|')
	b.WriteString(strconv.Itoa(int(h.On)))
	b.WriteByte('|')
	b.WriteString(strconv.Itoa(int(h.Due)))
	b.WriteByte('|')
	b.WriteString(h.Message.ZH)
	for _, ev := range h.Evidence {
		b.WriteByte('|')
		b.WriteString(strconv.FormatInt(ev.Seq, 10))
	}
	return b.String()
}

// restoreItems computes what every proceeding contributes to the aggregate groups (after a
// replay), on every core.
func (e *Engine) restoreItems() {
	if len(e.aggRules) == 0 {
		return
	}
	numbers := make([]string, 0, len(e.st.cases))
	for n := range e.st.cases {
		numbers = append(numbers, n)
	}
	slices.Sort(numbers)
	e.contribute(e.evaluate(numbers))
}

// setItems records what a proceeding contributes to one aggregate rule, and marks the groups
// that changed.
func (e *Engine) setItems(cs *caseState, ai int, items []rules.Item) {
	old := cs.contributed(ai)
	if sameItems(old, items) {
		return
	}
	for _, it := range old {
		if g := e.groups[ai][it.Group]; g != nil {
			delete(g.items, cs.number)
			e.touched[ai][it.Group] = true
		}
	}
	for i, it := range items {
		g := e.groups[ai][it.Group]
		if g == nil {
			g = &group{items: map[string][]rules.Item{}}
			e.groups[ai][it.Group] = g
		}
		if have := g.items[cs.number]; len(have) == 0 {
			g.items[cs.number] = items[i : i+1 : i+1] // shared, not copied: items are never changed, and an append copies
		} else {
			g.items[cs.number] = append(have, it)
		}
		e.touched[ai][it.Group] = true
	}
	if cs.items == nil {
		cs.items = make([][]rules.Item, len(e.aggRules)) // a replay's proceeding (contribute allocates ahead)
	}
	cs.items[ai] = items
}

func sameItems(a, b []rules.Item) bool {
	return slices.EqualFunc(a, b, func(x, y rules.Item) bool {
		return x.Group == y.Group && x.Date == y.Date && x.Case == y.Case && x.Num == y.Num && x.Value == y.Value &&
			x.Judge == y.Judge && x.Ev.Seq == y.Ev.Seq && slices.Equal(x.People, y.People)
	})
}

// evalGroups judges the aggregate groups whose items changed (a step of one event looks at
// its groups only, not at every group of the province). The groups are judged on every core,
// group by group (one rule may have most of them), and their verdicts recorded in rule and
// group order.
func (e *Engine) evalGroups(bt *batch) {
	var jobs []verdict
	for ai := range e.aggRules {
		from := len(jobs)
		for k := range e.touched[ai] {
			jobs = append(jobs, verdict{rule: ai, group: k})
		}
		clear(e.touched[ai])
		slices.SortFunc(jobs[from:], func(a, b verdict) int { return cmp(a.group, b.group) })
	}
	workers := len(e.evs)
	if len(jobs) < parallelFrom {
		workers = 1
	}
	// The groups are only read meanwhile: those left empty are forgotten after.
	fanOut(workers, len(jobs), caseChunk, func(_, i int) { e.judge(&jobs[i]) })
	for i := range jobs {
		v := &jobs[i]
		if g := e.groups[v.rule][v.group]; g != nil && len(g.items) == 0 {
			delete(e.groups[v.rule], v.group)
		}
		switch {
		case v.hit != nil:
			e.fire(v.hit, bt)
		case v.judged:
			e.withdraw(e.aggRules[v.rule].ID+"|"+v.group, bt, "聚合条件不再成立")
		}
	}
}

// verdict is what judging one group of an aggregate rule found: its hit, or nil when the rule
// does not hold on it.
type verdict struct {
	rule   int // index in aggRules
	group  string
	judged bool // false: the group is gone
	hit    *rules.Hit
}

// judge judges one group: its items, in proceeding order, against its rule.
func (e *Engine) judge(v *verdict) {
	g := e.groups[v.rule][v.group]
	if g == nil {
		return
	}
	v.judged = true
	r := e.aggRules[v.rule]
	n := 0
	for _, its := range g.items {
		n += len(its)
	}
	if n < r.GroupMin() {
		return // too few items for the rule to hold, whatever they are
	}
	numbers := make([]string, 0, len(g.items))
	for num := range g.items {
		numbers = append(numbers, num)
	}
	slices.Sort(numbers)
	items := make([]rules.Item, 0, n)
	for _, num := range numbers {
		items = append(items, g.items[num]...)
	}
	v.hit = r.GroupHit(v.group, items)
}
