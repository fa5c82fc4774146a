package casenum

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// legacy reads the body of an old-style number (before 字第): an optional court abbreviation
// and the type text, split at a character that can start a type (刑, 民, 执 …; the table's
// legacy_type_initials). The split is a reading aid, not a check: old abbreviations were
// chosen freely and some contain such a character. The first initial after which the rest
// reads as type text wins — 经开刑初 is 经开 (a development-zone court) + 刑初, not 经 (an
// old economic-case type) + 开刑初 — and failing that the first initial (新民 → 新 + 民…).
func (t *Types) legacy(input string, n Number, body string) (Number, error) {
	split, first := -1, -1
	for i, r := range body {
		if !t.legacyInitials[r] {
			continue
		}
		if first < 0 {
			first = i
		}
		if t.typeText(body[i+utf8.RuneLen(r):]) {
			split = i
			break
		}
	}
	if split < 0 {
		split = first
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

// typeChars are the characters that follow a type initial in old type texts: stages (初 终 再
// 监 申 提 …), subject words (知 商 外 …), division numbers (民一, 民四) and bracketed
// qualifiers (民三（知）终).
const typeChars = "初终再监申提保执异复恢特催督破清算核更抗辖撤审赔请诉调前外涉知商经海行刑民委立司救惩认港澳台协财证医没重" +
	"一二三四五六七八九十（）0123456789"

// typeText reports whether s, the rest of a type after its initial, is made only of typeChars.
func (t *Types) typeText(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune(typeChars, r) && !t.legacyInitials[r] {
			return false
		}
	}
	return true
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
