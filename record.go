package qingfeng

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	fastjson "github.com/goccy/go-json"
)

// Kind names the type of an ingested record.
type Kind string

// Record kinds of the interchange format.
const (
	KindCourt     Kind = "court"
	KindDivision  Kind = "division"
	KindPerson    Kind = "person"
	KindRelative  Kind = "relative"
	KindLawyer    Kind = "lawyer"
	KindCase      Kind = "case"
	KindEvent     Kind = "event"
	KindMediation Kind = "mediation"
)

// Kinds lists every kind, reference data first: ingest loads them in this order.
var Kinds = []Kind{KindCourt, KindDivision, KindPerson, KindRelative, KindLawyer, KindCase, KindEvent, KindMediation}

// IsReference reports whether records of the kind describe the organisation (courts, staff,
// lawyers) rather than casework; they are loaded before cases and events.
func (k Kind) IsReference() bool {
	switch k {
	case KindCourt, KindDivision, KindPerson, KindRelative, KindLawyer:
		return true
	}
	return false
}

// Key is a record's idempotency key: the same key with the same content is a no-op, with
// different content a new revision.
type Key struct {
	Kind  Kind   `json:"kind"`
	Src   string `json:"src"`
	SrcID string `json:"src_id"`
}

// String formats the key as kind/src/src_id.
func (k Key) String() string { return string(k.Kind) + "/" + k.Src + "/" + k.SrcID }

// Record is one validated, normalised record on its way into the store.
type Record struct {
	Key
	// Value is the typed payload: *Court, *Division, *Person, *Relative, *Lawyer, *Case, *Event
	// or *Mediation, matching Kind.
	Value any
	// Body is the canonical JSON of the whole record (envelope included) as stored.
	Body []byte
	// Hash is the content hash of Body; equal hashes mean an unchanged record.
	Hash string
	// Origin is where the record was read from.
	Origin Origin
}

// Origin names the file and line a record came from (or the source system and message for
// records that arrive over the network).
type Origin struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// Rejection is a record that failed validation, kept in quarantine with its reason so that it
// can be fixed and ingested again. Raw has identity numbers replaced by their hashes.
type Rejection struct {
	ID       int64     `json:"id"`
	File     string    `json:"file"`
	Line     int       `json:"line"`
	Key      Key       `json:"key"` // as far as it could be read; may be empty
	Field    string    `json:"field,omitempty"`
	Value    string    `json:"value,omitempty"`
	Code     string    `json:"code"`      // stable machine code, e.g. "date.before_filed"
	Reason   string    `json:"reason"`    // zh-CN
	ReasonEn string    `json:"reason_en"` // English
	Raw      string    `json:"raw"`
	At       time.Time `json:"at"`
	Resolved bool      `json:"resolved,omitempty"`
}

// KindOf returns the kind that a typed payload is stored under, or "" for an unknown type.
func KindOf(v any) Kind {
	switch v.(type) {
	case *Court:
		return KindCourt
	case *Division:
		return KindDivision
	case *Person:
		return KindPerson
	case *Relative:
		return KindRelative
	case *Lawyer:
		return KindLawyer
	case *Case:
		return KindCase
	case *Event:
		return KindEvent
	case *Mediation:
		return KindMediation
	}
	return ""
}

// NewRecord builds a record from a typed payload: it writes the canonical body (the envelope
// followed by the payload's fields) and its content hash. Ingest, the generator's tests and the
// store conformance suite all build records here so that equal content always hashes equal.
func NewRecord(src, srcID string, v any, origin Origin) (Record, error) {
	kind := KindOf(v)
	if kind == "" {
		return Record{}, fmt.Errorf("new record: unsupported payload type %T", v)
	}
	payload, err := fastjson.Marshal(v)
	if err != nil {
		return Record{}, fmt.Errorf("new record %s/%s/%s: %w", kind, src, srcID, err)
	}
	body := AppendKeyOpen(make([]byte, 0, 40+len(kind)+len(src)+len(srcID)+len(payload)), Key{Kind: kind, Src: src, SrcID: srcID})
	if len(payload) > 2 {
		body = append(body, ',')
		body = append(body, payload[1:]...)
	} else {
		body = append(body, '}')
	}
	sum := sha256.Sum256(body)
	return Record{
		Key:    Key{Kind: kind, Src: src, SrcID: srcID},
		Value:  v,
		Body:   body,
		Hash:   hex.EncodeToString(sum[:16]),
		Origin: origin,
	}, nil
}
