package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

const foreignCourts = `{"kind":"court","src":"t","src_id":"scotus","id":"us-scotus","code":"scotus","name":"Supreme Court","level":"supreme","country":"US"}
{"kind":"court","src":"t","src_id":"nysd","id":"us-nysd","code":"nysd","name":"S.D.N.Y.","level":"basic","parent_id":"us-scotus","country":"US"}
{"kind":"court","src":"t","src_id":"cand","id":"us-cand","code":"cand","name":"N.D. Cal.","level":"basic","parent_id":"us-scotus","country":"US"}
{"kind":"court","src":"t","src_id":"gl","id":"gl","code":"闽0102","name":"鼓楼法院","level":"basic"}
{"kind":"court","src":"t","src_id":"bad-country","id":"x1","code":"x1","name":"X","level":"basic","country":"usa"}
{"kind":"court","src":"t","src_id":"bad-id","id":"us:x","code":"x2","name":"X","level":"basic","country":"US"}
`

// foreignLines are proceedings and events of foreign courts, each with the rejection code it
// should get ("" for stored).
var foreignLines = []struct{ line, code string }{
	{`{"kind":"case","src":"t","src_id":"c1","case_number":"1:15-mc-00105","court_id":"us-nysd","category":"other","stage":"other","filed_on":"2015-04-20","closed_on":"2015-04-20","nature_of_suit":"890 Other Statutory Actions","assigned_to":"Part One"}`, ""},
	{`{"kind":"case","src":"t","src_id":"c2","external_number":" 3:09-cr-00418 ","court_id":"us-cand","category":"criminal","stage":"first_instance","filed_on":"2009-04-21"}`, ""},
	{`{"kind":"case","src":"t","src_id":"c3","case_number":"us-nysd:１:17-cr-00350","court_id":"us-nysd","category":"criminal","stage":"first_instance","filed_on":"2017-06-06"}`, ""},
	{`{"kind":"case","src":"t","src_id":"c4","case_number":"us-cand:1:17-cr-00351","court_id":"us-nysd","category":"criminal","stage":"first_instance","filed_on":"2017-06-06"}`, "case.foreign_court"},
	{`{"kind":"case","src":"t","src_id":"c5","case_number":"1:17-cr-00352","external_number":"1:17-cr-00353","court_id":"us-nysd","category":"criminal","stage":"first_instance","filed_on":"2017-06-06"}`, "case.external_number"},
	{`{"kind":"case","src":"t","src_id":"c6","case_number":"1:17-cv-00354","court_id":"us-nysd","filed_on":"2017-06-06"}`, "field.enum"},
	{`{"kind":"case","src":"t","src_id":"c7","case_number":"1:17-cv-00355","court_id":"us-nysd","category":"civil","stage":"first_instance","filed_on":"2017-06-06","closed_on":"2017-06-01"}`, "date.order"},
	{`{"kind":"case","src":"t","src_id":"c8","court_id":"us-nysd","category":"civil","stage":"first_instance","filed_on":"2017-06-06"}`, "field.required"},
	{`{"kind":"event","src":"t","src_id":"e1","case_number":"us-nysd:1:15-mc-00105","type":"docket_entry","at":"2015-04-20T00:00:00Z","attrs":{"filed_on":"2015-04-20","entered_on":"2018-04-09"}}`, ""},
	{`{"kind":"event","src":"t","src_id":"e2","case_number":"us-nysd: 1:17-cr-00350 ","type":"docket_entry","at":"2017-06-07T00:00:00Z"}`, ""},
	{`{"kind":"event","src":"t","src_id":"e3","case_number":"us-xxxx:1:15-mc-00105","type":"docket_entry","at":"2015-04-20T00:00:00Z"}`, "case.number"},
	{`{"kind":"event","src":"t","src_id":"e4","case_number":"us-nysd:1:15-mc-00105","type":"docket_entry","at":"2015-04-20T00:00:00Z","attrs":{"entered_on":"2015-13-01"}}`, "event.attr"},
	{`{"kind":"case","src":"t","src_id":"c9","case_number":"（2024）闽0102民初501号","court_id":"gl","filed_on":"2024-03-05","closed_on":"2024-04-01"}`, "case.closing_method"},
}

func TestForeignCourtsNumberTheirOwnCases(t *testing.T) {
	e := newEnv(t, Options{})
	var b strings.Builder
	b.WriteString(foreignCourts)
	for _, l := range foreignLines {
		b.WriteString(l.line + "\n")
	}
	s, err := e.in.RunReader(context.Background(), "foreign.jsonl", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	courtLines := strings.Count(foreignCourts, "\n")
	got := map[int]string{}
	for _, r := range e.quarantine() {
		got[r.Line] = r.Code
	}
	if got[5] != "court.country" || got[6] != "court.id" {
		t.Errorf("courts: line 5 %q, line 6 %q; want court.country, court.id", got[5], got[6])
	}
	stored := 0
	for i, l := range foreignLines {
		if got[courtLines+1+i] != l.code {
			t.Errorf("%s: code %q, want %q", l.line, got[courtLines+1+i], l.code)
		}
		if l.code == "" {
			stored++
		}
	}
	if s.Stored != stored+courtLines-2 {
		t.Errorf("stored %d, want %d", s.Stored, stored+courtLines-2)
	}

	ctx := context.Background()
	c, err := e.st.Case(ctx, "us-nysd:1:15-mc-00105")
	if err != nil {
		t.Fatal(err)
	}
	if c.ExternalNumber != "1:15-mc-00105" || c.NumberAsWritten != "" || c.ClosedOn.String() != "2015-04-20" ||
		c.ClosingMethod != "" || c.AssignedTo != "Part One" || c.NatureOfSuit != "890 Other Statutory Actions" {
		t.Errorf("case %+v", c)
	}
	c, err = e.st.Case(ctx, "us-nysd:1:17-cr-00350")
	if err != nil || c.ExternalNumber != "1:17-cr-00350" || c.NumberAsWritten != "us-nysd:１:17-cr-00350" {
		t.Errorf("full-width digit not folded: %+v %v", c, err)
	}
	if c, err := e.st.Case(ctx, "us-cand:3:09-cr-00418"); err != nil || c.Category != qingfeng.CatCriminal {
		t.Errorf("external_number alone: %+v %v", c, err)
	}
	evs, err := e.st.CaseEvents(ctx, "us-nysd:1:17-cr-00350")
	if err != nil || len(evs) != 1 {
		t.Errorf("event written with spaces not normalised onto its case: %+v %v", evs, err)
	}
}
