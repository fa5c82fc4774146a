package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// NewSecret returns 32 random bytes, URL-safe base64: session cookies, CSRF tokens, API token
// secrets, generated passwords.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics rather than return short)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret is what the store keeps of a secret: its SHA-256 in hex. Secrets are random and
// long, so a fast hash is enough; keeping no secret in the database means a copy of it signs no
// one in.
func HashSecret(secret string) string {
	s := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(s[:])
}

// tokenPrefix marks API token secrets so that they are recognisable in a configuration file
// or a leak report.
const tokenPrefix = "qft_"

// NewTokenSecret returns a fresh API token secret.
func NewTokenSecret() string { return tokenPrefix + NewSecret() }
