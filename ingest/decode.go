package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"hash/maphash"
	"time"

	fastjson "github.com/goccy/go-json"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/codetable"
)

// decoder turns one line of canonical JSON into a validated, normalised record. Each
// goroutine decodes with a decoder of its own (forWorker).
type decoder struct {
	types   *casenum.Types
	codes   *codetable.Tables
	hasher  *Hasher
	refs    *refs
	today   qingfeng.Date
	numbers numberMemo
}

// forWorker returns a decoder for one more goroutine: the same tables and references, a memo
// of its own.
func (d *decoder) forWorker() *decoder {
	w := *d
	w.numbers = numberMemo{}
	return &w
}

// numberMemo remembers the case numbers a decoder parsed last, with their parse and normalised
// spelling: the events of a proceeding, read together, name the same number again and again.
// It is direct-mapped, a number's slot chosen by its hash and taken over by the next number of
// that slot: on an export of proceedings each named once, every look-up misses, and a miss
// costs a hash rather than a search of a large map.
type numberMemo struct {
	seed  maphash.Seed
	slots *[numberMemoSlots]memoSlot // made on first use
}

type memoSlot struct {
	hash    uint64 // of written, compared first: a miss then reads no other number's text
	written string
	p       parsedNumber
}

type parsedNumber struct {
	n casenum.Number
	s string // n.String()
}

// numberMemoSlots is the size of the memo, a power of two.
const numberMemoSlots = 4096

func (n *numberMemo) slot(written string) (*memoSlot, uint64) {
	if n.slots == nil {
		n.seed, n.slots = maphash.MakeSeed(), new([numberMemoSlots]memoSlot)
	}
	h := maphash.String(n.seed, written)
	return &n.slots[h&(numberMemoSlots-1)], h
}

func (n *numberMemo) get(written string) (parsedNumber, bool) {
	if s, h := n.slot(written); s.hash == h && s.written == written && written != "" {
		return s.p, true
	}
	return parsedNumber{}, false
}

func (n *numberMemo) put(written string, p parsedNumber) {
	s, h := n.slot(written)
	*s = memoSlot{hash: h, written: written, p: p}
}

// sniffKind finds the value of the first "kind" key in a line without decoding it. It can be
// fooled by a nested "kind" (event attributes have one) written before the top-level one;
// decodeLine checks the decoded kind and retries, so a wrong sniff costs time, not records.
func sniffKind(line []byte) qingfeng.Kind {
	i := bytes.Index(line, []byte(`"kind"`))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(line[i+6:], " \t")
	if len(rest) == 0 || rest[0] != ':' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t")
	if len(rest) == 0 || rest[0] != '"' {
		return ""
	}
	end := bytes.IndexByte(rest[1:], '"')
	if end < 0 {
		return ""
	}
	return qingfeng.Kind(rest[1 : 1+end])
}

// decodeLine decodes a line into its key and typed payload, without validating the payload.
// It uses a fast JSON decoder (several times faster than encoding/json on these records) and
// falls back to encoding/json only to explain a failure.
// The key is returned as far as it could be read, also on failure.
func decodeLine(line []byte) (qingfeng.Key, any, *Problem) {
	kind := sniffKind(line)
	for attempt := 0; attempt < 2; attempt++ {
		target, get := qingfeng.Envelope(kind)
		if target == nil {
			var env qingfeng.Key
			if err := json.Unmarshal(line, &env); err != nil {
				return env, nil, syntaxProblem(err)
			}
			if t, _ := qingfeng.Envelope(env.Kind); t == nil || env.Kind == kind {
				return env, nil, rKind.at("kind", string(env.Kind))
			}
			kind = env.Kind
			continue
		}
		err := fastjson.Unmarshal(line, target)
		key, v := get()
		if err != nil {
			// The slow path: the standard decoder's errors are the ones we know how to read.
			target, get = qingfeng.Envelope(kind)
			err = json.Unmarshal(line, target)
			key, v = get()
			var se *json.SyntaxError
			switch {
			case errors.As(err, &se):
				return key, nil, syntaxProblem(err)
			case err != nil:
				return key, nil, diagnose(kind, line, err)
			}
		}
		if key.Kind == kind {
			return key, v, nil
		}
		kind = key.Kind // the sniff met a nested "kind": decode again as what the line says
	}
	return qingfeng.Key{Kind: kind}, nil, rKind.at("kind", string(kind))
}

func syntaxProblem(err error) *Problem {
	return rJSON.at("", "", err.Error())
}

// decode decodes, normalises and validates one line.
func (d *decoder) decode(line []byte, origin qingfeng.Origin) (qingfeng.Record, *Problem, qingfeng.Key) {
	key, v, p := decodeLine(line)
	if p != nil {
		return qingfeng.Record{}, p, key
	}
	rec, p := d.check(key, v, origin)
	return rec, p, key
}

// check validates and normalises a decoded payload and makes its record.
func (d *decoder) check(key qingfeng.Key, v any, origin qingfeng.Origin) (qingfeng.Record, *Problem) {
	if p := d.validate(key, v); p != nil {
		return qingfeng.Record{}, p
	}
	rec, err := qingfeng.NewRecord(key.Src, key.SrcID, v, origin)
	if err != nil {
		return qingfeng.Record{}, rJSONField.at("", "", err.Error())
	}
	return rec, nil
}

// validate checks the envelope and dispatches to the kind's checks, which also normalise.
func (d *decoder) validate(key qingfeng.Key, v any) *Problem {
	if key.Src == "" {
		return rRequired.at("src", "")
	}
	if key.SrcID == "" {
		return rRequired.at("src_id", "")
	}
	switch x := v.(type) {
	case *qingfeng.Court:
		return d.checkCourt(x)
	case *qingfeng.Division:
		return d.checkDivision(x)
	case *qingfeng.Person:
		return d.checkPerson(x)
	case *qingfeng.Relative:
		return d.checkRelative(x)
	case *qingfeng.Lawyer:
		return d.checkLawyer(x)
	case *qingfeng.Case:
		return d.checkCase(x)
	case *qingfeng.Event:
		return d.checkEvent(x)
	case *qingfeng.Mediation:
		return d.checkMediation(x)
	}
	return rKind.at("kind", string(key.Kind))
}

// todayIn returns today's date in China Standard Time, the zone every court works in.
func todayIn(now time.Time) qingfeng.Date {
	return qingfeng.DateOf(now.In(time.FixedZone("CST", 8*3600)))
}
