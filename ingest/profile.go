package ingest

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/qingfeng-court/qingfeng"
)

// Profile maps the columns of a court's CSV export onto canonical records. A court's exports
// never use our codes or date formats, so each field names its column and, where needed, its
// date formats and a code map; one row becomes one record of Kind, plus optional events taken
// from date columns. Profiles are YAML files a court keeps beside its exports.
type Profile struct {
	Name      string                       `yaml:"name"`
	Kind      qingfeng.Kind                `yaml:"kind"`      // case, mediation, court, person …
	Src       string                       `yaml:"src"`       // source-system name given to the records
	SrcID     string                       `yaml:"src_id"`    // template over columns, e.g. "{案件标识}"
	Delimiter string                       `yaml:"delimiter"` // default ","
	Encoding  string                       `yaml:"encoding"`  // utf-8 (default) or gb18030/gbk
	Fields    map[string]FieldMap          `yaml:"fields"`    // canonical field path → how to fill it
	Events    []EventMap                   `yaml:"events"`    // events derived from each row
	Maps      map[string]map[string]string `yaml:"maps"`      // named code maps, shared by fields
	file      string
}

// FieldMap fills one canonical field from a column (or a constant).
type FieldMap struct {
	Column   string            `yaml:"column"`
	Value    string            `yaml:"value"`    // a constant instead of a column
	Format   []string          `yaml:"format"`   // Go time layouts for dates, tried in order
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

// recordLines notes the line of each field and event so that check can point at it.
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
				if f, ok := p.Fields[val.Content[j].Value]; ok {
					f.line = val.Content[j].Line
					p.Fields[val.Content[j].Value] = f
				}
			}
		case "events":
			for j, ev := range val.Content {
				if j < len(p.Events) {
					p.Events[j].line = ev.Line
				}
			}
		}
	}
}

func (p *Profile) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("profile %s line %d: %s", p.file, line, fmt.Sprintf(format, args...))
}

var templateVar = regexp.MustCompile(`\{([^{}]+)\}`)

// check validates the profile against the canonical format: the kind exists, every field path
// is a field of that kind, dates have formats, shared maps exist.
func (p *Profile) check() error {
	target, get := qingfeng.Envelope(p.Kind)
	if target == nil {
		return p.errorf(1, "kind %q is not a record kind", p.Kind)
	}
	if p.Src == "" || p.SrcID == "" {
		return p.errorf(1, "src and src_id are required")
	}
	if p.Delimiter == "" {
		p.Delimiter = ","
	}
	if len([]rune(p.Delimiter)) != 1 {
		return p.errorf(1, "delimiter must be one character")
	}
	switch strings.ToLower(p.Encoding) {
	case "", "utf-8", "utf8", "gb18030", "gbk", "gb2312":
	default:
		return p.errorf(1, "encoding %q: use utf-8 or gb18030", p.Encoding)
	}
	_, payload := get()
	t := reflect.TypeOf(payload).Elem()
	for path, f := range p.Fields {
		ft, err := fieldType(t, path)
		if err != nil {
			return p.errorf(f.line, "field %q: %v", path, err)
		}
		if err := p.checkField(path, f, ft); err != nil {
			return err
		}
	}
	for _, ev := range p.Events {
		if ev.Type == "" {
			return p.errorf(ev.line, "event without type")
		}
		if err := p.checkField("at", ev.At, reflect.TypeOf(qingfeng.Date(0))); err != nil {
			return err
		}
	}
	return nil
}

func (p *Profile) checkField(path string, f FieldMap, ft reflect.Type) error {
	if f.Column == "" && f.Value == "" {
		return p.errorf(f.line, "field %q needs a column or a value", path)
	}
	if f.MapName != "" {
		if _, ok := p.Maps[f.MapName]; !ok {
			return p.errorf(f.line, "field %q: no map named %q under maps", path, f.MapName)
		}
	}
	if ft == reflect.TypeOf(qingfeng.Date(0)) && f.Column != "" && len(f.Format) == 0 {
		return p.errorf(f.line, "field %q is a date: give its format(s), e.g. format: [\"2006/1/2\"]", path)
	}
	return nil
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
