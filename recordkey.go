package qingfeng

import (
	"encoding/json"
	"unicode/utf8"
)

// AppendKeyOpen appends the envelope a record body starts with, {"kind":…,"src":…,"src_id":…
// without its closing brace, exactly as encoding/json writes the key. Bodies are hashed, so the
// bytes must not change: keys of plain text (the usual ones) are written directly, and any
// other goes through encoding/json, whose escaping (HTML characters, U+2028, invalid UTF-8)
// stays the reference.
func AppendKeyOpen(dst []byte, k Key) []byte {
	if !plainJSON(string(k.Kind)) || !plainJSON(k.Src) || !plainJSON(k.SrcID) {
		env, _ := json.Marshal(k)
		return append(dst, env[:len(env)-1]...)
	}
	dst = append(dst, `{"kind":"`...)
	dst = append(dst, k.Kind...)
	dst = append(dst, `","src":"`...)
	dst = append(dst, k.Src...)
	dst = append(dst, `","src_id":"`...)
	dst = append(dst, k.SrcID...)
	return append(dst, '"')
}

// plainJSON reports whether encoding/json writes s between quotes unchanged: valid UTF-8
// without control characters, quotes, backslashes, the characters it escapes for HTML, or the
// line and paragraph separators.
func plainJSON(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}
