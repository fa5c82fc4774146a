package casenum

import (
	"strconv"
	"strings"
)

// Number is a parsed case number (案号).
type Number struct {
	Year   int    `json:"year"`             // 收案年度, e.g. 2024
	Court  string `json:"court"`            // 法院代字, e.g. 闽0102, 最高法; for a legacy number the old abbreviation (鼓), empty for the SPC
	Type   string `json:"type"`             // 类型代字, e.g. 民初, 执恢, 知民终; for a legacy number the old type text (民一终)
	Serial int    `json:"serial"`           // 案件编号
	Sub    int    `json:"sub,omitempty"`    // 之N suffix (之二 = 2); 0 when absent
	Legacy bool   `json:"legacy,omitempty"` // an old-style number (…民初字第123号)
}

// String formats the number in the normalised new style: full-width brackets, ASCII digits,
// no spaces, e.g. （2024）闽0102民初1234号之二.
func (n Number) String() string {
	var b strings.Builder
	b.WriteString("（")
	b.WriteString(strconv.Itoa(n.Year))
	b.WriteString("）")
	b.WriteString(n.Court)
	b.WriteString(n.Type)
	if n.Legacy {
		b.WriteString("字第")
	}
	b.WriteString(strconv.Itoa(n.Serial))
	b.WriteString("号")
	if n.Sub > 0 {
		b.WriteString("之")
		b.WriteString(chineseNumeral(n.Sub))
	}
	return b.String()
}

// chineseNumeral writes 1..99 as 一 … 九十九, the form used in 之N suffixes.
func chineseNumeral(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + digits[n-10]
	case n < 100:
		s := digits[n/10] + "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
	return strconv.Itoa(n)
}
