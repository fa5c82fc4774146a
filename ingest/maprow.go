package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// row is one row of an export: the cells of a CSV record, or the text of a JSON row that the
// worker mapping it decodes.
type row struct {
	m       *mapper
	cells   []string
	text    []byte // json
	doc     any
	decoded bool
}

func (r *row) get(c *cellRef) string {
	if c.json {
		v, ok := c.path.lookup(r.doc)
		if !ok {
			return ""
		}
		return strings.TrimSpace(jsonText(v))
	}
	if c.col < len(r.cells) {
		return strings.TrimSpace(r.cells[c.col])
	}
	return ""
}

// decode parses a JSON row once; CSV rows need nothing.
func (r *row) decode() error {
	if r.text == nil || r.decoded {
		return nil
	}
	r.decoded = true
	dec := json.NewDecoder(bytes.NewReader(r.text))
	dec.UseNumber()
	return dec.Decode(&r.doc)
}

// raw is the row as the export had it, kept in quarantine when the row is rejected.
func (r *row) raw() []byte {
	if r.text != nil {
		return r.text
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = r.m.comma
	_ = w.Write(r.cells)
	w.Flush()
	return bytes.TrimRight(b.Bytes(), "\r\n")
}

// skipped reports whether a skip rule drops the row.
func (m *mapper) skipped(r *row) bool {
	if r.decode() != nil {
		return false
	}
	for i := range m.skip {
		if m.skip[i].matches(r) {
			return true
		}
	}
	return false
}

func (rp *rulePlan) matches(r *row) bool {
	v := r.get(&rp.src)
	switch {
	case rp.Empty:
		return v == ""
	case rp.Equals != "":
		return v == rp.Equals
	case len(rp.In) > 0:
		for _, s := range rp.In {
			if v == s {
				return true
			}
		}
		return false
	case rp.re != nil:
		return rp.re.MatchString(v)
	}
	return false
}

// record maps a row to its typed record (directly where the profile allows, else as canonical
// JSON to decode), or to the problem that stops it.
func (m *mapper) record(r *row, origin qingfeng.Origin) item {
	it := item{origin: origin, row: r, labels: m.labels, key: qingfeng.Key{Kind: m.p.Kind, Src: m.p.Src}}
	if err := r.decode(); err != nil {
		it.problem = rJSON.at("", "", err.Error())
		return it
	}
	it.key.SrcID = m.srcID.expand(r)
	for i := range m.invalid {
		if rp := &m.invalid[i]; rp.matches(r) {
			it.problem = rp.problem(r)
			return it
		}
	}
	vals := make([]any, len(m.fields))
	for i := range m.fields {
		v, p := m.value(r, &m.fields[i])
		if p != nil {
			it.problem = p
			return it
		}
		vals[i] = v
	}
	if m.direct != nil {
		if v, ok := m.assign(vals, nil); ok {
			it.value = v
			return it
		}
	}
	b := qingfeng.AppendKeyOpen(make([]byte, 0, 320), it.key)
	b = m.out.appendMembers(b, vals, true)
	it.line = append(b, '}')
	return it
}

func (rp *rulePlan) problem(r *row) *Problem {
	en := rp.ReasonEn
	if en == "" {
		en = rp.Reason
	}
	return &Problem{Field: rp.src.label, Value: clip(r.get(&rp.src)), Code: "profile.invalid", ZH: rp.Reason, EN: en}
}

// event maps the row to one of its events, for the proceeding numbered number; false when the
// event's date cell is empty.
func (m *mapper) event(ep *eventPlan, r *row, origin qingfeng.Origin, rowID, number string) (item, bool) {
	if ep.at.src != nil && r.get(ep.at.src) == "" {
		return item{}, false
	}
	id := rowID + "/" + ep.typ
	if ep.srcID != nil {
		id = ep.srcID.expand(r)
	}
	it := item{origin: origin, row: r, labels: ep.labels, key: qingfeng.Key{Kind: qingfeng.KindEvent, Src: m.p.Src, SrcID: id}}
	at, p := m.instant(r, &ep.at)
	if p != nil {
		it.problem = p
		return it, true
	}
	b := make([]byte, 0, 256)
	b = qingfeng.AppendKeyOpen(b, it.key)
	b = append(b, `,"case_number":`...)
	b = appendJSONString(b, number)
	b = append(b, `,"type":`...)
	b = appendJSONString(b, ep.typ)
	b = append(b, `,"at":`...)
	b = appendJSONString(b, at)
	first := true
	for i := range ep.attrs {
		v, p := m.value(r, &ep.attrs[i])
		if p != nil {
			it.problem = p
			return it, true
		}
		if v == nil {
			continue
		}
		if first {
			b = append(b, `,"attrs":{`...)
			first = false
		} else {
			b = append(b, ',')
		}
		b = appendJSONString(b, strings.TrimPrefix(ep.attrs[i].name, "attrs."))
		b = append(b, ':')
		b = appendJSONValue(b, v)
	}
	if !first {
		b = append(b, '}')
	}
	it.line = append(b, '}')
	return it, true
}

// value reads, maps and converts one field of a row; nil means "leave the field out".
func (m *mapper) value(r *row, fp *fieldPlan) (any, *Problem) {
	s := fp.f.Value
	if fp.src != nil {
		s = r.get(fp.src)
	}
	if s == "" {
		s = fp.f.Default
	}
	if s == "" {
		if fp.f.Required {
			return nil, rRequired.at(fp.label, "")
		}
		return nil, nil
	}
	codes := fp.codes
	if fp.f.MapName != "" {
		codes = m.p.Maps[fp.f.MapName]
	}
	if codes != nil {
		mapped, ok := codes[s]
		if !ok {
			mapped, ok = codes["*"]
		}
		if !ok {
			return nil, rMapping.at(fp.label, s)
		}
		s = mapped
	}
	return m.convert(fp, s)
}
