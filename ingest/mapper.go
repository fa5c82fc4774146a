package ingest

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// mapper is a profile compiled for one file: every column resolved to its index in the file's
// header (or every path parsed, for JSON rows), every field's type and code map looked up, and
// the shape of the canonical JSON laid out, so that mapping a row does no lookups by name. When
// every field is a top-level field of the record, rows are set straight into the typed record
// (direct.go) rather than written as canonical JSON and decoded again. The reader hands rows to
// the decoding workers, which map them in parallel.
type mapper struct {
	p       *Profile
	srcID   template
	fields  []fieldPlan
	out     *outNode
	number  *fieldPlan // the field giving case_number, when mapped
	events  []eventPlan
	invalid []rulePlan
	skip    []rulePlan
	labels  map[string]string // validation field name → "field（column）"
	comma   rune
	payload reflect.Type  // the struct the record kind's payload is
	direct  []directField // by field: how a value goes straight into the payload; nil when not all can
}

// cellRef says where a value is in a row: a CSV column or a JSON path.
type cellRef struct {
	label string // the column or path as the profile writes it
	col   int    // csv
	path  jsonPath
	json  bool
}

type fieldPlan struct {
	name  string // canonical path, e.g. parties.0.name
	label string // for messages: name（column）
	src   *cellRef
	f     FieldMap
	typ   reflect.Type
	codes map[string]string
	leaf  int
}

type eventPlan struct {
	typ    string
	at     fieldPlan
	srcID  *template
	attrs  []fieldPlan
	labels map[string]string
}

type rulePlan struct {
	RowRule
	src cellRef
}

// newMapper compiles p for a file whose CSV header is header (nil for JSON rows).
func newMapper(p *Profile, header []string) (*mapper, error) {
	m := &mapper{p: p, labels: map[string]string{}, comma: []rune(p.Delimiter)[0]}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if _, dup := cols[h]; !dup {
			cols[h] = i
		}
	}
	ref := func(column, path string) (*cellRef, error) {
		switch {
		case path != "":
			jp, err := parseJSONPath(path)
			return &cellRef{label: path, path: jp, json: true}, err
		case column == "":
			return nil, nil
		case p.Format == FormatJSON:
			return &cellRef{label: column, path: memberPath(column), json: true}, nil
		}
		i, ok := cols[column]
		if !ok {
			return nil, fmt.Errorf("profile %s names column %q, which the file's header does not have", p.file, column)
		}
		return &cellRef{label: column, col: i}, nil
	}
	var err error
	if m.srcID, err = compileTemplate(p.SrcID, ref); err != nil {
		return nil, err
	}
	if err := m.compileFields(ref); err != nil {
		return nil, err
	}
	for _, ev := range p.Events {
		ep, err := m.compileEvent(ev, ref)
		if err != nil {
			return nil, err
		}
		m.events = append(m.events, ep)
	}
	for _, set := range []struct {
		rules []RowRule
		dst   *[]rulePlan
	}{{p.Invalid, &m.invalid}, {p.Skip, &m.skip}} {
		for _, r := range set.rules {
			c, err := ref(r.Column, r.Path)
			if err != nil {
				return nil, err
			}
			*set.dst = append(*set.dst, rulePlan{RowRule: r, src: *c})
		}
	}
	return m, nil
}

func (m *mapper) compileFields(ref func(column, path string) (*cellRef, error)) error {
	names := make([]string, 0, len(m.p.Fields))
	for name := range m.p.Fields {
		names = append(names, name)
	}
	sort.Strings(names)
	_, get := qingfeng.Envelope(m.p.Kind)
	_, payload := get()
	t := reflect.TypeOf(payload).Elem()
	m.out = &outNode{leaf: -1}
	for i, name := range names {
		f := m.p.Fields[name]
		fp, err := compileField(name, f, t, ref)
		if err != nil {
			return err
		}
		fp.leaf = i
		m.out.add(strings.Split(name, "."), i)
		m.fields = append(m.fields, fp)
		if fp.src != nil {
			m.labels[problemField(name)] = fp.label
		}
	}
	for i := range m.fields {
		if m.fields[i].name == "case_number" {
			m.number = &m.fields[i]
		}
	}
	m.payload = t
	m.direct = compileDirect(t, m.fields)
	return nil
}

func compileField(name string, f FieldMap, t reflect.Type, ref func(column, path string) (*cellRef, error)) (fieldPlan, error) {
	ft := t
	if t.Kind() == reflect.Struct {
		var err error
		if ft, err = fieldType(t, name); err != nil {
			return fieldPlan{}, err
		}
	}
	src, err := ref(f.Column, f.Path)
	if err != nil {
		return fieldPlan{}, err
	}
	fp := fieldPlan{name: name, label: name, src: src, f: f, typ: ft, codes: f.Map}
	if src != nil {
		fp.label = name + "（" + src.label + "）"
	}
	return fp, nil
}

func (m *mapper) compileEvent(ev EventMap, ref func(column, path string) (*cellRef, error)) (eventPlan, error) {
	at, err := compileField("at", ev.At, reflect.TypeOf(qingfeng.Date(0)), ref)
	if err != nil {
		return eventPlan{}, err
	}
	ep := eventPlan{typ: ev.Type, at: at, labels: map[string]string{}}
	if at.src != nil {
		ep.labels["at"] = at.label
	}
	if m.number != nil {
		ep.labels["case_number"] = m.number.label
	}
	if ev.SrcID != "" {
		tp, err := compileTemplate(ev.SrcID, ref)
		if err != nil {
			return eventPlan{}, err
		}
		ep.srcID = &tp
	}
	names := make([]string, 0, len(ev.Attrs))
	for name := range ev.Attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		a, err := compileField("attrs."+name, ev.Attrs[name], reflect.TypeOf(""), ref)
		if err != nil {
			return eventPlan{}, err
		}
		ep.attrs = append(ep.attrs, a)
		if a.src != nil {
			ep.labels["attrs."+name] = a.label
		}
	}
	return ep, nil
}

// problemField spells a profile path the way validation names fields: parties.0.name is
// parties[0].name.
func problemField(path string) string {
	parts := strings.Split(path, ".")
	var b strings.Builder
	for i, s := range parts {
		if _, err := strconv.Atoi(s); err == nil && i > 0 {
			b.WriteString("[" + s + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// template is a src_id template compiled: literal text around cell references.
type template struct {
	lits []string // len(refs)+1
	refs []*cellRef
}

func compileTemplate(s string, ref func(column, path string) (*cellRef, error)) (template, error) {
	var t template
	last := 0
	for _, loc := range templateVar.FindAllStringSubmatchIndex(s, -1) {
		t.lits = append(t.lits, s[last:loc[0]])
		name := s[loc[2]:loc[3]]
		var c *cellRef
		var err error
		if strings.HasPrefix(name, "$") {
			c, err = ref("", name)
		} else {
			c, err = ref(name, "")
		}
		if err != nil {
			return template{}, err
		}
		t.refs = append(t.refs, c)
		last = loc[1]
	}
	t.lits = append(t.lits, s[last:])
	return t, nil
}

func (t *template) expand(r *row) string {
	switch len(t.refs) {
	case 0:
		return t.lits[0]
	case 1: // the usual "{column}": the cell itself, or one concatenation
		return t.lits[0] + r.get(t.refs[0]) + t.lits[1]
	}
	var b strings.Builder
	for i, c := range t.refs {
		b.WriteString(t.lits[i])
		b.WriteString(r.get(c))
	}
	b.WriteString(t.lits[len(t.refs)])
	return b.String()
}
