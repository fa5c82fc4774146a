package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/qingfeng-court/qingfeng"
	"github.com/qingfeng-court/qingfeng/i18n"
)

// table is a listing as it is exported: named columns and rows of text.
type table struct {
	name string // file name stem, e.g. quarantine
	cols []i18n.Text
	rows [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// format returns the export format the request asks for: "" for JSON, csv or xlsx.
func (c *call) format() (string, error) {
	switch f := c.r.URL.Query().Get("format"); f {
	case "", "json":
		return "", nil
	case "csv", "xlsx":
		return f, nil
	default:
		return "", badRequest("不支持的格式 %q（可选 json、csv、xlsx）", "unsupported format %q (json, csv or xlsx)", f)
	}
}

// answer sends v as JSON, or the table as CSV or .xlsx when the request asks for an export,
// which it records in the audit log with the row count.
func (c *call) answer(v any, t func() *table) error {
	f, err := c.format()
	if err != nil {
		return err
	}
	if f == "" {
		c.json(http.StatusOK, v)
		return nil
	}
	tbl := t()
	if err := c.record("export", c.r.URL.Path+"?"+c.r.URL.RawQuery, c.p.CourtID, qingfeng.AuditOK,
		fmt.Sprintf("format=%s rows=%d", f, len(tbl.rows))); err != nil {
		return err
	}
	name := tbl.name + "." + f
	c.w.Header().Set("Content-Disposition", "attachment; filename="+name+"; filename*=UTF-8''"+url.PathEscape(name))
	c.w.Header().Set("Cache-Control", "no-store")
	if f == "csv" {
		return c.writeCSV(tbl)
	}
	return c.writeXLSX(tbl)
}

func (c *call) header(t *table) []string {
	out := make([]string, len(t.cols))
	for i, col := range t.cols {
		out[i] = col.In(c.lang)
	}
	return out
}

// writeCSV writes UTF-8 with a byte-order mark, which is what makes Excel on a Chinese Windows
// read the Chinese text correctly. Cells that a spreadsheet would run as formulas are quoted.
func (c *call) writeCSV(t *table) error {
	c.w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	c.w.Write([]byte("\uFEFF"))
	w := csv.NewWriter(c.w)
	w.Write(c.header(t))
	for _, r := range t.rows {
		safe := make([]string, len(r))
		for i, v := range r {
			safe[i] = defuse(v)
		}
		w.Write(safe)
	}
	w.Flush()
	return w.Error()
}

// defuse keeps a cell from being read as a formula (CSV injection): text starting with = + - @
// gets a leading apostrophe, as spreadsheet programs expect.
func defuse(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		if _, err := fmt.Sscanf(v, "%g", new(float64)); err == nil {
			return v // a negative number
		}
		return "'" + v
	}
	return v
}

func (c *call) writeXLSX(t *table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	row := func(n int, cells []string) error {
		vals := make([]any, len(cells))
		for i, v := range cells {
			vals[i] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(cell, vals)
	}
	if err := row(1, c.header(t)); err != nil {
		return err
	}
	for i, r := range t.rows {
		if err := row(i+2, r); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	_, err = f.WriteTo(c.w)
	return err
}
