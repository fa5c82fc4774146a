package qingfeng

import (
	"fmt"

	fastjson "github.com/goccy/go-json"
)

// envelopes pair the record key with each kind's payload so that a line decodes in one pass.
type (
	courtLine struct {
		Key
		Court
	}
	divisionLine struct {
		Key
		Division
	}
	personLine struct {
		Key
		Person
	}
	relativeLine struct {
		Key
		Relative
	}
	lawyerLine struct {
		Key
		Lawyer
	}
	caseLine struct {
		Key
		Case
	}
	eventLine struct {
		Key
		Event
	}
	mediationLine struct {
		Key
		Mediation
	}
)

// Envelope returns an empty envelope for kind k, and a function giving its key and payload.
func Envelope(k Kind) (any, func() (Key, any)) {
	switch k {
	case KindCourt:
		l := &courtLine{}
		return l, func() (Key, any) { return l.Key, &l.Court }
	case KindDivision:
		l := &divisionLine{}
		return l, func() (Key, any) { return l.Key, &l.Division }
	case KindPerson:
		l := &personLine{}
		return l, func() (Key, any) { return l.Key, &l.Person }
	case KindRelative:
		l := &relativeLine{}
		return l, func() (Key, any) { return l.Key, &l.Relative }
	case KindLawyer:
		l := &lawyerLine{}
		return l, func() (Key, any) { return l.Key, &l.Lawyer }
	case KindCase:
		l := &caseLine{}
		return l, func() (Key, any) { return l.Key, &l.Case }
	case KindEvent:
		l := &eventLine{}
		return l, func() (Key, any) { return l.Key, &l.Event }
	case KindMediation:
		l := &mediationLine{}
		return l, func() (Key, any) { return l.Key, &l.Mediation }
	}
	return nil, nil
}

// DecodeBody decodes a record as stored in the log (its canonical body, see NewRecord) into
// its key and typed payload. Engines that follow the log use it.
func DecodeBody(body []byte) (Key, any, error) {
	var env Key
	if err := fastjson.Unmarshal(body, &env); err != nil {
		return Key{}, nil, fmt.Errorf("decode record: %w", err)
	}
	target, get := Envelope(env.Kind)
	if target == nil {
		return env, nil, fmt.Errorf("decode record %s: unknown kind", env)
	}
	if err := fastjson.Unmarshal(body, target); err != nil {
		return env, nil, fmt.Errorf("decode record %s: %w", env, err)
	}
	key, v := get()
	return key, v, nil
}
