package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// readJSONRows hands every row of a JSON export to emit, to be mapped through the profile by
// the decoding workers: each line of a .jsonl file, or each element of the array at the
// profile's rows path in a .json document. Rows keep their line in the file for quarantine.
func readJSONRows(f inputFile, p *Profile, emit func(item) error, progress func(int)) error {
	m, err := newMapper(p, nil)
	if err != nil {
		return fmt.Errorf("ingest %s: %w", f.path, err)
	}
	if strings.EqualFold(filepath.Ext(f.path), ".jsonl") {
		return readJSONL(f, func([]byte) bool { return true }, func(it item) error {
			if it.problem == nil {
				it.toMap = &row{m: m, text: it.line}
				it.line, it.raw = nil, nil
			}
			it.key = qingfeng.Key{Kind: p.Kind, Src: p.Src}
			return emit(it)
		}, progress)
	}
	data, err := os.ReadFile(f.path)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	progress(len(data))
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	return jsonDocumentRows(f.path, data, p.rows, func(line int, text []byte) error {
		return emit(item{origin: qingfeng.Origin{File: f.path, Line: line}, toMap: &row{m: m, text: text}})
	})
}

// jsonDocumentRows streams the elements of the array at path in a JSON document, with the line
// each starts on, without decoding the rest of the document.
func jsonDocumentRows(name string, data []byte, path jsonPath, emit func(line int, text []byte) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := seekPath(dec, path); err != nil {
		return fmt.Errorf("ingest %s: rows at %s: %w", name, pathString(path), err)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return fmt.Errorf("ingest %s: the rows at %s are not an array (set rows: in the profile)", name, pathString(path))
	}
	lines := lineCounter{data: data, line: 1}
	for dec.More() {
		start := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("ingest %s line %d: %w", name, lines.at(int(start)), err)
		}
		if err := emit(lines.at(valueStart(data, int(start))), raw); err != nil {
			return err
		}
	}
	return nil
}

// seekPath moves the decoder to the value at path.
func seekPath(dec *json.Decoder, path jsonPath) error {
	for _, st := range path {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch {
		case st.isIdx && tok == json.Delim('['):
			for i := 0; i < st.index; i++ {
				if !dec.More() {
					return fmt.Errorf("no element [%d]", st.index)
				}
				if err := skipValue(dec); err != nil {
					return err
				}
			}
			if !dec.More() {
				return fmt.Errorf("no element [%d]", st.index)
			}
		case !st.isIdx && tok == json.Delim('{'):
			found := false
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				if key == st.name {
					found = true
					break
				}
				if err := skipValue(dec); err != nil {
					return err
				}
			}
			if !found {
				return fmt.Errorf("no member %q", st.name)
			}
		default:
			return fmt.Errorf("found %v where the path expects %s", tok, stepString(st))
		}
	}
	return nil
}

func skipValue(dec *json.Decoder) error {
	var skip json.RawMessage
	return dec.Decode(&skip)
}

func stepString(st pathStep) string {
	if st.isIdx {
		return fmt.Sprintf("[%d]", st.index)
	}
	return fmt.Sprintf("[%q]", st.name)
}

func pathString(p jsonPath) string {
	var b strings.Builder
	b.WriteString("$")
	for _, st := range p {
		b.WriteString(stepString(st))
	}
	return b.String()
}

// valueStart skips the separator and white space that precede a value at offset off.
func valueStart(data []byte, off int) int {
	for off < len(data) && bytes.IndexByte([]byte(" \t\r\n,"), data[off]) >= 0 {
		off++
	}
	return off
}

// lineCounter turns increasing byte offsets into 1-based line numbers.
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (l *lineCounter) at(off int) int {
	if off > len(l.data) {
		off = len(l.data)
	}
	if off > l.off {
		l.line += bytes.Count(l.data[l.off:off], []byte{'\n'})
		l.off = off
	}
	return l.line
}
