// Package rules is the rule-pack format of Qingfeng's integrity-risk engine and its evaluation.
//
// A pack is a set of YAML files under defs/rules/ (in the spirit of Prometheus rule files):
// groups of rules, each with an id, Chinese and English names, a risk family, a severity, the
// sources it needs, its legal basis, parameters a court may change without editing the rule,
// a message template, and one or more checks in one of four forms:
//
//   - condition: an expr-lang/expr condition on one event, or on the proceeding as a whole;
//   - sequence: "after A, B within a period" — days, working days, months, hours, a named row
//     of the time-limit table, or the statutory deadline, which moves with deductions,
//     suspensions and approved extensions — reporting a B that came late and, once the
//     deadline has passed, a B that never came (absence), with reminders before it;
//   - aggregate: counts, shares and concentrations over events, proceedings or agents,
//     grouped (by judge, lawyer, division, court …) and windowed, with minimum samples;
//   - relation: a join across sources (agents and parties against staff relatives, former
//     staff, the panels of a matter's other proceedings, HR status periods) with a condition.
//
// A rule looks only at the proceedings of courts in the countries it, or its group, names
// (countries: [US]; ISO 3166-1 codes, checked at load); with none named it applies in China
// alone, so that the pack's Chinese rules never judge a foreign court's docket.
//
// Every expression is compiled and type-checked at load against the case and event schema
// (Attrs, EventView, CaseView), so that a misspelt field or a comparison of a date with a
// string fails at load with the file, line, rule id and position.
//
// Evaluation is per proceeding: an Evaluator is given a Context (the proceeding, its events in
// order, its origin, derived proceedings and matter, reference data, and the day to evaluate
// on) and returns the rules' hits, with the next day the result may change (for timers).
// Aggregate rules are evaluated in two steps: Items (what one proceeding contributes to which
// group) and GroupHit (the verdict on a group's items). The risk package keeps the state and the
// warnings; this package holds no state between calls.
package rules
