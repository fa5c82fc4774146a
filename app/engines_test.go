package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/auth"
	"github.com/qingfeng-court/qingfeng/internal/servetest"
	"github.com/qingfeng-court/qingfeng/store"
)

// commit stores records as a source system's batch would, through the store that wakes the feed.
func commit(t *testing.T, a *App, vs ...any) {
	t.Helper()
	var b store.Batch
	for _, v := range vs {
		r, err := qingfeng.NewRecord("cms", fmt.Sprintf("r%d", time.Now().UnixNano()), v, qingfeng.Origin{File: "t", Line: 1})
		if err != nil {
			t.Fatal(err)
		}
		b.Records = append(b.Records, r)
	}
	if _, err := a.Store.Commit(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
}

func closedCase(n int, flags ...string) *qingfeng.Case {
	return &qingfeng.Case{Number: fmt.Sprintf("（2024）闽0102民初%d号", n), CourtID: "C1", JudgeID: "J1", Panel: []string{"J1"},
		Category: qingfeng.CatCivil, Stage: qingfeng.StageFirstInstance, FiledOn: qingfeng.NewDate(2024, 3, 1),
		ClosedOn: qingfeng.NewDate(2024, 4, 1), ClosingMethod: qingfeng.CloseJudgment, Flags: qingfeng.CaseFlags{FourType: flags}}
}

// TestServeRunsTheEngines serves a data directory and checks that the engines are built, loaded
// and kept current: /readyz waits for the indicator engine, the 体检表 counts a proceeding
// committed while serving, the review engine projects a 四类 flag a source set, and both stop
// when the server does.
func TestServeRunsTheEngines(t *testing.T) {
	a := testApp(t, "lin", qingfeng.UserAnalyst)
	commit(t, a, closedCase(1))
	addr, stop := serving(t, a)
	base := "http://" + addr
	hc := signIn(t, base, "lin", testPassword)
	eventually(t, "ready", func() bool { return get(t, hc, base+"/readyz").code == http.StatusOK })
	e4 := func() float64 {
		var s struct {
			Groups []struct {
				Values []struct {
					Indicator string  `json:"indicator"`
					Numerator float64 `json:"numerator"`
				} `json:"values"`
			} `json:"groups"`
		}
		json.Unmarshal(get(t, hc, base+"/api/v1/indicators/sheet?period=2024").body, &s)
		for _, g := range s.Groups {
			for _, v := range g.Values {
				if v.Indicator == "E4" {
					return v.Numerator
				}
			}
		}
		return -1
	}
	if got := e4(); got != 1 {
		t.Fatalf("E4 numerator after the load: %v", got)
	}
	commit(t, a, closedCase(2), closedCase(3, "1.1"))
	eventually(t, "the sheet counts what was committed while serving", func() bool { return e4() == 3 })
	rv, _ := a.Reviews()
	eventually(t, "the review engine projects the source's flag", func() bool {
		fs, _ := rv.FourTypeFlags(context.Background(), store.FourTypeFlagFilter{Origin: "source"})
		return len(fs) == 1 && fs[0].CaseNumber == closedCase(3).Number
	})
	stop()
}

// TestServeRefusesABrokenPack: a court's indicator pack that does not load stops the server at
// start, naming the file.
func TestServeRefusesABrokenPack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(filepath.Join(dir, "defs", "indicators"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "defs", "indicators", "spc-2024-09.yaml"), []byte("pack: spc-2024-09\nindicators: [oops\n"), 0o644)
	a, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	err = a.Serve(context.Background(), "127.0.0.1:0", nil)
	if err == nil || !strings.Contains(err.Error(), "spc-2024-09.yaml") {
		t.Fatalf("serve with a broken pack: %v", err)
	}
}

type got struct {
	code int
	body []byte
}

func get(t *testing.T, hc *http.Client, u string) got {
	t.Helper()
	resp, err := hc.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return got{resp.StatusCode, b}
}

// signIn signs in through the form and returns a client holding the session.
func signIn(t *testing.T, base, login, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tok := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(get(t, hc, base+"/login").body)
	resp, err := hc.PostForm(base+"/login", url.Values{"login": {login}, "password": {password}, "csrf": {string(tok[1])}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %v", err)
	}
	resp.Body.Close()
	return hc
}

func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("%s: not within 15 s", what)
}

// testPassword is every test account's password.
const testPassword = "a long passphrase"

// testApp opens a data directory with one basic court (C1) and its judge (J1), the feed polling
// fast, and an account of role at C1 called login.
func testApp(t *testing.T, login string, role qingfeng.UserRole) *App {
	t.Helper()
	a, err := Open(filepath.Join(t.TempDir(), "data"), "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	a.Feed.Poll = 50 * time.Millisecond
	commit(t, a, &qingfeng.Court{ID: "C1", Code: "闽0102", Name: "鼓楼区人民法院", Level: qingfeng.LevelBasic},
		&qingfeng.Person{ID: "J1", CourtID: "C1", Name: "林", Roles: []qingfeng.Role{qingfeng.RoleJudge}, From: qingfeng.NewDate(2015, 1, 1)})
	addAccount(t, a, login, role, "C1")
	return a
}

// addAccount creates a local account with testPassword.
func addAccount(t *testing.T, a *App, login string, role qingfeng.UserRole, court string) {
	t.Helper()
	acc, _, err := a.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	h, _ := auth.HashPassword(testPassword, auth.Params{Memory: 1024, Time: 1, Threads: 1})
	if err := acc.CreateUser(context.Background(), &qingfeng.User{Login: login, Name: login, Roles: []qingfeng.UserRole{role}, CourtID: court, PasswordHash: h}); err != nil {
		t.Fatal(err)
	}
}

// serving serves a on a free port of 127.0.0.1 and returns its address and a stop that shuts
// it down and fails the test unless the server and its engines stop cleanly and in time.
func serving(t *testing.T, a *App) (addr string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	at := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, "127.0.0.1:0", func(x net.Addr) { at <- x }) }()
	select {
	case x := <-at:
		addr = x.String()
	case err := <-done:
		cancel()
		t.Fatalf("serve: %v", err)
	}
	stop = servetest.Stopper(t, "the server and its engines", cancel, done)
	return addr, stop
}
