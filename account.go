package qingfeng

import "time"

// UserRole is what a user of Qingfeng may do. A user holds one or more roles; what each role
// grants is decided in package access. Every role acts only within the user's court scope.
type UserRole string

// User roles.
const (
	UserAdmin     UserRole = "admin"     // IT administrator: users, tokens, data sources, quarantine
	UserAnalyst   UserRole = "analyst"   // 审判管理办公室: indicators, ledgers, data quality
	UserInspector UserRole = "inspector" // 督察室: warnings and their handling
	UserReviewer  UserRole = "reviewer"  // 院庭长: 阅核, 四类案件, the court's health
	UserJudge     UserRole = "judge"     // own cases and own indicators
	UserAuditor   UserRole = "auditor"   // reads the audit log
	UserSource    UserRole = "source"    // a source system: ingest only (API tokens)
)

// UserRoles lists every role.
var UserRoles = []UserRole{UserAdmin, UserAnalyst, UserInspector, UserReviewer, UserJudge, UserAuditor, UserSource}

// User is a person who signs in to Qingfeng. CourtID is the root of their scope: they see that
// court and every court below it, and nothing else.
type User struct {
	ID       int64      `json:"id"`
	Login    string     `json:"login"`
	Name     string     `json:"name"`
	Roles    []UserRole `json:"roles"`
	CourtID  string     `json:"court_id"`
	PersonID string     `json:"person_id,omitempty"` // the staff record of a judge or reviewer, for "own cases"
	// Subject is the user's identity at the single sign-on provider (issuer + " " + subject),
	// empty for local-only accounts.
	Subject   string    `json:"subject,omitempty"`
	Disabled  bool      `json:"disabled,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// PasswordHash is the argon2id hash in PHC form; empty when the user can only sign in
	// through single sign-on. It never leaves the server.
	PasswordHash string `json:"-"`
}

// HasRole reports whether the user holds role r.
func (u *User) HasRole(r UserRole) bool { return Valid(u.Roles, r) }

// Session is a signed-in browser. ID is the SHA-256 of the cookie's secret, so that the stored
// sessions cannot be replayed by someone who reads the database.
type Session struct {
	ID        string    `json:"-"`
	UserID    int64     `json:"user_id"`
	CSRF      string    `json:"-"` // the token unsafe requests of this session must carry
	Addr      string    `json:"addr"`
	CreatedAt time.Time `json:"created_at"`
	SeenAt    time.Time `json:"seen_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// APIToken lets a source system push records: only records of its source (Src) and only for
// its courts (each entry a court and its subtree). Hash is the SHA-256 of the secret, which is
// shown once when the token is made.
type APIToken struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Src       string    `json:"src"`
	Courts    []string  `json:"courts"`
	Hash      string    `json:"-"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UsedAt    time.Time `json:"used_at,omitzero"`
	Revoked   bool      `json:"revoked,omitempty"`
}
