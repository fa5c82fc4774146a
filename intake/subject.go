package intake

import (
	"strings"
	"unicode"

	fastjson "github.com/goccy/go-json"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/casenum"
	"github.com/qingfeng-court/qingfeng/ingest"
)

// Subject roots. Published subjects are <root>.<src>.<court>; casework is stored under
// partRoot.<n>.<src>.<court> after the stream's transform.
const (
	refRoot  = "qingfeng.ref"
	recRoot  = "qingfeng.rec"
	partRoot = "qingfeng.part"
	noCourt  = "_"
)

// Headers a message may carry.
const (
	HeaderFile = "Qingfeng-File" // the file the line was read from
	HeaderLine = "Qingfeng-Line" // its 1-based line number
)

// Subject returns the subject a record is published on: reference data under qingfeng.ref,
// casework under qingfeng.rec, then the source system and the court.
func Subject(reference bool, src, court string) string {
	root := recRoot
	if reference {
		root = refRoot
	}
	return root + "." + Token(src) + "." + Token(court)
}

// Token makes s usable as one subject token: dots, wildcards, spaces and control characters
// become "_", and an empty string is "_".
func Token(s string) string {
	if s == "" {
		return noCourt
	}
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '*' || r == '>' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, s)
}

// envelope is what routing needs of a line; other fields are not decoded.
type envelope struct {
	Kind       qingfeng.Kind `json:"kind"`
	Src        string        `json:"src"`
	ID         string        `json:"id"`
	Code       string        `json:"code"`
	CourtID    string        `json:"court_id"`
	CaseNumber string        `json:"case_number"`
}

// router finds the subject of each line. It learns courts' codes from the court records it
// routes, so that an event — which names its proceeding but not its court — goes where its
// proceeding goes.
type router struct {
	types  *casenum.Types
	byCode map[string]string // 法院代字 → court id
}

func newRouter() *router {
	return &router{types: casenum.Default(), byCode: map[string]string{}}
}

// route returns the subject of a line. A line that cannot be read still gets a subject (its
// kind decides the tree), so that it reaches ingest and is quarantined with its reason.
func (r *router) route(line []byte) string {
	reference := ingest.IsReference(line)
	var env envelope
	if err := fastjson.Unmarshal(line, &env); err != nil {
		return Subject(reference, "", "")
	}
	if env.Kind == qingfeng.KindCourt && env.Code != "" && env.ID != "" {
		r.byCode[env.Code] = env.ID
	}
	return Subject(reference, env.Src, r.court(&env))
}

// court picks the court token. Proceedings and events use the court of their case number, so
// that all records of a proceeding share a partition even when one of them names another court;
// the code is translated to the court's id when a court record carried it, and stays the code
// otherwise (the same for every record of the proceeding either way).
func (r *router) court(e *envelope) string {
	switch e.Kind {
	case qingfeng.KindCourt:
		return e.ID
	case qingfeng.KindCase, qingfeng.KindEvent:
		if n, err := r.types.Parse(e.CaseNumber); err == nil && n.Court != "" {
			if id, ok := r.byCode[n.Court]; ok {
				return id
			}
			return n.Court
		}
	}
	return e.CourtID
}
