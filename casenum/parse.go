package casenum

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// now is the clock behind the year check; a variable so tests can pin it.
var now = time.Now

// Bounds of a plausible receiving year: the People's Republic's courts date from 1949, and a
// number may be issued for next year around the new year.
const firstYear = 1949

// maxSerialDigits bounds a serial (刑核 serials are eight digits, the longest in use).
const maxSerialDigits = 9

// Parse reads a case number with the embedded table; see (*Types).Parse.
func Parse(s string) (Number, error) { return Default().Parse(s) }

// Normalize parses a case number with the embedded table and returns its normalised spelling.
func Normalize(s string) (string, error) { return Default().Normalize(s) }

// Normalize parses a case number and returns its normalised spelling.
func (t *Types) Normalize(s string) (string, error) {
	n, err := t.Parse(s)
	if err != nil {
		return "", err
	}
	return n.String(), nil
}

// Parse reads a case number. It accepts full- and half-width brackets, full-width digits,
// spaces anywhere, leading zeros in the serial, a missing 号, and 之N with Chinese numerals or
// digits. A new-style number's court code and type code must be in the table. An old-style
// number (…字第123号) comes back with Legacy set, Court holding the old abbreviation (empty
// for the SPC) and Type the old type text. Rejections are *Error values with a stable Code.
func (t *Types) Parse(s string) (Number, error) {
	t = orDefault(t)
	c, e := clean(s)
	if e != nil {
		return Number{}, e
	}
	if e := classify(s, c); e != nil {
		return Number{}, e
	}
	year, rest, e := readYear(s, c)
	if e != nil {
		return Number{}, e
	}
	body, sub, e := splitSub(s, rest)
	if e != nil {
		return Number{}, e
	}
	prefix, serial, e := splitSerial(s, body)
	if e != nil {
		return Number{}, e
	}
	n := Number{Year: year, Serial: serial, Sub: sub}
	switch {
	case strings.HasSuffix(prefix, "字第"):
		return t.legacy(s, n, strings.TrimSuffix(prefix, "字第"))
	case strings.HasSuffix(prefix, "字"):
		return t.legacy(s, n, strings.TrimSuffix(prefix, "字"))
	case strings.HasSuffix(prefix, "第"):
		// 第 without 字 appears in both styles; read it as new style when that works.
		trimmed := strings.TrimSuffix(prefix, "第")
		if got, err := t.newStyle(s, n, trimmed); err == nil || (err.Code != CodeCourtCode && err.Code != CodeUnknownType) {
			return got, nilIfNone(err)
		}
		return t.legacy(s, n, trimmed)
	}
	got, err := t.newStyle(s, n, prefix)
	return got, nilIfNone(err)
}

// nilIfNone turns a nil *Error into a nil error interface.
func nilIfNone(e *Error) error {
	if e == nil {
		return nil
	}
	return e
}

// readYear reads the leading （year） and checks its range.
func readYear(input, s string) (int, string, *Error) {
	if !strings.HasPrefix(s, "（") {
		return 0, "", reject(input, CodeFormat, "案号应以（收案年度）开头", "a case number starts with the year in brackets")
	}
	inner, rest, ok := strings.Cut(s[len("（"):], "）")
	if !ok || inner == "" || !allDigits(inner) {
		return 0, "", reject(input, CodeFormat, "案号应以（收案年度）开头", "a case number starts with the year in brackets")
	}
	last := now().Year() + 1
	if len(inner) != 4 {
		return 0, "", reject(input, CodeYear, "收案年度 %s 不是四位数字", "the year %s is not four digits", inner)
	}
	year, _ := strconv.Atoi(inner)
	if year < firstYear || year > last {
		return 0, "", reject(input, CodeYear, "收案年度 %d 不在 %d–%d 之间", "the year %d is outside %d–%d", year, firstYear, last)
	}
	return year, rest, nil
}

// splitSub separates a trailing 之N (after 号, or at the very end when 号 is missing).
func splitSub(input, rest string) (string, int, *Error) {
	if i := strings.LastIndex(rest, "号"); i >= 0 {
		body, tail := rest[:i], rest[i+len("号"):]
		if tail == "" {
			return body, 0, nil
		}
		num, ok := strings.CutPrefix(tail, "之")
		if !ok {
			return "", 0, reject(input, CodeFormat, "“号”之后有多余内容：%s", "unexpected text after 号: %s", tail)
		}
		sub, ok := parseSubNumber(num)
		if !ok {
			return "", 0, reject(input, CodeSub, "“之%s”不是 1–99 的序号", "之%s is not a number from 1 to 99", num)
		}
		return body, sub, nil
	}
	if i := strings.LastIndex(rest, "之"); i >= 0 {
		if sub, ok := parseSubNumber(rest[i+len("之"):]); ok {
			return rest[:i], sub, nil
		}
	}
	return rest, 0, nil
}

// splitSerial takes the trailing digits of the body as the serial, dropping leading zeros.
func splitSerial(input, body string) (string, int, *Error) {
	i := len(body)
	for i > 0 && body[i-1] >= '0' && body[i-1] <= '9' {
		i--
	}
	digits := body[i:]
	if digits == "" {
		return "", 0, reject(input, CodeFormat, "找不到案件编号", "no serial number found")
	}
	significant := strings.TrimLeft(digits, "0")
	switch {
	case significant == "":
		return "", 0, reject(input, CodeSerial, "案件编号不能为 0", "the serial number cannot be 0")
	case len(significant) > maxSerialDigits:
		return "", 0, reject(input, CodeSerial, "案件编号 %s 过长", "the serial number %s is too long", digits)
	}
	serial, _ := strconv.Atoi(significant)
	return body[:i], serial, nil
}

// newStyle reads court code + type code, both checked against the table.
func (t *Types) newStyle(input string, n Number, body string) (Number, *Error) {
	court, rest, ok := t.splitCourt(body)
	if !ok {
		r, _ := utf8.DecodeRuneInString(body)
		return Number{}, reject(input, CodeCourtCode, "未知的法院代字：%s", "unknown court code: %s", string(r))
	}
	if _, ok := t.Court(court); !ok || (rest != "" && rest[0] >= '0' && rest[0] <= '9') {
		return Number{}, reject(input, CodeCourtCode, "法院代字 %s 有误：省级代字后应有 0、2 或 4 位数字", "court code %s is malformed: 0, 2 or 4 digits follow the province", court+leadingDigits(rest))
	}
	if rest == "" {
		return Number{}, reject(input, CodeUnknownType, "缺少类型代字", "the case-type code is missing")
	}
	if info, ok := t.Lookup(rest); !ok || info.Legacy {
		return Number{}, reject(input, CodeUnknownType, "未知的类型代字：%s", "unknown case-type code: %s", rest)
	}
	n.Court, n.Type = court, rest
	return n, nil
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
