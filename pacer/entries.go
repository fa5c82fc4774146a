package pacer

import (
	"strconv"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// entries converts the docket entries of a proceeding's copies, fullest copy first, writing
// each entry once. An entry of a later copy that matches an entry already written (by
// entryKey) is the same entry seen twice and is left out.
func (c *converter) entries(number string, copies []copyOf) ([]qingfeng.Record, error) {
	seen := map[string]int{}
	var out []qingfeng.Record
	for _, cp := range copies {
		added := map[string]int{}
		for i := range cp.d.Entries {
			e := &cp.d.Entries[i]
			ev, ok := event(number, e)
			if !ok {
				c.res.Stats.Undated++
				continue
			}
			k := entryKey(e)
			if seen[k] > 0 {
				seen[k]--
				c.res.Stats.CopiedEntries++
				continue
			}
			added[k]++
			rec, err := qingfeng.NewRecord(Src, copyID(cp)+"#"+strconv.Itoa(i+1), ev, c.origin(cp.line))
			if err != nil {
				return nil, err
			}
			out = append(out, rec)
		}
		for k, n := range added {
			seen[k] += n
		}
	}
	return out, nil
}

// entryKey identifies an entry across copies of one docket: its document number and filing
// date, or, for an entry without a document (a minute entry, a notice), its filing and entry
// dates — the copies word the same entry differently (a history report gives a short
// description, a docket report the clerk's full text), so the text cannot be the key. The same
// key twice within one copy is two entries; across copies, each entry of a later copy uses up
// one earlier entry of its key, so a proceeding keeps as many entries of a key as its fullest
// copy has.
func entryKey(e *entry) string {
	if n := e.DocumentNumber.clean(); n != "" {
		return "doc\x00" + n + "\x00" + e.DateFiled.clean()
	}
	return "min\x00" + e.DateFiled.clean() + "\x00" + e.DateEntered.clean()
}

// event converts one entry. Its instant is the filing date (the entry date when the docket
// gives no filing date), at midnight UTC: dockets carry dates, not times. The dates are also
// attributes, as the docket wrote them, so that a check of the clerk's delay sees both. An
// entry without any date is not an event.
func event(number string, e *entry) (*qingfeng.Event, bool) {
	filedText, enteredText := e.DateFiled.clean(), e.DateEntered.clean()
	if filedText == "" && enteredText == "" {
		return nil, false
	}
	at := date(e.DateFiled)
	if at.IsZero() {
		at = date(e.DateEntered)
	}
	ev := &qingfeng.Event{CaseNumber: number, Type: EventType, Attrs: map[string]any{}}
	if !at.IsZero() {
		y, m, d := at.YMD()
		ev.At = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	attrs := []struct {
		name  string
		value string
	}{
		{"filed_on", dateText(e.DateFiled)},
		{"entered_on", dateText(e.DateEntered)},
		{"document_number", e.DocumentNumber.clean()},
		{"description", e.Description.clean()},
		{"short_description", e.ShortDescription.clean()},
	}
	for _, a := range attrs {
		if a.value != "" {
			ev.Attrs[a.name] = a.value
		}
	}
	return ev, true
}

// dateText is a docket date as YYYY-MM-DD, or as written when it is not a date (ingest then
// quarantines the entry, naming the attribute).
func dateText(t text) string {
	if d := date(t); !d.IsZero() {
		return d.String()
	}
	return t.clean()
}
