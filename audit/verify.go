package audit

import (
	"context"
	"fmt"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/store"
)

// Problem is one place where the chain is broken.
type Problem struct {
	Seq    int64  `json:"seq"`    // the entry at fault, or the first missing one
	Code   string `json:"code"`   // altered, missing, reordered, unlinked
	Detail string `json:"detail"` // in English, for the operator
}

// Problem codes.
const (
	Altered  = "altered"   // the entry's seal does not match its fields: it was edited, or sealed under another key
	Missing  = "missing"   // sequence numbers jump: entries were deleted
	Reorder  = "reordered" // a sequence number repeats or goes back
	Unlinked = "unlinked"  // the entry does not point at the one before it: an entry was replaced or inserted
	Anchor   = "anchor"    // an entry recorded elsewhere is not in the log as it was
)

// Report is the result of a verification.
type Report struct {
	Entries  int64               `json:"entries"`
	Head     qingfeng.AuditEntry `json:"head"`
	Problems []Problem           `json:"problems"`
	// Truncated is set when more problems were found than the report lists.
	Truncated bool `json:"truncated,omitempty"`
}

// OK reports whether the chain is whole.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// maxProblems bounds the report: past the first few breaks the rest of a tampered log tells
// nothing new.
const maxProblems = 100

// AnchorPoint is an entry's sequence number and hash recorded outside the database (printed
// by an earlier verify): the log must still hold it, which catches the one change a chain
// cannot show by itself, cutting entries off its end.
type AnchorPoint struct {
	Seq  int64
	Hash string
}

// Verify walks the whole log and checks every entry's seal, its sequence number and its link to
// the entry before it, and that each anchor is still in the log as recorded.
func Verify(ctx context.Context, st store.AuditLog, key []byte, anchors ...AnchorPoint) (*Report, error) {
	rep := &Report{}
	want := map[int64]string{}
	for _, a := range anchors {
		want[a.Seq] = a.Hash
	}
	var last qingfeng.AuditEntry
	add := func(p Problem) {
		if len(rep.Problems) == maxProblems {
			rep.Truncated = true
			return
		}
		rep.Problems = append(rep.Problems, p)
	}
	err := st.ScanAudit(ctx, 0, func(e *qingfeng.AuditEntry) error {
		rep.Entries++
		switch next := last.Seq + 1; {
		case e.Seq > next:
			add(Problem{Seq: next, Code: Missing, Detail: fmt.Sprintf("entries %d to %d are missing", next, e.Seq-1)})
		case e.Seq < next:
			add(Problem{Seq: e.Seq, Code: Reorder, Detail: fmt.Sprintf("entry %d follows entry %d", e.Seq, last.Seq)})
		}
		if e.Seal(key) != e.Hash {
			add(Problem{Seq: e.Seq, Code: Altered, Detail: fmt.Sprintf("entry %d (%s by %q at %s) does not match its seal",
				e.Seq, e.Action, e.Actor, e.At.Format("2006-01-02T15:04:05Z07:00"))})
		}
		if e.Prev != last.Hash {
			add(Problem{Seq: e.Seq, Code: Unlinked, Detail: fmt.Sprintf("entry %d does not link to the entry before it", e.Seq)})
		}
		if h, ok := want[e.Seq]; ok {
			if h != e.Hash {
				add(Problem{Seq: e.Seq, Code: Anchor, Detail: fmt.Sprintf("entry %d is not the one recorded (%.12s…)", e.Seq, h)})
			}
			delete(want, e.Seq)
		}
		last = *e
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verify audit log: %w", err)
	}
	for seq, h := range want {
		add(Problem{Seq: seq, Code: Anchor, Detail: fmt.Sprintf("recorded entry %d (%.12s…) is no longer in the log", seq, h)})
	}
	rep.Head = last
	return rep, nil
}
