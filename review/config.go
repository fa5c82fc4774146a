package review

import (
	"io/fs"
	"time"

	"github.com/qingfeng-court/qingfeng/calendar"
)

// Config is what the review engine reads from the definitions in force.
type Config struct {
	Rules    *Rules
	Routing  *Routing
	Limits   *calendar.Limits   // for deadlines; nil: none
	Calendar *calendar.Calendar // working days; nil: Monday to Friday
	Now      func() time.Time   // nil: time.Now
}

// LoadConfig loads the identification rules, the routing, the time limits and the calendar
// from a defs tree (defs.Default() or a court's overlay).
func LoadConfig(fsys fs.FS) (Config, error) {
	var c Config
	var err error
	if c.Rules, err = LoadRules(fsys); err != nil {
		return c, err
	}
	if c.Routing, err = LoadRouting(fsys); err != nil {
		return c, err
	}
	if c.Limits, err = calendar.LoadLimits(fsys); err != nil {
		return c, err
	}
	if c.Calendar, err = calendar.LoadCalendar(fsys); err != nil {
		return c, err
	}
	return c, nil
}

func (c Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}
