package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestDemoWarnsAsOfTheData runs the demo and signs in as its inspector: the warnings it serves
// are exactly the anomalies the generator injected (truth.jsonl, rule and case), which holds only
// when the risk engine judges the province as of its manifest's day — judged as of today, every
// proceeding still pending on that day would be overdue.
func TestDemoWarnsAsOfTheData(t *testing.T) {
	dir := t.TempDir()
	addr, printed, stop := serving(t, "demo", "--data", dir, "--matters", "150", "--seed", "7", "--addr", "127.0.0.1:0")
	loginRe := regexp.MustCompile(`login inspector\s+password (\S+)`)
	password := ""
	for _, line := range printed {
		if m := loginRe.FindStringSubmatch(line); m != nil {
			password = m[1]
		}
	}
	if password == "" {
		t.Fatal("the demo printed no inspector account")
	}
	base := "http://" + addr
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	body := func(u string) string {
		resp, err := hc.Get(base + u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body("/login"))
	resp, err := hc.PostForm(base+"/login", url.Values{"login": {"inspector"}, "password": {password}, "csrf": {csrf[1]}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as the demo's inspector: %v %v", resp, err)
	}
	resp.Body.Close()

	var want []string
	truth, err := os.ReadFile(filepath.Join(dir, "generated", "truth.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(truth)) {
		var a struct {
			Rule       string `json:"rule"`
			CaseNumber string `json:"case_number"`
		}
		if json.Unmarshal([]byte(line), &a) == nil && a.Rule != "" {
			want = append(want, a.Rule+" "+a.CaseNumber)
		}
	}
	if len(want) == 0 {
		t.Fatal("the generator injected no anomaly")
	}
	slices.Sort(want)
	var got []string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		var q struct {
			Items []struct {
				Rule       string `json:"rule"`
				CaseNumber string `json:"case_number"`
			} `json:"items"`
		}
		json.Unmarshal([]byte(body("/api/v1/warnings?size=500")), &q)
		got = got[:0]
		for _, w := range q.Items {
			got = append(got, w.Rule+" "+w.CaseNumber)
		}
		slices.Sort(got)
		if slices.Equal(got, want) {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("warnings served:\n%s\nanomalies injected:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if page := body("/warnings"); !strings.Contains(page, `id="queue"`) {
		t.Fatalf("the warning queue page: %.300s", page)
	}
	stop()

	// The directory keeps the day, so a later command judges the same day: `warnings`, which
	// first brings the engine up to date, finds the same warnings and no more.
	if b, err := os.ReadFile(filepath.Join(dir, "as-of")); err != nil || !strings.HasPrefix(string(b), "2026-") {
		t.Fatalf("the demo's as-of file: %q %v", b, err)
	}
	var out strings.Builder
	cli := newRoot(&out, io.Discard)
	cli.SetArgs([]string{"warnings", "--data", dir, "--format", "json"})
	if err := cli.Execute(); err != nil {
		t.Fatal(err)
	}
	var listed []struct {
		Rule       string `json:"rule"`
		CaseNumber string `json:"case_number"`
		State      string `json:"state"`
	}
	if err := json.Unmarshal([]byte(out.String()), &listed); err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, w := range listed {
		if w.State != "withdrawn" {
			got = append(got, w.Rule+" "+w.CaseNumber)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("warnings after the demo, from the CLI:\n%s\nanomalies injected:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
