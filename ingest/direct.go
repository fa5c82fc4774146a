package ingest

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/qingfeng-court/qingfeng"
)

// directField says how a mapped value goes straight into the typed record, without the round
// through canonical JSON that the general path takes: the field's place in the payload
// struct, and whether its type reads itself from JSON (dates, amounts), in which case it is
// handed the value's JSON text, exactly what decoding the canonical JSON would hand it.
type directField struct {
	index     []int
	unmarshal bool
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// compileDirect lays out the direct path for a profile whose every field is a top-level field
// of the payload struct of a type the path can set; it returns nil otherwise (nested paths
// such as parties.0.name, types read in ways only the JSON decoder knows), and such profiles
// keep the general path.
func compileDirect(t reflect.Type, fields []fieldPlan) []directField {
	if t.Kind() != reflect.Struct {
		return nil
	}
	out := make([]directField, len(fields))
	for i := range fields {
		if strings.Contains(fields[i].name, ".") {
			return nil
		}
		sf, ok := jsonStructField(t, fields[i].name)
		if !ok {
			return nil
		}
		df := directField{index: sf.Index}
		pt := reflect.PointerTo(sf.Type)
		switch {
		case sf.Type == dateType: // convert gives the day itself
		case pt.Implements(jsonUnmarshaler):
			df.unmarshal = true
		case pt.Implements(textUnmarshaler):
			return nil
		case sf.Type.Kind() == reflect.String, sf.Type.Kind() == reflect.Bool, sf.Type.Kind() == reflect.Int,
			sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.String &&
				!reflect.PointerTo(sf.Type.Elem()).Implements(jsonUnmarshaler) &&
				!reflect.PointerTo(sf.Type.Elem()).Implements(textUnmarshaler):
		default:
			return nil
		}
		out[i] = df
	}
	return out
}

// jsonStructField finds the field of struct t whose JSON name is name, looking into embedded
// structs as the JSON decoder does.
func jsonStructField(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("json"), ",")[0]
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			if sub, ok := jsonStructField(f.Type, name); ok {
				sub.Index = append([]int{i}, sub.Index...)
				return sub, true
			}
			continue
		}
		if tag == name && f.IsExported() {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// assign builds the typed record of a row from its mapped values (nil leaves a field out),
// as decoding the canonical JSON of those values would. It reports false when a value is one
// the direct path does not take as the decoder would (invalid UTF-8, which the JSON becomes
// U+FFFD; a value of another type than the field's; a value its type refuses): the row then
// goes the general way, whose messages name what is wrong. scratch holds the JSON text of
// values handed to a type's own decoding; nil has it made when first needed.
func (m *mapper) assign(vals []any, scratch []byte) (any, bool) {
	ptr := reflect.New(m.payload)
	v := ptr.Elem()
	for i, x := range vals {
		if x == nil {
			continue
		}
		df := &m.direct[i]
		f := v.FieldByIndex(df.index)
		if df.unmarshal {
			scratch = appendJSONValue(scratch[:0], x)
			if f.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(scratch) != nil {
				return nil, false
			}
			continue
		}
		switch x := x.(type) {
		case qingfeng.Date:
			if f.Type() != dateType {
				return nil, false
			}
			f.SetInt(int64(x))
		case string:
			if f.Kind() != reflect.String || !utf8.ValidString(x) {
				return nil, false
			}
			f.SetString(x)
		case bool:
			if f.Kind() != reflect.Bool {
				return nil, false
			}
			f.SetBool(x)
		case int:
			if f.Kind() != reflect.Int {
				return nil, false
			}
			f.SetInt(int64(x))
		case []string:
			if f.Kind() != reflect.Slice {
				return nil, false
			}
			s := reflect.MakeSlice(f.Type(), len(x), len(x))
			for j, e := range x {
				if !utf8.ValidString(e) {
					return nil, false
				}
				s.Index(j).SetString(e)
			}
			f.Set(s)
		default:
			return nil, false
		}
	}
	return ptr.Interface(), true
}
