package sqlite

import "encoding/hex"

// storedHash is how a content hash is kept: the 16 bytes of a 32-digit lowercase hex hash (the
// form qingfeng.NewRecord writes) as a BLOB, half the size in the log and the heads; any other
// hash as the text given.
func storedHash(h string) any {
	if len(h) != 32 {
		return h
	}
	for i := range len(h) {
		if c := h[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return h
		}
	}
	b, _ := hex.DecodeString(h)
	return b
}

// hashText turns a stored hash back into the text it was given as.
func hashText(v any) string {
	switch v := v.(type) {
	case []byte:
		return hex.EncodeToString(v)
	case string:
		return v
	}
	return ""
}
