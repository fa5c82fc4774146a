package review

import (
	"context"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/store"
)

// EnquiryInput registers an enquiry made outside the platform (三个规定): who asked, how, and
// what about. Anyone of the court who received it registers it.
type EnquiryInput struct {
	CaseNumber string `json:"case_number"`
	By         string `json:"by"`
	Channel    string `json:"channel"` // phone, in_person, letter, message, other
	Content    string `json:"content"`
}

var (
	msgEnquiryFields = i18n.Text{ZH: "须填写过问人、方式和内容", EN: "who enquired, how and what about are required"}
	msgRegisterFixed = i18n.Text{ZH: "过问登记一经记录不得修改或删除", EN: "a register entry can be neither changed nor deleted"}
)

var channels = []string{"phone", "in_person", "letter", "message", "other"}

// RegisterEnquiry adds an entry to the interference register (I7).
func (s *Service) RegisterEnquiry(ctx context.Context, a Actor, in EnquiryInput) (*qingfeng.Enquiry, error) {
	c, err := s.caseFor(ctx, a, in.CaseNumber, "enquiry", "register")
	if err != nil {
		return nil, err
	}
	now := s.cfg.now()
	q := &qingfeng.Enquiry{ID: "q-" + newID(), CaseNumber: c.Number, CourtID: c.CourtID, By: in.By, Channel: in.Channel,
		Content: in.Content, RegisteredBy: a.PersonID, At: now, Source: "api"}
	t := qingfeng.Transition{Subject: "enquiry", SubjectID: q.ID, CaseNumber: c.Number, CourtID: c.CourtID, Action: "register",
		ActorID: a.PersonID, ActorRoles: a.Roles, At: now, Detail: "by=" + in.By, Source: "api"}
	if in.By == "" || in.Content == "" || oneOf("channel", in.Channel, channels...) != nil {
		return nil, s.refused(ctx, t, refuse(CodeInput, msgEnquiryFields))
	}
	if err := s.rv.ApplyReview(ctx, &store.ReviewChange{Enquiry: q, Trail: []qingfeng.Transition{t}}); err != nil {
		return nil, err
	}
	return q, nil
}

// ChangeEnquiry is any attempt to change or delete a register entry: always refused (I7), and
// the attempt is on the trail.
func (s *Service) ChangeEnquiry(ctx context.Context, a Actor, id, action string) error {
	t := qingfeng.Transition{Subject: "enquiry", SubjectID: id, Action: action, ActorID: a.PersonID, ActorRoles: a.Roles,
		At: s.cfg.now(), Source: "api"}
	qs, err := s.rv.Enquiries(ctx, store.EnquiryFilter{})
	if err != nil {
		return err
	}
	for _, q := range qs {
		if q.ID == id {
			t.CaseNumber, t.CourtID = q.CaseNumber, q.CourtID
		}
	}
	return s.refused(ctx, t, refuse(CodeI7, msgRegisterFixed))
}

// Enquiries lists the register of a proceeding (or of all the actor's courts).
func (s *Service) Enquiries(ctx context.Context, a Actor, caseNumber string) ([]qingfeng.Enquiry, error) {
	courts, err := s.courts(ctx, a)
	if err != nil {
		return nil, err
	}
	return s.rv.Enquiries(ctx, store.EnquiryFilter{CaseNumber: caseNumber, CourtIDs: courts})
}
