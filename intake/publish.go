package intake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/qingfeng-court/qingfeng/ingest"
)

// PublishSummary is what a publish did.
type PublishSummary struct {
	Files      int     `json:"files"`
	Published  int     `json:"published"`  // messages the stream stored
	Duplicates int     `json:"duplicates"` // re-sends the stream dropped (same message id)
	Seconds    float64 `json:"seconds"`
}

// Publisher sends canonical JSON Lines files to the intake stream the way a source system
// would: one message per line on the line's subject. It stands in for the source systems in
// demos and tests.
type Publisher struct {
	js     jetstream.JetStream
	window int // acknowledgements awaited together
}

// NewPublisher returns a publisher over js. The stream must exist (EnsureStream).
func NewPublisher(js jetstream.JetStream) *Publisher {
	return &Publisher{js: js, window: 1024}
}

// PublishFiles publishes every line of the given files and folders (as ingest expands them):
// the reference lines of all files first, in the order ingest would load them, then casework
// in file order. It returns when the stream has acknowledged every message; after an error,
// publishing the same files again is safe.
func (p *Publisher) PublishFiles(ctx context.Context, paths []string) (*PublishSummary, error) {
	start := time.Now()
	sum := &PublishSummary{}
	out := p.sender(ctx, sum)
	n, err := eachMessage(paths, out.send)
	if err == nil {
		err = out.drain()
	}
	sum.Files = n
	sum.Seconds = time.Since(start).Seconds()
	return sum, err
}

// eachMessage reads the files and calls fn with each line's message, in publishing order, and
// returns the number of files.
func eachMessage(paths []string, fn func(*nats.Msg) error) (int, error) {
	files, err := ingest.Files(paths)
	if err != nil {
		return 0, err
	}
	for _, f := range files {
		if strings.EqualFold(filepath.Ext(f), ".csv") {
			return 0, fmt.Errorf("publish %s: only JSON Lines can be published; ingest CSV exports with a profile", f)
		}
	}
	r := newRouter()
	var refs []ingest.Line
	for _, f := range files {
		err := ingest.ReadLines(f, func(l ingest.Line) error {
			if ingest.IsReference(l.Data) {
				refs = append(refs, l)
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	for _, l := range ingest.OrderReferences(refs) {
		if err := fn(message(r.route(l.Data), l)); err != nil {
			return 0, err
		}
	}
	for _, f := range files {
		err := ingest.ReadLines(f, func(l ingest.Line) error {
			if ingest.IsReference(l.Data) {
				return nil
			}
			return fn(message(r.route(l.Data), l))
		})
		if err != nil {
			return 0, err
		}
	}
	return len(files), nil
}

// message builds the message of one line: its origin in headers, and a message id from the
// origin and content, so that re-sending a file is recognised by the stream.
func message(subject string, l ingest.Line) *nats.Msg {
	h := sha256.New()
	h.Write([]byte(l.Origin.File))
	h.Write([]byte{0})
	h.Write([]byte(strconv.Itoa(l.Origin.Line)))
	h.Write([]byte{0})
	h.Write(l.Data)
	m := nats.NewMsg(subject)
	m.Data = l.Data
	m.Header.Set(jetstream.MsgIDHeader, hex.EncodeToString(h.Sum(nil)[:16]))
	m.Header.Set(HeaderFile, l.Origin.File)
	m.Header.Set(HeaderLine, strconv.Itoa(l.Origin.Line))
	return m
}

// sender publishes asynchronously and checks the acknowledgements a window at a time.
type sender struct {
	ctx     context.Context
	p       *Publisher
	sum     *PublishSummary
	pending []jetstream.PubAckFuture
}

func (p *Publisher) sender(ctx context.Context, sum *PublishSummary) *sender {
	return &sender{ctx: ctx, p: p, sum: sum}
}

func (s *sender) send(m *nats.Msg) error {
	f, err := s.p.js.PublishMsgAsync(m)
	if err != nil {
		return fmt.Errorf("publish %s line %s: %w", m.Header.Get(HeaderFile), m.Header.Get(HeaderLine), err)
	}
	s.pending = append(s.pending, f)
	if len(s.pending) >= s.p.window {
		return s.drain()
	}
	return nil
}

// drain waits for every outstanding acknowledgement.
func (s *sender) drain() error {
	defer func() { s.pending = s.pending[:0] }()
	for _, f := range s.pending {
		select {
		case ack := <-f.Ok():
			if ack.Duplicate {
				s.sum.Duplicates++
			} else {
				s.sum.Published++
			}
		case err := <-f.Err():
			m := f.Msg()
			return fmt.Errorf("publish %s line %s: %w", m.Header.Get(HeaderFile), m.Header.Get(HeaderLine), err)
		case <-s.ctx.Done():
			return s.ctx.Err()
		}
	}
	return nil
}
