package review

import (
	"context"
	"fmt"
	"sort"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
	"github.com/qingfeng-court/qingfeng/store"
)

// Engine follows the store's log and keeps the review projection of a court's own case system
// up to date: each proceeding touched by a supervision event, a closing, or a record carrying a
// 四类 flag is replayed from all its events (Replay) and its derived rows replaced, so events
// may arrive in any order. Its position in the log is stored with the review state.
type Engine struct {
	st     store.Store
	rv     store.Reviews
	cfg    Config
	people map[string]*qingfeng.Person
	known  map[string]bool // cases with derived review data
}

// NewEngine returns an engine over st and rv.
func NewEngine(st store.Store, rv store.Reviews, cfg Config) *Engine {
	return &Engine{st: st, rv: rv, cfg: cfg}
}

func (e *Engine) load(ctx context.Context) error {
	if e.people != nil {
		return nil
	}
	if err := e.loadPeople(ctx); err != nil {
		return err
	}
	cs, err := e.rv.ReviewCases(ctx)
	if err != nil {
		return err
	}
	e.known = make(map[string]bool, len(cs))
	for _, c := range cs {
		e.known[c] = true
	}
	return nil
}

func (e *Engine) loadPeople(ctx context.Context) error {
	ps, err := e.st.People(ctx)
	if err != nil {
		return fmt.Errorf("review engine: %w", err)
	}
	e.people = make(map[string]*qingfeng.Person, len(ps))
	for i := range ps {
		e.people[ps[i].ID] = &ps[i]
	}
	return nil
}

// Apply replays the proceedings that changes touch, then records the last sequence.
func (e *Engine) Apply(ctx context.Context, changes []feed.Change) error {
	if len(changes) == 0 {
		return nil
	}
	if err := e.load(ctx); err != nil {
		return err
	}
	touched := map[string]bool{}
	staff := false
	for _, ch := range changes {
		switch v := ch.Value.(type) {
		case *qingfeng.Event:
			if IsSupervision(v.Type) || (v.Type == "closed" && e.relevant(v.CaseNumber, nil)) {
				touched[v.CaseNumber] = true
			}
		case *qingfeng.Case:
			if len(v.Flags.FourType) > 0 || (!v.ClosedOn.IsZero() && e.relevant(v.Number, v)) {
				touched[v.Number] = true
			}
		case *qingfeng.Person:
			staff = true
		}
	}
	if staff {
		if err := e.loadPeople(ctx); err != nil {
			return err
		}
	}
	numbers := make([]string, 0, len(touched))
	for n := range touched {
		numbers = append(numbers, n)
	}
	sort.Strings(numbers)
	for _, n := range numbers {
		if err := e.ReplayCase(ctx, n); err != nil {
			return err
		}
	}
	return e.rv.SetReviewCursor(ctx, changes[len(changes)-1].Seq)
}

// relevant: a closing matters to review when the case has review data already, or when the
// court's scope takes cases other than the 四类.
func (e *Engine) relevant(number string, c *qingfeng.Case) bool {
	if e.known[number] {
		return true
	}
	court := ""
	if c != nil {
		court = c.CourtID
	}
	sc := e.cfg.Routing.For(court).Scope
	return sc.All || sc.Extended || sc.Deducted || sc.Remanded || len(e.cfg.Routing.courts) > 0
}

// ReplayCase recomputes one proceeding's derived review rows from the log.
func (e *Engine) ReplayCase(ctx context.Context, number string) error {
	if err := e.load(ctx); err != nil {
		return err
	}
	cd, err := loadCase(ctx, e.st, number)
	if err != nil {
		// An event may name a proceeding whose record has not arrived yet: it is replayed
		// when the record comes.
		return nil
	}
	asOf := cd.Case.ClosedOn
	if asOf.IsZero() {
		asOf = qingfeng.DateOf(e.cfg.now().In(chinaTime))
	}
	d := Replay(CaseInput{Case: cd.Case, Origin: cd.Origin, Events: cd.Events, People: e.people,
		Routing: e.cfg.Routing.For(cd.Case.CourtID), Deadline: deadline(cd, asOf, e.cfg)})
	if len(d.Decisions)+len(d.Flags)+len(d.Enquiries)+len(d.Trail) > 0 {
		e.known[number] = true
	} else if !e.known[number] {
		return nil
	}
	if err := e.rv.ReplaceDerived(ctx, number, d); err != nil {
		return fmt.Errorf("review engine: %s: %w", number, err)
	}
	return nil
}

// CatchUp applies every change after the stored cursor.
func (e *Engine) CatchUp(ctx context.Context, f *feed.Feed) error {
	seq, err := e.rv.ReviewCursor(ctx)
	if err != nil {
		return err
	}
	_, err = f.CatchUp(ctx, seq, 0, func(chs []feed.Change) error { return e.Apply(ctx, chs) })
	return err
}

// Run follows the feed from the stored cursor until ctx ends.
func (e *Engine) Run(ctx context.Context, f *feed.Feed) error {
	seq, err := e.rv.ReviewCursor(ctx)
	if err != nil {
		return err
	}
	return f.Follow(ctx, seq, func(chs []feed.Change) error { return e.Apply(ctx, chs) })
}
