// Package review is 四类案件 supervision and 阅核 (review-and-check): identifying the supervised
// cases from the data (rules in defs/review/fourtype.yaml) and by hand, routing a draft decision
// to the reviewer its court's ranks name (defs/review/routing.yaml), and the review state
// machine of the reference notes §C.3, enforced on the server with its invariants I1–I7.
//
// The point of 阅核, as opposed to the old approval (审批), is that a president or division chief
// who disagrees cannot change the result: the machine gives a reviewer no action that writes the
// document, only measures that start a procedure (reconsideration, the professional judges'
// meeting, the adjudication committee, whose decision the panel must then carry out).
//
// Two paths drive the same machine (Step): the JSON API (Service, package reviewapi), and the
// canonical review events of a court's own case system (Replay, Engine), which are projected per
// case from the log so that the result does not depend on the order events arrive in. Every
// action, accepted or refused, leaves a trail row.
package review
