package web

import (
	"net/url"

	"github.com/qingfeng-court/qingfeng"
)

// engineProbes are the access matrix's requests to the indicator and 阅核 routes. The judge
// (P1) holds both for their own cases only: their own indicators and ledgers, the decisions of
// their own cases; the reviewer (the president P3) holds them court-wide.
func (w *matrixWorld) engineProbes() []probe {
	readers := []qingfeng.UserRole{analyst, inspector, reviewer, judge}
	wide := []qingfeng.UserRole{analyst, inspector, reviewer}
	rev := []qingfeng.UserRole{reviewer, judge}
	none := []qingfeng.UserRole{}
	f := w.reviews
	const e4 = "/indicators/spc-2024-09/E4"
	const api = "/api/v1/indicators/spc-2024-09/E4"
	q := func(path, unit string, extra ...string) string {
		v := url.Values{"unit": {unit}, "period": {"2024"}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return path + "?" + v.Encode()
	}
	own, other, top := "court:"+ownCourt, "court:"+otherCourt, "court:C35"
	toOther := func(qingfeng.UserRole) any { return map[string]any{"case_number": numOther, "kind": "judgment"} }
	flagOther := func(qingfeng.UserRole) any {
		return map[string]any{"case_number": numOther, "sub_type": "1.1", "reason": "x"}
	}
	enquireOther := func(qingfeng.UserRole) any {
		return map[string]any{"case_number": numOther, "by": "某领导", "channel": "phone", "content": "询问进度"}
	}
	reason := func(qingfeng.UserRole) any { return map[string]any{"reason": "不再属于四类"} }
	return []probe{
		{method: "GET", path: "/indicators", may: readers, ok: readers},
		{method: "GET", path: q("/indicators", own), may: readers, ok: wide},
		{method: "GET", path: q("/indicators", "division:"+ownDiv), may: readers, ok: wide},
		{method: "GET", path: q("/indicators", "judge:"+ownJudge), may: readers, ok: readers},
		{method: "GET", path: q("/indicators", "judge:P4"), may: readers, ok: wide},
		{method: "GET", path: q("/indicators", other), may: readers, ok: none},
		{method: "GET", path: q("/indicators", top), may: readers, ok: none},
		{method: "GET", path: q("/indicators", "judge:P2"), may: readers, ok: none},
		{method: "GET", path: e4, may: readers, ok: readers},
		{method: "GET", path: q(e4, own), may: readers, ok: wide},
		{method: "GET", path: q(e4, other), may: readers, ok: none},
		{method: "GET", path: e4 + "/ledger", may: readers, ok: readers},
		{method: "GET", path: q(e4+"/ledger", own, "side", "denominator"), may: readers, ok: wide},
		{method: "GET", path: q(e4+"/ledger", other), may: readers, ok: none},
		{method: "GET", path: q(e4+"/ledger", "judge:P2"), may: readers, ok: none},
		{method: "GET", path: "/api/v1/indicators/packs", may: readers, ok: readers},
		{method: "GET", path: "/api/v1/indicators/units?kind=judge", may: readers, ok: readers},
		{method: "GET", path: "/api/v1/indicators/sheet", may: readers, ok: readers},
		{method: "GET", path: q("/api/v1/indicators/sheet", own, "format", "xlsx"), may: readers, ok: wide},
		{method: "GET", path: q("/api/v1/indicators/sheet", other), may: readers, ok: none},
		{method: "GET", path: q("/api/v1/indicators/sheet", other, "format", "csv"), may: readers, ok: none},
		{method: "GET", path: api, may: readers, ok: readers},
		{method: "GET", path: q(api, own, "format", "csv"), may: readers, ok: wide},
		{method: "GET", path: q(api, other), may: readers, ok: none},
		{method: "GET", path: api + "/ledger", may: readers, ok: readers},
		{method: "GET", path: q(api+"/ledger", own, "format", "csv"), may: readers, ok: wide},
		{method: "GET", path: q(api+"/ledger", other), may: readers, ok: none},
		{method: "GET", path: q(api+"/ledger", other, "format", "xlsx"), may: readers, ok: none},

		{method: "GET", path: "/reviews", may: rev, ok: rev},
		{method: "GET", path: "/reviews/decisions/" + f.own, may: rev, ok: rev},
		{method: "GET", path: "/reviews/decisions/" + f.peer, may: rev, ok: []qingfeng.UserRole{reviewer}},
		{method: "GET", path: "/reviews/decisions/" + f.other, may: rev, ok: none},
		{method: "POST", path: "/reviews/decisions/" + f.other + "/act", form: url.Values{"action": {"agree"}}, may: rev, ok: none},
		{method: "GET", path: "/reviews/flags", may: rev, ok: rev},
		{method: "GET", path: "/reviews/flags?format=csv", may: rev, ok: rev},
		{method: "GET", path: "/reviews/register", may: rev, ok: rev},
		{method: "GET", path: "/reviews/register?format=xlsx", may: rev, ok: rev},
		{method: "POST", path: "/reviews/register", form: url.Values{"case_number": {numOther}, "by": {"某领导"}, "channel": {"phone"}, "content": {"询问"}}, may: rev, ok: none},
		{method: "GET", path: "/api/v1/reviews", may: rev, ok: rev},
		{method: "POST", path: "/api/v1/reviews", body: toOther, may: rev, ok: none},
		{method: "GET", path: "/api/v1/reviews/inbox", may: rev, ok: rev},
		{method: "GET", path: "/api/v1/reviews/warnings", may: rev, ok: rev},
		{method: "GET", path: "/api/v1/reviews/anomalies", may: rev, ok: rev},
		{method: "GET", path: "/api/v1/reviews/decisions/" + f.own, may: rev, ok: rev},
		{method: "GET", path: "/api/v1/reviews/decisions/" + f.peer, may: rev, ok: []qingfeng.UserRole{reviewer}},
		{method: "GET", path: "/api/v1/reviews/decisions/" + f.other, may: rev, ok: none},
		{method: "GET", path: "/api/v1/reviews/decisions/" + f.own + "/trail", may: rev, ok: rev},
		{method: "GET", path: "/api/v1/reviews/decisions/" + f.peer + "/trail", may: rev, ok: []qingfeng.UserRole{reviewer}},
		{method: "GET", path: "/api/v1/reviews/decisions/" + f.other + "/trail", may: rev, ok: none},
		{method: "GET", path: "/api/v1/reviews/decisions/" + f.own + "/events", may: rev, ok: rev},
		{method: "GET", path: "/api/v1/reviews/decisions/" + f.peer + "/events", may: rev, ok: []qingfeng.UserRole{reviewer}},
		{method: "POST", path: "/api/v1/reviews/decisions/" + f.other + "/agree", body: func(qingfeng.UserRole) any { return map[string]any{} }, may: rev, ok: none},
		{method: "GET", path: "/api/v1/reviews/flags", may: rev, ok: rev},
		{method: "POST", path: "/api/v1/reviews/flags", body: flagOther, may: rev, ok: none},
		{method: "POST", path: "/api/v1/reviews/flags/" + f.otherFlag + "/unflag", body: reason, may: rev, ok: none},
		{method: "POST", path: "/api/v1/reviews/flags/" + f.otherFlag + "/approve-unflag", may: rev, ok: none},
		{method: "GET", path: "/api/v1/reviews/enquiries", may: rev, ok: rev},
		{method: "POST", path: "/api/v1/reviews/enquiries", body: enquireOther, may: rev, ok: none},
		// The register is append-only: changing an entry is refused (403) whoever asks.
		{method: "PUT", path: "/api/v1/reviews/enquiries/q-1", may: none, ok: none},
		{method: "PATCH", path: "/api/v1/reviews/enquiries/q-1", may: none, ok: none},
		{method: "DELETE", path: "/api/v1/reviews/enquiries/q-1", may: none, ok: none},
	}
}
