package pacer

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/qingfeng-court/qingfeng"
)

// Two copies of one bankruptcy docket (a short history report first, then the fuller docket
// report with a judge and a later entry), a district civil case with an undated entry, an
// appeal, and a docket of a court the directory does not know.
const sample = `{"_source_path":"h/nysb.json","court_id":"nysb","docket_number":"08-13555","date_filed":"2008-09-15","date_terminated":null,"assigned_to_str":"","docket_entries":[{"date_filed":"2008-09-15","date_entered":"2008-09-15","document_number":"1","description":"","short_description":"Petition"},{"date_filed":"2008-09-16","date_entered":"2008-09-16","document_number":null,"description":"","short_description":"Hearing"}]}
{"_source_path":"d/cand_1.json","court_id":"cand","docket_number":"3:09-cv-00418","date_filed":"2009-04-21","date_terminated":"2009-07-02","assigned_to_str":"Jeffrey S.  White","nature_of_suit":"820 Copyright","jurisdiction":"Federal Question","docket_entries":[{"date_filed":"2009-04-21","date_entered":"2009-06-01","document_number":"1","description":"COMPLAINT"},{"date_filed":null,"date_entered":null,"document_number":"2","description":""}]}
{"_source_path":"d/nysb_2.json","court_id":"nysb","docket_number":" 08-13555 ","date_filed":"2008-09-15","date_terminated":null,"assigned_to_str":"James M. Peck","nature_of_suit":"","docket_entries":[{"date_filed":"2008-09-15","date_entered":"2008-09-15","document_number":"1","description":"Voluntary petition (Chapter 11)"},{"date_filed":"2008-09-16","date_entered":"2008-09-16","document_number":null,"description":"Hearing held"},{"date_filed":"2008-09-16","date_entered":"2008-09-16","document_number":null,"description":"Second minute entry"},{"date_filed":"2008-10-01","date_entered":"2008-10-01","document_number":"2","description":"Order"}]}
{"_source_path":"a/ca9.json","court_id":"ca9","docket_number":"17-15589","date_filed":"2017-03-30","date_terminated":"2017-11-02","case_type_information":"Criminal, Direct Criminal","docket_entries":[]}
{"_source_path":"x/zzz.json","court_id":"zzd","docket_number":"1:20-mj-00001","date_filed":"2020-01-02","docket_entries":[{"date_filed":"2020-01-02","date_entered":"2020-01-01","document_number":"1","description":"x"}]}
`

func convertSample(t *testing.T, text string) *Result {
	t.Helper()
	res, err := Convert("sample.jsonl", strings.NewReader(text), loadDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestConvertFoldsCopiesOfADocket(t *testing.T) {
	res := convertSample(t, sample)
	s := res.Stats
	if s.Dockets != 5 || s.Proceedings != 4 || s.Copies != 1 || s.Entries != 9 || s.Undated != 1 || s.CopiedEntries != 2 ||
		s.Events != 6 || s.Judges != 2 || strings.Join(s.UnknownCourts, ",") != "zzd" {
		t.Fatalf("stats %+v", s)
	}
	cases := map[string]*qingfeng.Case{}
	var events []*qingfeng.Event
	var eventKeys []string
	for _, r := range res.Records {
		switch v := r.Value.(type) {
		case *qingfeng.Case:
			cases[v.Number] = v
		case *qingfeng.Event:
			events = append(events, v)
			eventKeys = append(eventKeys, r.SrcID)
		}
	}
	lehman := cases["us-nysb:08-13555"]
	if lehman == nil || lehman.AssignedTo != "James M. Peck" || lehman.JudgeID != "us-nysb/James M. Peck" ||
		lehman.Category != qingfeng.CatCivil || lehman.Stage != qingfeng.StageOther || lehman.ExternalNumber != "08-13555" {
		t.Fatalf("the fuller copy's fields should win: %+v", lehman)
	}
	// The docket report (4 entries) comes first; the history report's two entries are the same
	// petition and the same first minute entry of 2008-09-16, so nothing of it is added.
	wantKeys := "d/nysb_2.json#1 d/nysb_2.json#2 d/nysb_2.json#3 d/nysb_2.json#4"
	if got := strings.Join(eventKeys[0:4], " "); got != wantKeys {
		t.Errorf("lehman events %s, want %s", got, wantKeys)
	}
	cand := cases["us-cand:3:09-cv-00418"]
	if cand == nil || cand.AssignedTo != "Jeffrey S. White" || cand.NatureOfSuit != "820 Copyright" || cand.Jurisdiction != "Federal Question" ||
		cand.Category != qingfeng.CatCivil || cand.Stage != qingfeng.StageFirstInstance || cand.ClosedOn.String() != "2009-07-02" {
		t.Errorf("district case %+v", cand)
	}
	if e := events[4]; e.CaseNumber != cand.Number || e.Str("filed_on") != "2009-04-21" || e.Str("entered_on") != "2009-06-01" ||
		e.At.Format("2006-01-02T15:04:05Z07:00") != "2009-04-21T00:00:00Z" || e.Str("description") != "COMPLAINT" {
		t.Errorf("entry %+v", e)
	}
	if c := cases["us-ca9:17-15589"]; c == nil || c.Category != qingfeng.CatCriminal || c.Stage != qingfeng.StageSecondInstance {
		t.Errorf("appeal %+v", c)
	}
	if c := cases["us-zzd:1:20-mj-00001"]; c == nil || c.Category != qingfeng.CatCriminal || c.Stage != qingfeng.StageOther {
		t.Errorf("unknown court's case %+v", c)
	}
}

func TestConvertIsDeterministicJSONL(t *testing.T) {
	var a, b bytes.Buffer
	if err := convertSample(t, sample).WriteJSONL(&a); err != nil {
		t.Fatal(err)
	}
	if err := convertSample(t, sample).WriteJSONL(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two conversions of one file differ")
	}
	kinds := []string{}
	for _, line := range strings.Split(strings.TrimSpace(a.String()), "\n") {
		var env struct{ Kind string }
		if err := json.Unmarshal([]byte(line), &env); err != nil {
			t.Fatal(err)
		}
		if len(kinds) == 0 || kinds[len(kinds)-1] != env.Kind {
			kinds = append(kinds, env.Kind)
		}
	}
	if strings.Join(kinds, " ") != "court person case event" {
		t.Fatalf("kinds in order %v", kinds)
	}
}

func TestConvertNamesTheBadLine(t *testing.T) {
	_, err := Convert("bad.jsonl", strings.NewReader(sample+"{not json\n"), loadDefault(t))
	if err == nil || !strings.Contains(err.Error(), "bad.jsonl line 6") {
		t.Fatalf("got %v", err)
	}
	_, err = Convert("bad.jsonl", strings.NewReader(`{"court_id":"nysd","docket_entries":[]}`+"\n"), loadDefault(t))
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("got %v", err)
	}
}
