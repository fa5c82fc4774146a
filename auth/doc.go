// Package auth signs people and source systems in: local accounts with argon2id password
// hashes, browser sessions in HttpOnly, SameSite cookies (Secure under TLS) with a per-session
// CSRF token, login throttling, API tokens for source systems, and optional single sign-on
// through an OpenID Connect provider. What a signed-in principal may then see and do is
// package access's business.
package auth
