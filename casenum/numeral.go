package casenum

import (
	"strconv"
	"strings"
)

// maxSub is the largest 之N suffix accepted; String writes 1–99 as Chinese numerals.
const maxSub = 99

var chineseDigits = map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// parseSubNumber reads the N of 之N: ASCII digits, or a Chinese numeral from 一 to 九十九
// (十, 十二, 二十, 二十三).
func parseSubNumber(s string) (int, bool) {
	if s != "" && allDigits(s) {
		v, err := strconv.Atoi(strings.TrimLeft(s, "0"))
		return v, err == nil && v >= 1 && v <= maxSub
	}
	rs := []rune(s)
	d := func(i int) int { return chineseDigits[rs[i]] } // 0 when not a digit
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10, true
	case len(rs) == 1 && d(0) > 0:
		return d(0), true
	case len(rs) == 2 && rs[0] == '十' && d(1) > 0:
		return 10 + d(1), true
	case len(rs) == 2 && d(0) > 0 && rs[1] == '十':
		return d(0) * 10, true
	case len(rs) == 3 && d(0) > 0 && rs[1] == '十' && d(2) > 0:
		return d(0)*10 + d(2), true
	}
	return 0, false
}
