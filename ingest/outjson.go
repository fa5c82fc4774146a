package ingest

import (
	"strconv"
	"unicode/utf8"

	"github.com/qingfeng-court/qingfeng"
)

// outNode is the shape of the canonical JSON a profile writes: objects whose members are the
// profile's field paths, arrays where a path has an index (parties.0.name), values at the
// leaves. It is laid out once per file; each row only fills in the leaves.
type outNode struct {
	key     string
	leaf    int        // index of the row value at a leaf; -1 inside
	members []*outNode // object members, in path order
	elems   []*outNode // array elements by index; nil holes are written as {}
}

func (n *outNode) add(path []string, leaf int) {
	if len(path) == 0 {
		n.leaf = leaf
		return
	}
	if idx, err := strconv.Atoi(path[0]); err == nil {
		for len(n.elems) <= idx {
			n.elems = append(n.elems, nil)
		}
		if n.elems[idx] == nil {
			n.elems[idx] = &outNode{leaf: -1}
		}
		n.elems[idx].add(path[1:], leaf)
		return
	}
	for _, c := range n.members {
		if c.key == path[0] {
			c.add(path[1:], leaf)
			return
		}
	}
	c := &outNode{key: path[0], leaf: -1}
	n.members = append(n.members, c)
	c.add(path[1:], leaf)
}

// set reports whether any leaf under n has a value.
func (n *outNode) set(vals []any) bool {
	if n.leaf >= 0 {
		return vals[n.leaf] != nil
	}
	for _, c := range n.members {
		if c.set(vals) {
			return true
		}
	}
	for _, c := range n.elems {
		if c != nil && c.set(vals) {
			return true
		}
	}
	return false
}

// appendMembers writes the members of object n that have values, separated by commas; comma
// says whether the first needs one too (it follows other members).
func (n *outNode) appendMembers(b []byte, vals []any, comma bool) []byte {
	for _, c := range n.members {
		if !c.set(vals) {
			continue
		}
		if comma {
			b = append(b, ',')
		}
		comma = true
		b = appendJSONString(b, c.key)
		b = append(b, ':')
		b = c.appendValue(b, vals)
	}
	return b
}

func (n *outNode) appendValue(b []byte, vals []any) []byte {
	switch {
	case n.leaf >= 0:
		return appendJSONValue(b, vals[n.leaf])
	case n.elems != nil:
		last := -1
		for i, e := range n.elems {
			if e != nil && e.set(vals) {
				last = i
			}
		}
		b = append(b, '[')
		for i := 0; i <= last; i++ {
			if i > 0 {
				b = append(b, ',')
			}
			if e := n.elems[i]; e != nil && e.set(vals) {
				b = e.appendValue(b, vals)
			} else {
				b = append(b, '{', '}')
			}
		}
		return append(b, ']')
	}
	return append(n.appendMembers(append(b, '{'), vals, false), '}')
}

func appendJSONValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case string:
		return appendJSONString(b, x)
	case bool:
		return strconv.AppendBool(b, x)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case qingfeng.Date:
		return appendJSONString(b, x.String())
	case []string:
		b = append(b, '[')
		for i, s := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		return append(b, ']')
	}
	return append(b, "null"...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as a JSON string. Invalid UTF-8 becomes U+FFFD, as encoding/json
// does.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				switch c {
				case '\n':
					b = append(b, '\\', 'n')
				case '\r':
					b = append(b, '\\', 'r')
				case '\t':
					b = append(b, '\\', 't')
				default:
					b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
				}
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\ufffd"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
