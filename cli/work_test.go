package cli

import (
	"strings"
	"testing"
)

func TestRedactURLs(t *testing.T) {
	got := redactURLs("nats://ingest:s3cret@10.0.0.1:4222, tls://admin:pw@nats.court:4443,nats://plain:4222")
	if strings.Contains(got, "s3cret") || strings.Contains(got, "pw@") || strings.Contains(got, "ingest") {
		t.Fatalf("credentials left in %q", got)
	}
	for _, host := range []string{"10.0.0.1:4222", "nats.court:4443", "nats://plain:4222"} {
		if !strings.Contains(got, host) {
			t.Errorf("%q lost %s", got, host)
		}
	}
}
