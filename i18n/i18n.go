// Package i18n chooses the language of user-facing text. Chinese (zh-CN) is the default;
// English is available everywhere a message is shown. Packages keep their own message tables
// as Text values, so a message and its translation sit side by side.
package i18n

import (
	"fmt"
	"os"
	"strings"
)

// Lang is a user-interface language.
type Lang string

// Supported languages.
const (
	ZH Lang = "zh-CN"
	EN Lang = "en"
)

// Parse reads a language tag or an Accept-Language header and returns the best supported
// language, zh-CN when nothing matches.
func Parse(s string) Lang {
	for _, part := range strings.Split(s, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return ZH
		case strings.HasPrefix(tag, "en"):
			return EN
		}
	}
	return ZH
}

// FromEnv returns the language chosen by QINGFENG_LANG, or zh-CN.
func FromEnv() Lang { return Parse(os.Getenv("QINGFENG_LANG")) }

// Text is one message in both languages; both are fmt formats taking the same arguments.
type Text struct{ ZH, EN string }

// In formats the message in language l. Arguments that are themselves Texts are rendered in
// the same language, so a message can name a thing ("法院" / "court") in either.
func (t Text) In(l Lang, args ...any) string {
	f := t.ZH
	if l == EN {
		f = t.EN
	}
	if len(args) == 0 {
		return f
	}
	local := make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(Text); ok {
			a = t.In(l)
		}
		local[i] = a
	}
	return fmt.Sprintf(f, local...)
}
