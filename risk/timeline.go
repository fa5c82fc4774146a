package risk

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// Timeline is the panorama (全流程) of a case: every proceeding of its matter, and every
// event of them from every source, with the statutory deadlines and the warnings, on one line.
type Timeline struct {
	CaseNumber  string          `json:"case_number"` // the proceeding asked for
	Root        string          `json:"root"`        // the matter's root proceeding
	Now         qingfeng.Date   `json:"now"`
	Proceedings []TimelineCase  `json:"proceedings"`
	Entries     []TimelineEntry `json:"entries"` // in time order
}

// TimelineCase is one proceeding of the matter with its clock and warnings.
type TimelineCase struct {
	Case         *qingfeng.Case     `json:"case"`
	HasLimit     bool               `json:"has_limit"`
	Limit        string             `json:"limit,omitempty"`
	LimitName    i18n.Text          `json:"limit_name"`
	BaseDeadline qingfeng.Date      `json:"base_deadline,omitempty"`
	Deadline     qingfeng.Date      `json:"deadline,omitempty"`
	Age          int                `json:"age"`
	Remaining    int                `json:"remaining"`
	Exceeded     bool               `json:"exceeded"`
	Warnings     []qingfeng.Warning `json:"warnings"`
}

// TimelineEntry is one point of the panorama: an event, a filing or closing, a deadline, or a
// warning's day.
type TimelineEntry struct {
	Kind       string            `json:"kind"` // event, deadline, warning
	CaseNumber string            `json:"case_number"`
	Date       qingfeng.Date     `json:"date"`
	At         time.Time         `json:"at,omitzero"`
	Type       string            `json:"type"` // the event type, "deadline", or the warning's rule
	Group      string            `json:"group,omitempty"`
	Label      i18n.Text         `json:"label"`
	Src        string            `json:"src,omitempty"`
	Seq        int64             `json:"seq,omitempty"`
	ActorID    string            `json:"actor_id,omitempty"`
	Attrs      map[string]any    `json:"attrs,omitempty"`
	WarningID  int64             `json:"warning_id,omitempty"`
	Severity   qingfeng.Severity `json:"severity,omitempty"`
}

// Timeline returns the panorama of the matter that proceeding number belongs to, from the
// engine's memory (Load or Replay first). With scope not nil, a proceeding whose court is not
// in scope is not found.
func (e *Engine) Timeline(ctx context.Context, number string, scope []string) (*Timeline, error) {
	e.mu.Lock()
	cs := e.st.cases[number]
	if cs == nil || cs.c == nil || scope != nil && !slices.Contains(scope, cs.c.CourtID) {
		e.mu.Unlock()
		return nil, fmt.Errorf("case %s: %w", number, store.ErrNotFound)
	}
	tl := &Timeline{CaseNumber: number, Now: e.now}
	matter := e.st.matter(cs)
	tl.Root = matter[0].number
	type snapshot struct {
		c      *qingfeng.Case
		origin *qingfeng.Case
		events []qingfeng.Event
	}
	var snaps []snapshot
	for _, m := range matter {
		if m.c == nil {
			continue
		}
		tc := TimelineCase{Case: m.c}
		sn := snapshot{c: m.c}
		if o := e.st.cases[m.origin]; o != nil {
			sn.origin = o.c
		}
		for i := range m.events {
			ev := &m.events[i]
			tl.Entries = append(tl.Entries, TimelineEntry{Kind: "event", CaseNumber: m.number, Date: ev.Date, At: ev.At(),
				Type: ev.Type, Group: e.pack.Events.Group(ev.Type), Label: e.pack.Events.Name(ev.Type), Src: ev.Src, Seq: ev.Seq,
				ActorID: ev.Actor, Attrs: ev.AttrMap()})
			sn.events = append(sn.events, ev.Domain(m.number))
		}
		snaps = append(snaps, sn)
		tl.Proceedings = append(tl.Proceedings, tc)
	}
	now := e.now
	e.mu.Unlock()

	for i, sn := range snaps {
		tc := &tl.Proceedings[i]
		s := calendar.Clock(sn.c, sn.origin, sn.events, now, e.lim, e.cal)
		tc.HasLimit, tc.Limit, tc.LimitName = s.HasLimit, s.Limit.ID, i18n.Text{ZH: s.Limit.Name, EN: s.Limit.NameEn}
		tc.BaseDeadline, tc.Deadline, tc.Age, tc.Remaining, tc.Exceeded = s.BaseDeadline, s.Deadline, s.Age, s.Remaining, s.Exceeded
		if s.HasLimit {
			tl.Entries = append(tl.Entries, TimelineEntry{Kind: "deadline", CaseNumber: sn.c.Number, Date: s.Deadline, Type: "deadline",
				Label: i18n.Text{ZH: "审限届满（" + s.Limit.Name + "）", EN: "Time limit expires (" + s.Limit.NameEn + ")"}})
		}
		ws, _, err := e.ws.Warnings(ctx, store.WarningFilter{CaseNumber: sn.c.Number})
		if err != nil {
			return nil, err
		}
		tc.Warnings = ws
		for _, w := range ws {
			tl.Entries = append(tl.Entries, TimelineEntry{Kind: "warning", CaseNumber: sn.c.Number, Date: w.On, Type: w.Rule,
				Label: i18n.Text{ZH: w.Rule + " " + w.RuleName + "：" + w.Message, EN: w.Rule + " " + w.RuleNameEn + ": " + w.MessageEn}, WarningID: w.ID,
				Severity: w.Severity})
		}
	}
	slices.SortStableFunc(tl.Entries, func(a, b TimelineEntry) int {
		if a.Date != b.Date {
			return int(a.Date - b.Date)
		}
		return a.At.Compare(b.At)
	})
	return tl, nil
}
