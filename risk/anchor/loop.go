package anchor

import (
	"slices"
	"sort"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/calendar"
	"github.com/qingfeng-court/qingfeng/feed"
)

// Rules are the rules of the default pack that the engine and the anchors both evaluate: the
// sequence and absence rules over filing, assignment, suspensions, reviews, appeals,
// preservation, enforcement and money.
var Rules = []string{"R-01", "R-04", "R-05", "R-19", "R-21", "R-26", "R-35", "R-40", "R-42", "R-43", "R-47", "R-50", "R-51"}

// proceeding is what the loop keeps of one proceeding: its record and its events.
type proceeding struct {
	c      *qingfeng.Case
	events []*qingfeng.Event
}

// Loop evaluates Rules over decoded changes (a log, in order) as of day now, on the legal
// calendar cal and the time-limit table lim, and returns the (rule, case number) pairs that
// hold: no rule language, no views, no state kept from one call to the next.
func Loop(changes []feed.Change, now qingfeng.Date, cal *calendar.Calendar, lim *calendar.Limits) map[[2]string]bool {
	cases := map[string]*proceeding{}
	get := func(n string) *proceeding {
		h := cases[n]
		if h == nil {
			h = &proceeding{}
			cases[n] = h
		}
		return h
	}
	for _, ch := range changes {
		switch v := ch.Value.(type) {
		case *qingfeng.Case:
			get(v.Number).c = v // one record per proceeding in the generated data; revisions replace
		case *qingfeng.Event:
			h := get(v.CaseNumber)
			h.events = append(h.events, v)
		}
	}
	row := func(id string) calendar.Limit { l, _ := lim.Get(id); return l }
	filingSuit, filingEnf, filingSecond, filingRemand := row("filing_suit"), row("filing_enforcement"), row("filing_second_instance"), row("filing_remand")
	toDivision, copyCivil, objection := row("file_to_division"), row("appeal_copy_civil"), row("enforcement_objection_filing")
	transferCivil, transferCriminal := row("appeal_transfer_civil"), row("appeal_transfer_criminal")
	rulingUrgent, ruling, execution := row("preservation_ruling_urgent"), row("preservation_ruling"), row("preservation_execution")
	checkPeriod, disbursement, claim := row("terminate_round_asset_check_period"), row("money_disbursement"), row("money_identify_local_kangbao")
	out := map[[2]string]bool{}
	hit := func(rule, n string) { out[[2]string{rule, n}] = true }
	// seq checks one A against the first B after it: late, or absent once the deadline passed.
	seq := func(rule, n string, a qingfeng.Date, b qingfeng.Date, due qingfeng.Date) {
		if b != 0 && b > due || b == 0 && now > due {
			hit(rule, n)
		}
	}
	for n, h := range cases {
		c := h.c
		if c == nil {
			continue
		}
		evs := h.events
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
		var origin *qingfeng.Case
		if o := cases[c.OriginNumber]; c.OriginNumber != "" && o != nil {
			origin = o.c
		}
		firstAfter := func(from int, types ...string) *qingfeng.Event {
			for _, e := range evs[from+1:] {
				if slices.Contains(types, e.Type) {
					return e
				}
			}
			return nil
		}
		dayOf := func(e *qingfeng.Event) qingfeng.Date {
			if e == nil {
				return 0
			}
			return e.Date()
		}
		// filing within the limit of the material's arrival.
		if !c.ReceivedOn.IsZero() {
			switch {
			case c.Stage == qingfeng.StageFirstInstance && c.Category != qingfeng.CatCriminal && (origin == nil || origin.Stage != qingfeng.StageSecondInstance):
				seq("R-01", n, c.ReceivedOn, c.FiledOn, filingSuit.End(c.ReceivedOn, cal))
			case c.Stage == qingfeng.StageEnforcementFirst:
				seq("R-01", n, c.ReceivedOn, c.FiledOn, filingEnf.End(c.ReceivedOn, cal))
			case c.Stage == qingfeng.StageSecondInstance:
				seq("R-04", n, c.ReceivedOn, c.FiledOn, filingSecond.End(c.ReceivedOn, cal))
			case c.Stage == qingfeng.StageFirstInstance && origin != nil && origin.Stage == qingfeng.StageSecondInstance:
				seq("R-04", n, c.ReceivedOn, c.FiledOn, filingRemand.End(c.ReceivedOn, cal))
			case c.Stage == qingfeng.StageEnforcementObjection:
				seq("R-47", n, c.ReceivedOn, c.FiledOn, objection.End(c.ReceivedOn, cal))
			}
		}
		// assigned within three days of filing.
		var assigned qingfeng.Date
		for _, e := range evs {
			if e.Type == "assigned" && e.Date() >= c.FiledOn {
				assigned = e.Date()
				break
			}
		}
		seq("R-05", n, c.FiledOn, assigned, toDivision.End(c.FiledOn, cal))
		var received []qingfeng.Date
		var disbursed []qingfeng.Date
		for i, e := range evs {
			d := e.Date()
			switch e.Type {
			case "suspension_started":
				seq("R-19", n, d, dayOf(firstAfter(i, "suspension_ended")), d.AddDays(183))
			case "review_submitted":
				seq("R-21", n, d, dayOf(firstAfter(i, "review_agreed", "review_disagreed")), d.AddDays(5))
			case "asset_found":
				seq("R-40", n, d, dayOf(firstAfter(i, "seized", "auction_noticed", "funds_received")), d.AddMonths(6))
			case "funds_received":
				seq("R-50", n, d, dayOf(firstAfter(i, "funds_claimed")), claim.End(d, cal))
				received = append(received, d)
			case "funds_disbursed":
				disbursed = append(disbursed, d)
			case "seized":
				until, ok := e.DateAttr("until")
				if !ok {
					continue
				}
				var b qingfeng.Date
				for _, x := range evs[i+1:] {
					if x.Str("asset_kind") == e.Str("asset_kind") && (x.Type == "seizure_lifted" || x.Type == "seized" && x.Bool("renewed")) {
						b = x.Date()
						break
					}
				}
				due := until - 1
				if b == 0 && now >= due.AddDays(-30) || b > due {
					hit("R-43", n) // lapsed, or its 30-day reminder is due
				}
			}
		}
		// each receipt answered by a payment (first in, first out) within 30 days.
		used := 0
		for _, r := range received {
			var b qingfeng.Date
			for used < len(disbursed) && disbursed[used] < r {
				used++
			}
			if used < len(disbursed) {
				b = disbursed[used]
				used++
			}
			seq("R-51", n, r, b, disbursement.End(r, cal))
		}
		// a civil appeal's copy within five days and its file within five days of the
		// answer period; a criminal file within three days of the appeal period.
		for i, e := range evs {
			if e.Type == "appeal_filed" && c.Category != qingfeng.CatCriminal {
				seq("R-26", n, e.Date(), dayOf(firstAfter(i, "appeal_copy_sent")), copyCivil.End(e.Date(), cal))
				break
			}
		}
		for i, e := range evs {
			if e.Type == "appeal_copy_sent" && c.Category != qingfeng.CatCriminal {
				from := e.Date().AddDays(15)
				seq("R-26", n, from, dayOf(firstAfter(i, "file_transferred")), transferCivil.End(from, cal))
				break
			}
		}
		if c.Category == qingfeng.CatCriminal && slices.ContainsFunc(evs, func(e *qingfeng.Event) bool { return e.Type == "appeal_filed" }) {
			var served, moved qingfeng.Date
			for _, e := range evs {
				if e.Type == "document_served" {
					served = max(served, e.Date())
				}
			}
			from := served.AddDays(10)
			for _, e := range evs {
				if e.Type == "file_transferred" && e.Date() >= from {
					moved = e.Date()
					break
				}
			}
			seq("R-26", n, from, moved, transferCriminal.End(from, cal))
		}
		// after 终本, an asset check every six months for five years, until resumed.
		for i, e := range evs {
			if e.Type != "terminated_this_round" {
				continue
			}
			horizon := checkPeriod.End(e.Date(), cal)
			last, li := e.Date(), i
			for {
				due := last.AddMonths(6)
				if due > horizon {
					break
				}
				next := firstAfter(li, "asset_check", "resumed")
				if next != nil && next.Type == "resumed" {
					break
				}
				if next == nil {
					if now > due {
						hit("R-42", n)
					}
					break
				}
				if next.Date() > due {
					hit("R-42", n)
				}
				last, li = next.Date(), slices.Index(evs, next)
			}
			break
		}
		// a preservation ruled in time (48 hours when urgent) and carried out in five days.
		if c.Stage == qingfeng.StagePreservation {
			reqs := evs
			if origin != nil {
				reqs = cases[c.OriginNumber].events
			}
			for i, e := range reqs {
				switch {
				case e.Type == "preservation_requested" && e.Date() <= c.FiledOn:
					var ruled *qingfeng.Event
					for _, x := range reqs[i+1:] {
						if x.Type == "preservation_ruled" {
							ruled = x
							break
						}
					}
					if e.Bool("urgent") {
						if ruled != nil && ruled.At.Sub(e.At).Hours() > float64(rulingUrgent.Amount) || ruled == nil && now > e.Date().AddDays(2) {
							hit("R-35", n)
						}
					} else {
						seq("R-35", n, e.Date(), dayOf(ruled), ruling.End(e.Date(), cal))
					}
				case e.Type == "preservation_ruled" && e.Date() <= c.FiledOn.AddDays(30):
					var ex qingfeng.Date
					for _, x := range evs {
						if x.Type == "preservation_executed" && x.Date() >= e.Date() {
							ex = x.Date()
							break
						}
					}
					seq("R-35", n, e.Date(), ex, execution.End(e.Date(), cal))
				}
			}
		}
	}
	return out
}
