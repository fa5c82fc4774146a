package anchor

import (
	"context"
	"sync"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Memory keeps warnings in memory: the part of store.Warnings the engine writes and loads
// (RiskState, Timers, WarningMarks, SaveRisk), so that a benchmark of the engine measures
// evaluation and not a database. The query methods are not implemented: calling one panics.
type Memory struct {
	queries // nil: the query methods, which the engine does not call
	mu      sync.Mutex
	state   store.RiskState
	byKey   map[string]*qingfeng.Warning
	timers  map[string]qingfeng.Date
	nextID  int64
}

type queries = store.Warnings

// NewMemory returns an empty store.
func NewMemory() *Memory {
	return &Memory{byKey: map[string]*qingfeng.Warning{}, timers: map[string]qingfeng.Date{}}
}

func (m *Memory) RiskState(context.Context, string) (store.RiskState, error) {
	return m.state, nil
}

func (m *Memory) Timers(context.Context, string) ([]store.Timer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Timer
	for k, d := range m.timers {
		out = append(out, store.Timer{Target: k, Due: d})
	}
	return out, nil
}

func (m *Memory) WarningMarks(context.Context) ([]store.WarningMark, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.WarningMark
	for k, w := range m.byKey {
		out = append(out, store.WarningMark{Key: k, ID: w.ID, Severity: w.Severity, Hits: w.Hits, Raised: w.State != qingfeng.StateWithdrawn})
	}
	return out, nil
}

func (m *Memory) SaveRisk(_ context.Context, b *store.RiskBatch) ([]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ids := make([]int64, len(b.Changes))
	for i, c := range b.Changes {
		w := m.byKey[c.Warning.Key]
		switch {
		case c.Kind == store.Withdraw:
			if w != nil {
				w.State = qingfeng.StateWithdrawn
				ids[i] = w.ID
			}
		case w == nil:
			m.nextID++
			cp := c.Warning
			cp.ID, cp.State, cp.Fires = m.nextID, qingfeng.StateOpen, 1
			m.byKey[cp.Key] = &cp
			ids[i] = cp.ID
		default:
			id, fires := w.ID, w.Fires
			*w = c.Warning
			w.ID, w.State, w.Fires = id, qingfeng.StateOpen, fires+1
			ids[i] = id
		}
	}
	for _, t := range b.SetTimers {
		m.timers[t.Target] = t.Due
	}
	for _, t := range b.DropTimers {
		delete(m.timers, t)
	}
	m.state = b.State
	return ids, nil
}

// Len returns how many warnings the store holds, withdrawn ones included.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.byKey)
}

// Raised returns the warnings that are not withdrawn.
func (m *Memory) Raised() []qingfeng.Warning {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []qingfeng.Warning
	for _, w := range m.byKey {
		if w.State != qingfeng.StateWithdrawn {
			out = append(out, *w)
		}
	}
	return out
}
