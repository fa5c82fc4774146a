package rules

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Param is one parameter of a rule: a threshold a court may change without editing the rule
// (defs/rules/params.yaml). Its type is that of its default value: int, float, string, bool or
// a list of strings.
type Param struct {
	Name    string
	Title   string // zh-CN, optional
	TitleEn string
	Value   any // int, float64, string, bool or []string
	line    int
}

// Kind names the parameter's type.
func (p Param) Kind() string {
	switch p.Value.(type) {
	case int:
		return "int"
	case float64:
		return "float"
	case bool:
		return "bool"
	case []string:
		return "strings"
	}
	return "string"
}

// parseParams reads a rule's params mapping: name: value, or name: {value, name, name_en}.
func parseParams(n *yaml.Node) ([]Param, error) {
	if n == nil || n.Kind == 0 {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, &lineError{n.Line, "params must be a mapping of name to value"}
	}
	var out []Param
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p := Param{Name: k.Value, line: k.Line}
		if !validName(p.Name) {
			return nil, &lineError{k.Line, fmt.Sprintf("parameter name %q must be lower case letters, digits and _", p.Name)}
		}
		if v.Kind == yaml.MappingNode {
			var value *yaml.Node
			for j := 0; j+1 < len(v.Content); j += 2 {
				mk, mv := v.Content[j], v.Content[j+1]
				switch mk.Value {
				case "value":
					value = mv
				case "name":
					p.Title = mv.Value
				case "name_en":
					p.TitleEn = mv.Value
				default:
					return nil, &lineError{mk.Line, fmt.Sprintf("parameter %s: unknown field %q (value, name, name_en)", p.Name, mk.Value)}
				}
			}
			if value == nil {
				return nil, &lineError{v.Line, fmt.Sprintf("parameter %s has no value", p.Name)}
			}
			v = value
		}
		val, err := paramValue(v, nil)
		if err != nil {
			return nil, &lineError{v.Line, fmt.Sprintf("parameter %s: %v", p.Name, err)}
		}
		p.Value = val
		out = append(out, p)
	}
	return out, nil
}

// paramValue reads a parameter's value; like, when given, is the value whose type it must have.
func paramValue(v *yaml.Node, like any) (any, error) {
	var got any
	switch {
	case v.Kind == yaml.SequenceNode:
		list := []string{}
		for _, e := range v.Content {
			if e.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("a list parameter holds strings")
			}
			list = append(list, e.Value)
		}
		got = list
	case v.Kind != yaml.ScalarNode:
		return nil, fmt.Errorf("a parameter is a number, a string, true/false or a list of strings")
	case v.Tag == "!!int":
		n, err := strconv.Atoi(v.Value)
		if err != nil {
			return nil, err
		}
		got = n
	case v.Tag == "!!float":
		f, err := strconv.ParseFloat(v.Value, 64)
		if err != nil {
			return nil, err
		}
		got = f
	case v.Tag == "!!bool":
		got = v.Value == "true"
	default:
		got = v.Value
	}
	if like == nil {
		return got, nil
	}
	if n, ok := got.(int); ok {
		if _, isFloat := like.(float64); isFloat {
			got = float64(n)
		}
	}
	if reflect.TypeOf(got) != reflect.TypeOf(like) {
		return nil, fmt.Errorf("must be %s like its default, got %s", Param{Value: like}.Kind(), Param{Value: got}.Kind())
	}
	return got, nil
}

func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// paramsValue builds the value rule expressions see as params: a struct with one field per
// parameter, named as in the file, of the parameter's type — so that params.dayz fails at load
// and params.days > "7" does too.
func paramsValue(ps []Param) any {
	fields := make([]reflect.StructField, len(ps))
	for i, p := range ps {
		fields[i] = reflect.StructField{Name: "P" + strconv.Itoa(i), Type: reflect.TypeOf(p.Value), Tag: reflect.StructTag(`expr:"` + p.Name + `"`)}
	}
	v := reflect.New(reflect.StructOf(fields)).Elem()
	for i, p := range ps {
		v.Field(i).Set(reflect.ValueOf(p.Value))
	}
	return v.Interface()
}

// paramText formats a parameter's value for a message.
func paramText(v any) string {
	switch x := v.(type) {
	case []string:
		return strings.Join(x, "、")
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func paramIndex(ps []Param, name string) int {
	return slices.IndexFunc(ps, func(p Param) bool { return p.Name == name })
}
