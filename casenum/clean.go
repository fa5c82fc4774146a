package casenum

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxInputRunes bounds the work done on hostile input; real case numbers stay under 40
// characters even in the longest legacy forms.
const maxInputRunes = 64

// clean removes spaces and zero-width characters anywhere, and folds full-width digits,
// half-width or small-form parentheses and traditional characters to the normalised forms, so
// later steps see one spelling.
func clean(input string) (string, *Error) {
	if !utf8.ValidString(input) {
		return "", reject(input, CodeFormat, "不是有效的 UTF-8 文本", "not valid UTF-8 text")
	}
	var b strings.Builder
	b.Grow(len(input))
	count := 0
	for _, r := range input {
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\u200c', r == '\u200d', r == '\ufeff':
			continue
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case r == '(' || r == '﹙':
			r = '（'
		case r == ')' || r == '﹚':
			r = '）'
		case r >= utf8.RuneSelf: // the traditional characters folded are none of them ASCII
			if s, ok := traditional[r]; ok {
				r = s
			}
		}
		b.WriteRune(r)
		count++
	}
	s := b.String()
	switch {
	case s == "":
		return "", reject(input, CodeEmpty, "案号为空", "the case number is empty")
	case count > maxInputRunes:
		return "", reject(input, CodeFormat, "过长，不像案号（超过 %d 个字符）", "too long for a case number (over %d characters)", maxInputRunes)
	}
	return s, nil
}

// classify recognises the numbers most often pasted into a case-number field by mistake.
func classify(input, s string) *Error {
	switch {
	case strings.ContainsAny(s, "〔〕[]［］【】"):
		return reject(input, CodeDocumentNumber, "这是文件文号（〔年份〕），不是案号", "this is a document number (〔year〕), not a case number")
	case strings.Contains(s, "公证") || strings.Contains(s, "证字"):
		return reject(input, CodeNotarial, "这是公证书编号，不是案号", "this is a notarial certificate number, not a case number")
	case strings.Contains(s, "仲"):
		return reject(input, CodeArbitration, "这是仲裁案号，不是法院案号", "this is an arbitration case number, not a court case number")
	}
	return nil
}
