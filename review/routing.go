package review

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"github.com/qingfeng-court/qingfeng"
)

// RoutingFile is where the routing definitions live in a defs tree.
const RoutingFile = "review/routing.yaml"

// Scope is which decisions beyond the 四类 must be reviewed.
type Scope struct {
	Extended bool `yaml:"extended" json:"extended"`
	Deducted bool `yaml:"deducted" json:"deducted"`
	Remanded bool `yaml:"remanded" json:"remanded"`
	All      bool `yaml:"all" json:"all"`
}

// CourtRouting is one court's routing: ranks, review scope, committee policy, warnings.
type CourtRouting struct {
	Ranks         []qingfeng.Role   `json:"ranks"`
	DivisionRanks []qingfeng.Role   `json:"division_ranks"`
	Scope         Scope             `json:"scope"`
	InCharge      map[string]string `json:"in_charge,omitempty"` // division id → vice president in charge
	Policy        Policy            `json:"policy"`
	WarnDays      int               `json:"warn_days"`
	StaleDays     int               `json:"stale_days"`
}

// Routing is the loaded routing.yaml.
type Routing struct {
	Default CourtRouting
	courts  map[string]CourtRouting
}

// For returns the routing of a court.
func (r *Routing) For(courtID string) CourtRouting {
	if c, ok := r.courts[courtID]; ok {
		return c
	}
	return r.Default
}

type routingDoc struct {
	Version int          `yaml:"version"`
	Default routingEntry `yaml:"default"`
	Courts  []routingEntry
}

type routingEntry struct {
	Court              string            `yaml:"court"`
	Ranks              []qingfeng.Role   `yaml:"ranks"`
	DivisionRanks      []qingfeng.Role   `yaml:"division_ranks"`
	Scope              *Scope            `yaml:"scope"`
	InCharge           map[string]string `yaml:"in_charge"`
	CommitteeApprovers []qingfeng.Role   `yaml:"committee_approvers"`
	CommitteeRecorders []qingfeng.Role   `yaml:"committee_recorders"`
	WarnDays           *int              `yaml:"warn_days"`
	StaleDays          *int              `yaml:"stale_days"`
}

// LoadRouting reads review/routing.yaml from fsys (defs.Default() or a court's overlay).
func LoadRouting(fsys fs.FS) (*Routing, error) {
	var doc routingDoc
	node, err := decodeYAML(fsys, RoutingFile, &doc)
	if err != nil {
		return nil, err
	}
	fail := func(line int, item, format string, args ...any) error {
		return &LoadError{File: RoutingFile, Line: line, Item: item, Reason: fmt.Sprintf(format, args...)}
	}
	if doc.Version != 1 {
		return nil, fail(0, "", "version must be 1, got %d", doc.Version)
	}
	base, reason := doc.Default.apply(CourtRouting{Policy: DefaultPolicy})
	if reason == "" && (len(base.Ranks) < 2 || base.WarnDays <= 0 || base.StaleDays <= 0) {
		reason = "the default needs at least two ranks and positive warn_days and stale_days"
	}
	if reason != "" {
		return nil, fail(0, "default", "%s", reason)
	}
	r := &Routing{Default: base, courts: map[string]CourtRouting{}}
	items := seqItems(node, "courts")
	for i, e := range doc.Courts {
		if e.Court == "" {
			return nil, fail(itemLine(items, i, "court"), "", "a court entry needs court")
		}
		if _, dup := r.courts[e.Court]; dup {
			return nil, fail(itemLine(items, i, "court"), e.Court, "court listed twice")
		}
		c, reason := e.apply(base)
		if reason != "" {
			return nil, fail(itemLine(items, i, "court"), e.Court, "%s", reason)
		}
		r.courts[e.Court] = c
	}
	return r, nil
}

// apply lays the fields e sets over base, and checks them.
func (e routingEntry) apply(base CourtRouting) (CourtRouting, string) {
	c := base
	for _, set := range [][]qingfeng.Role{e.Ranks, e.DivisionRanks, e.CommitteeApprovers, e.CommitteeRecorders} {
		for _, role := range set {
			if !qingfeng.Valid(qingfeng.Roles, role) {
				return c, fmt.Sprintf("unknown role %q", role)
			}
		}
	}
	if e.Ranks != nil {
		c.Ranks = e.Ranks
	}
	if e.DivisionRanks != nil {
		c.DivisionRanks = e.DivisionRanks
	}
	if e.Scope != nil {
		c.Scope = *e.Scope
	}
	if e.InCharge != nil {
		c.InCharge = e.InCharge
	}
	if e.CommitteeApprovers != nil {
		c.Policy.CommitteeApprovers = e.CommitteeApprovers
	}
	if e.CommitteeRecorders != nil {
		c.Policy.CommitteeRecorders = e.CommitteeRecorders
	}
	if e.WarnDays != nil {
		c.WarnDays = *e.WarnDays
	}
	if e.StaleDays != nil {
		c.StaleDays = *e.StaleDays
	}
	for _, r := range c.DivisionRanks {
		if !slices.Contains(c.Ranks, r) {
			return c, fmt.Sprintf("division rank %q is not among the ranks", r)
		}
	}
	if len(c.Policy.CommitteeApprovers) == 0 {
		return c, "committee_approvers may not be empty"
	}
	return c, ""
}

// rank is the highest rank p holds, or -1.
func (c CourtRouting) rank(p *qingfeng.Person) int {
	best := -1
	for i, r := range c.Ranks {
		if p.HasRole(r) {
			best = i
		}
	}
	return best
}

// Reviewer picks who reviews a decision of proceeding cs written by its judge: the nearest
// rank above the judge's with someone at work on day on (serving, not on leave) who is not on
// the panel — in the case's division for division ranks, the vice president in charge of the
// division when the court names one, else anyone of that rank in the court (lowest id, so the
// choice is stable). It returns "" when nobody qualifies.
func (c CourtRouting) Reviewer(cs *qingfeng.Case, people []qingfeng.Person, on qingfeng.Date) string {
	from := 0
	for i := range people {
		if people[i].ID == cs.JudgeID {
			from = max(0, c.rank(&people[i]))
		}
	}
	panel := append(slices.Clone(cs.Panel), cs.JudgeID)
	for r := from + 1; r < len(c.Ranks); r++ {
		role := c.Ranks[r]
		var found []string
		for i := range people {
			p := &people[i]
			if p.CourtID != cs.CourtID || !p.HasRole(role) || slices.Contains(panel, p.ID) || !atWork(p, on) {
				continue
			}
			if slices.Contains(c.DivisionRanks, role) && p.DivisionID != cs.DivisionID {
				continue
			}
			found = append(found, p.ID)
		}
		if len(found) == 0 {
			continue
		}
		if vp := c.InCharge[cs.DivisionID]; role == qingfeng.RoleVicePresident && slices.Contains(found, vp) {
			return vp
		}
		sort.Strings(found)
		return found[0]
	}
	return ""
}

func atWork(p *qingfeng.Person, on qingfeng.Date) bool {
	if on.IsZero() {
		return p.To.IsZero()
	}
	return p.From <= on && (p.To.IsZero() || p.To >= on) && p.StatusOn(on) == ""
}

// Requires says whether a decision of proceeding cs must be reviewed, and why: it is a 四类
// case (fourType), or falls in the court's chosen scope, read from its events and origin.
func (c CourtRouting) Requires(cs, origin *qingfeng.Case, events []qingfeng.Event, fourType bool) (bool, []string) {
	var why []string
	if fourType {
		why = append(why, "four_type")
	}
	has := func(t string) bool {
		return slices.ContainsFunc(events, func(e qingfeng.Event) bool { return e.Type == t })
	}
	if c.Scope.Extended && has("extension_approved") {
		why = append(why, "extended")
	}
	if c.Scope.Deducted && has("deduction_started") {
		why = append(why, "deducted")
	}
	if c.Scope.Remanded && origin != nil && cs.Stage == qingfeng.StageFirstInstance &&
		(origin.Outcome == qingfeng.OutRemanded || origin.Stage == qingfeng.StageSecondInstance) {
		why = append(why, "remanded")
	}
	if c.Scope.All {
		why = append(why, "all")
	}
	return len(why) > 0, why
}
