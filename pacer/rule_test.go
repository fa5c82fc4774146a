package pacer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/defs"
	"github.com/qingfeng-court/qingfeng/risk"
	"github.com/qingfeng-court/qingfeng/rules"
	"github.com/qingfeng-court/qingfeng/store"
)

// flagged is a docket entry the clerk's-delay rule must find: the entry as the raw file
// identifies it, and whether it was entered late (else before its filing date).
type flagged struct {
	entryTuple
	late bool
}

// flaggedEntries counts, from the raw file and with no code of the adapter, the entries
// entered more than 30 days after their filing date or before it, per proceeding as many
// times as its fullest copy holds them (copies of a docket are one proceeding).
func flaggedEntries(t *testing.T, path string) map[flagged]int {
	t.Helper()
	copies := map[proceedingKey][]map[entryTuple]int{}
	for _, d := range readRaw(t, path) {
		k := proceedingKey{d.Court, d.Number}
		c := map[entryTuple]int{}
		for _, e := range d.Entries {
			if e.Filed == nil || e.Entered == nil {
				continue
			}
			f, err1 := time.Parse(time.DateOnly, *e.Filed)
			n, err2 := time.Parse(time.DateOnly, *e.Entered)
			if err1 != nil || err2 != nil {
				t.Fatalf("%v %v", err1, err2)
			}
			if days := n.Sub(f).Hours() / 24; days > 30 || days < 0 {
				c[entryTuple{k, *e.Filed, *e.Entered, str(e.Document)}]++
			}
		}
		copies[k] = append(copies[k], c)
	}
	out := map[flagged]int{}
	for _, cs := range copies {
		for k, n := range maxOverCopies(cs) {
			out[flagged{aliasCourt(k), k.entered > k.filed}] += n
		}
	}
	return out
}

// TestRealDocketsRule ingests the real dockets into a SQLite store, runs the risk engine with
// the whole default pack — whose Chinese rules do not apply to US courts, leaving the
// foreign-court rule (DK-01: an entry entered more than 30 days after its filing date, or before
// it) — and checks that its warnings hold exactly the entries counted from the raw file: 58 late
// and 2 early (see TestRealDocketsEntryLag for the jq route and why the README's 59 is one
// more), each once, in the warning of its own proceeding, and nothing else.
func TestRealDocketsRule(t *testing.T) {
	path := docketsFile(t)
	want := flaggedEntries(t, path)
	late, early := 0, 0
	for k, n := range want {
		if k.late {
			late += n
		} else {
			early += n
		}
	}
	if late != 58 || early != 2 {
		t.Fatalf("the raw file has %d late and %d early entries, want 58 and 2", late, early)
	}

	st := ingestReal(t, path)
	ctx := context.Background()
	lim, err := calendar.LoadLimits(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	cal, err := calendar.LoadCalendar(defs.Default())
	if err != nil {
		t.Fatal(err)
	}
	pack, err := rules.Load(defs.Default(), rules.DefaultPack, lim)
	if err != nil {
		t.Fatal(err)
	}
	var foreign []string
	for _, r := range pack.Rules {
		if r.Group == "foreign" {
			foreign = append(foreign, r.ID)
		}
	}
	if len(foreign) != 1 || foreign[0] != "DK-01" {
		t.Fatalf("foreign-court rules of the default pack: %v", foreign)
	}
	today := qingfeng.NewDate(2026, 1, 1)
	e := risk.NewEngine(pack, st, cal, lim, risk.Options{Now: func() qingfeng.Date { return today }})
	if err := e.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	ws, total, err := e.Warnings(ctx, store.WarningFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != len(ws) {
		t.Fatalf("%d warnings listed of %d", len(ws), total)
	}

	courts := courtCodes(t, st)
	got := map[flagged]int{}
	hits := 0
	for _, w := range ws {
		c, err := st.Case(ctx, w.CaseNumber)
		if err != nil {
			t.Fatalf("warning %d: case %s: %v", w.ID, w.CaseNumber, err)
		}
		// Every flagged entry is evidence, none left out for length, and the severity is the
		// early check's when the proceeding has an early entry.
		if w.Rule != "DK-01" || w.Subject != w.CaseNumber || w.CourtID != c.CourtID || w.Hits != len(w.Evidence) || w.State != qingfeng.StateOpen {
			t.Fatalf("warning %+v", w)
		}
		hits += w.Hits
		anyEarly := false
		for _, ev := range w.Evidence {
			filed, _ := ev.Attrs["filed_on"].(string)
			entered, _ := ev.Attrs["entered_on"].(string)
			doc, _ := ev.Attrs["document_number"].(string)
			if ev.Type != "docket_entry" || ev.CaseNumber != w.CaseNumber || filed == "" || entered == "" {
				t.Fatalf("warning %d: evidence %+v", w.ID, ev)
			}
			k := flagged{entryTuple{proceedingKey{courts[c.CourtID].Code, c.ExternalNumber}, filed, entered, doc}, entered > filed}
			got[k]++
			anyEarly = anyEarly || !k.late
		}
		sev := qingfeng.SevNotice
		if anyEarly {
			sev = qingfeng.SevWarning
		}
		if w.Severity != sev {
			t.Errorf("warning %d on %s: severity %s, want %s", w.ID, w.CaseNumber, w.Severity, sev)
		}
		if !strings.Contains(w.Message, "登记") || !strings.Contains(w.MessageEn, "entered") {
			t.Errorf("warning %d: message %q / %q", w.ID, w.Message, w.MessageEn)
		}
	}
	if hits != late+early {
		t.Errorf("the warnings hold %d entries, want %d", hits, late+early)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%+v: in the warnings %d times, want %d", k, got[k], n)
		}
	}
	for k, n := range got {
		if want[k] == 0 {
			t.Errorf("%+v: in the warnings %d times, not flagged in the raw file", k, n)
		}
	}
}
