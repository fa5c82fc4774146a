// Package qingfeng holds the domain model of Qingfeng, the court trial-quality and
// integrity-risk platform: courts, divisions, people, lawyers, proceedings (件), matters (案),
// events, and the envelope every ingested record travels in.
//
// Every other package depends on this one and this one depends on nothing of the project's.
// The JSON shapes here are the canonical interchange format v1 (see docs/data-format.md):
// a field's JSON name is the contract, the Go name is for readers of the code.
package qingfeng
