package pacer

import (
	"io"
	"sort"
	"strconv"

	"github.com/qingfeng-court/qingfeng"
)

// Src is the source-system name of every record the adapter writes.
const Src = "pacer"

// EventType is the type of the event a docket entry becomes. Its attributes: filed_on (the
// date the document was filed, also the event's date), entered_on (the date the clerk entered
// it on the docket, when the docket says), document_number, description, short_description.
const EventType = "docket_entry"

// Result is what a conversion gives: the records in loading order (courts top-down, judges,
// proceedings, events) and what was done.
type Result struct {
	Records []qingfeng.Record
	Stats   Stats
}

// Stats counts what a conversion read and wrote.
type Stats struct {
	Dockets       int      `json:"dockets"`        // docket objects read
	Proceedings   int      `json:"proceedings"`    // distinct (court, docket number)
	Copies        int      `json:"copies"`         // dockets that were another copy of a proceeding
	Courts        int      `json:"courts"`         // courts written, ancestors included
	UnknownCourts []string `json:"unknown_courts"` // PACER ids the directory cannot place
	Judges        int      `json:"judges"`
	Entries       int      `json:"entries"`        // docket entries read
	Events        int      `json:"events"`         // events written
	CopiedEntries int      `json:"copied_entries"` // entries already written from another copy
	Undated       int      `json:"undated"`        // entries with no date at all, left out
}

// Convert reads juriscraper dockets, one JSON object per line, from r (named name in record
// origins) and converts them.
func Convert(name string, r io.Reader, dir *Directory) (*Result, error) {
	procs, res, err := read(name, r, dir)
	if err != nil {
		return nil, err
	}
	c := converter{name: name, dir: dir, res: res, courts: map[string]bool{}, judges: map[string]bool{}}
	var cases, events []qingfeng.Record
	for _, p := range procs {
		cs, ev, err := c.proceeding(p)
		if err != nil {
			return nil, err
		}
		cases = append(cases, cs)
		events = append(events, ev...)
	}
	sortCourts(c.courtRecs)
	res.Records = append(append(append(c.courtRecs, c.judgeRecs...), cases...), events...)
	res.Stats.Courts, res.Stats.Judges, res.Stats.Events = len(c.courtRecs), len(c.judgeRecs), len(events)
	return res, nil
}

// converter holds what is written once across proceedings: courts and judges.
type converter struct {
	name      string
	dir       *Directory
	res       *Result
	courts    map[string]bool
	judges    map[string]bool
	courtRecs []qingfeng.Record
	judgeRecs []qingfeng.Record
}

func (c *converter) origin(line int) qingfeng.Origin {
	return qingfeng.Origin{File: c.name, Line: line}
}

// proceeding converts the copies of one proceeding: the case from its fullest copy, with
// fields that copy leaves empty taken from the others, and the entries of every copy once.
func (c *converter) proceeding(p *proceeding) (qingfeng.Record, []qingfeng.Record, error) {
	copies := fullestFirst(p.copies)
	main := copies[0]
	if err := c.addCourts(p.court, main.line); err != nil {
		return qingfeng.Record{}, nil, err
	}
	cs := &qingfeng.Case{
		Number:         qingfeng.ForeignNumber(p.court.ID, p.number),
		ExternalNumber: p.number,
		CourtID:        p.court.ID,
	}
	cs.Category, cs.Stage = classify(main.d, p.court)
	for _, cp := range copies {
		fillCase(cs, cp.d)
	}
	if cs.AssignedTo != "" {
		id, err := c.addJudge(p.court, cs.AssignedTo, main.line)
		if err != nil {
			return qingfeng.Record{}, nil, err
		}
		cs.JudgeID = id
	}
	rec, err := qingfeng.NewRecord(Src, cs.Number, cs, c.origin(main.line))
	if err != nil {
		return qingfeng.Record{}, nil, err
	}
	events, err := c.entries(cs.Number, copies)
	return rec, events, err
}

// fullestFirst orders copies by their dated entries, most first; ties keep file order.
func fullestFirst(copies []copyOf) []copyOf {
	out := append([]copyOf(nil), copies...)
	dated := func(cp copyOf) int {
		n := 0
		for _, e := range cp.d.Entries {
			if e.DateFiled.clean() != "" || e.DateEntered.clean() != "" {
				n++
			}
		}
		return n
	}
	sort.SliceStable(out, func(i, j int) bool { return dated(out[i]) > dated(out[j]) })
	return out
}

// fillCase sets the fields of cs that are still empty from docket d.
func fillCase(cs *qingfeng.Case, d *docket) {
	if cs.FiledOn.IsZero() {
		cs.FiledOn = date(d.DateFiled)
	}
	if cs.ClosedOn.IsZero() {
		cs.ClosedOn = date(d.Terminated)
	}
	for _, f := range []struct {
		dst *string
		src text
	}{{&cs.NatureOfSuit, d.NatureOfSuit}, {&cs.Jurisdiction, d.Jurisdiction}, {&cs.AssignedTo, d.AssignedTo}} {
		if *f.dst == "" {
			*f.dst = f.src.clean()
		}
	}
}

// date reads a juriscraper date (YYYY-MM-DD, possibly followed by a time); zero when absent
// or malformed.
func date(t text) qingfeng.Date {
	s := t.clean()
	if len(s) > 10 {
		s = s[:10]
	}
	d, err := qingfeng.ParseDate(s)
	if err != nil {
		return 0
	}
	return d
}

func (c *converter) addCourts(court *qingfeng.Court, line int) error {
	chain, _ := c.dir.Court(court.Code)
	for _, ct := range chain {
		if c.courts[ct.ID] {
			continue
		}
		c.courts[ct.ID] = true
		rec, err := qingfeng.NewRecord(Src, ct.ID, ct, c.origin(line))
		if err != nil {
			return err
		}
		c.courtRecs = append(c.courtRecs, rec)
	}
	return nil
}

// addJudge writes the judge a docket is assigned to as a member of its court, once, and
// returns the person id: the court id and the name as PACER writes it.
func (c *converter) addJudge(court *qingfeng.Court, name string, line int) (string, error) {
	id := court.ID + "/" + name
	if c.judges[id] {
		return id, nil
	}
	c.judges[id] = true
	p := &qingfeng.Person{ID: id, CourtID: court.ID, Name: name, Roles: []qingfeng.Role{qingfeng.RoleJudge}}
	rec, err := qingfeng.NewRecord(Src, id, p, c.origin(line))
	if err != nil {
		return "", err
	}
	c.judgeRecs = append(c.judgeRecs, rec)
	return id, nil
}

// sortCourts puts parents before children: ingest orders reference data itself, but a file
// read top-down is easier to check by eye.
func sortCourts(recs []qingfeng.Record) {
	depth := map[string]int{}
	parent := map[string]string{}
	for _, r := range recs {
		ct := r.Value.(*qingfeng.Court)
		parent[ct.ID] = ct.ParentID
	}
	for id := range parent {
		for p := parent[id]; p != ""; p = parent[p] {
			depth[id]++
		}
	}
	sort.SliceStable(recs, func(i, j int) bool {
		a, b := recs[i].Value.(*qingfeng.Court), recs[j].Value.(*qingfeng.Court)
		if depth[a.ID] != depth[b.ID] {
			return depth[a.ID] < depth[b.ID]
		}
		return a.ID < b.ID
	})
}

// copyID names one docket object for event source ids: its fixture path, or its line.
func copyID(cp copyOf) string {
	if s := cp.d.SourcePath.clean(); s != "" {
		return s
	}
	return "line" + strconv.Itoa(cp.line)
}
