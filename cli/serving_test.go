package cli

import (
	"bufio"
	"context"
	"github.com/qingfeng-court/qingfeng/internal/servetest"
	"io"
	"regexp"
	"testing"
)

var servingAt = regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)

// serving runs a command that ends by serving (serve, demo) as a process would, until it prints
// the address it listens on. It returns that address, the lines printed before it, and a stop
// that ends the command and fails the test unless it exits cleanly and in time.
func serving(t *testing.T, args ...string) (addr string, printed []string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	root := newRoot(pw, io.Discard)
	root.SetArgs(args)
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx); pw.Close() }()
	sc := bufio.NewScanner(pr)
	for addr == "" && sc.Scan() {
		printed = append(printed, sc.Text())
		if m := servingAt.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
		}
	}
	go io.Copy(io.Discard, pr)
	if addr == "" {
		cancel()
		t.Fatalf("%s did not start serving: %v", args[0], <-done)
	}
	stop = servetest.Stopper(t, args[0], cancel, done)
	return addr, printed, stop
}
