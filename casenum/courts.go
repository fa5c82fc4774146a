package casenum

import (
	"strings"
	"unicode/utf8"

	"github.com/qingfeng-court/qingfeng"
)

// Province is a top-level court code: 最高法, or a high court's one-character code (闽, 兵, 军).
type Province struct {
	Code   string
	Court  string // the court's name, e.g. 福建省高级人民法院
	Region string // GB/T 2260 province number, empty for 最高法, 兵 and 军
	Level  qingfeng.CourtLevel
	Note   string
}

// Numbering names a range of two-digit court numbers reserved for specialised or cross-region
// courts (71 railway, 72 maritime, 73 IP …).
type Numbering struct {
	From, To int
	Kind     string // e.g. railway, maritime, intellectual_property
	Name     string
	Basic    bool // also names basic courts whose four digits start with the number
	Note     string
}

// CourtCode is a parsed court code (法院代字).
type CourtCode struct {
	Code     string
	Province Province
	Digits   string // "", two or four ASCII digits
	Level    qingfeng.CourtLevel
	Kind     string // from the numbering table; empty for a regional court
	KindName string
}

// Court parses and checks a court code: 最高法, or a province code followed by no digits (high
// court), two (intermediate) or four (basic). The level follows from the number of digits
// alone; specialised courts follow the same rule (沪72 maritime → intermediate, 京7101
// railway → basic), and the numbering table only names their kind.
func (t *Types) Court(code string) (CourtCode, bool) {
	if p, ok := t.provinces[code]; ok {
		return CourtCode{Code: code, Province: p, Level: p.Level}, true
	}
	r, size := utf8.DecodeRuneInString(code)
	p, ok := t.provinces[string(r)]
	if !ok || p.Level != qingfeng.LevelHigh {
		return CourtCode{}, false
	}
	digits := code[size:]
	if !allDigits(digits) {
		return CourtCode{}, false
	}
	c := CourtCode{Code: code, Province: p, Digits: digits}
	switch len(digits) {
	case 2:
		c.Level = qingfeng.LevelIntermediate
	case 4:
		c.Level = qingfeng.LevelBasic
	default:
		return CourtCode{}, false
	}
	if n, ok := t.numberingOf(digits); ok {
		c.Kind, c.KindName = n.Kind, n.Name
	}
	return c, true
}

// Level is the level of the court a code designates, or "" when the code is not valid.
func (t *Types) Level(code string) qingfeng.CourtLevel {
	c, _ := t.Court(code)
	return c.Level
}

// Level is the level of the court a code designates in the embedded table: 最高法 → supreme,
// 闽 → high, 闽01 → intermediate, 闽0102 → basic; "" when the code is not valid.
func Level(courtCode string) qingfeng.CourtLevel { return Default().Level(courtCode) }

func (t *Types) numberingOf(digits string) (Numbering, bool) {
	lead := int(digits[0]-'0')*10 + int(digits[1]-'0')
	for _, n := range t.numbering {
		if lead >= n.From && lead <= n.To && (len(digits) == 2 || n.Basic) {
			return n, true
		}
	}
	return Numbering{}, false
}

// splitCourt reads the court code at the start of a new-style body: a multi-character top-level
// code (最高法) if one matches, else a one-character code and the digits after it.
func (t *Types) splitCourt(body string) (court, rest string, ok bool) {
	for _, code := range t.multiRune {
		if strings.HasPrefix(body, code) {
			return code, body[len(code):], true
		}
	}
	r, size := utf8.DecodeRuneInString(body)
	if _, known := t.provinces[string(r)]; !known {
		return "", body, false
	}
	end := size
	for end < len(body) && body[end] >= '0' && body[end] <= '9' {
		end++
	}
	return body[:end], body[end:], true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
