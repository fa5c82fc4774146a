// Package risk is Qingfeng's integrity-risk engine (清风): it follows the record log, keeps what
// the rules of a pack (package rules) need in memory — every proceeding with its events, its
// matter, the staff, lawyers and declared relatives — evaluates the rules on each proceeding a
// change touches, and turns their hits into warnings that people handle.
//
// Evaluation is by proceeding: a change re-evaluates the proceedings it touches (the
// proceeding, its origin and the proceedings derived from it; a case record its whole matter)
// on their complete, ordered history, so that an event that arrives late or out of order is
// judged where it belongs, and a warning whose rule no longer holds (a deadline met by an event
// that arrived after the warning) is withdrawn. Each evaluation also says when its result may
// next change without new data — an absence's deadline, a reminder's day — and the engine keeps
// a durable timer for that day.
//
// Everything a step changes — warnings, their history, timers and the log position reached — is
// saved in one transaction (store.Warnings.SaveRisk). After a restart the engine rebuilds its
// memory by replaying the log up to the saved position without evaluating, then continues from
// there: no timer is lost and no warning raised twice, since warnings are keyed by rule and
// subject.
//
// Warnings are deduplicated per rule and proceeding (per rule and group for aggregate rules),
// re-fired when their situation worsens (a higher severity, more violations), and carried
// through a handling workflow recorded with actor and time (qingfeng.WarningState).
package risk
