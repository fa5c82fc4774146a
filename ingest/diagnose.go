package ingest

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/qingfeng-court/qingfeng"
)

// diagnose finds which field made a well-formed JSON line fail to decode, so the rejection
// can name it ("parties[2].role", "filed_on"). It is the slow path, taken only on errors: it
// decodes the line field by field into the kind's type until one fails.
func diagnose(kind qingfeng.Kind, line []byte, cause error) *Problem {
	target, get := qingfeng.Envelope(kind)
	if target == nil {
		return rKind.at("kind", string(kind))
	}
	_, payload := get()
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(line, &fields); err != nil {
		return syntaxProblem(err)
	}
	if p := firstBadField(reflect.TypeOf(payload).Elem(), fields, ""); p != nil {
		return p
	}
	return rJSONField.at("", "", cause.Error())
}

// firstBadField tries each field of a JSON object against struct type t and returns the first
// that does not decode, descending into arrays and objects to name the innermost field.
func firstBadField(t reflect.Type, fields map[string]json.RawMessage, prefix string) *Problem {
	for _, name := range sortedKeys(fields) {
		raw := fields[name]
		ft, ok := jsonField(t, name)
		if !ok {
			continue // unknown fields are ignored by decoding too
		}
		v := reflect.New(ft)
		err := json.Unmarshal(raw, v.Interface())
		if err == nil {
			continue
		}
		path := prefix + name
		if p := descend(ft, raw, path); p != nil {
			return p
		}
		return rJSONField.at(path, string(raw), shortError(err))
	}
	return nil
}

// descend looks inside an array of structs or a struct for the failing element.
func descend(t reflect.Type, raw json.RawMessage, path string) *Problem {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil
		}
		for i, item := range items {
			var obj map[string]json.RawMessage
			if json.Unmarshal(item, &obj) != nil {
				return rJSONField.at(fmt.Sprintf("%s[%d]", path, i), string(item), "not an object")
			}
			if p := firstBadField(t.Elem(), obj, fmt.Sprintf("%s[%d].", path, i)); p != nil {
				return p
			}
		}
	case t.Kind() == reflect.Struct && t != reflect.TypeOf(qingfeng.Date(0)):
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) == nil {
			return firstBadField(t, obj, path+".")
		}
	}
	return nil
}

// jsonField finds the type of the struct field (embedded structs included) whose JSON name is name.
func jsonField(t reflect.Type, name string) (reflect.Type, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("json"), ",")[0]
		if f.Anonymous && tag == "" {
			if ft, ok := jsonField(f.Type, name); ok {
				return ft, true
			}
			continue
		}
		if tag == name {
			return f.Type, true
		}
	}
	return nil, false
}

func shortError(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "json: ")
	if i := strings.Index(s, "cannot unmarshal"); i >= 0 {
		s = s[i:]
	}
	return s
}

func sortedKeys(m map[string]json.RawMessage) []string {
	// Deterministic order, so the same bad line always names the same field.
	return slices.Sorted(maps.Keys(m))
}
