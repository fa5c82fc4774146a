package rules

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"gopkg.in/yaml.v3"
)

// src is an expression (or a number standing for one) as written in a rule file, with where
// it was written.
type src struct {
	Text  string
	Line  int
	Block bool // a block scalar: the text starts on the line after Line
	IsNum bool // a plain integer or float in the file
	Set   bool
}

// UnmarshalYAML keeps the scalar and its position.
func (s *src) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: an expression must be a string", n.Line)
	}
	s.Text, s.Line, s.Set = n.Value, n.Line, true
	s.Block = n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	s.IsNum = n.Tag == "!!int" || n.Tag == "!!float"
	return nil
}

// program is a compiled expression.
type program struct {
	p    *vm.Program
	text string
}

// exprError is an expression that failed to compile: the rule file line of the error and the
// message with the position inside the expression.
type exprError struct {
	line int
	msg  string
}

func (e *exprError) Error() string { return e.msg }

// want is the result type an expression must have.
type want uint8

const (
	wantBool want = iota
	wantInt
	wantString
	wantAny
)

// compiler compiles the expressions of one rule.
type compiler struct {
	params any             // the rule's parameter values, of the rule's own struct type
	events map[string]bool // the event vocabulary
	rows   func(string) bool

	usedClock  bool // an expression of the rule reads the statutory clock
	usedMatter bool // … or the matter's proceedings
	usedParams bool // … or params, other than a parameter's value (which is folded in)
}

// compile type-checks and compiles s in the given scope; what names where in the file.
func (c *compiler) compile(s src, kind scopeKind, w want, what string, extra ...string) (*program, error) {
	env := declare(kind, c.params, extra)
	var opts []expr.Option
	switch w {
	case wantBool:
		opts = append(opts, expr.AsBool())
	case wantInt:
		opts = append(opts, expr.AsInt())
	case wantString:
		opts = append(opts, expr.AsKind(reflect.String))
	}
	// Names and types are checked on the tree as written, against the helpers' own types: the
	// optimiser folds lists into sets, and the program that runs calls the helpers' twins.
	check := append([]expr.Option{expr.Env(env), expr.Optimize(false)}, viewHelpers(false)...)
	plain, err := expr.Compile(s.Text, append(check, opts...)...)
	if err != nil {
		return nil, c.errorAt(s, what, err)
	}
	if err := c.checkNames(plain.Node(), s.Text); err != nil {
		return nil, c.errorAt(s, what, err)
	}
	run := append([]expr.Option{expr.Env(runEnv(env)), expr.Patch(foldParams{values: c.params}), expr.Patch(fuseFields{})}, viewHelpers(true)...)
	p, err := expr.Compile(s.Text, append(run, opts...)...)
	if err != nil {
		return nil, c.errorAt(s, what, err)
	}
	if readsParams(p.Node()) {
		c.usedParams = true
	}
	return &program{p: p, text: s.Text}, nil
}

// errorAt places an expression's error on the rule file's line and names the position inside
// the expression.
func (c *compiler) errorAt(s src, what string, err error) error {
	line := s.Line
	if s.Block {
		line++
	}
	var fe *file.Error
	if errors.As(err, &fe) {
		msg := fmt.Sprintf("%s: %s (expression line %d, column %d)%s", what, fe.Message, fe.Line, fe.Column+1, fe.Snippet)
		return &exprError{line: line + fe.Line - 1, msg: msg}
	}
	return &exprError{line: line, msg: what + ": " + err.Error()}
}

// checkNames rejects event types and time-limit rows that do not exist: in comparisons with
// an event's type, in lists an event's type is looked up in, as the type argument of the event
// helpers and as the row of limitEnd. A misspelt type would otherwise never match and the rule
// would silently never fire.
func (c *compiler) checkNames(root ast.Node, text string) error {
	var bad error
	report := func(n ast.Node, format string, args ...any) {
		if bad == nil {
			loc := n.Location()
			fe := &file.Error{Location: loc, Message: fmt.Sprintf(format, args...)}
			bad = fe.Bind(file.NewSource(text))
		}
	}
	checkType := func(n ast.Node) {
		if s, ok := n.(*ast.StringNode); ok && !c.events[s.Value] {
			report(n, "unknown event type %q", s.Value)
		}
	}
	ast.Find(root, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BuiltinNode:
			// expr v1.17.8 leaves a value on its stack in backward loops (expr-lang/expr#950,
			// fixed upstream by #954): findLast and findLastIndex, and last(filter(…)) which the
			// optimiser turns into findLast, give wrong results inside larger expressions.
			if x.Name == "findLast" || x.Name == "findLastIndex" {
				report(n, "%s is not allowed (expr-lang/expr#950): use lastBefore, lastOf or find", x.Name)
			}
			if x.Name == "last" && len(x.Arguments) == 1 {
				if f, ok := x.Arguments[0].(*ast.BuiltinNode); ok && f.Name == "filter" {
					report(n, "last(filter(…)) is not allowed (expr-lang/expr#950): use lastBefore or lastOf")
				}
			}
		case *ast.BinaryNode:
			switch {
			case (x.Operator == "==" || x.Operator == "!=") && isEventType(x.Left):
				checkType(x.Right)
			case (x.Operator == "==" || x.Operator == "!=") && isEventType(x.Right):
				checkType(x.Left)
			case (x.Operator == "in" || x.Operator == "not in") && isEventType(x.Left):
				if arr, ok := x.Right.(*ast.ArrayNode); ok {
					for _, e := range arr.Nodes {
						checkType(e)
					}
				}
			}
		case *ast.IdentifierNode:
			switch x.Value {
			case "clock":
				c.usedClock = true
			case "matter":
				c.usedMatter = true
			}
		case *ast.CallNode:
			id, ok := x.Callee.(*ast.IdentifierNode)
			if !ok {
				break
			}
			switch {
			case slices.Contains(eventFuncs, id.Value) && len(x.Arguments) == 2:
				checkType(x.Arguments[1])
			case (id.Value == "limitEnd" || id.Value == "limitAmount") && len(x.Arguments) >= 1:
				if s, ok := x.Arguments[0].(*ast.StringNode); ok && c.rows != nil && !c.rows(s.Value) {
					report(s, "unknown time-limit row %q", s.Value)
				}
			}
		}
		return false
	})
	return bad
}

// isEventType reports whether n reads the type of an event (not the 四类 sub-type attribute).
func isEventType(n ast.Node) bool {
	m, ok := n.(*ast.MemberNode)
	if !ok {
		return false
	}
	if p, ok := m.Property.(*ast.StringNode); !ok || p.Value != "type" {
		return false
	}
	t := m.Node.Type()
	if t == nil {
		return false
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t == reflect.TypeFor[EventView]()
}

// run evaluates a compiled expression against env.
func (p *program) run(env map[string]any) (any, error) {
	var m vm.VM
	return p.runOn(&m, env)
}

// runOn evaluates a compiled expression on a reused VM (not reentrant: expression helpers
// never run expressions).
func (p *program) runOn(m *vm.VM, env map[string]any) (any, error) {
	out, err := m.Run(p.p, env)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", strings.TrimSpace(p.text), err)
	}
	return out, nil
}
