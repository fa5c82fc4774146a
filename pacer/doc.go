// Package pacer turns US federal court dockets from PACER — as parsed by Free Law Project's
// juriscraper, one docket object per JSON line — into Qingfeng's interchange records: the
// courts (with their circuits and the Supreme Court above them, from defs/courts/us.yaml), the
// judges named on the dockets, one proceeding per (court, docket number) and one event per
// dated docket entry. A docket that appears in several copies (a docket report and a docket
// history report of the same case, two fetches of one docket) becomes one proceeding whose
// entries are the union of the copies'.
package pacer
