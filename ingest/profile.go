package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng"
)

// Profile maps a court's case export — CSV, or JSON through JSON paths — onto canonical
// records. A court's exports never use our codes or date formats, so each field names its
// column (or path) and, where needed, its date formats and a code map; one row becomes one
// record of Kind, plus optional events taken from date columns, and rules say which rows are
// invalid (quarantined with the profile's reason) or to be left out. Profiles are YAML files a
// court keeps beside its exports.
type Profile struct {
	Name      string                       `yaml:"name"`
	Kind      qingfeng.Kind                `yaml:"kind"`      // case, mediation, court, person …
	Format    string                       `yaml:"format"`    // csv (default) or json
	Files     []string                     `yaml:"files"`     // file-name patterns it applies to; default by format
	Rows      string                       `yaml:"rows"`      // json: path of the row array in a document; default $
	Src       string                       `yaml:"src"`       // source-system name given to the records
	SrcID     string                       `yaml:"src_id"`    // template over columns or paths, e.g. "{案件标识}", "{$.id}"
	Delimiter string                       `yaml:"delimiter"` // csv: default ","
	Encoding  string                       `yaml:"encoding"`  // csv: utf-8 (default) or gb18030/gbk
	Offset    string                       `yaml:"offset"`    // UTC offset of the export's times, default +08:00
	Fields    map[string]FieldMap          `yaml:"fields"`    // canonical field path → how to fill it
	Events    []EventMap                   `yaml:"events"`    // events derived from each row
	Maps      map[string]map[string]string `yaml:"maps"`      // named code maps, shared by fields
	Invalid   []RowRule                    `yaml:"invalid"`   // rows to quarantine, with the reason
	Skip      []RowRule                    `yaml:"skip"`      // rows to leave out (totals, separators)

	file string
	rows jsonPath
	zone *time.Location
}

// FieldMap fills one canonical field from a column, a JSON path or a constant.
type FieldMap struct {
	Column   string            `yaml:"column"`   // csv column name; for json, a top-level member
	Path     string            `yaml:"path"`     // json: a path such as $.case.filed
	Value    string            `yaml:"value"`    // a constant instead of a column
	Format   []string          `yaml:"format"`   // Go time layouts for dates, tried in order; or unix, unix_ms, excel
	Map      map[string]string `yaml:"map"`      // source code → canonical value
	MapName  string            `yaml:"map_name"` // or the name of a shared map in Maps
	Default  string            `yaml:"default"`  // used when the cell is empty
	Required bool              `yaml:"required"`
	line     int
}

// EventMap derives one event from a row, when its date column is filled.
type EventMap struct {
	Type  string              `yaml:"type"`
	At    FieldMap            `yaml:"at"`
	SrcID string              `yaml:"src_id"` // template; default: the row's src_id + "/" + type
	Attrs map[string]FieldMap `yaml:"attrs"`
	line  int
}

// RowRule matches rows by one cell: equal to a value, one of several, matching a regular
// expression, or empty. Invalid rules quarantine the row with Reason; skip rules drop it.
type RowRule struct {
	Column   string   `yaml:"column"`
	Path     string   `yaml:"path"`
	Equals   string   `yaml:"equals"`
	In       []string `yaml:"in"`
	Matches  string   `yaml:"matches"`
	Empty    bool     `yaml:"empty"`
	Reason   string   `yaml:"reason"`    // zh-CN
	ReasonEn string   `yaml:"reason_en"` // English; defaults to Reason
	line     int
	re       *regexp.Regexp
}

// Formats a profile reads.
const (
	FormatCSV  = "csv"
	FormatJSON = "json"
)

// LoadProfile reads and checks a mapping profile.
func LoadProfile(path string) (*Profile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	return ParseProfile(path, b)
}

// ParseProfile checks a profile's text; errors name the file and line.
func ParseProfile(name string, b []byte) (*Profile, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("profile %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	p := &Profile{file: name}
	if err := dec.Decode(p); err != nil {
		return nil, fmt.Errorf("profile %s: %w", name, err)
	}
	recordLines(&root, p)
	return p, p.check()
}

// recordLines notes the line of each field, event and rule so that check can point at it.
func recordLines(root *yaml.Node, p *Profile) {
	if len(root.Content) == 0 {
		return
	}
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		key, val := doc.Content[i], doc.Content[i+1]
		switch key.Value {
		case "fields":
			for j := 0; j+1 < len(val.Content); j += 2 {
				name := val.Content[j].Value
				if f, ok := p.Fields[name]; ok {
					f.line = val.Content[j].Line
					p.Fields[name] = f
				}
			}
		case "events":
			for j, ev := range val.Content {
				if j < len(p.Events) {
					p.Events[j].line = ev.Line
					p.Events[j].At.line = ev.Line
				}
			}
		case "invalid", "skip":
			rules := p.Invalid
			if key.Value == "skip" {
				rules = p.Skip
			}
			for j, r := range val.Content {
				if j < len(rules) {
					rules[j].line = r.Line
				}
			}
		}
	}
}

func (p *Profile) errorf(line int, format string, args ...any) error {
	if line <= 0 {
		line = 1
	}
	return fmt.Errorf("profile %s line %d: %s", p.file, line, fmt.Sprintf(format, args...))
}

var templateVar = regexp.MustCompile(`\{([^{}]+)\}`)

// applies reports whether the profile reads the file at path: one of its file patterns
// matches the base name, or, without patterns, the extension fits the format.
func (p *Profile) applies(path string) bool {
	base := filepath.Base(path)
	if len(p.Files) > 0 {
		for _, pat := range p.Files {
			if ok, _ := filepath.Match(pat, base); ok {
				return true
			}
		}
		return false
	}
	ext := strings.ToLower(filepath.Ext(base))
	if p.Format == FormatJSON {
		return ext == ".json" || ext == ".jsonl"
	}
	return ext == ".csv"
}

// fieldType resolves a dotted path such as "parties.0.name" against the payload type.
func fieldType(t reflect.Type, path string) (reflect.Type, error) {
	parts := strings.Split(path, ".")
	for i := 0; i < len(parts); i++ {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct {
			if _, err := strconv.Atoi(parts[i]); err != nil {
				return nil, fmt.Errorf("%q needs an index after it", strings.Join(parts[:i], "."))
			}
			t = t.Elem()
			continue
		}
		if t.Kind() != reflect.Struct || t == reflect.TypeOf(qingfeng.Date(0)) {
			return nil, fmt.Errorf("%q has no sub-fields", strings.Join(parts[:i], "."))
		}
		ft, ok := jsonField(t, parts[i])
		if !ok {
			return nil, fmt.Errorf("not a field of the record kind")
		}
		t = ft
	}
	return t, nil
}
