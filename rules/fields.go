package rules

import (
	"fmt"
	"reflect"

	"github.com/expr-lang/expr/ast"

	"github.com/qingfeng-court/qingfeng"
)

// expr reads a struct field through reflection and boxes the value it read: every read of an
// int or a string field (event.date, .type, case.stage …) allocates. Most such reads in the rule
// files are day numbers, or strings compared with a literal, so the compiler rewrites those two
// forms (fuseFields) into typed helpers that read the field without boxing it: a day number
// comes back as one of a table of ready boxes, and a comparison with a literal as a bool.

// Names of the rewritten forms (not usable in rule files: checkNames sees the tree as written).
// Their signatures are among those expr calls directly (no reflection, no argument buffer);
// the second argument is a constant: which field, and for a comparison the literal.
const (
	intFieldFunc = "__intField" // __intField(x, intField): the field of x, an int
	strIsFunc    = "__strIs"    // __strIs(x, strTest): the field of x compared with a literal
)

// intField is the index of an int field of a view.
type intField int

// strTest compares a string field of a view with a literal.
type strTest struct {
	field int
	lit   string
	eq    bool // == rather than !=
}

// Boxes made once: of the small counts and periods, and of the day numbers 2000–2044 (a
// qingfeng.Date counts days from 0001-01-01).
var (
	boxedSmall = boxes(0, 1<<12)
	firstDay   = int(qingfeng.MustDate("2000-01-01"))
	boxedDays  = boxes(firstDay, 1<<14)
)

func boxes(from, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = from + i
	}
	return out
}

func boxInt(n int) any {
	if uint(n) < uint(len(boxedSmall)) {
		return boxedSmall[n]
	}
	if d := n - firstDay; uint(d) < uint(len(boxedDays)) {
		return boxedDays[d]
	}
	return n
}

// viewPkg is the package of the views: only their fields are rewritten.
var viewPkg = reflect.TypeFor[EventView]().PkgPath()

// viewField returns the index of the field m reads and its kind, when m reads a plain field
// of a view directly (not through ?., which must keep its jump).
func viewField(m *ast.MemberNode) (int, reflect.Kind, bool) {
	if m.Optional || m.Method {
		return 0, 0, false
	}
	p, ok := m.Property.(*ast.StringNode)
	if !ok || hasOptional(m.Node) {
		return 0, 0, false
	}
	t := m.Node.Type()
	if t == nil {
		return 0, 0, false
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t.PkgPath() != viewPkg {
		return 0, 0, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.IsExported() && (f.Tag.Get("expr") == p.Value || f.Tag.Get("expr") == "" && f.Name == p.Value) {
			k := f.Type.Kind()
			if f.Type.PkgPath() != "" || k != reflect.Int && k != reflect.String {
				return 0, 0, false // named types would change the expression's type
			}
			return i, k, true
		}
	}
	return 0, 0, false
}

func hasOptional(n ast.Node) bool {
	return ast.Find(n, func(x ast.Node) bool {
		switch y := x.(type) {
		case *ast.ChainNode:
			return true
		case *ast.MemberNode:
			return y.Optional
		}
		return false
	}) != nil
}

// fuseFields rewrites int field reads and string field comparisons with a literal.
type fuseFields struct{}

func (fuseFields) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.MemberNode:
		if i, k, ok := viewField(x); ok && k == reflect.Int {
			replace(n, intFieldFunc, x.Node, intField(i))
		}
	case *ast.BinaryNode:
		if x.Operator != "==" && x.Operator != "!=" {
			return
		}
		m, lit := x.Left, x.Right
		if _, ok := m.(*ast.StringNode); ok {
			m, lit = lit, m
		}
		mn, ok := m.(*ast.MemberNode)
		s, isLit := lit.(*ast.StringNode)
		if !ok || !isLit {
			return
		}
		if i, k, ok := viewField(mn); ok && k == reflect.String {
			replace(n, strIsFunc, mn.Node, strTest{field: i, lit: s.Value, eq: x.Operator == "=="})
		}
	}
}

// replace puts a call of fn on (recv, arg) where *n was. The new nodes are typed here: the
// checker does not look again inside a node it has already typed (a call's arguments).
func replace(n *ast.Node, fn string, recv ast.Node, arg any) {
	f := fieldFuncs[fn]
	loc := (*n).Location()
	c := &ast.ConstantNode{Value: arg}
	id := &ast.IdentifierNode{Value: fn}
	call := &ast.CallNode{Callee: id, Arguments: []ast.Node{recv, c}}
	for _, x := range []ast.Node{c, id, call} {
		x.SetLocation(loc)
	}
	c.SetType(reflect.TypeOf(arg))
	id.SetType(reflect.TypeOf(f))
	call.SetType(reflect.TypeOf(f).Out(0))
	*n = call
}

// fieldFuncs are the helpers of the rewritten forms, by name.
var fieldFuncs = map[string]any{intFieldFunc: readIntField, strIsFunc: testStrField}

// fieldOf is field i of a view or a pointer to one.
func fieldOf(v any, i int) (reflect.Value, error) {
	r := reflect.ValueOf(v)
	if r.Kind() == reflect.Pointer {
		if r.IsNil() {
			return r, fmt.Errorf("cannot read a field of a nil %s", r.Type().Elem().Name())
		}
		r = r.Elem()
	}
	if r.Kind() != reflect.Struct || i >= r.NumField() {
		return r, fmt.Errorf("cannot read field %d of %T", i, v)
	}
	return r.Field(i), nil
}

// readIntField and testStrField are the helpers of the rewritten forms; the errors of a nil
// view are expr's own (a panic the VM turns into the expression's error).
func readIntField(x, k any) any {
	f, err := fieldOf(x, int(k.(intField)))
	if err != nil {
		panic(err.Error())
	}
	return boxInt(int(f.Int()))
}

func testStrField(x, k any) bool {
	t := k.(strTest)
	f, err := fieldOf(x, t.field)
	if err != nil {
		panic(err.Error())
	}
	return (f.String() == t.lit) == t.eq
}
