package casenum

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRejections(t *testing.T) {
	next := now().Year() + 1
	cases := []struct{ in, code string }{
		{"〔2015〕25号", CodeDocumentNumber},
		{"法〔2015〕137号", CodeDocumentNumber},
		{"法释〔2020〕17号", CodeDocumentNumber},
		{"国办发[2021]15号", CodeDocumentNumber},
		{"京政发【2020】12号", CodeDocumentNumber},
		{"（2020）闽榕证字第1234号", CodeNotarial},
		{"（2020）京长安内经证字第123号", CodeNotarial},
		{"（2021）闽厦鹭江公证字第88号", CodeNotarial},
		{"（2010）鼓民证第1号", CodeNotarial},
		{"（2020）榕仲字第123号", CodeArbitration},
		{"（2019）穗劳人仲案字第123号", CodeArbitration},
		{"（2020）深仲裁字第5号", CodeArbitration},
		{"（1900）闽0102民初1号", CodeYear},
		{"（1948）民初字第1号", CodeYear},
		{"（2999）闽0102民初1号", CodeYear},
		{fmt.Sprintf("（%d）闽0102民初1号", next+1), CodeYear},
		{"（20）闽0102民初1号", CodeYear},
		{"（99）民终字第12号", CodeYear},
		{"", CodeEmpty},
		{" \u3000\t", CodeEmpty},
		{"hello", CodeFormat},
		{"2024闽0102民初1号", CodeFormat},
		{"（2024", CodeFormat},
		{"（二〇二四）闽0102民初1号", CodeFormat},
		{"（2024）", CodeFormat},
		{"（2024）闽0102民初", CodeFormat},
		{"（2024）闽0102民初1号。", CodeFormat},
		{"（2024）闽0102民初1号附件", CodeFormat},
		{"\xff\xfe", CodeFormat},
		{"（2024）闽0102民初" + strings.Repeat("1", 80) + "号", CodeFormat},
		{"（2010）鼓ABC民初字第1号", CodeFormat},
		{"（2024）闽0102民初0号", CodeSerial},
		{"（2024）闽0102民初000号", CodeSerial},
		{"（2024）闽0102民初1234567890号", CodeSerial},
		{"（2024）闽0102民初1号之零", CodeSub},
		{"（2024）闽0102民初1号之0", CodeSub},
		{"（2024）闽0102民初1号之一百", CodeSub},
		{"（2024）闽0102民初1号之100", CodeSub},
		{"（2024）闽0102民初1号之", CodeSub},
		{"（2024）闽012民初1号", CodeCourtCode},
		{"（2024）闽010203民初1号", CodeCourtCode},
		{"（2024）榕民初1号", CodeCourtCode},
		{"（2024）滇01民初1号", CodeCourtCode},
		{"（2024）蒙01民初1号", CodeCourtCode},
		{"（2024）最高法01民初1号", CodeCourtCode},
		{"（2024）闽0102民X1号", CodeUnknownType},
		{"（2024）闽0102民提1号", CodeUnknownType},
		{"（2024）闽0102知执1号", CodeUnknownType},
		{"（2024）闽0102号", CodeUnknownType},
		{"（2010）鼓字第1号", CodeUnknownType},
	}
	for _, c := range cases {
		n, err := Parse(c.in)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) = %v, %v; want a *Error with code %s", c.in, n, err, c.code)
			continue
		}
		if e.Code != c.code {
			t.Errorf("Parse(%q) code = %s (%s), want %s", c.in, e.Code, e.MessageEn, c.code)
		}
		if e.Input != c.in || e.Message == "" || e.MessageEn == "" {
			t.Errorf("Parse(%q) error incomplete: %+v", c.in, e)
		}
		if _, err := Normalize(c.in); err == nil {
			t.Errorf("Normalize(%q) accepted what Parse rejects", c.in)
		}
	}
}

// TestYearBoundsFollowClock pins the clock: next year is accepted, the one after is not.
func TestYearBoundsFollowClock(t *testing.T) {
	saved := now
	defer func() { now = saved }()
	for _, year := range []int{2030, 2041} {
		now = func() time.Time { return time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC) }
		if _, err := Parse(fmt.Sprintf("（%d）闽0102民初1号", year+1)); err != nil {
			t.Errorf("clock %d: next year rejected: %v", year, err)
		}
		if _, err := Parse(fmt.Sprintf("（%d）闽0102民初1号", year+2)); !hasCode(err, CodeYear) {
			t.Errorf("clock %d: year after next accepted: %v", year, err)
		}
	}
	if _, err := Parse("（1949）民初字第1号"); err != nil {
		t.Errorf("1949 rejected: %v", err)
	}
}

func hasCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}
