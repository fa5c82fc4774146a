// Package ingest turns source files into stored records: JSON Lines in the canonical format,
// and CSV exports through a mapping profile. Every line is decoded, normalised (case numbers,
// identity numbers hashed with the installation's key) and validated; good records are
// committed in batches, each batch one transaction, and bad ones go to quarantine with the
// file, line, field, value and reason, where they can be fixed and ingested again.
//
// Reference records (courts, divisions, staff, relatives, lawyers) are loaded before casework
// whatever order the files come in, so a proceeding can be checked against its court.
package ingest
