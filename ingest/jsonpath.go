package ingest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// jsonPath is a compiled JSON path of the small form profiles use: $ followed by member names
// (.name, ['name'] or ["name"]) and array indexes ([0]). Exports nest their fields a few levels
// deep ($.case.dates.filed, $.parties[0].name); filters and wildcards are not needed to pick one
// value per field, so they are not offered.
type jsonPath []pathStep

type pathStep struct {
	name  string
	index int // used when name is empty
	isIdx bool
}

// parseJSONPath compiles a path such as $.a.b[0] or $['立案日期'].
func parseJSONPath(s string) (jsonPath, error) {
	if !strings.HasPrefix(s, "$") {
		return nil, fmt.Errorf("a JSON path starts with $, e.g. $.case.filed")
	}
	var out jsonPath
	rest := s[1:]
	for rest != "" {
		switch rest[0] {
		case '.':
			end := strings.IndexAny(rest[1:], ".[")
			if end < 0 {
				end = len(rest) - 1
			}
			name := rest[1 : 1+end]
			if name == "" {
				return nil, fmt.Errorf("empty member name in %q", s)
			}
			out = append(out, pathStep{name: name})
			rest = rest[1+end:]
		case '[':
			if len(rest) > 1 && (rest[1] == '\'' || rest[1] == '"') {
				// A quoted name may contain ] or .: look for the closing quote and bracket.
				closeAt := strings.Index(rest[2:], string(rest[1])+"]")
				if closeAt < 0 {
					return nil, fmt.Errorf("unclosed quote in %q", s)
				}
				out = append(out, pathStep{name: rest[2 : 2+closeAt]})
				rest = rest[2+closeAt+2:]
				continue
			}
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, fmt.Errorf("unclosed [ in %q", s)
			}
			inner := rest[1:end]
			n, err := strconv.Atoi(inner)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("[%s] in %q: an index is a non-negative integer; quote a name: ['%s']", inner, s, inner)
			}
			out = append(out, pathStep{index: n, isIdx: true})
			rest = rest[end+1:]
		default:
			return nil, fmt.Errorf("unexpected %q in %q: use .name, ['name'] or [index]", rest[:1], s)
		}
	}
	return out, nil
}

// memberPath is the path of a top-level member: what `column: name` means for a JSON row.
func memberPath(name string) jsonPath { return jsonPath{{name: name}} }

// lookup follows the path in a value decoded with UseNumber; ok is false when a step is
// missing.
func (p jsonPath) lookup(v any) (any, bool) {
	for _, st := range p {
		switch x := v.(type) {
		case map[string]any:
			if st.isIdx {
				return nil, false
			}
			var ok bool
			if v, ok = x[st.name]; !ok {
				return nil, false
			}
		case []any:
			if !st.isIdx || st.index >= len(x) {
				return nil, false
			}
			v = x[st.index]
		default:
			return nil, false
		}
	}
	return v, true
}

// text is the cell value of a JSON value: strings as they are, numbers as written, booleans
// as true/false, null and missing values as empty, objects and arrays as compact JSON.
func jsonText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
