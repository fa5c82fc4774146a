package casenum

import (
	"strings"
	"unicode"
)

// legacy reads the body of an old-style number (before 字第): an optional court abbreviation
// and the type text, split at the first character that can start a type (刑, 民, 执 …; the
// table's legacy_type_initials). The split is a reading aid, not a check: old abbreviations
// were chosen freely and some contain such a character (新民 → 新 + 民…).
func (t *Types) legacy(input string, n Number, body string) (Number, error) {
	split := -1
	for i, r := range body {
		if t.legacyInitials[r] {
			split = i
			break
		}
	}
	if split < 0 {
		return Number{}, reject(input, CodeUnknownType, "旧式案号中找不到案件类型：%s", "no case type found in the old-style number: %s", body)
	}
	court, typ := body[:split], body[split:]
	if !legacyRunes(court, false) || !legacyRunes(typ, true) {
		return Number{}, reject(input, CodeFormat, "旧式案号含有无法识别的字符：%s", "unreadable characters in the old-style number: %s", body)
	}
	n.Court, n.Type, n.Legacy = court, typ, true
	// Writing 字第 back can complete a pattern the input did not show (民证 + 字 = 证字).
	if e := classify(input, n.String()); e != nil {
		return Number{}, e
	}
	return n, nil
}

// legacyRunes admits Chinese characters and digits, and in the type part the brackets of
// qualifiers such as 民三（知）终.
func legacyRunes(s string, brackets bool) bool {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r), r >= '0' && r <= '9':
		case brackets && strings.ContainsRune("（）", r):
		default:
			return false
		}
	}
	return true
}
