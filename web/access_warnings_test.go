package web

import (
	"net/url"
	"strconv"

	"github.com/qingfeng-court/qingfeng"
)

// warningProbes are the access matrix's requests to the warning routes. Everyone who reads
// casework or watches it (analyst, inspector, reviewer, auditor) reads the warnings of the whole
// scope; the judge (P1) reads only those naming them as the judge; the inspector alone handles
// them; the rule pack is read with the definition files.
func (w *matrixWorld) warningProbes() []probe {
	view := []qingfeng.UserRole{analyst, inspector, reviewer, judge, auditor}
	wide := []qingfeng.UserRole{analyst, inspector, reviewer, auditor}
	handlers := []qingfeng.UserRole{inspector}
	defsReaders := []qingfeng.UserRole{admin, analyst, inspector, auditor}
	none := []qingfeng.UserRole{}
	id := func(x qingfeng.Warning) string { return strconv.FormatInt(x.ID, 10) }
	own, peer, other := id(w.warns.own), id(w.warns.peer), id(w.warns.other)
	assign := func(qingfeng.UserRole) any { return map[string]any{"assignee": "user:inspector"} }
	empty := func(qingfeng.UserRole) any { return map[string]any{} }
	return []probe{
		{method: "GET", path: "/warnings", may: view, ok: view},
		{method: "GET", path: "/warnings?state=active&rule=R-14&severity=warning,red", may: view, ok: view},
		{method: "GET", path: "/warnings?court=" + otherCourt, may: view, ok: none},
		{method: "GET", path: "/warnings/stats", may: view, ok: view},
		{method: "GET", path: "/warnings/stats?court=" + otherCourt, may: view, ok: none},
		{method: "GET", path: "/warnings/" + own, may: view, ok: view},
		{method: "GET", path: "/warnings/" + peer, may: view, ok: wide},
		{method: "GET", path: "/warnings/" + other, may: view, ok: none},
		{method: "GET", path: "/warnings/999999", may: view, ok: none},
		{method: "POST", path: "/warnings/" + other + "/act", form: url.Values{"action": {"verify"}}, may: handlers, ok: none},
		{method: "GET", path: "/api/v1/warnings", may: view, ok: view},
		{method: "GET", path: "/api/v1/warnings?format=csv", may: view, ok: view},
		{method: "GET", path: "/api/v1/warnings?format=xlsx&court=" + ownCourt, may: view, ok: view},
		{method: "GET", path: "/api/v1/warnings?court=" + otherCourt, may: view, ok: none},
		{method: "GET", path: "/api/v1/warnings/stats", may: view, ok: view},
		{method: "GET", path: "/api/v1/warnings/stats?format=csv", may: view, ok: view},
		{method: "GET", path: "/api/v1/warnings/" + own, may: view, ok: view},
		{method: "GET", path: "/api/v1/warnings/" + peer, may: view, ok: wide},
		{method: "GET", path: "/api/v1/warnings/" + other, may: view, ok: none},
		{method: "POST", path: "/api/v1/warnings/" + own + "/assign", body: assign, may: handlers, ok: handlers},
		{method: "POST", path: "/api/v1/warnings/" + other + "/verify", body: empty, may: handlers, ok: none},
		{method: "GET", path: "/api/v1/rules", may: defsReaders, ok: defsReaders},
		{method: "GET", path: "/api/v1/rules?format=csv", may: defsReaders, ok: defsReaders},
	}
}
