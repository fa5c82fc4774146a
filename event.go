package qingfeng

import (
	"encoding/json"
	"strconv"
	"time"
)

// Event is one process node of a proceeding, reported by any source system. Unknown event
// types are kept: sources add types faster than rules use them.
type Event struct {
	CaseNumber string         `json:"case_number"` // normalised 案号 of the proceeding
	Type       string         `json:"type"`
	At         time.Time      `json:"at"`
	ActorID    string         `json:"actor_id,omitempty"`
	Attrs      map[string]any `json:"attrs,omitempty"`
}

// Date is the local date of the event in its own offset.
func (e *Event) Date() Date { return DateOf(e.At) }

// Str returns attribute k as a string ("" when absent); numbers are formatted.
func (e *Event) Str(k string) string {
	switch v := e.Attrs[k].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// Int returns attribute k as an integer, and whether it was present and numeric.
func (e *Event) Int(k string) (int, bool) {
	switch v := e.Attrs[k].(type) {
	case float64:
		return int(v), true
	case json.Number:
		n, err := v.Int64()
		return int(n), err == nil
	case string:
		n, err := strconv.Atoi(v)
		return n, err == nil
	}
	return 0, false
}

// Bool returns attribute k as a boolean (false when absent).
func (e *Event) Bool(k string) bool {
	v, _ := e.Attrs[k].(bool)
	return v
}

// Money returns attribute k as an amount, and whether it was present and well formed.
func (e *Event) Money(k string) (Money, bool) {
	s := e.Str(k)
	if s == "" {
		return 0, false
	}
	m, err := ParseMoney(s)
	return m, err == nil
}

// DateAttr returns attribute k as a date, and whether it was present and well formed.
func (e *Event) DateAttr(k string) (Date, bool) {
	d, err := ParseDate(e.Str(k))
	return d, err == nil
}

// Mediation is one pre-filing mediation (诉前调解/先行调解) from the mediation platform; it
// feeds indicator F10. CaseNumber is set when the dispute went on to be filed.
type Mediation struct {
	ID          string `json:"id"`
	CourtID     string `json:"court_id"`
	StartedOn   Date   `json:"started_on"`
	ConcludedOn Date   `json:"concluded_on,omitempty"`
	Success     bool   `json:"success,omitempty"`
	CauseCode   string `json:"cause_code,omitempty"`
	CaseNumber  string `json:"case_number,omitempty"`
}
