// Package indicator computes the trial-quality indicators (审判质量管理指标) — the SPC's 18 since
// September 2024, the 26 of January 2024 as far as they are known, and the international
// measures (CEPEJ, CourTools) — for every court, division, judge and period, with the exact
// proceedings behind every number.
//
// Indicators are data: a pack (defs/indicators/*.yaml) declares each indicator's numerator and
// denominator as measures over proceedings, matters, mediations, events or judges, selected by
// fields, origin relations and a date relative to the period. LoadPack checks a pack and names
// the file, line, indicator and reason of any fault.
//
// The Engine keeps the facts it needs in columns in memory, one row per proceeding, and the
// aggregates per unit, month and measure. It is built at start by replaying the store's log
// (Load) and kept current by Apply with the feed's changes: a change subtracts the old
// contributions of the proceedings it touches (its matter tree) and adds the new ones, so a
// new event costs microseconds, not a recomputation. Values for quarters, years and
// year-to-date are sums of months; a parent court's value sums its subtree's numerators and
// denominators, never ratios. Ledgers are recomputed from the columns on demand, so every
// number can be opened into its proceedings.
package indicator
