package gen

import (
	"encoding/json"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// Output files, one per source system plus the truth of the injected anomalies.
const (
	fCMS = iota
	fExec
	fFunds
	fPetition
	fCommute
	fHR
	fReview
	fMediation
	fTruth
	numFiles
)

var fileNames = [numFiles]string{"cms.jsonl", "exec.jsonl", "funds.jsonl", "petition.jsonl", "commute.jsonl",
	"hr.jsonl", "review.jsonl", "mediation.jsonl", "truth.jsonl"}

func fileOf(src string) int {
	switch src {
	case srcCMS:
		return fCMS
	case srcExec:
		return fExec
	case srcFunds:
		return fFunds
	case srcPetition:
		return fPetition
	case srcCommute:
		return fCommute
	case srcHR:
		return fHR
	case srcReview:
		return fReview
	case srcMediation:
		return fMediation
	}
	return fTruth
}

// truthLine is one line of truth.jsonl.
type truthLine struct {
	Anomaly    string         `json:"anomaly"`
	CaseNumber string         `json:"case_number"`
	Rule       string         `json:"rule"`
	Detail     map[string]any `json:"detail"`
}

func (w *world) rule(a anom) string { return w.anomalies[a].Rule }

// output is the encoded lines of a chunk of matters, per file, with their tallies.
type output struct {
	buf      [numFiles][]byte
	lines    [numFiles]int
	kinds    map[qingfeng.Kind]int
	anoms    [numAnomalies]int
	deferred []deferredRec
	procs    int
	revised  int
}

// deferredRec is the final revision of a proceeding written some chunks later than its first,
// pending revision.
type deferredRec struct {
	file  int
	after int // chunk index after which it is written
	body  []byte
}

func (o *output) add(file int, kind qingfeng.Kind, body []byte) {
	o.buf[file] = append(append(o.buf[file], body...), '\n')
	o.lines[file]++
	if kind != "" {
		o.kinds[kind]++
	}
}

var cst = time.FixedZone("CST", 8*3600)

// record encodes one record exactly as qingfeng.NewRecord writes its canonical body.
func record(src, id string, v any) []byte {
	r, err := qingfeng.NewRecord(src, id, v, qingfeng.Origin{})
	if err != nil {
		panic(err) // every payload here is one of the record types
	}
	return r.Body
}

// encodeMatter writes a numbered matter into o; chunk is the index of its chunk.
func (w *world) encodeMatter(m *matter, chunk int, o *output) {
	for _, p := range m.procs {
		o.procs++
		file := fileOf(p.src)
		if p.revise {
			final := record(p.src, p.srcID, &p.c)
			pending := p.c
			pending.ClosedOn, pending.ClosingMethod, pending.Outcome, pending.Appealable = 0, "", "", false
			pending.AmountRecovered, pending.HearingOpen = 0, false
			o.add(file, qingfeng.KindCase, record(p.src, p.srcID, &pending))
			o.kinds[qingfeng.KindCase]++
			o.deferred = append(o.deferred, deferredRec{file: file, after: chunk + p.delay, body: final})
			o.revised++
		} else {
			o.add(file, qingfeng.KindCase, record(p.src, p.srcID, &p.c))
		}
		for k := range p.evs {
			e := &p.evs[k]
			y, mo, d := e.d.YMD()
			ev := qingfeng.Event{CaseNumber: p.number, Type: e.typ, ActorID: e.actor, Attrs: e.attrs,
				At: time.Date(y, mo, d, int(e.min)/60, int(e.min)%60, 0, 0, cst)}
			o.add(fileOf(e.src), qingfeng.KindEvent, record(e.src, p.srcID+"-"+padInt(k+1, 3), &ev))
		}
	}
	for i := range m.meds {
		md := &m.meds[i].m
		o.add(fMediation, qingfeng.KindMediation, record(srcMediation, md.ID, md))
	}
	for _, t := range m.truth {
		detail := make(map[string]any, len(t.detail))
		for k, v := range t.detail {
			if r, ok := v.(procRef); ok {
				v = m.procs[r].number
			}
			detail[k] = v
		}
		line := truthLine{Anomaly: t.a.String(), CaseNumber: m.procs[t.proc].number, Rule: w.rule(t.a), Detail: detail}
		b, err := json.Marshal(line)
		if err != nil {
			panic(err)
		}
		o.add(fTruth, "", b)
		o.anoms[t.a]++
	}
}

// encodeReference writes the organisation: courts, divisions, people, relatives, lawyers.
func (w *world) encodeReference(o *output) {
	for i := range w.courts {
		c := &w.courts[i]
		v := qingfeng.Court{ID: c.id, Code: c.code, Name: c.name, Level: c.level, Region: c.region}
		if c.parent >= 0 {
			v.ParentID = w.courts[c.parent].id
		}
		o.add(fHR, qingfeng.KindCourt, record(srcHR, c.id, &v))
	}
	for i := range w.divs {
		d := &w.divs[i]
		v := qingfeng.Division{ID: d.id, CourtID: w.courts[d.court].id, Name: d.name, Line: d.line}
		o.add(fHR, qingfeng.KindDivision, record(srcHR, d.id, &v))
	}
	for i := range w.people {
		p := &w.people[i]
		v := qingfeng.Person{ID: p.id, CourtID: w.courts[p.court].id, Name: p.name, Roles: p.roles, From: p.from, To: p.to,
			StatusPeriods: p.leaves}
		if p.div >= 0 {
			v.DivisionID = w.divs[p.div].id
		}
		o.add(fHR, qingfeng.KindPerson, record(srcHR, p.id, &v))
	}
	for i := range w.relatives {
		r := &w.relatives[i]
		v := qingfeng.Relative{PersonID: w.people[r.person].id, Name: r.name, IDNumber: r.idNumber, Relation: r.relation,
			Occupation: r.occupation, Employer: r.employer}
		o.add(fHR, qingfeng.KindRelative, record(srcHR, "R"+padInt(i+1, 6), &v))
	}
	for i := range w.lawyers {
		l := &w.lawyers[i]
		v := qingfeng.Lawyer{ID: l.id, Name: l.name, LicenseNo: l.license, Firm: l.firm, IDNumber: l.idNumber}
		if l.formerCourt >= 0 {
			v.FormerCourtStaff = &qingfeng.FormerStaff{CourtID: w.courts[l.formerCourt].id, LeftOn: l.leftOn}
		}
		o.add(fHR, qingfeng.KindLawyer, record(srcHR, l.id, &v))
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
