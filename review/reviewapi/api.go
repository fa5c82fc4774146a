// Package reviewapi serves 阅核 and 四类 over HTTP as JSON under /api/v1/reviews: decisions and
// their actions, the inbox, the trail, warnings, 四类 flags and the interference register. Who
// is asking comes from the auth function the web layer supplies; every answer is scoped to the
// actor's courts by the review service, and every refusal is on the trail.
package reviewapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
	"github.com/qingfeng-court/qingfeng/review"
	"github.com/qingfeng-court/qingfeng/store"
)

// Auth returns the actor of a request, or an error when it has none (401).
type Auth func(*http.Request) (review.Actor, error)

type api struct {
	svc  *review.Service
	auth Auth
}

// Register adds the review routes to mux.
func Register(mux *http.ServeMux, svc *review.Service, auth Auth) {
	a := &api{svc: svc, auth: auth}
	mux.HandleFunc("GET /api/v1/reviews", a.with(a.list))
	mux.HandleFunc("POST /api/v1/reviews", a.with(a.draft))
	mux.HandleFunc("GET /api/v1/reviews/inbox", a.with(a.inbox))
	mux.HandleFunc("GET /api/v1/reviews/warnings", a.with(a.warnings))
	mux.HandleFunc("GET /api/v1/reviews/anomalies", a.with(a.anomalies))
	mux.HandleFunc("GET /api/v1/reviews/decisions/{id}", a.with(a.get))
	mux.HandleFunc("GET /api/v1/reviews/decisions/{id}/trail", a.with(a.trail))
	mux.HandleFunc("GET /api/v1/reviews/decisions/{id}/events", a.with(a.events))
	mux.HandleFunc("POST /api/v1/reviews/decisions/{id}/{action}", a.with(a.act))
	mux.HandleFunc("GET /api/v1/reviews/flags", a.with(a.flags))
	mux.HandleFunc("POST /api/v1/reviews/flags", a.with(a.flag))
	mux.HandleFunc("POST /api/v1/reviews/flags/{id}/unflag", a.with(a.unflag))
	mux.HandleFunc("POST /api/v1/reviews/flags/{id}/approve-unflag", a.with(a.approveUnflag))
	mux.HandleFunc("GET /api/v1/reviews/enquiries", a.with(a.enquiries))
	mux.HandleFunc("POST /api/v1/reviews/enquiries", a.with(a.register))
	mux.HandleFunc("PUT /api/v1/reviews/enquiries/{id}", a.with(a.changeEnquiry))
	mux.HandleFunc("PATCH /api/v1/reviews/enquiries/{id}", a.with(a.changeEnquiry))
	mux.HandleFunc("DELETE /api/v1/reviews/enquiries/{id}", a.with(a.changeEnquiry))
}

type handler func(w http.ResponseWriter, r *http.Request, who review.Actor) error

func (a *api) with(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		who, err := a.auth(r)
		if err != nil {
			writeJSON(w, http.StatusUnauthorized, problem{Code: "auth", Message: "未登录", MessageEn: "not signed in"})
			return
		}
		if err := h(w, r, who); err != nil {
			writeError(w, r, err)
		}
	}
}

type problem struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
}

func writeError(w http.ResponseWriter, r *http.Request, err error) {
	if rf, ok := review.AsRefusal(err); ok {
		status := http.StatusForbidden
		switch rf.Code {
		case review.CodeState:
			status = http.StatusConflict
		case review.CodeInput:
			status = http.StatusBadRequest
		case review.CodeScope:
			status = http.StatusNotFound
		}
		writeJSON(w, status, problem{Code: rf.Code, Message: rf.Text(i18n.ZH), MessageEn: rf.Text(i18n.EN)})
		return
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeJSON(w, http.StatusNotFound, problem{Code: "not_found", Message: "未找到", MessageEn: "not found"})
	case errors.Is(err, store.ErrReviewConflict):
		writeJSON(w, http.StatusConflict, problem{Code: "conflict", Message: "已被他人处理，请刷新后重试", MessageEn: "changed meanwhile: reload and try again"})
	case errors.Is(err, errBadRequest):
		writeJSON(w, http.StatusBadRequest, problem{Code: "input", Message: "请求格式错误：" + err.Error(), MessageEn: "bad request: " + err.Error()})
	default:
		writeJSON(w, http.StatusInternalServerError, problem{Code: "internal", Message: "服务器错误", MessageEn: "server error"})
	}
}

var errBadRequest = errors.New("bad request")

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// decode reads a JSON body, refusing unknown fields so that a reviewer cannot slip document
// text into an action that takes none.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return errors.Join(errBadRequest, err)
	}
	return nil
}

func (a *api) list(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	q := r.URL.Query()
	f := store.DecisionFilter{CaseNumber: q.Get("case"), ReviewerID: q.Get("reviewer"), Source: q.Get("source"), AfterID: q.Get("after")}
	if s := q.Get("state"); s != "" {
		for _, st := range strings.Split(s, ",") {
			f.States = append(f.States, qingfeng.ReviewState(st))
		}
	}
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	ds, err := a.svc.List(r.Context(), who, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"decisions": nonNil(ds)})
	return nil
}

func (a *api) draft(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	var in review.DraftInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d, err := a.svc.Draft(r.Context(), who, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a.view(d, who))
	return nil
}

type decisionView struct {
	*qingfeng.Decision
	Allowed []review.Action `json:"allowed"`
}

func (a *api) view(d *qingfeng.Decision, who review.Actor) decisionView {
	allowed := review.Allowed(d, who, a.svc.Config().Routing.For(d.CourtID).Policy)
	if d.Source != "api" {
		allowed = nil
	}
	return decisionView{Decision: d, Allowed: nonNil(allowed)}
}

func (a *api) get(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	d, err := a.svc.Get(r.Context(), who, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a.view(d, who))
	return nil
}

func (a *api) act(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	// Operative is accepted only to be refused by the machine for anyone but the panel (I1),
	// so that the attempt is on the trail rather than lost in a 400.
	var in struct {
		review.Command
		Operative string `json:"operative"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	c := in.Command
	if in.Operative != "" {
		c.Text = in.Operative
		if c.Part == "" && c.Action == review.ActEdit {
			c.Part = "operative"
		}
	}
	c.Action = review.Action(r.PathValue("action"))
	d, err := a.svc.Act(r.Context(), who, r.PathValue("id"), c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a.view(d, who))
	return nil
}

func (a *api) trail(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	id := r.PathValue("id")
	if _, err := a.svc.Get(r.Context(), who, id); err != nil {
		return err
	}
	ts, err := a.svc.Trail(r.Context(), who, store.ReviewTrailFilter{SubjectID: id})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"trail": nonNil(ts)})
	return nil
}

// events writes the decision's accepted steps as canonical JSON Lines event records.
func (a *api) events(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	id := r.PathValue("id")
	d, err := a.svc.Get(r.Context(), who, id)
	if err != nil {
		return err
	}
	ts, err := a.svc.Trail(r.Context(), who, store.ReviewTrailFilter{SubjectID: id})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	enc := json.NewEncoder(w)
	for i, e := range review.EventsOf(d, ts) {
		rec, err := qingfeng.NewRecord("review", d.ID+"-"+strconv.Itoa(i+1), &e, qingfeng.Origin{})
		if err != nil {
			return err
		}
		if err := enc.Encode(json.RawMessage(rec.Body)); err != nil {
			return err
		}
	}
	return nil
}

func (a *api) inbox(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	items, err := a.svc.Inbox(r.Context(), who)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(items)})
	return nil
}

func (a *api) warnings(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	var asOf qingfeng.Date
	if s := r.URL.Query().Get("as_of"); s != "" {
		d, err := qingfeng.ParseDate(s)
		if err != nil {
			return errors.Join(errBadRequest, err)
		}
		asOf = d
	}
	ws, err := a.svc.Warnings(r.Context(), who, asOf)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"warnings": nonNil(ws)})
	return nil
}

func (a *api) anomalies(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	fs, err := a.svc.Anomalies(r.Context(), who)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"findings": nonNil(fs)})
	return nil
}

func (a *api) flags(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	fs, err := a.svc.Flags(r.Context(), who, r.URL.Query().Get("case"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"flags": nonNil(fs)})
	return nil
}

func (a *api) flag(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	var in review.FlagInput
	if err := decode(r, &in); err != nil {
		return err
	}
	f, err := a.svc.Flag(r.Context(), who, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, f)
	return nil
}

func (a *api) unflag(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	f, err := a.svc.RequestUnflag(r.Context(), who, r.PathValue("id"), in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (a *api) approveUnflag(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	f, err := a.svc.ApproveUnflag(r.Context(), who, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (a *api) enquiries(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	qs, err := a.svc.Enquiries(r.Context(), who, r.URL.Query().Get("case"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"enquiries": nonNil(qs)})
	return nil
}

func (a *api) register(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	var in review.EnquiryInput
	if err := decode(r, &in); err != nil {
		return err
	}
	q, err := a.svc.RegisterEnquiry(r.Context(), who, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, q)
	return nil
}

func (a *api) changeEnquiry(w http.ResponseWriter, r *http.Request, who review.Actor) error {
	return a.svc.ChangeEnquiry(r.Context(), who, r.PathValue("id"), strings.ToLower(r.Method))
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
