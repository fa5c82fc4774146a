// Package anchor is what the risk engine's throughput is measured against: the sequence and
// absence rules of the default pack (Rules) written the ways one would write them without the
// engine — as a hand-written Go loop over the decoded log (Loop), and as the scheduled SQL a
// BI user would write over an event table, NOT EXISTS of the answering event within the period
// (Queries, over the tables Schema creates and Rows fills) — and an in-memory warnings store
// (Memory) so that a benchmark of the engine measures evaluation rather than a database.
//
// The risk package's benchmarks run the Go loop and the SQL on SQLite; the bench module runs
// the same SQL on DuckDB (bench/risk), with the Go loop in the same run as the common measure.
package anchor
