package pacer

import (
	"encoding/json"
	"strings"
)

// docket is the part of a juriscraper docket object the adapter reads. Parties, attorneys and
// the case caption are left out on purpose: the measures need none of them, and they are the
// names of private people.
type docket struct {
	SourcePath   text    `json:"_source_path"`
	CourtID      text    `json:"court_id"`
	DocketNumber text    `json:"docket_number"`
	DateFiled    text    `json:"date_filed"`
	Terminated   text    `json:"date_terminated"`
	NatureOfSuit text    `json:"nature_of_suit"`
	Jurisdiction text    `json:"jurisdiction"`
	AssignedTo   text    `json:"assigned_to_str"`
	CaseType     text    `json:"federal_dn_case_type"`
	CaseTypeInfo text    `json:"case_type_information"`
	Entries      []entry `json:"docket_entries"`
}

// entry is one docket entry: the clerk's record of a filing or an event in the case.
type entry struct {
	DateFiled        text `json:"date_filed"`
	DateEntered      text `json:"date_entered"`
	DocumentNumber   text `json:"document_number"`
	Description      text `json:"description"`
	ShortDescription text `json:"short_description"`
}

// text is a JSON scalar read as text: strings as they are, numbers as written, null as empty.
// Juriscraper writes most values as strings but not all of them everywhere.
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*t = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
	default:
		*t = text(b)
	}
	return nil
}

// clean is the text trimmed, with runs of white space collapsed.
func (t text) clean() string { return strings.Join(strings.Fields(string(t)), " ") }
