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

// storedHashIn is storedHash for a 32-digit hex hash, decoded into the free end of slab (which
// must have room for it, so that the bytes earlier hashes were given stay put); nil for any
// other hash.
func storedHashIn(slab []byte, h string) (any, []byte) {
	if len(h) != 32 || cap(slab)-len(slab) < 16 {
		return nil, slab
	}
	for i := range len(h) {
		if c := h[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return nil, slab
		}
	}
	start := len(slab)
	for i := 0; i < 32; i += 2 {
		slab = append(slab, hexNibble(h[i])<<4|hexNibble(h[i+1]))
	}
	return slab[start:len(slab):len(slab)], slab
}

func hexNibble(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'a' + 10
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
