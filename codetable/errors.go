package codetable

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Reasons a table fails to load; a *LoadError wraps one of them, so callers can test with
// errors.Is.
var (
	ErrUnreadable    = errors.New("file cannot be read")
	ErrSyntax        = errors.New("malformed YAML or unknown field")
	ErrInvalid       = errors.New("invalid entry")
	ErrDuplicate     = errors.New("duplicate code")
	ErrParentMissing = errors.New("parent missing")
	ErrCycle         = errors.New("cycle in parent links")
	ErrUnknownValue  = errors.New("unknown value")
)

// LoadError reports a table that could not be loaded: the file (relative to defs/), the line
// the problem was found on (0 when it concerns the file as a whole) and the reason.
type LoadError struct {
	File   string
	Line   int
	Reason error  // one of the Err… values above
	Detail string // what exactly is wrong, naming the entry
}

func (e *LoadError) Error() string {
	return fmt.Sprintf("load %s line %d: %v: %s", e.File, e.Line, e.Reason, e.Detail)
}

func (e *LoadError) Unwrap() error { return e.Reason }

func loadErr(file string, line int, reason error, format string, args ...any) *LoadError {
	return &LoadError{File: file, Line: line, Reason: reason, Detail: fmt.Sprintf(format, args...)}
}

// parserProblems are the problems yaml.v3's parser (as opposed to its scanner) reports. For
// these the library (v3.0.1, decode.go parser.fail) gives the 0-based line where the broken
// construct began, while scanner errors and type errors give 1-based lines.
var parserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"did not find expected '-' indicator", "did not find expected <document start>",
	"did not find expected key", "did not find expected node content",
	"found duplicate %TAG directive", "found duplicate %YAML directive",
	"found incompatible YAML document", "found undefined tag handle",
}

// yamlLine digs the 1-based line out of a yaml.v3 error message; the library reports
// positions only inside its message text.
func yamlLine(err error) int {
	n := firstLine(err.Error())
	for _, p := range parserProblems {
		if strings.HasSuffix(err.Error(), p) {
			return n + 1
		}
	}
	return n
}

func firstLine(msg string) int {
	i := strings.Index(msg, "line ")
	if i < 0 {
		return 0
	}
	rest := msg[i+len("line "):]
	end := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(rest)
	}
	n, _ := strconv.Atoi(rest[:end])
	return n
}
