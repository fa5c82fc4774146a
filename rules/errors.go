package rules

import (
	"errors"
	"fmt"
	"strings"
)

// LoadError is a definition file that failed its checks: the file, the line (0 when the
// problem is not tied to one), the rule concerned (when there is one) and the reason.
type LoadError struct {
	File   string
	Line   int
	Rule   string
	Reason string
}

func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString("load ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	if e.Rule != "" {
		b.WriteString(": rule ")
		b.WriteString(e.Rule)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// lineError is a problem found at a line of the file being read.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return e.msg }

// placed turns err into a LoadError of file and rule, taking the line from err when it carries
// one and from fallback otherwise.
func placed(file, rule string, fallback int, err error) error {
	var le *LoadError
	if errors.As(err, &le) {
		return le
	}
	line, msg := fallback, err.Error()
	var l *lineError
	var x *exprError
	switch {
	case errors.As(err, &l):
		line, msg = l.line, l.msg
	case errors.As(err, &x):
		line, msg = x.line, x.msg
	}
	return &LoadError{File: file, Line: line, Rule: rule, Reason: msg}
}

// at reports a problem at a line.
func at(line int, format string, args ...any) error {
	return &lineError{line: line, msg: fmt.Sprintf(format, args...)}
}
