package qingfeng

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// AuditEntry is one line of the audit log: who did what, to what, when and from where. Every
// view of a case or ledger and every action (sign-in, warning handling, rule change, review step,
// export, account change) is appended, and never changed.
//
// The log is a hash chain: each entry's Hash seals its own fields and the Hash of the entry
// before it (Prev), under the installation's audit key, so that editing, deleting or inserting
// a row breaks the chain at that row, and someone who can write the database but does not hold
// the key cannot forge a consistent chain.
type AuditEntry struct {
	Seq    int64     `json:"seq"` // 1, 2, 3 … without gaps
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"` // a login, "token:<name>" for a source system, "system"
	UserID int64     `json:"user_id,omitempty"`
	// ActorCourt is the root of the actor's court scope: an auditor of a court sees what happened
	// to its courts' objects and what its courts' people did.
	ActorCourt string `json:"actor_court,omitempty"`
	Action     string `json:"action"`             // e.g. case.view, warning.handle, login, export
	Object     string `json:"object,omitempty"`   // what was acted on: a case number, a warning id, a login
	CourtID    string `json:"court_id,omitempty"` // the court the object belongs to, when it has one
	Addr       string `json:"addr,omitempty"`     // where the request came from
	Outcome    string `json:"outcome"`            // ok, denied or failed
	Detail     string `json:"detail,omitempty"`   // what else matters: a filter, a note, a count
	Prev       string `json:"prev"`               // Hash of the entry before; empty for the first
	Hash       string `json:"hash"`
}

// Audit outcomes.
const (
	AuditOK     = "ok"
	AuditDenied = "denied" // the caller was not allowed: out of scope, no permission, bad CSRF token
	AuditFailed = "failed" // allowed, but it did not work (a wrong password, an invalid action)
)

// auditSealed is what the hash covers, in a fixed order; the time in microseconds, which is what
// every store keeps.
type auditSealed struct {
	Seq     int64  `json:"seq"`
	At      int64  `json:"at"`
	Actor   string `json:"actor"`
	UserID  int64  `json:"user_id"`
	ActorCt string `json:"actor_court"`
	Action  string `json:"action"`
	Object  string `json:"object"`
	CourtID string `json:"court_id"`
	Addr    string `json:"addr"`
	Outcome string `json:"outcome"`
	Detail  string `json:"detail"`
	Prev    string `json:"prev"`
}

// Seal returns the hash that seals e (every field but Hash itself) under key: HMAC-SHA-256 of
// the fields' canonical JSON, in hex. Stores call it when they append; verification calls it
// again and compares.
func (e *AuditEntry) Seal(key []byte) string {
	b, _ := json.Marshal(auditSealed{Seq: e.Seq, At: e.At.UnixMicro(), Actor: e.Actor, UserID: e.UserID, ActorCt: e.ActorCourt,
		Action: e.Action, Object: e.Object, CourtID: e.CourtID, Addr: e.Addr, Outcome: e.Outcome,
		Detail: e.Detail, Prev: e.Prev})
	m := hmac.New(sha256.New, key)
	m.Write(b)
	return hex.EncodeToString(m.Sum(nil))
}
