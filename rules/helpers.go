package rules

import (
	"reflect"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"

	"github.com/qingfeng-court/qingfeng"
)

// Load checks each expression against the helpers' real types (funcs.table and the view
// helpers below), then compiles it a second time to run, with twins of the helpers that expr
// calls directly: expr calls a helper whose signature it does not know through reflection,
// which allocates for every argument and result. The twins take and return any (an int result
// as one of the ready boxes of boxInt); the helpers that return views keep their types (a
// field read on an untyped value is a slow lookup by name) and are declared as expr functions,
// which are bound at compile time: the compiler passes them the evaluation as a hidden first
// argument (passEvaluation).

// evalVar is the hidden variable holding the current evaluation.
const evalVar = "__evaluation"

// fast returns the twins of the helpers, bound to f's evaluation.
func (f funcs) fast() map[string]any {
	return map[string]any{
		"days":        func(a, b any) any { return boxInt(integer(b) - integer(a)) },
		"addDays":     func(a, b any) any { return boxInt(integer(a) + integer(b)) },
		"addMonths":   func(a, b any) any { return boxInt(int(qingfeng.Date(integer(a)).AddMonths(integer(b)))) },
		"addWorkdays": func(a, b any) any { return boxInt(f.addWorkdays(integer(a), integer(b))) },
		"workdays":    func(a, b any) any { return boxInt(f.workdays(integer(a), integer(b))) },
		"isWorkday":   func(a any) bool { return f.isWorkday(integer(a)) },
		"limitEnd":    func(a, b any) any { return boxInt(f.limitEnd(strArg(a), integer(b))) },
		"limitAmount": func(a any) any { return boxInt(f.limitAmount(strArg(a))) },
		"isPending":   func(a any) bool { return f.isPending(caseArg(a)) },
		"hasType":     func(a, b any) bool { return firstOf(eventsArg(a), strArg(b)) != nil },
		"countOf":     func(a, b any) any { return boxInt(countOf(eventsArg(a), strArg(b))) },
		"firstDate":   func(a, b any) any { return boxInt(dateOf(firstOf(eventsArg(a), strArg(b)))) },
		"lastDate":    func(a, b any) any { return boxInt(dateOf(lastOf(eventsArg(a), strArg(b)))) },
		evalVar:       f.ev,
		intFieldFunc:  readIntField,
		strIsFunc:     testStrField,
	}
}

// runEnv turns a checking environment into the one its expressions are compiled to run in.
func runEnv(env map[string]any) map[string]any {
	out := make(map[string]any, len(env)+8)
	for k, v := range env {
		out[k] = v
	}
	for k, v := range (funcs{}).fast() {
		out[k] = v
	}
	out[evalVar] = (*evaluation)(nil)
	return out
}

// fastCalls reports whether every twin is called without reflection (a test checks it: a
// twin whose signature expr does not list would silently go back to reflection).
func fastCalls() map[string]bool {
	out := map[string]bool{}
	for k, v := range (funcs{}).fast() {
		t := reflect.TypeOf(v)
		if t.Kind() != reflect.Func {
			continue
		}
		found := false
		for _, ft := range vm.FuncTypes[1:] {
			if reflect.TypeOf(ft).Elem() == t {
				found = true
			}
		}
		out[k] = found
	}
	return out
}

// evalFuncs are the view helpers that read the current evaluation.
var evalFuncs = map[string]bool{"eventsOf": true, "upcoming": true, "clockAt": true, "person": true, "statusOn": true, "lawyer": true}

// passEvaluation gives each call of an evalFuncs helper the evaluation as its first argument.
type passEvaluation struct{}

func (passEvaluation) Visit(n *ast.Node) {
	c, ok := (*n).(*ast.CallNode)
	if !ok {
		return
	}
	id, ok := c.Callee.(*ast.IdentifierNode)
	if !ok || !evalFuncs[id.Value] {
		return
	}
	if len(c.Arguments) > 0 {
		if a, ok := c.Arguments[0].(*ast.IdentifierNode); ok && a.Value == evalVar {
			return
		}
	}
	hidden := &ast.IdentifierNode{Value: evalVar}
	hidden.SetLocation(c.Location())
	hidden.SetType(reflect.TypeFor[*evaluation]()) // the checker may not visit an already typed call again
	c.Arguments = append([]ast.Node{hidden}, c.Arguments...)
}

// viewHelpers declares the helpers that return views, as expr functions: for checking (with
// the types rule authors see) or for running (with the hidden evaluation argument).
func viewHelpers(run bool) []expr.Option {
	var opts []expr.Option
	if run {
		opts = append(opts, expr.Patch(passEvaluation{}))
	}
	fn := func(name string, f func(a ...any) (any, error), checkType, runType any) {
		t := checkType
		if run {
			t = runType
		}
		opts = append(opts, expr.Function(name, f, t))
	}
	fn("firstOf", func(a ...any) (any, error) { return firstOf(eventsArg(a[0]), strArg(a[1])), nil },
		new(func([]*EventView, string) *EventView), new(func([]*EventView, string) *EventView))
	fn("lastOf", func(a ...any) (any, error) { return lastOf(eventsArg(a[0]), strArg(a[1])), nil },
		new(func([]*EventView, string) *EventView), new(func([]*EventView, string) *EventView))
	fn("lastBefore", func(a ...any) (any, error) { return lastBefore(eventsArg(a[0]), strArg(a[1]), integer(a[2])), nil },
		new(func([]*EventView, string, int) *EventView), new(func([]*EventView, string, int) *EventView))
	fn("eventsOf", func(a ...any) (any, error) { return funcsOf(a[0]).eventsOf(caseArg(a[1])), nil },
		new(func(*CaseView) []*EventView), new(func(*evaluation, *CaseView) []*EventView))
	fn("upcoming", func(a ...any) (any, error) { return boxInt(funcsOf(a[0]).upcoming(a[1:]...)), nil },
		new(func(...any) int), new(func(*evaluation, ...any) int))
	fn("clockAt", func(a ...any) (any, error) { return funcsOf(a[0]).clockAt(integer(a[1])), nil },
		new(func(int) *ClockView), new(func(*evaluation, int) *ClockView))
	fn("person", func(a ...any) (any, error) { return funcsOf(a[0]).person(strArg(a[1])), nil },
		new(func(string) *PersonView), new(func(*evaluation, string) *PersonView))
	fn("statusOn", func(a ...any) (any, error) { return funcsOf(a[0]).statusOn(strArg(a[1]), integer(a[2])), nil },
		new(func(string, int) string), new(func(*evaluation, string, int) string))
	fn("lawyer", func(a ...any) (any, error) { return funcsOf(a[0]).lawyer(strArg(a[1])), nil },
		new(func(string) *LawyerView), new(func(*evaluation, string) *LawyerView))
	return opts
}

// funcsOf returns the helpers bound to the hidden evaluation argument (none outside an evaluator).
func funcsOf(v any) funcs {
	ev, _ := v.(*evaluation)
	return funcs{ev: ev}
}

// eventsArg reads a list of events: the events variables, or what filter and the like return.
func eventsArg(v any) []*EventView {
	switch l := v.(type) {
	case []*EventView:
		return l
	case []any:
		out := make([]*EventView, 0, len(l))
		for _, x := range l {
			if e, ok := x.(*EventView); ok && e != nil {
				out = append(out, e)
			}
		}
		return out
	}
	return nil
}

func caseArg(v any) *CaseView {
	c, _ := v.(*CaseView)
	return c
}

func strArg(v any) string {
	s, _ := v.(string)
	return s
}

// integer reads a whole number the checker has already accepted as one.
func integer(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case int32:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}
