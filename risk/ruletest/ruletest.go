// Package ruletest runs unit tests of risk rules, in the style of `promtool test rules`: a test
// file gives input records (courts, people, proceedings, events … in the interchange format,
// written as YAML) and the warnings expected on given days, and the runner ingests the records
// into a real store, runs the risk engine with the pack, and compares.
//
// A test file (defs/rules/tests/*.yaml):
//
//	reference: reference.yaml      # records every test of the file starts from (optional)
//	rules:                  # the rules under test, unless a test says otherwise
//	tests:
//	  - name: 立案超过七日
//	    now: 2024-06-30            # the engine's day
//	    params: {R-01: {days: 10}} # parameter overrides (optional)
//	    records:
//	      - {kind: case, case_number: （2024）闽0102民初1号, court_id: C350102, received_on: 2024-03-01, filed_on: 2024-03-12}
//	    expect:
//	      - {rule: R-01, case: （2024）闽0102民初1号, severity: warning, message: 立案}
//
// A test may instead have steps, each with its own now, records and expect, to test late and
// out-of-order events: the engine keeps running from one step to the next. In a step the
// warnings raised by the rules under test must be exactly those expected (state not
// withdrawn); withdrawn lists warnings that must have been withdrawn.
//
// Records need no src or src_id (the runner numbers them); an event's at may be a date
// (09:00 China Standard Time that day).
package ruletest

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// File is a test file.
type File struct {
	Reference yaml.Node `yaml:"reference"` // a file name next to the test file, or a list of records
	Rules     []string  `yaml:"rules"`
	Tests     []Test    `yaml:"tests"`
}

// Test is one test: a single step given at its top level, or several steps.
type Test struct {
	Name      string                    `yaml:"name"`
	Rules     []string                  `yaml:"rules"`
	Params    map[string]map[string]any `yaml:"params"`
	Now       string                    `yaml:"now"`
	Records   []yaml.Node               `yaml:"records"`
	Expect    []Expect                  `yaml:"expect"`
	Withdrawn []Expect                  `yaml:"withdrawn"`
	Steps     []Step                    `yaml:"steps"`
}

// Step is one point of a test: records arrive, the clock moves to now, warnings are checked.
type Step struct {
	Now       string      `yaml:"now"`
	Records   []yaml.Node `yaml:"records"`
	Expect    []Expect    `yaml:"expect"`
	Withdrawn []Expect    `yaml:"withdrawn"`
}

// Expect is a warning expected: its rule and subject (the case number, or an aggregate
// group), and optionally its severity, the number of violations and words of its message.
type Expect struct {
	Rule     string `yaml:"rule"`
	Case     string `yaml:"case"`
	Subject  string `yaml:"subject"`
	Severity string `yaml:"severity"`
	Hits     int    `yaml:"hits"`
	Message  string `yaml:"message"`
}

func (x Expect) subject() string {
	if x.Subject != "" {
		return x.Subject
	}
	return x.Case
}

func (x Expect) String() string {
	s := x.Rule + " on " + x.subject()
	if x.Severity != "" {
		s += " (" + x.Severity + ")"
	}
	return s
}

// Result is the outcome of one test.
type Result struct {
	File     string
	Test     string
	Failures []string
}

// Passed reports whether the test passed.
func (r Result) Passed() bool { return len(r.Failures) == 0 }

func (r Result) String() string {
	if r.Passed() {
		return fmt.Sprintf("PASS %s: %s", r.File, r.Test)
	}
	return fmt.Sprintf("FAIL %s: %s\n  %s", r.File, r.Test, strings.Join(r.Failures, "\n  "))
}
