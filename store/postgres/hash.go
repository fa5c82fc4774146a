package postgres

import (
	"encoding/binary"
	"encoding/hex"
)

// storedHash is how a content hash is kept in a bytea column: the 16 bytes of a 32-digit
// lowercase hex hash (the form qingfeng.NewRecord writes), half the size of its text; any other
// hash as its text behind its length (a varint), padded with a zero byte in the one case where
// that would make exactly 16 bytes, so that the two forms never meet.
func storedHash(h string) []byte {
	if canonical(h) {
		b, _ := hex.DecodeString(h)
		return b
	}
	b := binary.AppendUvarint(make([]byte, 0, len(h)+2), uint64(len(h)))
	b = append(b, h...)
	if len(b) == 16 {
		b = append(b, 0)
	}
	return b
}

func canonical(h string) bool {
	if len(h) != 32 {
		return false
	}
	for i := range len(h) {
		if c := h[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// hashText turns a stored hash back into the text it was given as.
func hashText(b []byte) string {
	if len(b) == 16 {
		return hex.EncodeToString(b)
	}
	n, w := binary.Uvarint(b)
	if w <= 0 || uint64(len(b)-w) < n {
		return string(b) // not written by storedHash: show it as it is
	}
	return string(b[w : w+int(n)])
}
