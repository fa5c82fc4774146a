package qingfeng

// Court is one people's court (or tribunal) with its place in the hierarchy.
type Court struct {
	ID       string     `json:"id"`
	Code     string     `json:"code"` // 法院代字, e.g. 闽0102
	Name     string     `json:"name"`
	Level    CourtLevel `json:"level"`
	ParentID string     `json:"parent_id,omitempty"`
	Region   string     `json:"region,omitempty"`  // administrative division code
	Country  string     `json:"country,omitempty"` // ISO 3166-1 alpha-2; empty means CN
}

// Foreign reports whether the court is outside the PRC's court system: its cases are not
// numbered by 案号 and carry no SPC codes.
func (c *Court) Foreign() bool { return c.Country != "" && c.Country != "CN" }

// Division is a 庭 or 局 inside a court.
type Division struct {
	ID      string `json:"id"`
	CourtID string `json:"court_id"`
	Name    string `json:"name"`
	Line    Line   `json:"line"`
}

// Person is a member of court staff.
type Person struct {
	ID            string         `json:"id"`
	CourtID       string         `json:"court_id"`
	DivisionID    string         `json:"division_id,omitempty"`
	Name          string         `json:"name"`
	Roles         []Role         `json:"roles"`
	From          Date           `json:"from"`         // joined the court
	To            Date           `json:"to,omitempty"` // left the court; zero while serving
	StatusPeriods []StatusPeriod `json:"status_periods,omitempty"`
}

// HasRole reports whether the person holds role r.
func (p *Person) HasRole(r Role) bool {
	for _, x := range p.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// StatusOn returns the HR status (leave, training, transfer …) the person had on day d, or ""
// when they were at work.
func (p *Person) StatusOn(d Date) string {
	for _, s := range p.StatusPeriods {
		if d >= s.From && (s.To.IsZero() || d <= s.To) {
			return s.Status
		}
	}
	return ""
}

// StatusPeriod is an interval, both ends included, during which a person was away from work.
type StatusPeriod struct {
	Status string `json:"status"` // leave, training, transfer, suspension …
	From   Date   `json:"from"`
	To     Date   `json:"to,omitempty"`
}

// Relative is a close relative declared by a member of staff (领导干部个人有关事项报告, 任职回避).
type Relative struct {
	PersonID   string `json:"person_id"`
	Name       string `json:"name"`
	IDHash     string `json:"id_hash,omitempty"`
	IDNumber   string `json:"id_number,omitempty"` // accepted at ingest, replaced by IDHash, never stored
	Relation   string `json:"relation"`            // spouse, parent, child, sibling …
	Occupation string `json:"occupation,omitempty"`
	Employer   string `json:"employer,omitempty"`
}

// Lawyer is a member of the bar (or a legal worker) who acts as an agent.
type Lawyer struct {
	ID               string       `json:"id"`
	Name             string       `json:"name"`
	LicenseNo        string       `json:"license_no,omitempty"`
	Firm             string       `json:"firm,omitempty"`
	IDHash           string       `json:"id_hash,omitempty"`
	IDNumber         string       `json:"id_number,omitempty"` // accepted at ingest, replaced by IDHash
	FormerCourtStaff *FormerStaff `json:"former_court_staff,omitempty"`
}

// FormerStaff records that a lawyer used to work at a court.
type FormerStaff struct {
	CourtID string `json:"court_id"`
	LeftOn  Date   `json:"left_on"`
}
