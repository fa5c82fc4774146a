package ingest

import (
	"fmt"

	"github.com/qingfeng-court/qingfeng"
)

// Files expands paths the way a run does — folders contribute their *.jsonl, *.json and *.csv
// files sorted by name, the generator's manifest and truth file left out — and returns the
// absolute paths, so that a program sending the files elsewhere (the intake's publisher) names
// them as ingest would in quarantine.
func Files(paths []string) ([]string, error) {
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.path
	}
	return out, nil
}

// ReadLines calls fn for every non-blank line of a JSON Lines file, with its origin (the path
// as given and the 1-based line number), as ingest reads it: a byte-order mark is dropped and a
// line longer than 16 MiB is cut there. The line's bytes belong to fn.
func ReadLines(path string, fn func(Line) error) error {
	return readJSONL(inputFile{path: path}, func([]byte) bool { return true }, func(it item) error {
		return fn(Line{Origin: it.origin, Data: it.line})
	}, func(int) {})
}

// SniffKind returns the record kind a line declares, read without decoding the line; "" when
// it cannot be seen. Nested "kind" keys written before the top-level one can fool it.
func SniffKind(line []byte) qingfeng.Kind { return sniffKind(line) }

// IsReference reports whether a line holds reference data (courts, divisions, staff,
// relatives, lawyers), which ingest loads before casework.
func IsReference(line []byte) bool { return isReferenceLine(line) }

// OrderReferences returns reference lines in the order ingest validates them — courts from the
// top of the hierarchy down, then divisions, staff, relatives and lawyers, file order kept
// otherwise — so that a sender can deliver them in an order where everything a record refers to
// comes before it. Lines that do not decode keep their place among their kind (or go first when
// their kind cannot be read); ingest will reject them as it would from a file.
func OrderReferences(lines []Line) []Line {
	pending := make([]pendingRef, len(lines))
	for i, l := range lines {
		key, v, _ := decodeLine(l.Data)
		pending[i] = pendingRef{it: item{origin: l.Origin, line: l.Data}, key: key, value: v}
	}
	orderReferences(pending)
	out := make([]Line, len(pending))
	for i, p := range pending {
		out[i] = Line{Origin: p.it.origin, Data: p.it.line}
	}
	return out
}

// String names a line by its origin, for messages.
func (l Line) String() string { return fmt.Sprintf("%s:%d", l.Origin.File, l.Origin.Line) }
