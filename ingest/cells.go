package ingest

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/qingfeng-court/qingfeng"
)

// The conversions of an export's cells into the values canonical fields hold.
var (
	dateType  = reflect.TypeOf(qingfeng.Date(0))
	moneyType = reflect.TypeOf(qingfeng.Money(0))
	moneyJunk = strings.NewReplacer(",", "", "，", "", "¥", "", "￥", "", "元", "")
)

// convert turns a cell into the JSON value the canonical field expects.
func (m *mapper) convert(fp *fieldPlan, s string) (any, *Problem) {
	ft := fp.typ
	switch {
	case ft == dateType:
		t, err := parseWithFormats(s, formatsOf(fp.f), m.p.zone)
		if err != nil {
			return nil, rDateFormat.at(fp.label, s, strings.Join(formatsOf(fp.f), " | "))
		}
		if y := t.Year(); m.direct != nil && y >= 1 && y <= 9999 {
			// The day itself, for the direct path; the JSON way writes it as the text below.
			return qingfeng.DateOf(t), nil
		}
		return t.Format(time.DateOnly), nil
	case ft == moneyType:
		return moneyJunk.Replace(s), nil
	case ft.Kind() == reflect.Bool:
		switch strings.ToLower(s) {
		case "1", "true", "yes", "y", "是", "有", "√":
			return true, nil
		case "0", "false", "no", "n", "否", "无", "":
			return false, nil
		}
		return nil, rJSONField.at(fp.label, s, "expected a yes/no value")
	case ft.Kind() == reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, rJSONField.at(fp.label, s, "expected an integer")
		}
		return n, nil
	case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
		return strings.FieldsFunc(s, func(r rune) bool {
			return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '|'
		}), nil
	}
	return s, nil
}

func formatsOf(f FieldMap) []string {
	if len(f.Format) == 0 {
		return []string{time.DateOnly}
	}
	return f.Format
}

// instant reads an event time: a date (midnight) or a date-time, in the profile's offset.
func (m *mapper) instant(r *row, fp *fieldPlan) (string, *Problem) {
	s := fp.f.Value
	if fp.src != nil {
		s = r.get(fp.src)
	}
	t, err := parseWithFormats(s, formatsOf(fp.f), m.p.zone)
	if err != nil {
		return "", rDateFormat.at(fp.label, s, strings.Join(formatsOf(fp.f), " | "))
	}
	return t.Format(time.RFC3339), nil
}

// excelEpoch is day 0 of spreadsheet serial dates (1900 date system, as Excel and WPS count
// it after their 1900-02-29 quirk).
var excelEpoch = [3]int{1899, 12, 30}

// parseWithFormats tries each format in turn: a Go time layout, or unix (seconds), unix_ms
// (milliseconds) or excel (a spreadsheet serial day number), read in loc.
func parseWithFormats(s string, formats []string, loc *time.Location) (time.Time, error) {
	for _, layout := range formats {
		switch layout {
		case "unix", "unix_ms":
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				continue
			}
			if layout == "unix_ms" {
				return time.UnixMilli(n).In(loc), nil
			}
			return time.Unix(n, 0).In(loc), nil
		case "excel":
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || f < 1 || f > 2958465 { // 2958465 is 9999-12-31
				continue
			}
			days := math.Floor(f)
			secs := math.Round((f - days) * 86400)
			t := time.Date(excelEpoch[0], time.Month(excelEpoch[1]), excelEpoch[2], 0, 0, 0, 0, loc)
			return t.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), nil
		}
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("no format matches")
}
