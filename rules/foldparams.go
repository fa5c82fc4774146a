package rules

import (
	"reflect"

	"github.com/expr-lang/expr/ast"
)

// A rule's parameters are fixed once its file is loaded (a court's overrides included), so the
// program that runs reads them as constants: params.x becomes its value. Each read would
// otherwise look params up in the environment and fetch the field by reflection, and every
// rule would write its params into the environment for every proceeding.

// foldParams replaces params.x with the value of parameter x.
type foldParams struct{ values any }

func (f foldParams) Visit(n *ast.Node) {
	m, ok := (*n).(*ast.MemberNode)
	if !ok || m.Optional {
		return
	}
	id, ok := m.Node.(*ast.IdentifierNode)
	name, isStr := m.Property.(*ast.StringNode)
	if !ok || !isStr || id.Value != "params" {
		return
	}
	v, ok := paramField(f.values, name.Value)
	if !ok {
		return // left to the environment (usesParams)
	}
	c := &ast.ConstantNode{Value: v}
	c.SetType(reflect.TypeOf(v))
	ast.Patch(n, c)
}

// paramField is the value of the field of a params struct (paramsValue) tagged name.
func paramField(values any, name string) (any, bool) {
	rv := reflect.ValueOf(values)
	if rv.Kind() != reflect.Struct {
		return nil, false
	}
	for i := range rv.NumField() {
		if rv.Type().Field(i).Tag.Get("expr") == name {
			return rv.Field(i).Interface(), true
		}
	}
	return nil, false
}

// readsParams reports whether a compiled tree still reads params from the environment.
func readsParams(root ast.Node) bool {
	found := false
	ast.Find(root, func(n ast.Node) bool {
		if id, ok := n.(*ast.IdentifierNode); ok && id.Value == "params" {
			found = true
		}
		return false
	})
	return found
}
