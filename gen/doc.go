// Package gen generates a synthetic province — Fujian's courts, staff, lawyers and several years
// of matters flowing through them — as the canonical interchange format, one JSON Lines file per
// source system, together with truth.jsonl (the anomalies it injected, so that the risk rules
// can be scored) and manifest.json.
//
// The output is a pure function of the Config: every matter draws its randomness from the seed
// and its own index, matters are generated in parallel and written in index order, and the
// little that needs global order (case-number serials, record ids, clusters that span matters)
// is assigned in one sequential stage. Distributions, courts, names and anomaly rates are data
// files under gen/data, embedded; each names its source or says that a figure is invented.
package gen
