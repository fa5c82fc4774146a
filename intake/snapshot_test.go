package intake

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// snap is what a store holds, as comparable text: one entry per item ("case/（2024）闽…",
// "log/case/cms/c0001" …) whose value is the item's canonical JSON. Two stores that received
// the same records in any interleaving of partitions have equal snapshots; the global order of
// the log is left out because partitions interleave, but each key's revisions keep their order.
type snap map[string]string

// sections fill a snapshot. Engines that keep state in the store join by adding one, as the
// risk engine's warnings and timers do.
var sections = []struct {
	name string
	fill func(ctx context.Context, st store.Store, add func(key string, v any)) error
}{
	{"counts", fillCounts},
	{"log", fillLog},
	{"reference", fillReference},
	{"cases", fillCases},
	{"events", fillEvents},
	{"mediations", fillMediations},
	{"quarantine", fillQuarantine},
	{"warnings", fillWarnings},
}

func takeSnapshot(ctx context.Context, st store.Store) (*snap, error) {
	s := snap{}
	for _, sec := range sections {
		var err error
		add := func(key string, v any) {
			if err != nil {
				return
			}
			var b []byte
			switch x := v.(type) {
			case string:
				b = []byte(x)
			default:
				b, err = json.Marshal(v)
			}
			if prev, dup := s[key]; dup {
				// Several items under one key (identical events): keep them all.
				s[key] = prev + "\n" + string(b)
				return
			}
			s[key] = string(b)
		}
		if ferr := sec.fill(ctx, st, add); ferr != nil {
			return nil, fmt.Errorf("snapshot %s: %w", sec.name, ferr)
		}
		if err != nil {
			return nil, fmt.Errorf("snapshot %s: %w", sec.name, err)
		}
	}
	return &s, nil
}

// diff lists the keys whose values differ, at most max of them.
func (s *snap) diff(o *snap, max int) []string {
	var out []string
	for k, v := range *s {
		if ov, ok := (*o)[k]; !ok {
			out = append(out, "only in first: "+k)
		} else if ov != v {
			out = append(out, fmt.Sprintf("differs: %s\n    first:  %.300s\n    second: %.300s", k, v, ov))
		}
	}
	for k := range *o {
		if _, ok := (*s)[k]; !ok {
			out = append(out, "only in second: "+k)
		}
	}
	slices.Sort(out)
	if len(out) > max {
		out = append(out[:max], fmt.Sprintf("… and %d more", len(out)-max))
	}
	return out
}

// requireSame fails the test when the stores differ, naming the differences.
func requireSame(t testing.TB, what string, want, got *snap) {
	t.Helper()
	if d := want.diff(got, 20); len(d) > 0 {
		t.Fatalf("%s: store differs from the clean run (first = clean):\n  %s", what, strings.Join(d, "\n  "))
	}
}

func fillCounts(ctx context.Context, st store.Store, add func(string, any)) error {
	c, err := st.Counts(ctx)
	if err != nil {
		return err
	}
	add("counts", c)
	return nil
}

// fillLog records every key's revisions in order: a lost record is a missing key, a doubled
// one an extra hash.
func fillLog(ctx context.Context, st store.Store, add func(string, any)) error {
	revs := map[string][]string{}
	err := st.ScanLog(ctx, 0, func(e store.LogEntry) error {
		k := "log/" + e.Key.String()
		revs[k] = append(revs[k], e.Hash)
		return nil
	})
	for k, hs := range revs {
		add(k, strings.Join(hs, ","))
	}
	return err
}

func fillReference(ctx context.Context, st store.Store, add func(string, any)) error {
	courts, err := st.Courts(ctx)
	if err != nil {
		return err
	}
	for _, c := range courts {
		add("court/"+c.ID, c)
	}
	divs, err := st.Divisions(ctx)
	if err != nil {
		return err
	}
	for _, d := range divs {
		add("division/"+d.ID, d)
	}
	people, err := st.People(ctx)
	if err != nil {
		return err
	}
	for _, p := range people {
		add("person/"+p.ID, p)
	}
	rels, err := st.Relatives(ctx)
	if err != nil {
		return err
	}
	for _, r := range rels {
		add("relative/"+r.PersonID+"/"+r.Name, r)
	}
	lawyers, err := st.Lawyers(ctx)
	if err != nil {
		return err
	}
	for _, l := range lawyers {
		add("lawyer/"+l.ID, l)
	}
	return nil
}

// fillCases records each proceeding's merged projection, its events in order and its matter.
func fillCases(ctx context.Context, st store.Store, add func(string, any)) error {
	var numbers []string
	err := st.ScanCases(ctx, func(c *qingfeng.Case) error {
		add("case/"+c.Number, c)
		numbers = append(numbers, c.Number)
		return nil
	})
	if err != nil {
		return err
	}
	for _, n := range numbers {
		evs, err := st.CaseEvents(ctx, n)
		if err != nil {
			return err
		}
		add("case-events/"+n, evs)
		m, err := st.Matter(ctx, n)
		if err != nil {
			return err
		}
		procs := make([]string, len(m.Proceedings))
		for i, p := range m.Proceedings {
			procs[i] = p.Number
		}
		add("matter/"+n, fmt.Sprintf("%s orphan=%v %v", m.Root, m.Orphan, procs))
	}
	return nil
}

// fillEvents records every event, those of proceedings not in the data included.
func fillEvents(ctx context.Context, st store.Store, add func(string, any)) error {
	var all []string
	err := st.ScanEvents(ctx, func(e *qingfeng.Event) error {
		b, err := json.Marshal(e)
		all = append(all, string(b))
		return err
	})
	slices.Sort(all)
	for _, e := range all {
		add("event/"+e, "1")
	}
	return err
}

func fillMediations(ctx context.Context, st store.Store, add func(string, any)) error {
	return st.ScanMediations(ctx, func(m *qingfeng.Mediation) error {
		add("mediation/"+m.ID, m)
		return nil
	})
}

// fillQuarantine records every entry, open or resolved, by origin and reason; the time it was
// made is left out.
func fillQuarantine(ctx context.Context, st store.Store, add func(string, any)) error {
	rs, err := st.Quarantine(ctx, store.QuarantineFilter{IncludeResolved: true})
	if err != nil {
		return err
	}
	for _, r := range rs {
		add(fmt.Sprintf("quarantine/%s:%d/%s", r.File, r.Line, r.Code),
			fmt.Sprintf("%s field=%s resolved=%v raw=%s", r.Key, r.Field, r.Resolved, r.Raw))
	}
	return nil
}

// riskEngine is the name the risk engine keeps its timers and position under.
const riskEngine = "risk"

// fillWarnings records the risk engine's warnings — one entry per key (rule and subject) with
// its rule, case, state, severity and hits, so that a doubled warning (two rows under one key)
// or a missing one differs — and its timers with their due dates, so that a lost timer differs.
// Stores without warnings add nothing, and so does a store no engine has run over.
func fillWarnings(ctx context.Context, st store.Store, add func(string, any)) error {
	ws, ok := st.(store.Warnings)
	if !ok {
		return nil
	}
	list, _, err := ws.Warnings(ctx, store.WarningFilter{})
	if err != nil {
		return err
	}
	for _, w := range list {
		add("warning/"+w.Key, fmt.Sprintf("rule=%s case=%s state=%s severity=%s hits=%d", w.Rule, w.CaseNumber, w.State, w.Severity, w.Hits))
	}
	timers, err := ws.Timers(ctx, riskEngine)
	if err != nil {
		return err
	}
	for _, tm := range timers {
		add("timer/"+tm.Target, tm.Due.String())
	}
	return nil
}

// requireSameRisk is requireSame for a store whose risk engine followed the log as it was
// committed, compared with a clean engine that saw the whole log at once. Everything must be
// equal — records, projections, quarantine, every warning that stands (rule, case, state,
// severity, hits) and every timer — except that the following engine may hold warnings the
// clean one never raised, provided they are withdrawn: raised while a proceeding's records were
// still arriving (its money events after its filing events) and withdrawn when the rest came.
// It returns how many such warnings there were.
func requireSameRisk(t testing.TB, what string, want, got *snap) int {
	t.Helper()
	transient := 0
	var d []string
	for _, line := range want.diff(got, len(*want)+len(*got)) {
		if k, ok := strings.CutPrefix(line, "only in second: warning/"); ok && withdrawnOnce((*got)["warning/"+k]) {
			transient++
			continue
		}
		d = append(d, line)
	}
	if len(d) > 20 {
		d = append(d[:20], fmt.Sprintf("… and %d more", len(d)-20))
	}
	if len(d) > 0 {
		t.Fatalf("%s: store differs from the clean run (first = clean):\n  %s", what, strings.Join(d, "\n  "))
	}
	return transient
}

// withdrawnOnce reports whether a snapshot's warning entry is one warning, withdrawn.
func withdrawnOnce(v string) bool {
	return !strings.Contains(v, "\n") && strings.Contains(v, " state="+string(qingfeng.StateWithdrawn)+" ")
}

// standing counts the warnings of a snapshot that are not withdrawn, and its timers.
func (s *snap) standing() (warnings, timers int) {
	for k, v := range *s {
		switch {
		case strings.HasPrefix(k, "warning/") && !strings.Contains(v, " state="+string(qingfeng.StateWithdrawn)+" "):
			warnings++
		case strings.HasPrefix(k, "timer/"):
			timers++
		}
	}
	return warnings, timers
}
