package web

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// EnvRequireBrowser makes the browser tests fail, rather than skip, when no Chromium is found.
// CI sets it.
const EnvRequireBrowser = "QINGFENG_REQUIRE_BROWSER"

// EnvArtifacts names the folder for the browser tests' screenshots.
const EnvArtifacts = "QINGFENG_ARTIFACTS"

func findChromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(EnvRequireBrowser) != "" {
		t.Fatalf("no Chromium found and %s is set: install Debian's chromium", EnvRequireBrowser)
	}
	t.Skip("no Chromium on this machine")
	return ""
}

// browser starts a headless Chromium and collects every console error, uncaught exception and
// browser log error of its pages.
type browser struct {
	ctx    context.Context
	mu     sync.Mutex
	errors []string
	shots  string
}

func newBrowser(t *testing.T) *browser {
	path := findChromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true), chromedp.Flag("lang", "zh-CN"), chromedp.WindowSize(1400, 1000))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	b := &browser{ctx: ctx, shots: os.Getenv(EnvArtifacts)}
	if b.shots == "" {
		b.shots = filepath.Join(os.TempDir(), "qingfeng-artifacts")
	}
	if err := os.MkdirAll(b.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	messages := chromedp.Console(ctx) // subscribes now, starting the browser
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.mu.Lock()
				b.errors = append(b.errors, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// do runs the steps of one stage with a time limit, saves a screenshot, and fails on any error
// the pages logged so far.
func (b *browser) do(t *testing.T, stage string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.shot(t, "failed-"+stage)
		t.Fatalf("%s: %v", stage, err)
	}
	b.shot(t, stage)
	time.Sleep(50 * time.Millisecond) // let the console events of the stage arrive
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.errors) > 0 {
		t.Fatalf("%s: the page logged errors: %v", stage, b.errors)
	}
}

// text reads the text of the first element sel matches, as the page shows it.
func (b *browser) text(t *testing.T, sel string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	q, _ := json.Marshal(sel)
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+string(q)+`).innerText`))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// shot saves a screenshot of the page as a test artefact.
func (b *browser) shot(t *testing.T, name string) {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(b.shots, fmt.Sprintf("%s-%s.png", strings.ReplaceAll(t.Name(), "/", "_"), name))
	if err := os.WriteFile(p, img, 0o644); err == nil {
		t.Logf("screenshot %s", p)
	}
}

// TestBrowserSignInCaseAndSignOut drives a real Chromium through the shell: sign in, move through
// the court tree, find a case and see its panorama drawn by ECharts, open the data page, switch
// to English, sign out. Any console error fails it.
func TestBrowserSignInCaseAndSignOut(t *testing.T) {
	w := newWorld(t)
	w.addUser("lin", "C3501", "", analyst)
	b := newBrowser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	b.do(t, "home", chromedp.Navigate(w.http.URL+"/?lang=zh-CN"), chromedp.WaitVisible(css("#login-link")))
	b.do(t, "login-page", chromedp.Click(css("#login-link")), chromedp.WaitVisible(css("#login-form")))
	b.do(t, "signed-in", chromedp.SendKeys(css("#login"), "lin"), chromedp.SendKeys(css("#password"), testPasswd),
		chromedp.Click(css("#login-submit")), chromedp.WaitVisible(css("#user")))
	if got := b.text(t, "#user"); got != "lin" {
		t.Fatalf("signed in as %q", got)
	}
	b.do(t, "court-tree", chromedp.Click(css(`aside.tree a[data-court="`+ownCourt+`"]`)), chromedp.WaitVisible(css("#court-name")),
		chromedp.WaitVisible(css("aside.tree a.current")))
	if got := b.text(t, "#court-name"); got != "鼓楼区人民法院" {
		t.Fatalf("court page %q", got)
	}
	if got := b.text(t, "aside.tree a.current"); got != "鼓楼区人民法院" {
		t.Fatalf("the tree marks %q as current", got)
	}
	b.do(t, "case-search", chromedp.Navigate(w.http.URL+"/cases"), chromedp.WaitVisible(css("#q")),
		chromedp.SendKeys(css("#q"), "(2024)闽0102民初1号"), chromedp.Submit(css("#q")))
	b.do(t, "case-panorama", chromedp.WaitVisible(css("#timeline")), chromedp.WaitVisible(css(`#timeline-chart[data-drawn="true"] svg`)))
	if got := b.text(t, "#proceedings"); !strings.Contains(got, numOwn) || !strings.Contains(got, numAppeal) {
		t.Fatalf("panorama lists %q", got)
	}
	b.do(t, "data", chromedp.Navigate(w.http.URL+"/data"), chromedp.WaitVisible(css("#quarantine")))
	if got := b.text(t, "#quarantine"); !strings.Contains(got, "own.jsonl") || strings.Contains(got, "other.jsonl") {
		t.Fatalf("quarantine shows %q", got)
	}
	b.do(t, "english", chromedp.Click(css("a.lang")), chromedp.WaitReady(css(`html[lang="en"]`)), chromedp.WaitVisible(css("#quarantine")))
	if got := b.text(t, "header"); !strings.Contains(got, "Sign out") {
		t.Fatalf("English header: %q", got)
	}
	b.do(t, "signed-out", chromedp.Click(css("#logout")), chromedp.WaitVisible(css("#login-form")))
	b.do(t, "after-sign-out", chromedp.Navigate(w.http.URL+"/data"), chromedp.WaitVisible(css("#login-form")))
}

// TestBrowserCatchesConsoleErrors checks the watcher the browser tests rely on: an error written
// to the console and an uncaught exception are both caught.
func TestBrowserCatchesConsoleErrors(t *testing.T) {
	w := newWorld(t)
	b := newBrowser(t)
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	err := chromedp.Do(ctx, chromedp.Navigate(w.http.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`console.error("probe"); setTimeout(() => { throw new Error("boom") }, 0); true`)(ctx, tg)
			return err
		}), chromedp.Sleep(300*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	joined := strings.Join(b.errors, "\n")
	if !strings.Contains(joined, "probe") || !strings.Contains(joined, "boom") {
		t.Fatalf("the watcher missed errors: %q", joined)
	}
}
