package web

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// signIn drives the sign-in form.
func (b *browser) signIn(t *testing.T, base, login string) {
	t.Helper()
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	b.do(t, "sign-in-"+login, chromedp.Navigate(base+"/login?lang=zh-CN"), chromedp.WaitVisible(css("#login-form")),
		chromedp.SendKeys(css("#login"), login), chromedp.SendKeys(css("#password"), testPasswd),
		chromedp.Click(css("#login-submit")), chromedp.WaitVisible(css("#user")))
}

// TestBrowserEngines drives one Chromium through the indicator pages as an analyst, then through
// 阅核 as the president (one browser for both: starting one takes seconds).
func TestBrowserEngines(t *testing.T) {
	w := newWorld(t)
	w.caseloads()
	f := w.reviewFixture()
	w.addUser("fuzhou", "C3501", "", analyst)
	w.addUser("wang", ownCourt, "P3", reviewer)
	wf := w.warningFixture()
	w.addUser("zhou", ownCourt, "", inspector)
	b := newBrowser(t)
	t.Run("sheet-to-ledger", func(t *testing.T) { b.sheetToLedger(t, w) })
	t.Run("inspector-handles-warning", func(t *testing.T) { b.inspectorHandlesWarning(t, w, wf) })
	t.Run("reviewer-agrees", func(t *testing.T) { b.reviewerAgrees(t, w, f) })
}

// sheetToLedger: an analyst of the intermediate court opens the 体检表 from the navigation, sees
// its sparklines and distributions drawn, moves to a court below through the tree, clicks the
// numerator of 结收比 through to its ledger, pages it, fetches its CSV export as the page's link
// does, and switches the page to English.
func (b *browser) sheetToLedger(t *testing.T, w *world) {
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	b.signIn(t, w.http.URL, "fuzhou")
	b.do(t, "sheet", chromedp.Click(css(`nav.top a[href="/indicators"]`)), chromedp.WaitVisible(css("#summary")),
		chromedp.WaitVisible(css(`.spark[data-indicator="E4"][data-drawn="true"] svg`)),
		chromedp.WaitVisible(css(`.dist[data-indicator="E4"][data-drawn="true"] svg`)))
	if got := b.text(t, "#summary"); !strings.Contains(got, "项指标") {
		t.Fatalf("summary line %q", got)
	}
	// Each step waits for what only the next page has, not for what both pages have.
	b.do(t, "sheet-of-court-below", chromedp.Click(css(`aside.tree a[data-court="`+ownCourt+`"]`)),
		chromedp.WaitReady(css(`#period-form input[name="unit"][value="court:`+ownCourt+`"]`)),
		chromedp.WaitVisible(css(`.spark[data-indicator="E4"][data-drawn="true"] svg`)))
	if got := b.text(t, "#unit-name"); got != "鼓楼区人民法院" {
		t.Fatalf("the tree opened %q", got)
	}
	b.do(t, "period", chromedp.SetValue(css("#period"), "2024"), chromedp.Submit(css("#period")),
		chromedp.WaitVisible(css(`#period[value="2024"]`)), chromedp.WaitVisible(css(`#ind-E4 a.num-side`)))
	b.do(t, "ledger", chromedp.Click(css(`#ind-E4 a.num-side`)), chromedp.WaitVisible(css("#ledger")))
	if got := b.text(t, "#ledger-total"); !strings.HasPrefix(got, "共 10 条") {
		t.Fatalf("ledger total %q", got)
	}
	// Ten rows in pages of four: the pager goes to page three.
	b.do(t, "ledger-small-pages", chromedp.Navigate(w.http.URL+"/indicators/spc-2024-09/E4/ledger?unit=court:"+ownCourt+"&period=2024&size=4"),
		chromedp.WaitVisible(css("#pager")), chromedp.Click(css(`#pager a[data-page="3"]`)), chromedp.WaitVisible(css(`#pager a[data-page="1"]`)))
	if got := b.text(t, "#pager span.current"); got != "3" {
		t.Fatalf("on page %q", got)
	}
	if got := b.text(t, "#ledger tbody"); strings.Count(got, "号") != 2 {
		t.Fatalf("the last page holds %q", got)
	}
	csv, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`fetch(document.getElementById("export-csv").href).then(r => r.arrayBuffer()).then(b => new Uint8Array(b)[0].toString(16) + "|" + new TextDecoder().decode(b))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	// The first byte is the byte-order mark's (ef), which the decoder then drops.
	if !strings.HasPrefix(csv, "ef|成员") || strings.Count(csv, "\n") != 11 {
		t.Fatalf("CSV export from the page: %q", csv)
	}
	b.do(t, "english", chromedp.Click(css("a.lang")), chromedp.WaitReady(css(`html[lang="en"] #ledger`)))
	if got := b.text(t, "#ledger-title"); !strings.Contains(got, "Ledger") || !strings.Contains(got, "Numerator") {
		t.Fatalf("English ledger title %q", got)
	}
	b.do(t, "indicator-page", chromedp.Click(css("#back-to-indicator")), chromedp.WaitVisible(css(`#trend-chart[data-drawn="true"] svg`)))
	b.do(t, "signed-out", chromedp.Click(css("#logout")), chromedp.WaitVisible(css("#login-form")))
}

// reviewerAgrees: the president signs in, opens the 阅核 inbox, opens the decision submitted to
// them — with no control that writes the document — and agrees.
func (b *browser) reviewerAgrees(t *testing.T, w *world, f reviewFixture) {
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	b.signIn(t, w.http.URL, "wang")
	b.do(t, "inbox", chromedp.Click(css(`nav.top a[href="/reviews"]`)), chromedp.WaitVisible(css("#inbox a.decision")))
	b.do(t, "decision", chromedp.Click(css(`#inbox a[href="/reviews/decisions/`+f.own+`"]`)), chromedp.WaitVisible(css("#do-agree")))
	edits, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("textarea, [name=part], #do-edit").length`))
	if err != nil || edits != 0 {
		t.Fatalf("edit controls on the reviewer's page: %d %v", edits, err)
	}
	b.do(t, "agreed", chromedp.Click(css("#do-agree")), chromedp.WaitVisible(css(`#state[data-state="approved_for_issue"]`)))
	if got := b.text(t, "#state"); got != "可签发" {
		t.Fatalf("state after agreeing: %q", got)
	}
}

// inspectorHandlesWarning: an inspector of the discipline office opens the warning queue from
// the navigation, filters it to what waits, opens the warning on P1's overdue case (its evidence
// and panorama drawn), assigns it to themself, starts verifying, dismisses it with a reason,
// finds the steps and the reason in its history, and signs out.
func (b *browser) inspectorHandlesWarning(t *testing.T, w *world, f warningFixture) {
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	id := strconv.FormatInt(f.own.ID, 10)
	link := css(`#queue a[href="/warnings/` + id + `"]`)
	b.signIn(t, w.http.URL, "zhou")
	b.do(t, "queue", chromedp.Click(css(`nav.top a[href="/warnings"]`)), chromedp.WaitVisible(link))
	b.do(t, "queue-active", chromedp.Click(css(`#queue-filter input[name="state"][value="open"]`)), chromedp.Submit(css("#queue-filter")),
		chromedp.WaitVisible(css(`#queue-filter input[name="state"][value="open"]:checked`)), chromedp.WaitVisible(link))
	b.do(t, "warning", chromedp.Click(link), chromedp.WaitVisible(css("#act-assign")),
		chromedp.WaitVisible(css(`#timeline-chart[data-drawn="true"] svg`)))
	if got := b.text(t, "#evidence tbody"); !strings.Contains(got, numLate) {
		t.Fatalf("evidence %q", got)
	}
	if got := b.text(t, "#warning-state"); got != "待处理" {
		t.Fatalf("state %q", got)
	}
	b.do(t, "assigned", chromedp.SetValue(css(`#act-assign select[name="assignee"]`), "user:zhou"), chromedp.Click(css("#act-assign button")),
		chromedp.WaitVisible(css("#act-verify")))
	if got := b.text(t, "#warning-assignee"); got != "zhou" {
		t.Fatalf("assignee %q", got)
	}
	b.do(t, "verifying", chromedp.Click(css("#act-verify button")), chromedp.WaitVisible(css("#act-dismiss")))
	const reason = "延长审限已获院长批准，审批表见卷宗"
	b.do(t, "dismissed", chromedp.SendKeys(css(`#act-dismiss textarea[name="note"]`), reason), chromedp.Click(css("#act-dismiss button")),
		chromedp.WaitVisible(css(`#history tr[data-action="dismiss"]`)))
	if got := b.text(t, "#warning-state"); got != "已排除" {
		t.Fatalf("state after dismissing %q", got)
	}
	if got := b.text(t, "#history tbody"); !strings.Contains(got, reason) || !strings.Contains(got, "分派核查") || !strings.Contains(got, "开始核查") {
		t.Fatalf("history %q", got)
	}
	b.do(t, "stats", chromedp.Click(css(`nav.top a[href="/warnings"]`)), chromedp.WaitVisible(css("#queue")),
		chromedp.Click(css(`nav.tabs a[href="/warnings/stats"]`)), chromedp.WaitVisible(css(`#history-chart[data-drawn="true"] svg`)),
		chromedp.WaitVisible(css(`#rules-chart[data-drawn="true"] svg`)))
	// The dismissed warning's rule shows a dismissal rate of 100% in the chart's data and table.
	rate, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`JSON.parse(document.getElementById("stats-data").textContent).rules.filter(r => r.rule === "`+f.own.Rule+`")[0].rate`))
	if err != nil || rate != 1 {
		t.Fatalf("dismissal rate of %s in the chart: %v %v", f.own.Rule, rate, err)
	}
	b.do(t, "signed-out", chromedp.Click(css("#logout")), chromedp.WaitVisible(css("#login-form")))
}
