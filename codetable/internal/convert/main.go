// Command convert turns the SPC code tables captured from the China Judgements Online app
// into Qingfeng's YAML files under defs/codes. Run it from the repository root:
//
//	go run ./codetable/internal/convert -from ../shared/data/real/china_spc_code_tables -to defs/codes
//
// The generated files are committed; the source files never are. The files are checked with
// codetable.Load before anything is written, so a bad conversion leaves the old files alone.
// Qingfeng's own mappings onto the domain enumerations are in mapping.go.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing/fstest"
	"time"

	"github.com/qingfeng-court/qingfeng/codetable"
)

func main() {
	from := flag.String("from", "../shared/data/real/china_spc_code_tables", "directory holding anyou.json, jiean.json, spcx.json, cls.json")
	to := flag.String("to", "defs/codes", "directory to write the YAML files to")
	date := flag.String("date", time.Now().UTC().Format(time.DateOnly), "conversion date written into the headers")
	flag.Parse()
	if err := run(*from, *to, *date); err != nil {
		slog.Error("convert", "err", err)
		os.Exit(1)
	}
}

func run(from, to, date string) error {
	src, err := readSource(from)
	if err != nil {
		return err
	}
	files := map[string]func(*source, string) ([]byte, error){
		"causes.yaml":          causesFile,
		"closing_methods.yaml": closingFile,
		"procedures.yaml":      proceduresFile,
		"misc.yaml":            miscFile,
	}
	out := fstest.MapFS{}
	for name, build := range files {
		b, err := build(src, date)
		if err != nil {
			return fmt.Errorf("build %s: %w", name, err)
		}
		out["codes/"+name] = &fstest.MapFile{Data: b}
	}
	t, err := codetable.Load(out)
	if err != nil {
		return fmt.Errorf("check generated files: %w", err)
	}
	if t.Causes.Len() != len(src.anyou) || t.ClosingMethods.Len() != len(src.jiean) || t.Procedures.Len() != len(src.spcx) {
		return fmt.Errorf("check generated files: entry counts differ from the source")
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for name := range files {
		path := filepath.Join(to, name)
		if err := os.WriteFile(path, out["codes/"+name].Data, 0o644); err != nil {
			return err
		}
		slog.Info("wrote", "file", path, "bytes", len(out["codes/"+name].Data))
	}
	return nil
}

// header is the opening comment every file shares: its source and how it was made.
func header(d *doc, title, file, date string) {
	d.comment(title + `

Source: github.com/Leon406/wenshukt @ f84e4f26d42f49531246ae53512d760cc1242018,
  src/main/resources/` + file + ` (repository licence Apache-2.0). The codes and names are the
  Supreme People's Court's, as served to the China Judgements Online (中国裁判文书网) app in
  2019–2021.
Converted ` + date + ` by codetable/internal/convert:
  go run ./codetable/internal/convert -from ../shared/data/real/china_spc_code_tables -to defs/codes
  Change the converter and run it again rather than editing this file; a court may still
  override the file through its own definitions directory.`)
}
