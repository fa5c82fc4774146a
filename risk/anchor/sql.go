package anchor

import (
	"strconv"
	"strings"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/feed"
)

// Schema creates the BI user's copy of the log: one row per event (the attributes the queries
// read as columns) and one per proceeding. Plain SQL, the same on SQLite and DuckDB.
var Schema = []string{
	`CREATE TABLE ev (seq BIGINT, case_number VARCHAR, type VARCHAR, day BIGINT, asset_kind VARCHAR, until_day BIGINT, renewed BIGINT)`,
	`CREATE TABLE cases (number VARCHAR PRIMARY KEY, stage VARCHAR, category VARCHAR, received_on BIGINT, filed_on BIGINT)`,
}

// Indexes are the indexes the queries need, created after the rows are loaded.
var Indexes = []string{
	`CREATE INDEX ev_case ON ev (case_number, type, day)`,
	`CREATE INDEX ev_type ON ev (type, day)`,
}

// InsertEvent and InsertCase insert one row of EventRow and CaseRow, in field order.
const (
	InsertEvent = `INSERT INTO ev VALUES (?, ?, ?, ?, ?, ?, ?)`
	InsertCase  = `INSERT INTO cases VALUES (?, ?, ?, ?, ?)`
)

// EventRow is one row of ev. Days are qingfeng.Date values (days since 1970-01-01).
type EventRow struct {
	Seq       int64
	Case      string
	Type      string
	Day       int
	AssetKind string
	Until     int // a seizure's end, 0 when none
	Renewed   int // 1 when a seizure renews an earlier one
}

// Args returns the row as InsertEvent's arguments (numbers as int64, the BIGINT columns).
func (r EventRow) Args() []any {
	return []any{r.Seq, r.Case, r.Type, int64(r.Day), r.AssetKind, int64(r.Until), int64(r.Renewed)}
}

// CaseRow is one row of cases.
type CaseRow struct {
	Number     string
	Stage      string
	Category   string
	ReceivedOn int
	FiledOn    int
}

// Args returns the row as InsertCase's arguments.
func (r CaseRow) Args() []any {
	return []any{r.Number, r.Stage, r.Category, int64(r.ReceivedOn), int64(r.FiledOn)}
}

// Rows turns a decoded log into the rows of ev and cases: every event, and the last revision
// of each proceeding (in the order proceedings first appear).
func Rows(changes []feed.Change) ([]EventRow, []CaseRow) {
	var evs []EventRow
	var cases []CaseRow
	at := map[string]int{}
	for _, c := range changes {
		switch v := c.Value.(type) {
		case *qingfeng.Event:
			until, _ := v.DateAttr("until")
			renewed := 0
			if v.Bool("renewed") {
				renewed = 1
			}
			evs = append(evs, EventRow{Seq: c.Seq, Case: v.CaseNumber, Type: v.Type, Day: int(v.Date()),
				AssetKind: v.Str("asset_kind"), Until: int(until), Renewed: renewed})
		case *qingfeng.Case:
			row := CaseRow{Number: v.Number, Stage: string(v.Stage), Category: string(v.Category),
				ReceivedOn: int(v.ReceivedOn), FiledOn: int(v.FiledOn)}
			if i, ok := at[v.Number]; ok {
				cases[i] = row
			} else {
				at[v.Number] = len(cases)
				cases = append(cases, row)
			}
		}
	}
	return evs, cases
}

// Queries are the absence and sequence rules of Rules as the scheduled SQL a BI user would
// write over the event table: NOT EXISTS of the answering event within the period, one query
// per rule shape, each returning the case number of every finding. Periods are in calendar
// days, since a BI table has no legal calendar: 7 to file a suit or an enforcement, 5 a
// second instance, 3 an objection and the file to the division, 183 for a suspension and for
// six months, 5 for a review and an appeal copy, 30 for money and a seizure's reminder. They
// are the cost a BI user pays, not the engine's exact semantics (working days, chains of
// periods, late events): Bind puts the day in.
var Queries = []string{
	// filed too long after the material arrived.
	`SELECT number FROM cases WHERE received_on > 0 AND (
	   (stage = 'first_instance' AND category <> 'criminal' AND filed_on - received_on > 7) OR
	   (stage = 'enforcement_first' AND filed_on - received_on > 7) OR
	   (stage = 'second_instance' AND filed_on - received_on > 5) OR
	   (stage = 'enforcement_objection' AND filed_on - received_on > 3))`,
	// not assigned within three days of filing.
	`SELECT c.number FROM cases c WHERE c.filed_on + 3 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev a WHERE a.case_number = c.number AND a.type = 'assigned' AND a.day BETWEEN c.filed_on AND c.filed_on + 3)`,
	// an event not followed by its answer within the period.
	`SELECT s.case_number FROM ev s WHERE s.type = 'suspension_started' AND s.day + 183 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type = 'suspension_ended' AND e.day BETWEEN s.day AND s.day + 183)`,
	`SELECT s.case_number FROM ev s WHERE s.type = 'review_submitted' AND s.day + 5 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type IN ('review_agreed', 'review_disagreed') AND e.day BETWEEN s.day AND s.day + 5)`,
	`SELECT s.case_number FROM ev s WHERE s.type = 'appeal_filed' AND s.day + 5 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type = 'appeal_copy_sent' AND e.day BETWEEN s.day AND s.day + 5)`,
	`SELECT s.case_number FROM ev s WHERE s.type = 'asset_found' AND s.day + 183 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type IN ('seized', 'auction_noticed', 'funds_received') AND e.day BETWEEN s.day AND s.day + 183)`,
	`SELECT s.case_number FROM ev s WHERE s.type = 'funds_received' AND s.day + 30 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type = 'funds_disbursed' AND e.day BETWEEN s.day AND s.day + 30)`,
	// no asset check within six months of 终本 (the first period only: chains need recursion).
	`SELECT s.case_number FROM ev s WHERE s.type = 'terminated_this_round' AND s.day + 183 < :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.type IN ('asset_check', 'resumed') AND e.day BETWEEN s.day AND s.day + 183)`,
	// a seizure neither renewed nor lifted before it ends, from 30 days before.
	`SELECT s.case_number FROM ev s WHERE s.type = 'seized' AND s.until_day > 0 AND s.until_day - 31 <= :now AND NOT EXISTS (
	   SELECT 1 FROM ev e WHERE e.case_number = s.case_number AND e.asset_kind = s.asset_kind AND e.seq <> s.seq
	     AND (e.type = 'seizure_lifted' OR e.type = 'seized' AND e.renewed = 1) AND e.day BETWEEN s.day AND s.until_day - 1)`,
}

// Bind returns query q for day now, written in as a literal, as a scheduled job's template
// would (and the same on every database's placeholder syntax).
func Bind(q string, now qingfeng.Date) string {
	return strings.ReplaceAll(q, ":now", strconv.Itoa(int(now)))
}
