package cli

import (
	"encoding/json"
	"io"
)

// writeJSON prints v as indented JSON: what every command's --format json writes, so that
// scripts and people read the same output.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
