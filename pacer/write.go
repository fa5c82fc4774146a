package pacer

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/qingfeng-court/qingfeng"
)

// WriteJSONL writes the records as JSON Lines in the interchange format, in loading order.
func (r *Result) WriteJSONL(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, rec := range r.Records {
		bw.Write(rec.Body)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Files are the files WriteDir writes, each holding one part of the records.
var Files = []string{"courts.jsonl", "cases.jsonl", "events.jsonl"}

// WriteDir writes the records into dir: courts and judges, proceedings, events, one file each
// (Files), for `qingfeng ingest` to load.
func (r *Result) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("pacer: %w", err)
	}
	parts := [3][]qingfeng.Record{}
	for _, rec := range r.Records {
		i := 0
		switch rec.Kind {
		case qingfeng.KindCase:
			i = 1
		case qingfeng.KindEvent:
			i = 2
		}
		parts[i] = append(parts[i], rec)
	}
	for i, name := range Files {
		part := &Result{Records: parts[i]}
		if err := writeFile(filepath.Join(dir, name), part); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, r *Result) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("pacer: %w", err)
	}
	if err := r.WriteJSONL(f); err != nil {
		f.Close()
		return fmt.Errorf("pacer: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("pacer: write %s: %w", path, err)
	}
	return nil
}
