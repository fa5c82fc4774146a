package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/qingfeng-court/qingfeng"
)

// cst is China Standard Time, the offset given to event times read from a date column.
var cst = time.FixedZone("CST", 8*3600)

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

// readCSV maps every row of a CSV file through the profile into canonical JSON items. A file
// belongs wholly to one pass, by the profile's kind.
func readCSV(f inputFile, p *Profile, reference bool, emit func(item) error, progress func(int)) error {
	if p.Kind.IsReference() != reference {
		return nil
	}
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
	m, err := newRowMapper(p, header)
	if err != nil {
		return fmt.Errorf("ingest %s line 1: %w", f.path, err)
	}
	for {
		row, err := r.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := r.FieldPos(0)
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			it := item{origin: qingfeng.Origin{File: f.path, Line: pe.StartLine}, raw: []byte(strings.Join(row, p.Delimiter)),
				key: qingfeng.Key{Kind: p.Kind, Src: p.Src}, problem: rCSV.at("", "", pe.Err.Error())}
			if e := emit(it); e != nil {
				return e
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("ingest %s line %d: %w", f.path, line, err)
		}
		for _, it := range m.items(row, f.path, line) {
			if e := emit(it); e != nil {
				return e
			}
		}
	}
}

// rowMapper applies a profile to the rows of one file, whose header it has checked.
type rowMapper struct {
	p       *Profile
	col     map[string]int
	payload reflect.Type
}

func newRowMapper(p *Profile, header []string) (*rowMapper, error) {
	m := &rowMapper{p: p, col: map[string]int{}}
	for i, h := range header {
		m.col[strings.TrimSpace(h)] = i
	}
	_, get := qingfeng.Envelope(p.Kind)
	_, payload := get()
	m.payload = reflect.TypeOf(payload).Elem()
	need := []string{}
	for _, f := range p.Fields {
		need = append(need, f.Column)
	}
	for _, ev := range p.Events {
		need = append(need, ev.At.Column)
		for _, a := range ev.Attrs {
			need = append(need, a.Column)
		}
	}
	for _, v := range templateVar.FindAllStringSubmatch(p.SrcID, -1) {
		need = append(need, v[1])
	}
	for _, c := range need {
		if _, ok := m.col[c]; c != "" && !ok {
			return nil, fmt.Errorf("profile %s names column %q, which the file's header does not have", p.file, c)
		}
	}
	return m, nil
}

func (m *rowMapper) cell(row []string, column string) string {
	if i, ok := m.col[column]; ok && i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

func (m *rowMapper) expand(tmpl string, row []string) string {
	return templateVar.ReplaceAllStringFunc(tmpl, func(v string) string { return m.cell(row, v[1:len(v)-1]) })
}

// items turns one row into the record it describes and the events derived from it.
func (m *rowMapper) items(row []string, file string, line int) []item {
	var raw bytes.Buffer
	w := csv.NewWriter(&raw)
	w.Comma = []rune(m.p.Delimiter)[0]
	_ = w.Write(row)
	w.Flush()
	rawRow := bytes.TrimRight(raw.Bytes(), "\r\n")
	origin := qingfeng.Origin{File: file, Line: line}
	srcID := m.expand(m.p.SrcID, row)
	key := qingfeng.Key{Kind: m.p.Kind, Src: m.p.Src, SrcID: srcID}

	obj := map[string]any{"kind": string(m.p.Kind), "src": m.p.Src, "src_id": srcID}
	for path, f := range m.p.Fields {
		ft, _ := fieldType(m.payload, path)
		v, p := m.value(row, path, f, ft)
		if p != nil {
			return []item{{origin: origin, raw: rawRow, key: key, problem: p}}
		}
		if v != nil {
			setPath(obj, strings.Split(path, "."), v)
		}
	}
	out := []item{jsonItem(origin, rawRow, key, obj)}
	number, _ := obj["case_number"].(string)
	for _, ev := range m.p.Events {
		if it, ok := m.event(ev, row, origin, rawRow, srcID, number); ok {
			out = append(out, it)
		}
	}
	return out
}

func (m *rowMapper) event(ev EventMap, row []string, origin qingfeng.Origin, raw []byte, srcID, number string) (item, bool) {
	if m.cell(row, ev.At.Column) == "" {
		return item{}, false
	}
	id := srcID + "/" + ev.Type
	if ev.SrcID != "" {
		id = m.expand(ev.SrcID, row)
	}
	key := qingfeng.Key{Kind: qingfeng.KindEvent, Src: m.p.Src, SrcID: id}
	at, p := m.instant(row, ev.At)
	if p != nil {
		return item{origin: origin, raw: raw, key: key, problem: p}, true
	}
	obj := map[string]any{"kind": "event", "src": m.p.Src, "src_id": id, "case_number": number, "type": ev.Type, "at": at}
	attrs := map[string]any{}
	for name, f := range ev.Attrs {
		v, p := m.value(row, "attrs."+name, f, reflect.TypeOf(""))
		if p != nil {
			return item{origin: origin, raw: raw, key: key, problem: p}, true
		}
		if v != nil {
			attrs[name] = v
		}
	}
	if len(attrs) > 0 {
		obj["attrs"] = attrs
	}
	return jsonItem(origin, raw, key, obj), true
}

func jsonItem(origin qingfeng.Origin, raw []byte, key qingfeng.Key, obj map[string]any) item {
	b, err := json.Marshal(obj)
	if err != nil {
		return item{origin: origin, raw: raw, key: key, problem: rCSV.at("", "", err.Error())}
	}
	return item{origin: origin, line: b, raw: raw, key: key}
}

// value reads, maps and converts one field of a row; nil means "leave the field out".
func (m *rowMapper) value(row []string, path string, f FieldMap, ft reflect.Type) (any, *Problem) {
	field := path
	if f.Column != "" {
		field = fmt.Sprintf("%s（%s）", path, f.Column)
	}
	s := f.Value
	if f.Column != "" {
		s = m.cell(row, f.Column)
	}
	if s == "" {
		s = f.Default
	}
	if s == "" {
		if f.Required {
			return nil, rRequired.at(field, "")
		}
		return nil, nil
	}
	codes := f.Map
	if f.MapName != "" {
		codes = m.p.Maps[f.MapName]
	}
	if codes != nil {
		mapped, ok := codes[s]
		if !ok {
			mapped, ok = codes["*"]
		}
		if !ok {
			return nil, rMapping.at(field, s)
		}
		s = mapped
	}
	return convert(field, s, f, ft)
}

// convert turns a cell into the JSON value the canonical field expects.
func convert(field, s string, f FieldMap, ft reflect.Type) (any, *Problem) {
	switch {
	case ft == reflect.TypeOf(qingfeng.Date(0)):
		t, err := parseWithFormats(s, f.Format, time.UTC)
		if err != nil {
			return nil, rDateFormat.at(field, s, strings.Join(f.Format, " | "))
		}
		return t.Format(time.DateOnly), nil
	case ft == reflect.TypeOf(qingfeng.Money(0)):
		return strings.NewReplacer(",", "", "，", "", "¥", "", "￥", "", "元", "").Replace(s), nil
	case ft.Kind() == reflect.Bool:
		switch strings.ToLower(s) {
		case "1", "true", "yes", "y", "是", "有", "√":
			return true, nil
		case "0", "false", "no", "n", "否", "无", "":
			return false, nil
		}
		return nil, rJSONField.at(field, s, "expected a yes/no value")
	case ft.Kind() == reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, rJSONField.at(field, s, "expected an integer")
		}
		return n, nil
	case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '|' })
		return parts, nil
	}
	return s, nil
}

func parseWithFormats(s string, formats []string, loc *time.Location) (time.Time, error) {
	for _, layout := range formats {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("no format matches")
}

// instant reads an event time: a date (midnight) or a date-time in China Standard Time.
func (m *rowMapper) instant(row []string, f FieldMap) (string, *Problem) {
	s := m.cell(row, f.Column)
	t, err := parseWithFormats(s, f.Format, cst)
	if err != nil {
		return "", rDateFormat.at("at（"+f.Column+"）", s, strings.Join(f.Format, " | "))
	}
	return t.Format(time.RFC3339), nil
}

// setPath sets a value at a dotted path in a JSON object, creating objects and arrays
// ("parties.0.name") on the way.
func setPath(obj map[string]any, path []string, v any) {
	key := path[0]
	if len(path) == 1 {
		obj[key] = v
		return
	}
	if idx, err := strconv.Atoi(path[1]); err == nil {
		arr, _ := obj[key].([]any)
		for len(arr) <= idx {
			arr = append(arr, map[string]any{})
		}
		elem, _ := arr[idx].(map[string]any)
		if len(path) == 2 {
			arr[idx] = v
		} else {
			setPath(elem, path[2:], v)
		}
		obj[key] = arr
		return
	}
	child, ok := obj[key].(map[string]any)
	if !ok {
		child = map[string]any{}
		obj[key] = child
	}
	setPath(child, path[1:], v)
}
