package ingest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"
)

// Hasher turns identity numbers into keyed hashes. The key belongs to the installation and
// never leaves it, so the same person has the same hash in every source (relatives can be
// matched to parties) while the number itself cannot be recovered from the store.
type Hasher struct{ key []byte }

// NewHasher returns a hasher with the given key (at least 16 bytes).
func NewHasher(key []byte) (*Hasher, error) {
	if len(key) < 16 {
		return nil, errors.New("identity hash key must be at least 16 bytes")
	}
	return &Hasher{key: key}, nil
}

// LoadOrCreateKey reads the installation key from path, creating it with 32 random bytes
// (mode 0600) on first use.
func LoadOrCreateKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return hex.DecodeString(strings.TrimSpace(string(b)))
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("write identity hash key: %w", err)
	}
	return key, nil
}

// Hash returns the keyed hash of an identity number, normalised (trimmed, upper case).
// The "h1:" prefix names the scheme so that it can be changed later without ambiguity.
func (h *Hasher) Hash(id string) string {
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(strings.ToUpper(strings.TrimSpace(id))))
	return "h1:" + hex.EncodeToString(m.Sum(nil)[:16])
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// looksLikeResidentID reports whether s has the shape of an 18-character resident identity
// number (17 digits and a digit or X); only such numbers are checked strictly, because
// parties may also carry passports or other documents.
func looksLikeResidentID(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	c := s[17]
	return (c >= '0' && c <= '9') || c == 'X' || c == 'x'
}

// checkResidentID validates an 18-character resident identity number (GB 11643-1999): the
// birth date must exist and the last character must match the ISO 7064 MOD 11-2 check.
func checkResidentID(s string) error {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(s[i]-'0') * idWeights[i]
	}
	if want := idCheckChars[sum%11]; strings.ToUpper(s[17:]) != string(want) {
		return fmt.Errorf("check character %c, expected %c", s[17], want)
	}
	if _, err := time.Parse("20060102", s[6:14]); err != nil {
		return fmt.Errorf("birth date %s does not exist", s[6:14])
	}
	return nil
}

var (
	idNumberField = regexp.MustCompile(`"id_number"\s*:\s*"([^"\\]*)"`)
	bareID        = regexp.MustCompile(`\b[0-9]{17}[0-9Xx]\b`)
)

// Scrub replaces identity numbers in a raw line kept in quarantine: "id_number" fields become
// "id_hash" fields, and bare resident identity numbers become their hashes. Re-ingesting the
// scrubbed line gives the same hashes as the original would have.
func (h *Hasher) Scrub(raw []byte) []byte {
	out := idNumberField.ReplaceAllFunc(raw, func(m []byte) []byte {
		v := idNumberField.FindSubmatch(m)[1]
		return []byte(`"id_hash":"` + h.Hash(string(v)) + `"`)
	})
	return bareID.ReplaceAllFunc(out, func(m []byte) []byte {
		if checkResidentID(string(m)) != nil {
			return m
		}
		return []byte(h.Hash(string(m)))
	})
}
