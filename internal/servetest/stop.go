// Package servetest holds what the tests that run a server in the background share: stopping
// it once, and failing when it does not stop in time or stops with an error.
package servetest

import (
	"context"
	"testing"
	"time"
)

// Grace is how long a server has to shut down once its context is cancelled.
const Grace = 15 * time.Second

// Stopper returns a stop function for a server started with cancel's context, whose Serve
// result arrives on done: it cancels, waits up to Grace and fails t if the server returned an
// error or did not return. Calling it again does nothing; it is also registered with t.Cleanup.
func Stopper(t testing.TB, what string, cancel context.CancelFunc, done <-chan error) func() {
	stopped := false
	stop := func() {
		t.Helper()
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s exited with %v", what, err)
			}
		case <-time.After(Grace):
			t.Fatalf("%s did not stop within %v", what, Grace)
		}
	}
	t.Cleanup(stop)
	return stop
}
