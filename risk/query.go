package risk

import (
	"context"
	"fmt"
	"slices"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// Warnings lists the warnings f selects (newest first) and how many it selects in all. Set
// f.Courts to the caller's court subtree (Subtree) to scope the list.
func (e *Engine) Warnings(ctx context.Context, f store.WarningFilter) ([]qingfeng.Warning, int, error) {
	return e.ws.Warnings(ctx, f)
}

// Detail is one warning with everything a person handling it reads: the warning and its
// evidence, the rule that raised it, its reasoning in plain words and its handling history.
type Detail struct {
	Warning   qingfeng.Warning         `json:"warning"`
	Rule      RuleInfo                 `json:"rule"`
	Reasoning i18n.Text                `json:"reasoning"`
	History   []qingfeng.WarningAction `json:"history"`
}

// RuleInfo describes the rule behind a warning.
type RuleInfo struct {
	ID        string            `json:"id"`
	Version   int               `json:"version"`
	Name      string            `json:"name"`
	NameEn    string            `json:"name_en"`
	Group     string            `json:"group"`
	Family    qingfeng.Family   `json:"family"`
	Severity  qingfeng.Severity `json:"severity"`
	Statutory bool              `json:"statutory"`
	Basis     string            `json:"basis"`
	Note      string            `json:"note,omitempty"`
	Sources   []string          `json:"sources"`
	Params    map[string]any    `json:"params,omitempty"`
	InPack    bool              `json:"in_pack"` // false when the pack no longer has the rule
}

// Warning returns one warning with its rule, reasoning and history. With scope not nil, a
// warning outside the caller's courts is not found.
func (e *Engine) Warning(ctx context.Context, id int64, scope []string) (*Detail, error) {
	w, err := e.ws.Warning(ctx, id)
	if err != nil {
		return nil, err
	}
	if scope != nil && !slices.Contains(scope, w.CourtID) {
		return nil, fmt.Errorf("warning %d: %w", id, store.ErrNotFound)
	}
	h, err := e.ws.WarningHistory(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &Detail{Warning: *w, History: h, Rule: e.ruleInfo(w)}
	d.Reasoning = reasoning(w, d.Rule)
	return d, nil
}

func (e *Engine) ruleInfo(w *qingfeng.Warning) RuleInfo {
	info := RuleInfo{ID: w.Rule, Version: w.RuleVersion, Name: w.RuleName, NameEn: w.RuleNameEn, Family: w.Family,
		Statutory: w.Statutory, Basis: w.Basis}
	r := e.pack.Rule(w.Rule)
	if r == nil {
		return info
	}
	info.InPack, info.Version, info.Group, info.Severity = true, r.Version, r.Group, r.Severity
	info.Note, info.Sources = r.Note, r.Sources
	if len(r.Params) > 0 {
		info.Params = map[string]any{}
		for _, p := range r.Params {
			info.Params[p.Name] = p.Value
		}
	}
	return info
}

// reasoning explains a warning in plain words: what the rule requires, on what basis, what
// was found in this case and what the evidence is.
func reasoning(w *qingfeng.Warning, r RuleInfo) i18n.Text {
	zh := fmt.Sprintf("规则 %s「%s」（依据：%s）：%s", w.Rule, w.RuleName, w.Basis, w.Message)
	en := fmt.Sprintf("Rule %s, %s (basis: %s): %s", w.Rule, w.RuleNameEn, w.Basis, w.MessageEn)
	if w.Hits > 1 {
		zh += fmt.Sprintf(" 本案共 %d 处。", w.Hits)
		en += fmt.Sprintf(" %d instances in this case.", w.Hits)
	}
	if len(w.Evidence) > 0 {
		zh += fmt.Sprintf(" 依据的记录 %d 条，最早 %s。", len(w.Evidence), w.Evidence[0].Date)
		en += fmt.Sprintf(" It rests on %d records, the first of %s.", len(w.Evidence), w.Evidence[0].Date)
	}
	if !r.Statutory {
		zh += " 该规则的阈值为参数，请结合本院情况判断。"
		en += " The rule's thresholds are parameters: judge it against the court's own practice."
	}
	return i18n.Text{ZH: zh, EN: en}
}

// Handle records a person's action on a warning (assign, verify, confirm, dismiss with a
// reason, rectify, close), checked against the workflow and the caller's scope.
func (e *Engine) Handle(ctx context.Context, id int64, a qingfeng.WarningAction, scope []string) (*qingfeng.Warning, error) {
	return e.ws.HandleWarning(ctx, id, a, scope)
}

// Stats counts the warnings f selects per rule, court or judge, with each group's dismissal
// rate.
func (e *Engine) Stats(ctx context.Context, f store.WarningFilter, by store.StatsBy) ([]store.WarningStat, error) {
	return e.ws.WarningStats(ctx, f, by)
}

// Subtree returns the ids of court root and every court below it (tribunals included), for
// scoping queries to a user's courts. An unknown root gives nil.
func Subtree(courts []qingfeng.Court, root string) []string {
	children := map[string][]string{}
	known := false
	for _, c := range courts {
		children[c.ParentID] = append(children[c.ParentID], c.ID)
		known = known || c.ID == root
	}
	if !known {
		return nil
	}
	out := []string{root}
	seen := map[string]bool{root: true}
	for i := 0; i < len(out); i++ {
		for _, c := range children[out[i]] {
			if !seen[c] { // a cycle in bad data ends here
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}
