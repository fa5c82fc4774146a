package gen

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// Generator and Version name the program and its output format in manifest.json. Version
// changes whenever the same config would produce different bytes.
const (
	Generator = "qingfeng-gen"
	Version   = "1"
)

// Manifest describes one generated data set; it is written as manifest.json.
type Manifest struct {
	Generator   string             `json:"generator"`
	Version     string             `json:"version"`
	Seed        int64              `json:"seed"`
	Matters     int                `json:"matters"`
	From        string             `json:"from"`
	AsOf        string             `json:"as_of"`
	Proceedings int                `json:"proceedings"` // distinct proceedings (件)
	Revisions   int                `json:"revisions"`   // proceedings written twice (pending, then closed)
	Counts      map[string]int     `json:"counts"`      // records per kind, revisions included
	Files       map[string]int     `json:"files"`       // lines per file
	Anomalies   map[string]int     `json:"anomalies"`   // truth.jsonl lines per anomaly
	Eligible    map[string]int     `json:"eligible"`    // units an anomaly could have been injected into
	Rates       map[string]float64 `json:"rates"`       // rates in force
	TypeCodes   map[string]int     `json:"type_codes"`  // proceedings per case-type code
}

func (m *Manifest) write(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "manifest.json"), append(b, '\n'), 0o644)
}
