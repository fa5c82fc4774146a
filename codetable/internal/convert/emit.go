package main

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// The YAML files are written line by line, one flow mapping per entry, so that each entry
// sits on its own line: a load error's line number then points at exactly one code.

// field is one key of an entry; empty values are left out.
type field struct {
	key   string
	value string
	plain bool // write unquoted (enumeration values and numbers)
}

func str(key, v string) field  { return field{key: key, value: v} }
func enum(key, v string) field { return field{key: key, value: v, plain: true} }
func num(key string, v int) field {
	return field{key: key, value: strconv.Itoa(v), plain: true}
}

// quote writes s as a YAML double-quoted scalar; JSON string syntax is valid there.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail
	return strings.TrimSuffix(b.String(), "\n")
}

type doc struct{ b strings.Builder }

// comment writes each line of text as a # comment.
func (d *doc) comment(text string) {
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if line == "" {
			d.b.WriteString("#\n")
			continue
		}
		d.b.WriteString("# " + line + "\n")
	}
}

func (d *doc) line(indent int, s string) {
	d.b.WriteString(strings.Repeat(" ", indent) + s + "\n")
}

// entry writes "- {k: v, …}" at the given indent.
func (d *doc) entry(indent int, fields ...field) {
	var parts []string
	for _, f := range fields {
		if f.value == "" {
			continue
		}
		v := f.value
		if !f.plain {
			v = quote(v)
		}
		parts = append(parts, f.key+": "+v)
	}
	d.line(indent, "- {"+strings.Join(parts, ", ")+"}")
}

func (d *doc) bytes() []byte { return []byte(d.b.String()) }
