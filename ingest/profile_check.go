package ingest

import (
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// check validates the profile against the canonical format: the kind exists, every field path
// is a field of that kind, dates have formats, shared maps exist, paths and rules are well
// formed.
func (p *Profile) check() error {
	target, get := qingfeng.Envelope(p.Kind)
	if target == nil {
		return p.errorf(1, "kind %q is not a record kind", p.Kind)
	}
	if p.Src == "" || p.SrcID == "" {
		return p.errorf(1, "src and src_id are required")
	}
	if err := p.checkFormat(); err != nil {
		return err
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
	if len(p.Events) > 0 && p.Kind != qingfeng.KindCase && p.Kind != qingfeng.KindMediation {
		return p.errorf(p.Events[0].line, "events come from rows of proceedings or mediations, not of %s", p.Kind)
	}
	for _, ev := range p.Events {
		if ev.Type == "" {
			return p.errorf(ev.line, "event without type")
		}
		if err := p.checkField("at", ev.At, reflect.TypeOf(qingfeng.Date(0))); err != nil {
			return err
		}
		for name, a := range ev.Attrs {
			a.line = ev.line
			if err := p.checkField("attrs."+name, a, reflect.TypeOf("")); err != nil {
				return err
			}
		}
	}
	for _, v := range templateVar.FindAllStringSubmatch(p.SrcID+p.eventTemplates(), -1) {
		if strings.HasPrefix(v[1], "$") {
			if err := p.checkPath(1, v[1]); err != nil {
				return err
			}
		}
	}
	for i := range p.Invalid {
		if err := p.checkRule(&p.Invalid[i], true); err != nil {
			return err
		}
	}
	for i := range p.Skip {
		if err := p.checkRule(&p.Skip[i], false); err != nil {
			return err
		}
	}
	return nil
}

func (p *Profile) eventTemplates() string {
	var b strings.Builder
	for _, ev := range p.Events {
		b.WriteString(ev.SrcID)
	}
	return b.String()
}

// checkFormat checks the file-level settings and fills in their defaults.
func (p *Profile) checkFormat() error {
	switch p.Format {
	case "":
		p.Format = FormatCSV
	case FormatCSV, FormatJSON:
	default:
		return p.errorf(1, "format %q: use csv or json", p.Format)
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
	if p.Rows != "" {
		if p.Format != FormatJSON {
			return p.errorf(1, "rows is a JSON path: it needs format: json")
		}
		rows, err := parseJSONPath(p.Rows)
		if err != nil {
			return p.errorf(1, "rows: %v", err)
		}
		p.rows = rows
	}
	for _, pat := range p.Files {
		if _, err := filepath.Match(pat, "x"); err != nil {
			return p.errorf(1, "files: pattern %q: %v", pat, err)
		}
	}
	p.zone = time.FixedZone("CST", 8*3600)
	if p.Offset != "" {
		t, err := time.Parse("-07:00", p.Offset)
		if err != nil {
			return p.errorf(1, "offset %q: write it as +08:00", p.Offset)
		}
		_, secs := t.Zone()
		p.zone = time.FixedZone(p.Offset, secs)
	}
	return nil
}

func (p *Profile) checkField(path string, f FieldMap, ft reflect.Type) error {
	sources := 0
	for _, s := range []string{f.Column, f.Path, f.Value} {
		if s != "" {
			sources++
		}
	}
	if sources != 1 {
		return p.errorf(f.line, "field %q needs one of column, path or value", path)
	}
	if f.Path != "" {
		if err := p.checkPath(f.line, f.Path); err != nil {
			return err
		}
	}
	if f.MapName != "" {
		if _, ok := p.Maps[f.MapName]; !ok {
			return p.errorf(f.line, "field %q: no map named %q under maps", path, f.MapName)
		}
	}
	if ft == reflect.TypeOf(qingfeng.Date(0)) && f.Value == "" && len(f.Format) == 0 {
		return p.errorf(f.line, "field %q is a date: give its format(s), e.g. format: [\"2006/1/2\"]", path)
	}
	return nil
}

func (p *Profile) checkPath(line int, path string) error {
	if p.Format != FormatJSON {
		return p.errorf(line, "%q: JSON paths need format: json; a CSV row has columns", path)
	}
	if _, err := parseJSONPath(path); err != nil {
		return p.errorf(line, "%v", err)
	}
	return nil
}

func (p *Profile) checkRule(r *RowRule, invalid bool) error {
	if (r.Column == "") == (r.Path == "") {
		return p.errorf(r.line, "a row rule needs a column or a path")
	}
	if r.Path != "" {
		if err := p.checkPath(r.line, r.Path); err != nil {
			return err
		}
	}
	tests := 0
	if r.Equals != "" {
		tests++
	}
	if len(r.In) > 0 {
		tests++
	}
	if r.Empty {
		tests++
	}
	if r.Matches != "" {
		tests++
		re, err := regexp.Compile(r.Matches)
		if err != nil {
			return p.errorf(r.line, "matches: %v", err)
		}
		r.re = re
	}
	if tests != 1 {
		return p.errorf(r.line, "a row rule needs exactly one of equals, in, matches or empty")
	}
	if invalid && r.Reason == "" {
		return p.errorf(r.line, "an invalid-row rule needs a reason (the quarantine shows it)")
	}
	return nil
}
