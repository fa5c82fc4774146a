package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/qingfeng-court/qingfeng"
)

// countingReader reports how many bytes have been read, for the progress bar.
type countingReader struct {
	r   io.Reader
	add func(int)
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.add(n)
	return n, err
}

// readCSV hands every row of a CSV file to emit, to be mapped through the profile by the
// decoding workers. A file belongs wholly to one pass, by the profile's kind.
func readCSV(f inputFile, p *Profile, emit func(item) error, progress func(int)) error {
	fh, err := os.Open(f.path)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer fh.Close()
	var src io.Reader = countingReader{fh, progress}
	if enc := strings.ToLower(p.Encoding); enc != "" && enc != "utf-8" && enc != "utf8" {
		src = simplifiedchinese.GB18030.NewDecoder().Reader(src)
	}
	r := csv.NewReader(src)
	r.Comma = []rune(p.Delimiter)[0]
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("ingest %s line 1: read header: %w", f.path, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	m, err := newMapper(p, header)
	if err != nil {
		return fmt.Errorf("ingest %s line 1: %w", f.path, err)
	}
	for {
		cells, err := r.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := r.FieldPos(0)
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			it := item{origin: qingfeng.Origin{File: f.path, Line: pe.StartLine}, raw: []byte(strings.Join(cells, p.Delimiter)),
				key: qingfeng.Key{Kind: p.Kind, Src: p.Src}, problem: rCSV.at("", "", pe.Err.Error())}
			if e := emit(it); e != nil {
				return e
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("ingest %s line %d: %w", f.path, line, err)
		}
		it := item{origin: qingfeng.Origin{File: f.path, Line: line}, toMap: &row{m: m, cells: cells}}
		if e := emit(it); e != nil {
			return e
		}
	}
}
