package pacer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/qingfeng-court/qingfeng"
)

// copyOf is one docket object read, with where it was.
type copyOf struct {
	d    *docket
	line int
}

// proceeding is the copies of one (court, docket number), in file order.
type proceeding struct {
	court  *qingfeng.Court
	number string
	copies []copyOf
}

// read groups the dockets of r by (court, docket number), keeping the order of first sight.
func read(name string, r io.Reader, dir *Directory) ([]*proceeding, *Result, error) {
	res := &Result{}
	byKey := map[string]*proceeding{}
	var order []*proceeding
	unknown := map[string]bool{}
	br := bufio.NewReaderSize(r, 1<<20)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			d := &docket{}
			if jerr := json.Unmarshal(b, d); jerr != nil {
				return nil, nil, fmt.Errorf("pacer %s line %d: %w", name, line, jerr)
			}
			res.Stats.Dockets++
			res.Stats.Entries += len(d.Entries)
			id, number := d.CourtID.clean(), d.DocketNumber.clean()
			if id == "" || number == "" {
				return nil, nil, fmt.Errorf("pacer %s line %d: a docket needs court_id and docket_number", name, line)
			}
			chain, known := dir.Court(id)
			if !known && !unknown[id] {
				unknown[id] = true
				res.Stats.UnknownCourts = append(res.Stats.UnknownCourts, id)
			}
			key := chain[0].ID + "\x00" + number
			p := byKey[key]
			if p == nil {
				p = &proceeding{court: chain[0], number: number}
				byKey[key] = p
				order = append(order, p)
			} else {
				res.Stats.Copies++
			}
			p.copies = append(p.copies, copyOf{d: d, line: line})
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("pacer %s line %d: %w", name, line, err)
		}
	}
	res.Stats.Proceedings = len(order)
	sort.Strings(res.Stats.UnknownCourts)
	return order, res, nil
}
