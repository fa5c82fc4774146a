package review

import (
	"context"
	"slices"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// FlagInput flags a proceeding as 四类 by hand.
type FlagInput struct {
	CaseNumber string `json:"case_number"`
	SubType    string `json:"sub_type"`
	Reason     string `json:"reason"`
}

var (
	msgFlagCode     = i18n.Text{ZH: "四类标注须有类型代码（%s）和理由", EN: "a 四类 flag needs a type code (%s) and a reason"}
	msgFlagWho      = i18n.Text{ZH: "只有承办法官（合议庭）、立案部门或院庭长可以标注四类案件", EN: "only the panel, the filing division or a president or chief may flag a 四类 case"}
	msgUnflagSecond = i18n.Text{ZH: "撤销四类标注须经另一位院庭长批准，申请人不能自行批准", EN: "removing a 四类 flag needs the approval of another president or chief, not the requester"}
	msgUnflagState  = i18n.Text{ZH: "该标注当前状态为“%s”", EN: "the flag is %s"}
	msgFlagSource   = i18n.Text{ZH: "来源系统设置的标注须在来源系统中撤销", EN: "a flag set by the source system is removed there"}
)

// Flag marks a proceeding as 四类 by hand (I6: with a type code and a reason). The panel, the
// court's filing division and its 院庭长 may.
func (s *Service) Flag(ctx context.Context, a Actor, in FlagInput) (*qingfeng.FourTypeFlag, error) {
	c, err := s.caseFor(ctx, a, in.CaseNumber, "flag", "flag")
	if err != nil {
		return nil, err
	}
	now := s.cfg.now()
	f := &qingfeng.FourTypeFlag{ID: "man-" + newID(), CaseNumber: c.Number, CourtID: c.CourtID, SubType: in.SubType,
		Reason: in.Reason, Origin: "manual", By: a.PersonID, At: now, State: qingfeng.FlagActive}
	t := qingfeng.Transition{Subject: "flag", SubjectID: f.ID, CaseNumber: c.Number, CourtID: c.CourtID, Action: "flag",
		ActorID: a.PersonID, ActorRoles: a.Roles, At: now, Reason: in.Reason, Detail: "sub_type=" + in.SubType, Source: "api"}
	if !subTypePattern.MatchString(in.SubType) || s.cfg.Rules.SubTypes[in.SubType] == "" || in.Reason == "" {
		return nil, s.refused(ctx, t, refuse(CodeI6, msgFlagCode, s.subTypeList()))
	}
	ok, err := s.mayFlag(ctx, a, c)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, s.refused(ctx, t, refuse(CodeRole, msgFlagWho))
	}
	f.Type = int(in.SubType[0] - '0')
	t.To = string(f.State)
	if err := s.rv.ApplyReview(ctx, &store.ReviewChange{Flag: f, Trail: []qingfeng.Transition{t}}); err != nil {
		return nil, err
	}
	return f, nil
}

func (s *Service) subTypeList() string {
	var keys []string
	for k := range s.cfg.Rules.SubTypes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += " "
		}
		out += k
	}
	return out
}

func (s *Service) mayFlag(ctx context.Context, a Actor, c *qingfeng.Case) (bool, error) {
	if a.PersonID == c.JudgeID || slices.Contains(c.Panel, a.PersonID) || (a.IsLeader() && a.CourtID == c.CourtID) {
		return true, nil
	}
	people, err := s.st.People(ctx)
	if err != nil {
		return false, err
	}
	divs, err := s.st.Divisions(ctx)
	if err != nil {
		return false, err
	}
	for _, p := range people {
		if p.ID != a.PersonID || p.CourtID != c.CourtID {
			continue
		}
		for _, d := range divs {
			if d.ID == p.DivisionID && d.Line == qingfeng.LineFiling {
				return true, nil
			}
		}
	}
	return false, nil
}

// RequestUnflag asks for a flag to be removed; it stays in force until another person approves.
func (s *Service) RequestUnflag(ctx context.Context, a Actor, id, reason string) (*qingfeng.FourTypeFlag, error) {
	f, t, err := s.flagFor(ctx, a, id, "request_unflag", reason)
	if err != nil {
		return nil, err
	}
	switch {
	case f.Origin == "source":
		return nil, s.refused(ctx, t, refuse(CodeState, msgFlagSource))
	case f.State != qingfeng.FlagActive:
		return nil, s.refused(ctx, t, refuse(CodeState, msgUnflagState, string(f.State)))
	case reason == "":
		return nil, s.refused(ctx, t, refuse(CodeInput, msgNeedReason))
	case !a.IsLeader() && a.PersonID != f.By:
		return nil, s.refused(ctx, t, refuse(CodeRole, msgFlagWho))
	}
	f.State, f.RemovalBy, f.RemovalReason, f.RemovalAt = qingfeng.FlagRemovalRequested, a.PersonID, reason, t.At
	t.To = string(f.State)
	if err := s.rv.ApplyReview(ctx, &store.ReviewChange{Flag: f, Trail: []qingfeng.Transition{t}}); err != nil {
		return nil, err
	}
	return f, nil
}

// ApproveUnflag removes a flag whose removal was requested: a 院庭长 of the court other than the
// requester must approve (I6).
func (s *Service) ApproveUnflag(ctx context.Context, a Actor, id string) (*qingfeng.FourTypeFlag, error) {
	f, t, err := s.flagFor(ctx, a, id, "approve_unflag", "")
	if err != nil {
		return nil, err
	}
	switch {
	case f.State != qingfeng.FlagRemovalRequested:
		return nil, s.refused(ctx, t, refuse(CodeState, msgUnflagState, string(f.State)))
	case a.PersonID == f.RemovalBy || a.PersonID == "" || !a.IsLeader() || a.CourtID != f.CourtID:
		return nil, s.refused(ctx, t, refuse(CodeI6, msgUnflagSecond))
	}
	f.State, f.RemovalApprover, f.RemovedAt = qingfeng.FlagRemoved, a.PersonID, t.At
	t.To = string(f.State)
	if err := s.rv.ApplyReview(ctx, &store.ReviewChange{Flag: f, Trail: []qingfeng.Transition{t}}); err != nil {
		return nil, err
	}
	return f, nil
}

func (s *Service) flagFor(ctx context.Context, a Actor, id, action, reason string) (*qingfeng.FourTypeFlag, qingfeng.Transition, error) {
	var t qingfeng.Transition
	f, err := s.rv.FourTypeFlag(ctx, id)
	if err != nil {
		return nil, t, err
	}
	courts, err := s.courts(ctx, a)
	if err != nil {
		return nil, t, err
	}
	t = qingfeng.Transition{Subject: "flag", SubjectID: f.ID, CaseNumber: f.CaseNumber, CourtID: f.CourtID, Action: action,
		From: string(f.State), To: string(f.State), ActorID: a.PersonID, ActorRoles: a.Roles, At: s.cfg.now(), Reason: reason, Source: "api"}
	if !slices.Contains(courts, f.CourtID) {
		if rerr := s.refused(ctx, t, refuse(CodeScope, msgNotFound)); rerr != nil {
			if _, ok := AsRefusal(rerr); !ok {
				return nil, t, rerr
			}
		}
		return nil, t, store.ErrNotFound
	}
	return f, t, nil
}

// Flags lists the 四类 flags of a proceeding (or of all proceedings in the actor's courts when
// caseNumber is empty).
func (s *Service) Flags(ctx context.Context, a Actor, caseNumber string) ([]qingfeng.FourTypeFlag, error) {
	courts, err := s.courts(ctx, a)
	if err != nil {
		return nil, err
	}
	return s.rv.FourTypeFlags(ctx, store.FourTypeFlagFilter{CaseNumber: caseNumber, CourtIDs: courts})
}
