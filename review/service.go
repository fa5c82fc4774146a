package review

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// Service is 阅核 through the API: every call names its Actor, is scoped to the actor's court
// subtree, and leaves a trail row whether it is accepted or refused.
type Service struct {
	st  store.Store
	rv  store.Reviews
	cfg Config
}

// NewService returns a service over the case data in st and the review state in rv (usually
// the same SQLite store).
func NewService(st store.Store, rv store.Reviews, cfg Config) *Service {
	return &Service{st: st, rv: rv, cfg: cfg}
}

// Config returns the definitions the service runs with.
func (s *Service) Config() Config { return s.cfg }

// DraftInput starts a decision.
type DraftInput struct {
	CaseNumber string `json:"case_number"`
	Kind       string `json:"kind"` // judgment, ruling, mediation
	Operative  string `json:"operative"`
	Reasoning  string `json:"reasoning"`
}

var msgNotFound = i18n.Text{ZH: "未找到，或不在您的管辖范围内", EN: "not found, or outside your courts"}

// Draft starts a decision of a proceeding; only a member of its panel may.
func (s *Service) Draft(ctx context.Context, a Actor, in DraftInput) (*qingfeng.Decision, error) {
	c, err := s.caseFor(ctx, a, in.CaseNumber, "decision", "")
	if err != nil {
		return nil, err
	}
	now := s.cfg.now()
	d := NewDecision("d-"+newID(), c, orDefault(in.Kind, "judgment"), a, now)
	d.Source, d.Operative, d.Reasoning = "api", in.Operative, in.Reasoning
	t := qingfeng.Transition{Subject: "decision", SubjectID: d.ID, CaseNumber: c.Number, CourtID: c.CourtID,
		Action: string(ActCreate), ActorID: a.PersonID, ActorRoles: a.Roles, At: now, Source: "api"}
	if !onPanel(d, a) {
		r := refuse(CodeRole, msgNotPanel, ActionNames[ActCreate])
		return nil, s.refused(ctx, t, r)
	}
	if !slices.Contains([]string{"judgment", "ruling", "mediation"}, d.Kind) {
		r := refuse(CodeInput, msgBadValue, "kind", d.Kind)
		return nil, s.refused(ctx, t, r)
	}
	if err := s.prepare(ctx, d); err != nil {
		return nil, err
	}
	t.To, t.DocVersion = string(d.State), d.Version
	if err := s.rv.ApplyReview(ctx, &store.ReviewChange{Decision: d, Trail: []qingfeng.Transition{t}}); err != nil {
		return nil, err
	}
	return d, nil
}

// prepare sets what the case data say about a decision: whether it needs review and why, its
// reviewer (when none is set yet) and the proceeding's deadline.
func (s *Service) prepare(ctx context.Context, d *qingfeng.Decision) error {
	cd, err := loadCase(ctx, s.st, d.CaseNumber)
	if err != nil {
		return err
	}
	flags, err := s.rv.FourTypeFlags(ctx, store.FourTypeFlagFilter{CaseNumber: d.CaseNumber, States: []qingfeng.FlagState{qingfeng.FlagActive, qingfeng.FlagRemovalRequested}})
	if err != nil {
		return err
	}
	rt := s.cfg.Routing.For(d.CourtID)
	today := qingfeng.DateOf(s.cfg.now().In(chinaTime))
	d.ReviewRequired, d.ReviewReasons = rt.Requires(cd.Case, cd.Origin, cd.Events, len(flags) > 0)
	if d.ReviewerID == "" {
		people, err := s.st.People(ctx)
		if err != nil {
			return err
		}
		d.ReviewerID = rt.Reviewer(cd.Case, people, today)
	}
	d.Deadline = deadline(cd, today, s.cfg)
	return nil
}

// Act applies a command to a decision. A refusal is returned as a *Refusal after its trail row
// is stored; a 院庭长 acting outside the listed measures (I7) is also put in the register.
func (s *Service) Act(ctx context.Context, a Actor, id string, c Command) (*qingfeng.Decision, error) {
	d, err := s.decisionFor(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if d.Source != "api" {
		t := qingfeng.Transition{Subject: "decision", SubjectID: d.ID, CaseNumber: d.CaseNumber, CourtID: d.CourtID,
			Action: string(c.Action), From: string(d.State), To: string(d.State), ActorID: a.PersonID, ActorRoles: a.Roles,
			At: s.cfg.now(), Source: "api"}
		return nil, s.refused(ctx, t, refuse(CodeState, msgSourceOwned))
	}
	if d.State != qingfeng.ReviewIssued {
		if err := s.prepare(ctx, d); err != nil {
			return nil, err
		}
	}
	t, err := Step(d, c, a, s.cfg.Routing.For(d.CourtID).Policy, s.cfg.now())
	t.Source = "api"
	if r, ok := AsRefusal(err); ok {
		if r.Code == CodeI7 {
			s.autoRegister(ctx, a, d, c)
		}
		return nil, s.store(ctx, &store.ReviewChange{Trail: []qingfeng.Transition{t}}, r)
	}
	if err := s.rv.ApplyReview(ctx, &store.ReviewChange{Decision: d, Trail: []qingfeng.Transition{t}}); err != nil {
		return nil, err
	}
	return d, nil
}

var msgSourceOwned = i18n.Text{ZH: "该裁判文书由法院案件管理系统的事件驱动，请在来源系统中办理", EN: "this decision is driven by the court's case system: act there"}

// autoRegister puts a 院庭长's attempt outside the listed measures in the interference
// register (三个规定), so that it is on record even though it was refused.
func (s *Service) autoRegister(ctx context.Context, a Actor, d *qingfeng.Decision, c Command) {
	q := qingfeng.Enquiry{ID: "q-" + newID(), CaseNumber: d.CaseNumber, CourtID: d.CourtID, By: a.PersonID,
		Channel: "platform", Content: fmt.Sprintf("试图对非本人阅核的裁判文书执行“%s”：%s", ActionNames[c.Action].In(i18n.ZH), c.Reason),
		RegisteredBy: "system", At: s.cfg.now(), Source: "api"}
	t := qingfeng.Transition{Subject: "enquiry", SubjectID: q.ID, CaseNumber: q.CaseNumber, CourtID: q.CourtID,
		Action: "register", ActorID: "system", At: q.At, Detail: "by=" + a.PersonID, Source: "api"}
	if err := s.rv.ApplyReview(ctx, &store.ReviewChange{Enquiry: &q, Trail: []qingfeng.Transition{t}}); err != nil {
		// The refusal itself is still recorded by the caller; the register entry is the extra.
		slog.Error("review: register an attempt outside the listed measures", "case", d.CaseNumber, "err", err)
	}
}

// Get returns one decision in the actor's courts, and records the view.
func (s *Service) Get(ctx context.Context, a Actor, id string) (*qingfeng.Decision, error) {
	d, err := s.decisionFor(ctx, a, id)
	if err != nil {
		return nil, err
	}
	t := qingfeng.Transition{Subject: "decision", SubjectID: d.ID, CaseNumber: d.CaseNumber, CourtID: d.CourtID,
		Action: "view", From: string(d.State), To: string(d.State), ActorID: a.PersonID, ActorRoles: a.Roles,
		At: s.cfg.now(), DocVersion: d.Version, Source: "api"}
	if err := s.rv.ApplyReview(ctx, &store.ReviewChange{Trail: []qingfeng.Transition{t}}); err != nil {
		return nil, err
	}
	return d, nil
}

// List returns decisions in the actor's courts matching f (its CourtIDs are narrowed to them).
func (s *Service) List(ctx context.Context, a Actor, f store.DecisionFilter) ([]qingfeng.Decision, error) {
	courts, err := s.courts(ctx, a)
	if err != nil {
		return nil, err
	}
	f.CourtIDs = narrow(f.CourtIDs, courts)
	return s.rv.Decisions(ctx, f)
}

// Trail returns the trail of one decision (or flag, or register entry) in the actor's courts.
func (s *Service) Trail(ctx context.Context, a Actor, f store.ReviewTrailFilter) ([]qingfeng.Transition, error) {
	courts, err := s.courts(ctx, a)
	if err != nil {
		return nil, err
	}
	f.CourtIDs = narrow(f.CourtIDs, courts)
	return s.rv.Trail(ctx, f)
}

// InboxItem is a decision waiting on the actor, with what they may do.
type InboxItem struct {
	Decision qingfeng.Decision `json:"decision"`
	Allowed  []Action          `json:"allowed"`
	Warning  *Warning          `json:"warning,omitempty"`
}

// Inbox lists the decisions on which the actor can act now: as reviewer, as panel member, or
// as the president approving a referral to the committee.
func (s *Service) Inbox(ctx context.Context, a Actor) ([]InboxItem, error) {
	ds, err := s.rv.Decisions(ctx, store.DecisionFilter{CourtIDs: []string{a.CourtID}, Source: "api"})
	if err != nil {
		return nil, err
	}
	today := qingfeng.DateOf(s.cfg.now().In(chinaTime))
	var out []InboxItem
	for i := range ds {
		d := &ds[i]
		if d.State == qingfeng.ReviewIssued {
			continue
		}
		rt := s.cfg.Routing.For(d.CourtID)
		allowed := Allowed(d, a, rt.Policy)
		allowed = slices.DeleteFunc(allowed, func(x Action) bool { return x == ActEdit })
		if len(allowed) == 0 {
			continue
		}
		out = append(out, InboxItem{Decision: *d, Allowed: allowed, Warning: warningOf(d, today, rt)})
	}
	return out, nil
}

func (s *Service) refused(ctx context.Context, t qingfeng.Transition, r *Refusal) error {
	t.Refused, t.Code = true, r.Code
	t.Detail = joinDetail(t.Detail, r.Msg.In(i18n.ZH, r.Args...))
	if t.Source == "" {
		t.Source = "api"
	}
	return s.store(ctx, &store.ReviewChange{Trail: []qingfeng.Transition{t}}, r)
}

// store writes ch and returns r, unless the write failed.
func (s *Service) store(ctx context.Context, ch *store.ReviewChange, r *Refusal) error {
	if err := s.rv.ApplyReview(ctx, ch); err != nil {
		return fmt.Errorf("record refusal: %w", err)
	}
	return r
}

// decisionFor loads a decision in the actor's courts; one outside them is "not found", and the
// attempt is on the trail.
func (s *Service) decisionFor(ctx context.Context, a Actor, id string) (*qingfeng.Decision, error) {
	d, err := s.rv.Decision(ctx, id)
	if err != nil {
		return nil, err
	}
	courts, err := s.courts(ctx, a)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(courts, d.CourtID) {
		t := qingfeng.Transition{Subject: "decision", SubjectID: d.ID, CaseNumber: d.CaseNumber, CourtID: d.CourtID,
			Action: "access", ActorID: a.PersonID, ActorRoles: a.Roles, At: s.cfg.now(), Source: "api"}
		if rerr := s.refused(ctx, t, refuse(CodeScope, msgNotFound)); !errors.As(rerr, new(*Refusal)) {
			return nil, rerr
		}
		return nil, store.ErrNotFound
	}
	return d, nil
}

// caseFor loads a proceeding in the actor's courts, like decisionFor.
func (s *Service) caseFor(ctx context.Context, a Actor, number, subject, action string) (*qingfeng.Case, error) {
	c, err := s.st.Case(ctx, number)
	if err != nil {
		return nil, err
	}
	courts, err := s.courts(ctx, a)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(courts, c.CourtID) {
		t := qingfeng.Transition{Subject: subject, CaseNumber: c.Number, CourtID: c.CourtID, Action: orDefault(action, "access"),
			ActorID: a.PersonID, ActorRoles: a.Roles, At: s.cfg.now(), Source: "api"}
		if rerr := s.refused(ctx, t, refuse(CodeScope, msgNotFound)); !errors.As(rerr, new(*Refusal)) {
			return nil, rerr
		}
		return nil, store.ErrNotFound
	}
	return c, nil
}

// courts is the actor's court and every court below it.
func (s *Service) courts(ctx context.Context, a Actor) ([]string, error) {
	all, err := s.st.Courts(ctx)
	if err != nil {
		return nil, err
	}
	return Subtree(all, a.CourtID), nil
}

// Subtree returns root and every court below it.
func Subtree(all []qingfeng.Court, root string) []string {
	out := []string{}
	if root == "" {
		return out
	}
	children := map[string][]string{}
	for _, c := range all {
		children[c.ParentID] = append(children[c.ParentID], c.ID)
	}
	queue := []string{root}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if slices.Contains(out, id) {
			continue
		}
		out = append(out, id)
		queue = append(queue, children[id]...)
	}
	return out
}

// narrow intersects a requested court list with the allowed one (nil request: all allowed).
func narrow(req, allowed []string) []string {
	if req == nil {
		return allowed
	}
	out := []string{}
	for _, c := range req {
		if slices.Contains(allowed, c) {
			out = append(out, c)
		}
	}
	return out
}

func newID() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// caseData is a proceeding with its origin and events.
type caseData struct {
	Case   *qingfeng.Case
	Origin *qingfeng.Case
	Events []qingfeng.Event
}

func loadCase(ctx context.Context, st store.Store, number string) (*caseData, error) {
	c, err := st.Case(ctx, number)
	if err != nil {
		return nil, fmt.Errorf("case %s: %w", number, err)
	}
	cd := &caseData{Case: c}
	if c.OriginNumber != "" {
		o, err := st.Case(ctx, c.OriginNumber)
		switch {
		case err == nil:
			cd.Origin = o
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
	}
	if cd.Events, err = st.CaseEvents(ctx, number); err != nil {
		return nil, fmt.Errorf("case %s: %w", number, err)
	}
	return cd, nil
}

// deadline is the proceeding's time-limit deadline on day asOf (review time is not deducted:
// it counts against the limit, §C.3 I5), or zero when no limit applies.
func deadline(cd *caseData, asOf qingfeng.Date, cfg Config) qingfeng.Date {
	if cfg.Limits == nil {
		return 0
	}
	st := calendar.Clock(cd.Case, cd.Origin, cd.Events, asOf, cfg.Limits, cfg.Calendar)
	if !st.HasLimit {
		return 0
	}
	return st.Deadline
}

// today is the current day in China Standard Time.
func (s *Service) today() qingfeng.Date { return qingfeng.DateOf(s.cfg.now().In(chinaTime)) }
