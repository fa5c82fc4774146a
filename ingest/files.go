package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// inputFile is one file to read.
type inputFile struct {
	path   string // absolute
	size   int64
	csv    bool
	mapped bool // read through the profile
}

// expand turns the command-line paths into files: folders contribute their *.jsonl, *.json
// and *.csv files (not recursively into hidden folders), sorted by name.
func expand(paths []string) ([]inputFile, error) {
	var out []inputFile
	add := func(p string, info os.FileInfo) {
		out = append(out, inputFile{path: absPath(p), size: info.Size(), csv: strings.EqualFold(filepath.Ext(p), ".csv")})
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("ingest: %w", err)
		}
		if !info.IsDir() {
			add(p, info)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".jsonl", ".json", ".csv":
				if !d.IsDir() && !isSidecar(d.Name()) {
					found = append(found, path)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("ingest: read folder %s: %w", p, err)
		}
		sort.Strings(found)
		for _, f := range found {
			fi, err := os.Stat(f)
			if err != nil {
				return nil, fmt.Errorf("ingest: %w", err)
			}
			add(f, fi)
		}
	}
	return out, nil
}

// isSidecar reports files that a folder of generated data holds beside its records: the
// generator's manifest and the truth file of injected anomalies are not records.
func isSidecar(name string) bool {
	return name == "manifest.json" || name == "truth.jsonl"
}

// item is one record-to-be: the JSON to decode, and the raw text to keep if it is rejected;
// or a row of an export still to be mapped through its profile (toMap).
type item struct {
	origin  qingfeng.Origin
	line    []byte
	value   any // a mapped row's typed record, set in place of line when mapped directly
	raw     []byte
	key     qingfeng.Key      // known before decoding for mapped rows
	problem *Problem          // a problem found before decoding (mapping)
	toMap   *row              // a row the decoding worker maps into records
	row     *row              // the row a mapped record came from: its raw text
	labels  map[string]string // mapped items: validation field name → "field（column）"
}

// annotate names the source column of a mapped field in a problem found by validation:
// "closed_on" becomes "closed_on（结案日期）".
func (it *item) annotate(p *Problem) {
	if p == nil || it.labels == nil || p.Field == "" {
		return
	}
	if l, ok := it.labels[p.Field]; ok {
		p.Field = l
	}
}

// rawText is what quarantine keeps of a rejected item.
func (it *item) rawText() []byte {
	if it.raw == nil && it.row != nil {
		return it.row.raw()
	}
	return it.raw
}

// maxLine bounds one JSON line; a longer line is rejected rather than read into memory.
const maxLine = 16 << 20

var errLineTooLong = errors.New("line longer than 16 MiB")

// readJSONL calls emit for every non-blank line of a JSON Lines file that want accepts,
// with its 1-based line number. A UTF-8 byte-order mark at the start is skipped. want sees
// each line where the reader has it; only the lines emitted are copied, into slabs shared by
// many lines, so that lines a pass leaves out cost no allocation and the others few.
func readJSONL(f inputFile, want func(line []byte) bool, emit func(item) error, progress func(int)) error {
	fh, err := os.Open(f.path)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer fh.Close()
	r := bufio.NewReaderSize(fh, 64<<10)
	var slab lineSlab
	lineNo := 0
	for {
		line, err := nextLine(r)
		if len(line) > 0 || err == nil {
			lineNo++
			progress(len(line) + 1)
			if lineNo == 1 {
				line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
			}
			trimmed := bytes.TrimSpace(line)
			if len(trimmed) > 0 && want(trimmed) {
				trimmed = slab.keep(trimmed)
				it := item{origin: qingfeng.Origin{File: f.path, Line: lineNo}, line: trimmed, raw: trimmed}
				if errors.Is(err, errLineTooLong) {
					it.problem = rJSON.at("", "", err.Error())
					it.raw = trimmed[:1024]
				}
				if e := emit(it); e != nil {
					return e
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil && !errors.Is(err, errLineTooLong) {
			return fmt.Errorf("ingest %s line %d: %w", f.path, lineNo+1, err)
		}
	}
}

// lineSlab copies kept lines into large shared buffers: one allocation for many lines.
type lineSlab struct{ buf []byte }

const lineSlabSize = 256 << 10

// keep returns a copy of line that the caller owns (it shares its buffer only with other kept
// lines, and cannot grow into them).
func (s *lineSlab) keep(line []byte) []byte {
	if len(line) > cap(s.buf)-len(s.buf) {
		if len(line) > lineSlabSize/4 {
			return bytes.Clone(line)
		}
		s.buf = make([]byte, 0, lineSlabSize)
	}
	start := len(s.buf)
	s.buf = append(s.buf, line...)
	return s.buf[start:len(s.buf):len(s.buf)]
}

// splitJSONL is readJSONL over bytes in memory.
func splitJSONL(name string, data []byte, want func(line []byte) bool, emit func(item) error) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for lineNo := 1; len(data) > 0; lineNo++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) > 0 && want(trimmed) {
			if err := emit(item{origin: qingfeng.Origin{File: name, Line: lineNo}, line: trimmed, raw: trimmed}); err != nil {
				return err
			}
		}
	}
	return nil
}

// nextLine returns the next line without its newline. A line that fits the reader's buffer
// is returned where the reader holds it, valid until the next read; a longer one is gathered
// into a slice of its own.
func nextLine(r *bufio.Reader) ([]byte, error) {
	frag, err := r.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return bytes.TrimRight(frag, "\r\n"), err
	}
	buf := bytes.Clone(frag)
	for {
		frag, err = r.ReadSlice('\n')
		buf = append(buf, frag...)
		if err == bufio.ErrBufferFull {
			if len(buf) > maxLine {
				// Skip the rest of the line so the next one is read correctly.
				for err == bufio.ErrBufferFull {
					_, err = r.ReadSlice('\n')
				}
				return buf[:maxLine], errLineTooLong
			}
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), err
	}
}
